"""Small builders of core values (messages, decisions, actions) for the store tests and the
recorder measurement: real bot.core values, built directly, no engine involved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.decision import ActionRequest, Decision, Detection, Mode, RuleOutcome
from bot.core.message import Author, Message

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def message(
    mid: str = "m1",
    *,
    author: str = "u1",
    name: str = "Alice",
    text: str = "bonjour",
    at: datetime = T0,
    community: str = "c1",
    platform: str = "discord",
    channel: str = "general",
    edited: bool = False,
) -> Message:
    """A message with sensible defaults."""
    return Message(
        id=mid,
        ts=at,
        author=Author(id=author, name=name),
        text=text,
        platform=platform,
        community=community,
        channel=channel,
        edited=edited,
    )


def action(msg: Message, kind: str = "delete", **fields: Any) -> ActionRequest:
    """An action about `msg`, keyed the way the engine keys them (kind + message key)."""
    fields.setdefault("key", f"{kind}:{msg.key}")
    fields.setdefault("rule", "insults")
    return ActionRequest(
        kind=kind,
        community=msg.community,
        platform=msg.platform,
        channel=msg.channel,
        message_id=msg.id,
        user_id=msg.author.id,
        **fields,
    )


def classifier_outcome(
    rule: str = "insults", label: str = "toxic", score: float = 0.93
) -> RuleOutcome:
    """A matched rule whose evidence is a classifier score over its threshold."""
    detection = Detection(
        detector="classifier",
        matched=True,
        score=score,
        threshold=0.8,
        excerpt="espèce d'idiot",
        span=(0, 14),
        detail={"label": label},
    )
    return RuleOutcome(
        rule=rule, matched=True, reason=f"{label} {score}", severity=2, detections=(detection,)
    )


def decision(
    msg: Message,
    *,
    actions: tuple[ActionRequest, ...] = (),
    matched: bool = True,
    strike_weight: int = 0,
    mode: Mode = Mode.ENFORCE,
    at: datetime | None = None,
    severity: int = 2,
) -> Decision:
    """A decision about `msg`: a classifier rule, matched or not, and a rule that did not match."""
    outcomes = (
        classifier_outcome() if matched else RuleOutcome("insults", False, "below threshold"),
        RuleOutcome("links", False, "no link"),
    )
    return Decision(
        message=msg,
        at=at or msg.ts + timedelta(milliseconds=5),
        outcomes=outcomes,
        actions=actions,
        mode=mode,
        scores={"toxic": 0.93 if matched else 0.1},
        explanations={"toxic": [("idiot", 1.2)]} if matched else {},
        strike_weight=strike_weight,
        strikes=strike_weight,
        severity=severity if matched else 0,
        notice="Votre message a été retiré (règle insults)." if matched else None,
    )


def sanctioned(mid: str, *, author: str = "u1", at: datetime = T0, **kw: Any) -> Decision:
    """A matched decision that deletes the message and gives one strike."""
    msg = message(mid, author=author, at=at, text=kw.pop("text", "espèce d'idiot"))
    return decision(msg, actions=(action(msg, "delete"),), strike_weight=1, **kw)
