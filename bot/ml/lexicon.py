"""Lexicons as model features: a term (one or two folded words) maps to one or more features.

A lexicon feature counts the lexicon's terms of one category in a message. Because the categories
are shared by languages, a weight learnt from English data also applies to a French word of the
same category: this is how HurtLex (and the hand-written concept lists of `concepts.py`) carry
what the large English sets teach over to the small French ones, and to insults no training
message contains.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from bot.text.normalize import fold

TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default, used by every word feature
TOKEN_RE = re.compile(TOKEN_PATTERN)
_TOKEN = TOKEN_RE
MAX_TERM_WORDS = 2  # terms are matched against word unigrams and bigrams


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Named features and the folded terms that fire them.

    A conjunction `(feature, parts)` fires `feature` (value as one term) when every feature in
    `parts` fired in the message: "a group word and an attack", which a linear model cannot learn
    from the two words apart (a group word alone must carry no hate). Its feature has no terms."""

    name: str
    features: tuple[str, ...]
    terms: Mapping[str, tuple[int, ...]]
    conjunctions: tuple[tuple[int, tuple[int, ...]], ...] = ()


def add_conjunctions(counts: dict[int, int], lexicon: Lexicon, offset: int = 0) -> None:
    """Count 1 for every conjunction of `lexicon` whose parts all have a count (in place;
    feature `i` of the lexicon is key `offset + i`)."""
    for feature, parts in lexicon.conjunctions:
        if all(offset + part in counts for part in parts):
            counts[offset + feature] = 1


def with_conjunctions(lexicon: Lexicon, conjunctions: tuple[tuple[str, ...], ...]) -> Lexicon:
    """`lexicon` plus one feature per conjunction of its features ("group&attack")."""
    index = {f: i for i, f in enumerate(lexicon.features)}
    names = tuple("&".join(parts) for parts in conjunctions)
    rows = tuple(
        (len(lexicon.features) + i, tuple(index[p] for p in parts))
        for i, parts in enumerate(conjunctions)
    )
    return Lexicon(lexicon.name, lexicon.features + names, lexicon.terms, rows)


_LETTER_RUNS = re.compile(r"([^\W\d_])\1+")


def squeeze(text: str) -> str:
    """Every run of one repeated letter cut to a single letter ("connnnard", "conard" and
    "connard" all become "conard"): the models read this form of the folded text, so stretched
    and doubled letters cost nothing. Digits are kept ("1000" stays a thousand)."""
    return _LETTER_RUNS.sub(r"\1", text)


def term_key(phrase: str) -> str | None:
    """The form a phrase takes among a message's word n-grams, or None if it cannot match."""
    words = _TOKEN.findall(squeeze(fold(phrase)))
    if not words or len(words) > MAX_TERM_WORDS:
        return None
    return " ".join(words)


def _inflections(key: str, lang: str) -> tuple[str, ...]:
    # Lexicons list lemmas; messages hold plurals and (in French) feminines.
    if " " in key or len(key) < 4:
        return (key,)
    endings = ("s", "e", "es", "x") if lang == "fr" else ("s", "es")
    return (key, *(key + e for e in endings))


def build_lexicon(
    name: str, entries: Iterable[tuple[str, str, str]], inflect: bool = False
) -> Lexicon:
    """A lexicon from (phrase, feature, lang) triples; features are numbered in sorted order.

    `inflect` adds plural and feminine forms of single words (for lexicons of lemmas)."""
    triples = [(p, f, lang) for p, f, lang in entries]
    features = tuple(sorted({f for _, f, _ in triples}))
    index = {f: i for i, f in enumerate(features)}
    terms: dict[str, set[int]] = {}
    for phrase, feature, lang in triples:
        key = term_key(phrase)
        if key is None:
            continue
        for form in _inflections(key, lang) if inflect else (key,):
            terms.setdefault(form, set()).add(index[feature])
    return Lexicon(name, features, {t: tuple(sorted(ids)) for t, ids in sorted(terms.items())})


def load_hurtlex(folder: Path, languages: tuple[str, ...] = ("FR", "EN")) -> Lexicon:
    """HurtLex 1.2 as features `level:category` (e.g. `conservative:ps`, ethnic slurs)."""
    entries: list[tuple[str, str, str]] = []
    for lang in languages:
        path = folder / f"hurtlex_{lang}.tsv"
        if not path.exists():
            raise FileNotFoundError(f"{path}: missing (see the folder's README.md)")
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                feature = f"{row['level'].strip()}:{row['category'].strip()}"
                entries.append((row["lemma"], feature, lang.lower()))
    return build_lexicon("hurtlex", entries, inflect=True)


def word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    """Word n-grams exactly as scikit-learn's word analyzer builds them (no stop words)."""
    if high == 1:
        return tokens if low == 1 else []
    grams = list(tokens) if low == 1 else []
    count = len(tokens)
    for n in range(max(low, 2), min(high, count) + 1):
        if n == 2:  # the common case, twice as fast as slicing
            grams += [f"{a} {b}" for a, b in pairwise(tokens)]
        else:
            grams += [" ".join(tokens[i : i + n]) for i in range(count - n + 1)]
    return grams


def tokens_of(text: str) -> list[str]:
    """The word tokens scikit-learn's default token pattern finds in an (already folded) text."""
    return _TOKEN.findall(text)


# Negators, as tokens of folded text ("isn't" gives "isn", "n'est pas" gives "pas").
NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "nobody",
        "none",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "isn",
        "aren",
        "wasn",
        "weren",
        "don",
        "doesn",
        "didn",
        "won",
        "wouldn",
        "shouldn",
        "couldn",
        "pas",
        "jamais",
        "aucun",
        "aucune",
        "rien",
        "ni",
        "sans",
    ]
)
NEGATED = "neg_"
# "nothing but", "not only", "ne ... que": a negator followed by these does not negate.
NOT_NEGATING = frozenset(["but", "only", "just", "que", "seulement"])


def mark_negation(tokens: list[str], window: int) -> list[str]:
    """Prefix the `window` tokens after a negator with "neg_" ("not an idiot" -> "not neg_an
    neg_idiot"), so that a negated word is a different word feature and matches no lexicon."""
    if window <= 0 or NEGATORS.isdisjoint(tokens):
        return tokens
    marked: list[str] = []
    left = 0
    for token in tokens:
        if token in NEGATORS:
            marked.append(token)
            left = window
        elif left == window and token in NOT_NEGATING:
            marked.append(token)
            left = 0
        elif left:
            marked.append(NEGATED + token)
            left -= 1
        else:
            marked.append(token)
    return marked


@dataclass(frozen=True, slots=True)
class WordAnalyzer:
    """The word features of a folded text: squeezed tokens, negation marks, n-grams. A callable
    for scikit-learn's `analyzer=` and the same function for the fast scorer."""

    ngram_range: tuple[int, int] = (1, 2)
    negation_window: int = 0

    def __call__(self, text: str) -> list[str]:
        return self.from_tokens(_TOKEN.findall(squeeze(text)))

    def from_tokens(self, tokens: list[str]) -> list[str]:
        """The word features from the tokens of the squeezed text (see `squeezed_tokens`)."""
        return word_ngrams(mark_negation(tokens, self.negation_window), *self.ngram_range)


def squeezed_tokens(text: str, squeezed: Callable[[str], str] = squeeze) -> list[str]:
    """The tokens of `squeeze(text)`, computed token by token (so `squeezed` may be a cache):
    squeezing never moves a token boundary, it only shortens tokens, some below two letters."""
    return [t for t in map(squeezed, _TOKEN.findall(text)) if len(t) > 1]
