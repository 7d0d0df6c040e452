"""The second stage's rules: which decided messages the sentence encoder reads again, and what its
fused scores change in a decision already taken. Pure functions over values: the worker that runs
the encoder off the event loop is `bot.second_stage`, the writes are `bot.store.refinements`.

A refinement never sanctions anyone. It either escalates to a human a message the fast path let
through, when its fused `toxic` score crosses the escalation line (a line set on the validation
splits for few false alarms: a human's time is the cost) or its fused `hate` score does in a
message read as toxic at all, urgent when the fused `threat` score crosses its line as well; or, for a message the fast path held for review, adds the second
reading to the held message's case when every fused score is below its decision threshold (the
moderator lifts or confirms: a hold deletes, and nothing restores a message). A threat score alone
escalates nothing: on chat it reads plans in the future tense as threats ("je vais prendre le
pass"); threats are the threat detector's (`bot.detectors.threat_patterns`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import re2

from bot.core.decision import Decision
from bot.detectors.hate_target import GROUP_EN, GROUP_FR

LABELS = ("toxic", "hate", "threat")
_GROUP = re2.compile(rf"\b(?:{GROUP_FR}|{GROUP_EN})\b")
_REVIEWED = frozenset({"escalate", "hold", "delete", "ban", "kick", "timeout"})


class Policy(StrEnum):
    """Which messages reach the encoder (a deployment setting)."""

    OFF = "off"
    ROUTED = "routed"  # held, mentioning a group, or near a threshold
    ALL = "all"


class Kind(StrEnum):
    """What a refinement does."""

    ESCALATE = "escalate"
    CLEAR = "clear"


@dataclass(frozen=True, slots=True)
class Routing:
    """The routing rule: the policy, and the band around each fast threshold (in logits)."""

    policy: Policy = Policy.ROUTED
    band: float = 1.0
    thresholds: Mapping[str, float] | None = None  # the fast model's (0.5 when unknown)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def route(decision: Decision, folded: str, routing: Routing) -> str | None:
    """Why this decision goes to the encoder ("held", "group", "band", "all"), or None."""
    if routing.policy is Policy.OFF or not decision.enforced:
        return None
    if any(a.kind == "hold" for a in decision.actions):
        return "held"
    if routing.policy is Policy.ALL:
        return "all"
    if _GROUP.search(folded):
        return "group"
    thresholds = routing.thresholds or {}
    for label in LABELS:
        score = decision.scores.get(label)
        if score is None:
            continue
        line = _logit(thresholds.get(label, 0.5))
        if abs(_logit(score) - line) <= routing.band:
            return "band"
    return None


@dataclass(frozen=True, slots=True)
class Lines:
    """Per label: the fused score that escalates, and the one below which a hold reads clear."""

    escalate: Mapping[str, float]
    clear: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Refinement:
    """A change to a decision already taken: escalate it, or note that a hold looks clear."""

    kind: Kind
    platform: str
    community: str
    message_id: str
    version: int
    channel: str
    author_id: str
    scores: Mapping[str, float]  # fused, rounded
    crossed: tuple[str, ...]  # the labels whose fused score is at or above its line
    urgent: bool

    @property
    def target(self) -> str:
        """The message version it is about (the audit log's target: one refinement each)."""
        return f"message:{self.platform}:{self.community}:{self.message_id}:{self.version}"


def refine(decision: Decision, fused: Mapping[str, float], lines: Lines) -> Refinement | None:
    """What the fused scores change in `decision` (None: nothing)."""
    crossed = tuple(
        label for label in LABELS if fused.get(label, 0.0) >= lines.escalate.get(label, 1.0)
    )
    kinds = {a.kind for a in decision.actions}
    if "hold" in kinds:
        doubtful = any(fused.get(label, 0.0) >= lines.clear.get(label, 0.0) for label in LABELS)
        kind = None if doubtful else Kind.CLEAR
    elif _escalates(crossed, fused, lines) and not kinds & _REVIEWED:
        kind = Kind.ESCALATE
    else:
        kind = None
    if kind is None:
        return None
    m = decision.message
    return Refinement(
        kind,
        m.platform,
        m.community,
        m.id,
        m.version,
        m.channel,
        m.author.id,
        {label: round(float(fused[label]), 4) for label in LABELS if label in fused},
        crossed,
        urgent="threat" in crossed,
    )


def _escalates(crossed: Sequence[str], fused: Mapping[str, float], lines: Lines) -> bool:
    """`toxic` past its line; or `hate` past its line in a message read as toxic at all (hate is
    abuse aimed at a group: the encoder also scores plain, friendly talk about a group high)."""
    if "toxic" in crossed:
        return True
    return "hate" in crossed and fused.get("toxic", 0.0) >= lines.clear.get("toxic", 0.5)


def refine_all(
    decisions: Sequence[Decision], fused: Sequence[Mapping[str, float]], lines: Lines
) -> list[Refinement | None]:
    """`refine` for a batch: the same answer as one by one (the batch path is this loop)."""
    return [refine(d, f, lines) for d, f in zip(decisions, fused, strict=True)]
