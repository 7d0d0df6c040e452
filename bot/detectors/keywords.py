"""The keywords detector: words and phrases from the charter and from Vigie's curated lists.

Entries and messages are compared word by word in skeleton form (see `bot.text.normalize`), so
leetspeak, spacing, homoglyphs, accents and repeated letters do not hide a listed word.
Entry syntax:
- `connard`: the word, whatever its disguise;
- `fils de pute`: a phrase, its words in this order;
- `encul*`: any word starting with "encul";
- `je vais (te|vous) tuer`: alternatives, expanded once when the charter is loaded;
  an empty alternative makes a word optional: `(sale |)con`.
A short word whose doubled letter matters keeps it ("ass" must not meet "as", nor "conne" "cône").
The `allow` entries are exceptions against the Scunthorpe problem (the town "Bitche" is not the
insult); curated lists carry their own exceptions too, as lines starting with "!" (quoting an
insult to condemn it: "traiter quelqu'un de connard"). The lookup structures are built once per
configuration, so a message costs a few set lookups per word. Spans are character offsets in
`text.folded`, the form the detectors read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from math import prod
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors import wordlists
from bot.detectors.base import DetectorContext, Runner
from bot.i18n.catalog import messages
from bot.text.language import COMMON_WORDS
from bot.text.normalize import STEM, NormalizedText, normalize

NAME = "keywords"

ListName = Literal[wordlists.LIST_NAMES]  # type: ignore[valid-type]

MAX_EXPANSIONS = 256  # variants one entry may expand to: a charter must not blow up memory
MAX_HITS = 20  # occurrences kept as evidence
_STRICT_BELOW = 6  # skeletons shorter than this keep their doubled letters
_ALTERNATIVES = re.compile(r"\(([^()]*\|[^()]*)\)")
_WORD = re.compile(r"\w+")  # the same word pattern as bot.text.normalize


@dataclass(frozen=True, slots=True)
class _Token:
    form: str
    strict: bool  # compared with the folded word, doubled letters kept, not with the skeleton


@dataclass(frozen=True, slots=True)
class _Entry:
    text: str  # as written in the list or the charter
    source: str  # the list's name, or "words" for the charter's own
    tokens: tuple[_Token, ...]
    prefix: bool  # the last word matches any word that starts with it


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # word positions [start, end)
    end: int
    entry: _Entry


def expand(entry: str) -> list[str]:
    """Every variant of an entry with `(a|b)` alternatives; ValueError if there are too many."""
    count = prod(len(group.split("|")) for group in _ALTERNATIVES.findall(entry))
    if count > MAX_EXPANSIONS:
        raise ValueError(f"{entry!r} expands to {count} variants, more than {MAX_EXPANSIONS}")
    return _expand(entry)


def _expand(entry: str) -> list[str]:
    group = _ALTERNATIVES.search(entry)
    if group is None:
        return [entry]
    head, tail = entry[: group.start()], entry[group.end() :]
    return [
        variant for choice in group.group(1).split("|") for variant in _expand(head + choice + tail)
    ]


def _token(word: str, skeleton: str) -> _Token:
    if skeleton != word and len(skeleton) < _STRICT_BELOW:
        return _Token(word, strict=True)
    return _Token(skeleton, strict=False)


def parse_entries(entry: str, source: str, prefix: bool = False) -> list[_Entry]:
    """An entry of a list or charter, ready to match; ValueError if it holds no word."""
    entries = []
    for variant in expand(entry):
        text = variant.strip()
        is_prefix = prefix or text.endswith("*")
        normalized = normalize(text.rstrip("*"))
        tokens = tuple(map(_token, normalized.words, normalized.skeleton_words))
        if not tokens:
            raise ValueError(f"{entry!r} has no word to look for")
        entries.append(_Entry(entry, source, tokens, is_prefix))
    return entries


_PREFIX_KEY = STEM  # prefixes are indexed by their first letters: one dict lookup per word


class _Matcher:
    """Finds entries in a message's words: a few dict lookups per word.

    Whole-word entries are indexed by their first word; single-word prefixes (`encul*`) by their
    first three letters, so a word costs one lookup whatever the number of prefixes listed.
    """

    def __init__(self, entries: Sequence[_Entry]) -> None:
        # One table per form compared: the skeleton, or the folded word for strict tokens.
        self._heads: tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]] = ({}, {})
        self._prefixes: tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]] = ({}, {})
        # Phrases are indexed by their first two words: "je vais te tuer" must not be tried at
        # every "je" of every message.
        self._pairs: dict[tuple[str, str], list[_Entry]] = {}
        seen: set[tuple[tuple[_Token, ...], bool]] = set()
        for entry in entries:
            if (entry.tokens, entry.prefix) in seen:
                continue  # "(your|ur)" and the like fold to the same words
            seen.add((entry.tokens, entry.prefix))
            first = entry.tokens[0]
            if entry.prefix and len(entry.tokens) == 1:
                table = self._prefixes[first.strict]
                table.setdefault(first.form[:_PREFIX_KEY], []).append(entry)
            elif _pair_indexed(entry):
                key = (first.form, entry.tokens[1].form)
                self._pairs.setdefault(key, []).append(entry)
            else:
                self._heads[first.strict].setdefault(first.form, []).append(entry)
        self._short = [  # prefixes shorter than the key, checked against every word (rare)
            entry
            for table in self._prefixes
            for key, group in table.items()
            if len(key) < _PREFIX_KEY
            for entry in group
        ]
        # What a word must be (or start with) for any entry to start at it: most words of a
        # message that passed `may_occur_in` are skipped with two set lookups.
        self._first = frozenset(
            [*self._heads[0], *self._heads[1], *(first for first, _ in self._pairs)]
        )
        self._first_stems = frozenset([*self._prefixes[0], *self._prefixes[1]])
        self.size = len(seen)
        self._key = frozenset(seen)
        self._anchors, self._stems, self._always = _anchors(entries)
        # The prefixes as one pattern over the message's words: a C scan, not a Python loop.
        forms = sorted({form for group in self._stems.values() for form in group}, key=len)
        self._prefix_pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, reversed(forms))) + ")" if forms else r"(?!)"
        )

    def may_occur_in(self, text: NormalizedText) -> bool:
        """False when no entry can occur in `text` (most messages): two set operations."""
        if self._always or not self._anchors.isdisjoint(text.vocabulary):
            return True
        if self._stems.keys().isdisjoint(text.stems):
            return False
        return self._prefix_pattern.search(text.vocabulary_text) is not None

    def __eq__(self, other: object) -> bool:
        # Two configurations that find the same entries are equal (pydantic compares private
        # attributes too, and a charter reload compares configurations).
        return isinstance(other, _Matcher) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def find(self, words: Sequence[str], skeletons: Sequence[str], limit: int) -> list[_Hit]:
        """Occurrences of the entries, leftmost-longest and not overlapping, at most `limit`.

        "fils de pute" is one hit, not also "pute" inside it.
        """
        hits: list[_Hit] = []
        index, count = 0, len(words)
        first, stems, every_word = self._first, self._first_stems, bool(self._short)
        while index < count and len(hits) < limit:
            word, skeleton = words[index], skeletons[index]
            if not (
                every_word
                or skeleton in first
                or word in first
                or skeleton[:_PREFIX_KEY] in stems
                or word[:_PREFIX_KEY] in stems
            ):
                index += 1  # no entry starts with this word
                continue
            best: _Hit | None = None
            following = skeletons[index + 1] if index + 1 < count else ""
            for entry in self._candidates(words[index], skeletons[index], following):
                end = _match_at(entry, words, skeletons, index)
                if end is not None and (best is None or end > best.end):
                    best = _Hit(index, end, entry)
            if best is None:
                index += 1
            else:
                hits.append(best)
                index = best.end
        return hits

    def _candidates(self, word: str, skeleton: str, following: str) -> list[_Entry]:
        loose_heads, strict_heads = self._heads
        loose_prefixes, strict_prefixes = self._prefixes
        found: list[_Entry] = []
        for group in (
            self._pairs.get((skeleton, following)),
            loose_heads.get(skeleton),
            strict_heads.get(word),
            loose_prefixes.get(skeleton[:_PREFIX_KEY]),
            strict_prefixes.get(word[:_PREFIX_KEY]),
        ):
            if group:
                found.extend(group)
        if self._short:
            found.extend(self._short)
        return found


def _anchors(
    entries: Sequence[_Entry],
) -> tuple[frozenset[str], dict[str, tuple[str, ...]], bool]:
    """For each entry, the one word a message must contain for it to occur: its longest whole
    word (rarer than "ce" or "ta"), or the stem of its prefix word. Entries with neither (a
    one- or two-letter prefix) make every message a candidate."""
    anchors: set[str] = set()
    stems: dict[str, set[str]] = {}
    always = False
    for entry in entries:
        whole = entry.tokens[:-1] if entry.prefix else entry.tokens
        if whole:
            anchors.add(max((token.form for token in whole), key=_specificity))
        elif len(entry.tokens[-1].form) >= STEM:
            stems.setdefault(entry.tokens[-1].form[:STEM], set()).add(entry.tokens[-1].form)
        else:
            always = True
    return frozenset(anchors), {stem: tuple(forms) for stem, forms in stems.items()}, always


def _specificity(word: str) -> tuple[bool, int]:
    # "va te faire foutre" is anchored on "foutre": a function word would let every message in.
    return (word not in COMMON_WORDS, len(word))


def _pair_indexed(entry: _Entry) -> bool:
    """A phrase whose first two words compare by skeleton, the second whole (not a prefix)."""
    tokens = entry.tokens
    if len(tokens) < 2 or tokens[0].strict or tokens[1].strict:
        return False
    return not (entry.prefix and len(tokens) == 2)


def _match_at(
    entry: _Entry, words: Sequence[str], skeletons: Sequence[str], start: int
) -> int | None:
    """The end position if `entry` occurs at word `start`, else None."""
    end = start + len(entry.tokens)
    if end > len(words):
        return None
    for position, token in enumerate(entry.tokens, start):
        candidate = words[position] if token.strict else skeletons[position]
        if entry.prefix and position == end - 1:
            if not candidate.startswith(token.form):
                return None
        elif candidate != token.form:
            return None
    return end


class Config(BaseModel):
    """Words and phrases that must not appear in a message."""

    model_config = ConfigDict(extra="forbid")

    words: list[str] = Field(
        default_factory=list,
        description="Words or phrases to find, e.g. 'connard', 'fils de pute', 'encul*' (any word "
        "starting with 'encul'), 'je vais (te|vous) tuer' (alternatives). Disguises such as "
        "leetspeak, spacing, accents and repeated letters are caught.",
    )
    lists: list[ListName] = Field(
        default_factory=list,
        description="Names of Vigie's curated word lists to use as well, e.g. 'insults_fr'.",
    )
    allow: list[str] = Field(
        default_factory=list,
        description="Exceptions never reported even when they contain a listed word, e.g. the "
        "town 'Bitche' when 'bitch*' is listed. Same syntax as `words`.",
    )
    match: Literal["word", "prefix"] = Field(
        "word",
        description="'word': an entry matches whole words only; 'prefix': every entry also "
        "matches words that start with it (as if each ended with '*').",
    )

    _matcher: _Matcher = PrivateAttr()
    _allowed: _Matcher = PrivateAttr()

    @model_validator(mode="after")
    def _compile(self) -> Config:
        if not self.words and not self.lists:
            raise ValueError("give `words`, `lists` or both")
        prefix = self.match == "prefix"
        entries = [e for word in self.words for e in parse_entries(word, "words", prefix)]
        allowed = [e for word in self.allow for e in parse_entries(word, "allow")]
        for name in dict.fromkeys(self.lists):
            listed, exceptions = _list_entries(name, prefix)
            entries.extend(listed)
            allowed.extend(exceptions)
        self._matcher = _Matcher(entries)
        self._allowed = _Matcher(allowed)
        return self

    @property
    def size(self) -> int:
        """How many distinct entries the configuration looks for, lists included."""
        return self._matcher.size


@cache
def _list_entries(name: str, prefix: bool) -> tuple[tuple[_Entry, ...], tuple[_Entry, ...]]:
    """A curated list's entries and exceptions (its "!" lines), parsed once for every charter."""
    lines = wordlists.load(name)
    entries = [
        e for line in lines if not line.startswith("!") for e in parse_entries(line, name, prefix)
    ]
    exceptions = [
        e for line in lines if line.startswith("!") for e in parse_entries(line[1:], name)
    ]
    return tuple(entries), tuple(exceptions)


