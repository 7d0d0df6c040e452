"""The threats detector: threats of violence in French and English, direct ("je vais te tuer",
"I'll kill you"), conditional ("si je te croise…", "if I meet the CM I'll kill him"), third-person
("quelqu'un devrait le buter", "they should all be shot"), imperative ("tuez-les") and veiled
("je sais où tu habites", "watch your back"), against a member, the staff, a place or a group.

Patterns cross a violence verb with a first-person future, conditional, present or imperative form
and a target (you, him, the staff, the shop, a group), over the normalised words (case, accents,
look-alike letters, leetspeak and spaced letters already undone; SMS forms such as "jvais", "jte",
"chui" are in the patterns). They run with RE2, in time linear in the text.

What is not a threat: hyperbole where the speaker is the victim ("ce boss va me tuer", "ça me
tue"), gaming and sports talk ("on va les défoncer au match"), a threat quoted to report or condemn
it, and news about violence (past tense, third person without a call to act). Each pattern is
`clear` (delete and escalate) or `doubtful` (a moderator looks first); a doubtful threat becomes
clear when the model's `threat` score reaches `model_threshold`. Written for Vigie, not derived
from any public list.
"""

from __future__ import annotations

import re
from typing import Literal

import re2
from pydantic import BaseModel, ConfigDict, Field

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext, ScoresUnavailable
from bot.detectors.prefilter import PatternSet
from bot.detectors.speech import Speech, encodable, joined_words, read_speech
from bot.detectors.threat_patterns import (
    ANY_PATTERN,
    GRAMMAR_TRIGGER,
    MODEL_TARGET,
    NEGATED_AFTER,
    NEGATED_BEFORE,
    NOT_A_THREAT,
    PATTERNS,
    REAL_WORLD_ONLY,
    Pattern,
)
from bot.i18n.catalog import messages
from bot.i18n.formats import number

NAME = "threats"
Level = Literal["clear", "doubtful"]


class Config(BaseModel):
    """Which threats this rule is about: the clear ones, or the doubtful ones for a human."""

    model_config = ConfigDict(extra="forbid")

    level: Level = Field(
        "clear",
        description="'clear': threats to act on at once; 'doubtful': veiled or ambiguous "
        "threats, for a rule that sends them to a moderator",
    )
    # No promotion by default: today's `threat` label scores gaming talk 0.9-1.0 and English
    # threats 0.0 (trained on French role-play); a charter opts in once the model earns it.
    model_alone: float | None = Field(
        None,
        gt=0,
        le=1,
        description="with level 'doubtful': a message no pattern reads as a threat but whose "
        "model 'threat' score reaches this is doubtful, unless it is hyperbole, gaming talk, "
        "news or a quotation (none: patterns only)",
    )
    model_threshold: float | None = Field(
        None,
        gt=0,
        le=1,
        description="a doubtful threat whose model 'threat' score reaches this is clear "
        "(none: patterns only)",
    )


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report a threat of the configured level, or why none was found."""
    found = context.memo.get(NAME)
    if found is None:
        found = context.memo[NAME] = find_threat(context)
    pattern, span, excerpt, excused = found
    if pattern is None:
        detail: dict[str, object] = {"level": config.level}
        if excused:
            detail["excused"] = excused
        elif config.model_alone is not None and config.level == "doubtful":
            return _model_alone(config.model_alone, context, detail)
        return Detection(NAME, False, detail=detail)
    level, score = _level(pattern, config, context)
    detail = {"kind": pattern.kind, "level": level, "lang": pattern.lang, "wanted": config.level}
    if score is not None:
        detail["threat_score"] = round(score, 4)
    return Detection(
        NAME, level == config.level, span=span, excerpt=excerpt, score=score, detail=detail
    )


def _model_alone(
    threshold: float, context: DetectorContext, detail: dict[str, object]
) -> Detection:
    """A doubtful threat on the model's word alone, once the excuses are ruled out."""
    try:
        score = float(context.scores().get("threat", 0.0))
    except ScoresUnavailable:
        return Detection(NAME, False, detail=detail)
    found = _checked(context)
    excuse = _excuse(found) or ("hyperbole" if "hyperbole" in found else None)
    if excuse is None and "target" not in found:
        excuse = "no_target"
    if excuse:
        return Detection(NAME, False, score=score, detail={**detail, "excused": excuse})
    matched = score >= threshold
    if matched:
        detail = {**detail, "kind": "model", "level": "doubtful"}
    return Detection(NAME, matched, score=score, threshold=threshold, detail=detail)


def find_threat(
    context: DetectorContext,
) -> tuple[Pattern | None, tuple[int, int] | None, str | None, str | None]:
    """The strongest threat pattern found: (pattern, span, excerpt, why it was excused)."""
    words = joined_words(context.text)
    if ANY_PATTERN.search(words) is None and "trigger" not in _checked(context):
        return None, None, None, None
    hits = [(p, m) for p in PATTERNS if (m := p.regex.search(words)) is not None]
    if not hits:
        return None, None, None, None
    hits = [(p, m) for p, m in hits if not _negated(words, *m.span())]
    if not hits:
        return None, None, None, "negated"
    excuse = _excuse(_checked(context))
    if excuse:
        hits = [(p, m) for p, m in hits if not _excused(p, m.group(0), excuse)]
        if not hits:
            return None, None, None, excuse
    hits.sort(key=lambda hit: hit[0].level != "clear")
    pattern, found = hits[0]
    start, end = found.span()
    start += words[start:end].startswith(" ")  # the pattern's own separators are not the threat
    end -= words[start:end].endswith(" ")
    span = _folded_span(context, start, end)
    speech = context.memo.get("speech")
    if not isinstance(speech, Speech):
        speech = context.memo["speech"] = read_speech(context.text)
    if speech.denies(span):  # "no one is saying migrants should die"
        return None, None, None, "negated"
    if speech.counter_speech and speech.covers([span]):
        return None, None, None, "quoted"
    return pattern, span, words[start:end].strip(), None


