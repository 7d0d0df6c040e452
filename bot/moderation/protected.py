"""Protected speech: the charter's promise that criticism of the brand, calls for refunds or a
boycott, and counter-speech are not sanctioned on weak evidence.

After the rules have run, a rule that fired on a protected message is kept only if some of its
evidence is strong: a listed insult the message does not merely quote, a threat, a link the charter
names as bad (an invite, a shortener, a denied site), personal data, a pattern, a model score at or
above the charter's clear score, a raid (copies with a link or an ad from mostly new accounts). A
rule that fired on weak evidence only (volume or similarity, a doubtful score, a quoted insult, a
link that is only a link: an article or a petition) is set aside, with the reason in its outcome;
the message may then go to a moderator, never to a sanction, and adds no strike. A line of a
complaint typed over several messages is read with the author's lines of the last minutes
(`ONE_COMPLAINT`). A moderator looks when the evidence set aside needs an eye a rule cannot give: a
model score, or a link from an account the rule distrusts. Rules that only ask a human (escalate,
no strike) are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from bot.charter.schema import ProtectedSpeech, Rule, action_names
from bot.core.decision import Detection, RuleOutcome
from bot.core.message import Message
from bot.detectors.base import DetectorContext
from bot.detectors.speech import Speech, read_speech
from bot.i18n.catalog import messages

# How a trace names each protected kind.
_KIND_WORDS = {
    "complaint": "moderation.protected_kind.complaint",
    "refund": "moderation.protected_kind.refund",
    "boycott": "moderation.protected_kind.boycott",
    "counter_speech": "moderation.protected_kind.counter_speech",
}


@dataclass(frozen=True, slots=True)
class Shielded:
    """The outcomes once protection applied, and what it set aside."""

    outcomes: tuple[RuleOutcome, ...]
    set_aside: tuple[str, ...] = ()  # rule ids that fired on weak evidence only
    # The first of them that fired on a model score or a link: worth a human look (None: none).
    review: str | None = None
    kinds: tuple[str, ...] = ()


def read_protected(config: ProtectedSpeech, context: DetectorContext) -> tuple[str, ...]:
    """The protected kinds this message belongs to under the charter (empty: not protected)."""
    speech = _speech(context)
    return tuple(kind for kind in speech.kinds if kind in config.kinds)


def shield(
    config: ProtectedSpeech,
    outcomes: Sequence[RuleOutcome],
    rules: dict[str, Rule],
    context: DetectorContext,
    lang: str,
    message: Message,
) -> Shielded:
    """Set aside the rules that fired on a protected message on weak evidence only (saying why
    in `lang`, the message's language, like the rest of its trace)."""
    if not any(o.matched for o in outcomes):  # nothing to shield: not worth reading the speech
        return Shielded(tuple(outcomes))
    kinds = read_protected(config, context) or _continued(config, message, context)
    if not kinds:
        return Shielded(tuple(outcomes))
    speech = _speech(context)
    kept: list[RuleOutcome] = []
    set_aside: list[str] = []
    review = None
    for outcome in outcomes:
        if not outcome.matched or _asks_a_human_only(rules[outcome.rule]):
            kept.append(outcome)
            continue
        matched = [d for d in outcome.detections if d.matched]
        if any(_strong(d, config, speech) for d in matched):
            kept.append(outcome)
            continue
        if review is None and any(d.detector in _WORTH_A_LOOK for d in matched):
            review = outcome.rule
        set_aside.append(outcome.rule)
        kept.append(replace(outcome, matched=False, exempt=_why(kinds, matched, lang)))
    return Shielded(tuple(kept), tuple(set_aside), review, kinds)


# Evidence set aside that a moderator should still see: what a model doubts, what a link leads to.
_WORTH_A_LOOK = frozenset({"classifier", "links"})


# A complaint typed over several messages is one complaint: a line of it ("???", "allô ?") that
# volume alone would sanction is read with the lines its author wrote just before.
ONE_COMPLAINT = timedelta(minutes=2)


def _continued(
    config: ProtectedSpeech, message: Message, context: DetectorContext
) -> tuple[str, ...]:
    """The protected kinds of the author's lines of the last minutes (a grievance they are
    typing line by line); counter-speech protects only the words it quotes, so it does not
    carry over."""
    since = message.ts - ONE_COMPLAINT
    for text in context.history.recent_texts(message.community, message.author.id, since):
        kinds = [k for k in read_speech(text).kinds if k in config.kinds and k != "counter_speech"]
        if kinds:
            return tuple(kinds)
    return ()


def _speech(context: DetectorContext) -> Speech:
    speech = context.memo.get("speech")
    if not isinstance(speech, Speech):
        speech = context.memo["speech"] = read_speech(context.text)
    return speech


def _asks_a_human_only(rule: Rule) -> bool:
    return set(action_names(rule.actions)) <= {"escalate"} and rule.strikes == 0


def _strong(detection: Detection, config: ProtectedSpeech, speech: Speech) -> bool:
    """Whether this evidence may sanction protected speech on its own."""
    name = detection.detector
    if name == "duplicates" and _raid(detection):
        return True
    if name in config.weak:
        return False
    if name == "classifier":
        label = detection.detail.get("label")
        clear = config.clear_scores.get(str(label))
        return clear is not None and (detection.score or 0.0) >= clear
    if name == "links":  # only too many links (any link, for a new account): not a bad one
        return detection.detail.get("why") != "too_many"
    if name == "keywords" and speech.counter_speech:
        hits = detection.detail.get("hits") or [{"span": detection.span}]
        return not speech.covers(tuple(h["span"]) if h.get("span") else None for h in hits)
    return True


def _raid(detection: Detection) -> bool:
    """Copies with a link or an ad from mostly new accounts: a raid worded as a grievance, not
    members repeating one (the duplicates detector's verdict, `raids_only`)."""
    signals = detection.detail.get("raid") or ()
    return "new_account" in signals and bool({"link", "ad"} & set(signals))


def _why(kinds: tuple[str, ...], matched: Sequence[Detection], lang: str) -> str:
    """The reason a rule was set aside (the trace is read by moderators)."""
    say = messages().text
    names = ", ".join(say(lang, _KIND_WORDS[k]) for k in kinds)
    evidence = ", ".join(sorted({d.detector for d in matched}))
    return say(lang, "moderation.protected", kinds=names, evidence=evidence)