def prepare(config: Config) -> Runner:
    """`detect` bound to `config`: the matchers read once, and the verdict for a message with
    no listed word (most messages) built once and shared (detections are never modified)."""
    matcher, allowed_matcher = config._matcher, config._allowed
    size = matcher.size
    nothing = Detection(NAME, matched=False, observed=0, detail={"entries": size})
    may_occur_in = matcher.may_occur_in

    def run(message: Message, context: DetectorContext) -> Detection:
        text = context.text
        if not may_occur_in(text):
            return nothing
        hits, allowed = _found(matcher, allowed_matcher, text)
        if not hits:
            if not allowed:
                return nothing
            return Detection(
                NAME, matched=False, observed=0, detail={"entries": size, "allowed": allowed}
            )
        return _matched(hits, allowed, text)

    return run


def _found(matcher: _Matcher, allowed: _Matcher, text: NormalizedText) -> tuple[list[_Hit], int]:
    """The entries found outside the allowed exceptions, and how many were allowed."""
    hits = matcher.find(text.words, text.skeleton_words, MAX_HITS)
    if not hits or not allowed.size:
        return hits, 0
    exceptions = allowed.find(text.words, text.skeleton_words, len(text.words))
    covered = {position for hit in exceptions for position in range(hit.start, hit.end)}
    kept = [hit for hit in hits if not covered.issuperset(range(hit.start, hit.end))]
    return kept, len(hits) - len(kept)


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report the listed words and phrases found in the message, or that none was found."""
    return prepare(config)(message, context)


def _matched(hits: list[_Hit], allowed: int, text: NormalizedText) -> Detection:
    spans = _spans(text.folded, len(text.words))
    evidence = [_evidence(hit, text.folded, spans) for hit in hits]
    first = evidence[0]
    return Detection(
        NAME,
        matched=True,
        observed=len(hits),
        span=first["span"],
        excerpt=first["excerpt"],
        detail={
            "entry": first["entry"],
            "list": first["list"],
            "hits": evidence,
            "allowed": allowed,
        },
    )


def _spans(folded: str, count: int) -> list[tuple[int, int]] | None:
    spans = [match.span() for match in _WORD.finditer(folded)]
    return spans if len(spans) == count else None  # defensive: words come from the same regex


def _evidence(hit: _Hit, folded: str, spans: list[tuple[int, int]] | None) -> dict[str, Any]:
    span = (spans[hit.start][0], spans[hit.end - 1][1]) if spans else None
    excerpt = folded[span[0] : span[1]] if span else hit.entry.text
    return {"entry": hit.entry.text, "list": hit.entry.source, "excerpt": excerpt, "span": span}


def explain(detection: Detection, lang: str) -> str:
    """Which word matched and from which list, or that no listed word was found."""
    say = messages().text
    if not detection.matched and detection.detail.get("allowed"):
        return say(lang, "detectors.keywords_none_allowed")
    if not detection.matched:
        return say(lang, "detectors.keywords_none")
    excerpt = detection.excerpt or ""
    source = detection.detail.get("list", "words")
    count = int(detection.observed or 1) - 1
    more = " " + messages().plural(lang, "detectors.keywords_more", count) if count else ""
    key = _SENTENCES[" " in excerpt, source == "words"]
    title = "" if source == "words" else wordlists.title(source, lang)
    return say(lang, key, excerpt=excerpt, list=title, more=more)


# (a phrase?, banned by the charter itself?) → the sentence naming the match and its source.
_SENTENCES = {
    (False, True): "detectors.keywords_word_charter",
    (True, True): "detectors.keywords_phrase_charter",
    (False, False): "detectors.keywords_word_list",
    (True, False): "detectors.keywords_phrase_list",
}