def _negated(words: str, start: int, end: int) -> bool:
    """Whether a negation governs the threatening words (just before or just after them)."""
    # Both slices keep the match's own separating space, which the negation patterns expect.
    before, after = words[max(0, start - 24) : start + 1], words[end - 1 :]
    return NEGATED_BEFORE.search(before) is not None or NEGATED_AFTER.search(after) is not None


def _excused(pattern: Pattern, found: str, excuse: str) -> bool:
    """Whether the excuse explains this hit away: never for a row that names staff, a place or
    a group; never game or sports talk for acts no game or sport has ("stab", "égorger", "beat
    you up": "if you show up at the match I'm going to stab you")."""
    if not pattern.excusable:
        return False
    return excuse != "gaming" or REAL_WORLD_ONLY.search(found) is None


def _excuse(found: frozenset[str]) -> str | None:
    """Why a message that reads like a threat is not one (gaming, news), or None."""
    return next((why for why, _ in NOT_A_THREAT if why in found), None)


def _checked(context: DetectorContext) -> frozenset[str]:
    """Which of the questions nearly every message is asked (`_CHECKS`) its words answer yes
    to: one RE2 scan per message, shared by both threat rules (issue 18)."""
    found = context.memo.get(_CHECKED)
    if found is None:
        found = context.memo[_CHECKED] = _CHECKS.found(joined_words(context.text))
    return found  # type: ignore[no-any-return]


def _folded_span(context: DetectorContext, start: int, end: int) -> tuple[int, int] | None:
    """Map a span of the joined words back onto the folded text (for quotes and evidence)."""
    words = context.text.words
    offsets, position = [], 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    first = sum(1 for o in offsets if o <= start) - 1
    last = sum(1 for o in offsets if o < end) - 1
    spans = [m.span() for m in _WORD.finditer(encodable(context.text.folded))]
    if len(spans) != len(words) or first < 0 or last < first:
        return None
    return spans[first][0], spans[last][1]


def _level(
    pattern: Pattern, config: Config, context: DetectorContext
) -> tuple[Level, float | None]:
    if pattern.level == "clear" or config.model_threshold is None:
        return pattern.level, None
    try:
        score = context.scores().get("threat")
    except ScoresUnavailable:
        return pattern.level, None
    if score is not None and score >= config.model_threshold:
        return "clear", float(score)
    return pattern.level, None if score is None else float(score)


# How an explanation names each kind of threat.
_KINDS = {
    "direct": "detectors.threat_kind.direct",
    "conditional": "detectors.threat_kind.conditional",
    "third_person": "detectors.threat_kind.third_person",
    "imperative": "detectors.threat_kind.imperative",
    "veiled": "detectors.threat_kind.veiled",
}
# Why threatening words were not a threat → the sentence that says so.
_EXCUSES = {
    "gaming": "detectors.threat_excuse_gaming",
    "news": "detectors.threat_excuse_news",
    "quoted": "detectors.threat_excuse_quoted",
    "hyperbole": "detectors.threat_excuse_hyperbole",
    "idiom": "detectors.threat_excuse_idiom",
    "negated": "detectors.threat_excuse_negated",
    "no_target": "detectors.threat_excuse_no_target",
}


def explain(detection: Detection, lang: str) -> str:
    """Which kind of threat was found and how clear it is, or why nothing counts as one."""
    detail, say = detection.detail, messages().text
    if "kind" not in detail:
        excuse = _EXCUSES.get(str(detail.get("excused")))
        return say(lang, excuse or "detectors.threat_none")
    if detail["kind"] == "model":
        score = number(detection.score or 0, lang, "0.00")
        return say(lang, "detectors.threat_model", score=score)
    key = _KINDS.get(str(detail["kind"]))
    kind = say(lang, key) if key else ""
    other = "" if detection.matched else " " + say(lang, "detectors.threat_other_rule")
    clear = detail.get("level") == "clear"
    sentence = "detectors.threat_clear" if clear else "detectors.threat_possible"
    return say(lang, sentence, kind=kind, excerpt=detection.excerpt, other=other)


# The speaker as the victim, or an idiom: "ce boss va me tuer", "ça me tue", "kill time".
_HYPERBOLE_OPTIONS = re2.Options()
_HYPERBOLE_OPTIONS.log_errors = False
_HYPERBOLE = re2.compile(
    r"(?:^| )(?:me|m|moi|nous|me|us) (?:tuer|tue|tues|tuent|tuera|achever|acheve|defoncer|"
    r"defonce|kill|kills|killing|killed|murder|destroy|destroying)(?: |$)|(?:^| )(?:kill|killing|"
    r"killed) me(?: |$)|tuer le temps|kill(?:ing)? time|mort de rire|dying of laughter|"
    r"(?:^| )(?:me|m) (?:a|as|avez|ont|a) (?:tue|tuer|acheve|achever|massacre|detruit)(?: |$)",
    _HYPERBOLE_OPTIONS,
)
_WORD = re.compile(r"\w+")  # the same words as the normaliser's

# The lexical trigger, the excuses, hyperbole and a target, as one RE2 set (`prefilter.py`).
_CHECKS = PatternSet(
    {
        "trigger": GRAMMAR_TRIGGER,
        **dict(NOT_A_THREAT),
        "hyperbole": _HYPERBOLE,
        "target": MODEL_TARGET,
    }
)
_CHECKED = "threats:checks"
