"""Automatic failures, table-driven on the panne-reseau scenario: each one is triggered by the
smallest set of actions that causes it, and caps the score whatever the points."""

from __future__ import annotations

from typing import Any

import pytest

from tests.drills.helpers import PANNE, act, play

# Deleting the personal-data message in time keeps the other cases free of that failure.
SAFE = [act("delete", "41m", message="m16")]

CASES: list[tuple[str, list[Any], str]] = [
    (
        "bulk-deletion-of-criticism",
        [
            act("delete", "10m", message="m04"),
            act("delete", "15m", message="m06"),
            act("delete", "16m", message="m07"),
        ],
        "bulk_delete",
    ),
    (
        "unapproved-statement",
        [
            act("draft", "20m", id="a", text="Nous sommes désolés pour la panne."),
            act("post", "21m", draft="a"),
        ],
        "unapproved",
    ),
    (
        "statement-posted-before-its-approval-came",
        [
            act("draft", "20m", id="a", text="Nous sommes désolés pour la panne."),
            act("submit", "20m", draft="a"),
            act("post", "21m", draft="a"),
        ],
        "unapproved",
    ),
    ("personal-data-left-online", [], "personal_data"),
    ("personal-data-removed-too-late", [act("delete", "1h20m", message="m16")], "personal_data"),
    (
        "personal-data-published-by-the-brand",
        [act("reply", "45m", message="m16", text="Bernard, on vous rappelle au 06 12 34 56 78")],
        "published_data",
    ),
    (
        "troll-fed",
        [act("reply", "48m", message="m18", text="On a du courage, nous.")],
        "troll_fed",
    ),
]


@pytest.mark.parametrize(("actions", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_automatic_failure_triggers(actions: list[Any], code: str) -> None:
    extra = [] if code == "personal_data" else SAFE
    _, card = play(PANNE, [*extra, *actions])
    assert code in {f.code for f in card.failures}
    assert card.score <= card.cap and not card.passed


def test_two_legitimate_deletions_are_a_mistake_not_a_failure() -> None:
    _, card = play(
        PANNE, [*SAFE, act("delete", "10m", message="m04"), act("delete", "15m", message="m06")]
    )
    assert not card.failures
    moderation = next(c for c in card.criteria if c.id == "moderation")
    assert any("m04, m06" in reason for reason in moderation.reasons)


def test_an_approved_statement_is_no_failure() -> None:
    actions = [
        *SAFE,
        act("level", "16m", level=2),
        act("draft", "17m", id="a", text="Nous sommes désolés pour la panne."),
        act("submit", "17m", draft="a"),
        act("post", "30m", draft="a"),
    ]
    record, card = play(PANNE, actions)
    assert not card.failures
    assert record.posts[0].approved_role == "com"  # the plan's approver at level 2


def test_removing_bait_is_no_failure_and_ignoring_it_is_right() -> None:
    _, card = play(PANNE, [*SAFE, act("delete", "48m", message="m18")])
    assert not card.failures
    assert "m18" not in card.removals.wrongly_removed
