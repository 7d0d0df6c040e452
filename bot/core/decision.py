"""What the engine returns: the outcome of every rule with its evidence, the actions to take and the
statement of reasons for the author. Plain values: the platforms act on them, the store records them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.core.message import Message
from bot.core.timeparse import isoformat


@dataclass(frozen=True, slots=True)
class Detection:
    """One detector's verdict on one message, matched or not, with the evidence behind it.

    `score`/`threshold` for scored detectors, `observed`/`limit` for rates and counts, `span` and
    `excerpt` for what matched in the text, `detail` for anything else the explanation needs.
    """

    detector: str
    matched: bool
    score: float | None = None
    threshold: float | None = None
    observed: float | None = None
    limit: float | None = None
    span: tuple[int, int] | None = None
    excerpt: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


class Mode(StrEnum):
    """How a decision is applied: enforced, held for a human first, or recorded only."""

    ENFORCE = "enforce"
    HOLD = "hold"  # a_priori moderation: nothing is public until a moderator agrees
    SHADOW = "shadow"  # decided and recorded, never enforced


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """One rule of the charter applied to one message, matched or not, and why."""

    rule: str
    matched: bool
    reason: str
    severity: int = 1
    detections: tuple[Detection, ...] = ()
    exempt: str | None = None  # why the rule was not applied (role or channel exemption)


@dataclass(frozen=True, slots=True)
class ActionRequest:
    """One thing a platform must do. `key` makes execution idempotent across retries."""

    kind: str
    key: str
    community: str
    platform: str
    channel: str | None = None
    message_id: str | None = None
    user_id: str | None = None
    rule: str | None = None
    duration: timedelta | None = None
    reason: str = ""  # short, for the platform's audit log
    notice: str | None = None  # the statement of reasons sent to the author, already rendered
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view, as written to decisions.jsonl and the outbox."""
        data: dict[str, Any] = {"type": self.kind, "key": self.key, "rule": self.rule}
        for name in ("channel", "message_id", "user_id", "notice"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.duration is not None:
            data["duration_s"] = int(self.duration.total_seconds())
        if self.reason:
            data["reason"] = self.reason
        if self.params:
            data["params"] = self.params
        data["platform"] = self.platform
        data["community"] = self.community
        return data


@dataclass(frozen=True, slots=True)
class Decision:
    """Everything the engine decided about one message."""

    message: Message
    at: datetime
    outcomes: tuple[RuleOutcome, ...]
    actions: tuple[ActionRequest, ...]
    mode: Mode = Mode.ENFORCE
    scores: dict[str, float] = field(default_factory=dict)
    explanations: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    strikes: int = 0  # the author's live strikes once this decision is counted
    strike_weight: int = 0  # strikes this decision adds
    severity: int = 0  # the highest severity among matched rules
    language: str = "fr"
    notice: str | None = None
    degraded: tuple[str, ...] = ()  # what could not run (e.g. a missing model), said not hidden

    @property
    def matched(self) -> tuple[str, ...]:
        """The ids of the rules that matched."""
        return tuple(outcome.rule for outcome in self.outcomes if outcome.matched)

    @property
    def enforced(self) -> bool:
        """Whether the actions are meant to reach the platform."""
        return self.mode is not Mode.SHADOW


def detection_to_dict(detection: Detection) -> dict[str, Any]:
    """A JSON-ready view of a detection, leaving out what is empty."""
    data: dict[str, Any] = {"detector": detection.detector, "matched": detection.matched}
    for name in ("score", "threshold", "observed", "limit", "excerpt"):
        value = getattr(detection, name)
        if value is not None:
            data[name] = round(value, 6) if isinstance(value, float) else value
    if detection.span is not None:
        data["span"] = list(detection.span)
    if detection.detail:
        data["detail"] = detection.detail
    return data


def outcome_to_dict(outcome: RuleOutcome) -> dict[str, Any]:
    """A JSON-ready view of one rule's outcome (the decision trace)."""
    data: dict[str, Any] = {
        "rule": outcome.rule,
        "matched": outcome.matched,
        "severity": outcome.severity,
        "reason": outcome.reason,
        "detections": [detection_to_dict(d) for d in outcome.detections],
    }
    if outcome.exempt:
        data["exempt"] = outcome.exempt
    return data


def decision_to_dict(decision: Decision, trace: bool = False, full: bool = False) -> dict[str, Any]:
    """The decisions.jsonl line of a decision.

    With `trace`, the evidence of the rules that fired (what the store keeps for moderators);
    with `full` as well, every rule's outcome, fired or not (what `vigie check` shows). Keeping
    every near-nothing of every clean message would cost more than the decision itself.
    """
    data: dict[str, Any] = {
        "id": decision.message.id,
        "at": isoformat(decision.at),
        "community": decision.message.community,
        "channel": decision.message.channel,
        "author": decision.message.author.id,
        "mode": decision.mode.value,
        "matched": list(decision.matched),
        "actions": [action.to_dict() for action in decision.actions],
        "scores": {label: round(value, 4) for label, value in decision.scores.items()},
        "strikes": decision.strikes,
        "severity": decision.severity,
        "language": decision.language,
    }
    if decision.explanations:
        data["top_features"] = {
            label: [[feature, round(weight, 4)] for feature, weight in features]
            for label, features in decision.explanations.items()
        }
    if decision.notice:
        data["notice"] = decision.notice
    if decision.degraded:
        data["degraded"] = list(decision.degraded)
    if trace:
        data["trace"] = [
            outcome_to_dict(outcome) for outcome in decision.outcomes if full or outcome.matched
        ]
    return data
