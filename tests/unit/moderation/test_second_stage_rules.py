"""The second stage's rules: which decided messages reach the encoder, and what its fused scores
change in the decision already taken (escalate, note a hold as clear, or nothing)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.decision import ActionRequest, Decision, Mode
from bot.core.message import Author, Message
from bot.moderation.second_stage import Kind, Lines, Policy, Routing, refine, refine_all, route
from bot.text.normalize import fold

T0 = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
# Escalation lines, and the decision thresholds below which a held message reads clear.
LINES = Lines(
    {"toxic": 0.8, "hate": 0.8, "threat": 0.9}, {"toxic": 0.5, "hate": 0.4, "threat": 0.5}
)


def decision(
    text: str, scores: dict[str, float], kinds: tuple[str, ...] = (), mode: Mode = Mode.ENFORCE
) -> Decision:
    message = Message("m1", T0, Author("u1", "Alice"), text, "memory", "g1", "general")
    actions = tuple(
        ActionRequest(kind=k, key=f"m1:{k}", community="g1", platform="memory") for k in kinds
    )
    return Decision(message, T0, (), actions, mode, scores)


@pytest.mark.parametrize(
    ("text", "scores", "kinds", "policy", "expected"),
    [
        ("bonjour à tous", {"toxic": 0.05}, (), Policy.ROUTED, None),
        ("bonjour à tous", {"toxic": 0.05}, (), Policy.ALL, "all"),
        ("bonjour à tous", {"toxic": 0.05}, (), Policy.OFF, None),
        ("les migrants arrivent demain", {"toxic": 0.05}, (), Policy.ROUTED, "group"),
        ("Les MUSULMANS du quartier", {"toxic": 0.05}, (), Policy.ROUTED, "group"),
        ("the immigrants are here", {"toxic": 0.02}, (), Policy.ROUTED, "group"),
        ("t'es nul", {"toxic": 0.40}, (), Policy.ROUTED, "band"),  # 0.4 is near 0.5
        ("t'es nul", {"toxic": 0.97}, (), Policy.ROUTED, None),  # far above: decided
        ("je vais te", {"threat": 0.75}, (), Policy.ROUTED, "band"),
        ("rien", {"toxic": 0.01}, ("hold", "escalate"), Policy.ROUTED, "held"),
    ],
)
def test_routing(
    text: str, scores: dict[str, float], kinds: tuple[str, ...], policy: Policy, expected: str
) -> None:
    routing = Routing(policy, band=1.0, thresholds={"toxic": 0.5, "threat": 0.8})
    assert route(decision(text, scores, kinds), fold(text), routing) == expected


def test_a_shadow_decision_is_never_routed() -> None:
    shadow = decision("les migrants", {"toxic": 0.5}, mode=Mode.SHADOW)
    assert route(shadow, fold("les migrants"), Routing(Policy.ALL)) is None


E, C = Kind.ESCALATE, Kind.CLEAR


def f3(toxic: float, hate: float, threat: float) -> dict[str, float]:
    return {"toxic": toxic, "hate": hate, "threat": threat}


@pytest.mark.parametrize(
    ("fused", "kinds", "kind", "urgent", "crossed"),
    [
        (f3(0.85, 0.2, 0.1), (), E, False, ("toxic",)),
        (f3(0.9, 0.85, 0.1), ("warn",), E, False, ("toxic", "hate")),
        (f3(0.55, 0.81, 0.1), (), E, False, ("hate",)),
        # Hate past its line in a message not read as toxic: friendly talk about a group.
        (f3(0.3, 0.81, 0.1), (), None, False, ()),
        (f3(0.85, 0.1, 0.95), (), E, True, ("toxic", "threat")),
        # Above the decision threshold, below the escalation line: a human's time is spared.
        (f3(0.7, 0.6, 0.1), (), None, False, ()),
        # A threat score alone escalates nothing (plans in the future tense read as threats).
        (f3(0.2, 0.1, 0.99), (), None, False, ()),
        (f3(0.2, 0.1, 0.1), (), None, False, ()),
        # The fast path already asked a human or acted: nothing to add.
        (f3(0.9, 0.1, 0.95), ("escalate",), None, False, ()),
        (f3(0.9, 0.1, 0.1), ("delete", "warn"), None, False, ()),
        # A hold: noted clear when every fused score is below its decision threshold.
        (f3(0.3, 0.1, 0.1), ("hold", "escalate"), C, False, ()),
        (f3(0.6, 0.1, 0.1), ("hold", "escalate"), None, False, ()),
        (f3(0.3, 0.1, 0.6), ("hold", "escalate"), None, False, ()),
    ],
)
def test_refinement(
    fused: dict[str, float],
    kinds: tuple[str, ...],
    kind: Kind | None,
    urgent: bool,
    crossed: tuple[str, ...],
) -> None:
    found = refine(decision("x", {"toxic": 0.3}, kinds), fused, LINES)
    if kind is None:
        assert found is None
        return
    assert found is not None
    assert (found.kind, found.urgent, found.crossed) == (kind, urgent, crossed)
    assert found.target == "message:memory:g1:m1:0"


def test_batch_and_one_by_one_agree() -> None:
    decisions = [decision("x", {}, k) for k in ((), ("hold",), ("warn",), ())]
    fused = [
        {"toxic": 0.9, "hate": 0.0, "threat": 0.0},
        {"toxic": 0.1, "hate": 0.0, "threat": 0.0},
        {"toxic": 0.1, "hate": 0.9, "threat": 0.0},
        {"toxic": 0.1, "hate": 0.0, "threat": 0.0},
    ]
    assert refine_all(decisions, fused, LINES) == [
        refine(d, f, LINES) for d, f in zip(decisions, fused, strict=True)
    ]
