"""The parts of the grid, table-driven: what a public message is checked for, how expectations are
judged (met, late, went further, missed), the plan's own deadlines, the moderation figures, the
manual scores and the cap."""

from __future__ import annotations

from typing import Any

import pytest

from bot.drills import plan
from bot.drills.expectations import LATE, MET, MISSED, OVER
from bot.drills.lexicon import check_text, score_text
from bot.drills.responses import load_responses
from bot.drills.schema import Writing
from bot.drills.scoring import score
from tests.drills.helpers import PANNE, SCENARIOS, act, drill, play

WRITING = Writing(problem=["panne"], facts=["cœur de réseau"], promises=["dans l'heure"])

TEXTS = [
    (
        "all-four",
        "Nous sommes désolés : la panne vient du cœur de réseau. Prochain point à 16 h.",
        4,
        [],
    ),
    ("no-accents-needed", "NOUS SOMMES DESOLES, PANNE DU COEUR DE RESEAU, prochain point", 4, []),
    ("english", "We are aware of the outage and we are sorry. Next update by 5 pm.", 3, []),
    ("blame", "La panne, c'est la faute de notre prestataire.", 1, ["blame"]),
    ("non-apology", "Désolés si certains se sont sentis offensés.", 1, ["blame"]),
    ("speculation", "C'est probablement une panne du cœur de réseau.", 2, ["speculation"]),
    ("promise", "La panne sera réparée dans l'heure, c'est garanti.", 1, ["promise"]),
    ("nothing", "Bonjour.", 0, []),
]


@pytest.mark.parametrize(
    ("text", "strengths", "faults"), [t[1:] for t in TEXTS], ids=[t[0] for t in TEXTS]
)
def test_public_messages_are_checked_for_what_they_say(
    text: str, strengths: int, faults: list[str]
) -> None:
    quality = check_text(text, WRITING)
    assert quality.strengths == strengths
    assert quality.faults == faults


def test_each_fault_costs_a_third_of_the_message() -> None:
    good = check_text(
        "Nous sommes désolés : panne du cœur de réseau. Prochain point à 16 h.", WRITING
    )
    bad = check_text(
        "Nous sommes désolés : panne du cœur de réseau, probablement, la faute de notre prestataire. "
        "Prochain point à 16 h.",
        WRITING,
    )
    assert score_text(good) == 1.0
    assert score_text(bad) == pytest.approx(1 / 3)


LEVELS: list[tuple[str, list[Any], str]] = [
    ("declared-in-time", [act("level", "10m", level=1)], MET),
    ("declared-before-the-signal", [act("level", "2m", level=1)], MET),
    ("declared-late", [act("level", "25m", level=1)], LATE),
    ("declared-too-late", [act("level", "40m", level=1)], MISSED),
    ("higher-than-needed", [act("level", "10m", level=2)], OVER),
    ("never", [], MISSED),
]


@pytest.mark.parametrize(("actions", "status"), [c[1:] for c in LEVELS], ids=[c[0] for c in LEVELS])
def test_a_level_expectation_is_judged_on_time(actions: list[Any], status: str) -> None:
    _, card = play(PANNE, actions)
    first = next(o for o in card.outcomes if o.do == "level")
    assert (first.target, first.status) == ("1", status)


def test_lowering_the_level_needs_exactly_the_expected_level() -> None:
    high = [act("level", "7m", level=3), act("level", "1h45m", level=1)]
    zero = [act("level", "7m", level=3), act("level", "1h45m", level=0)]
    last = lambda card: [o for o in card.outcomes if o.do == "level"][-1]  # noqa: E731
    assert last(play(PANNE, high)[1]).status == MET
    assert last(play(PANNE, zero)[1]).status == MISSED


def test_the_plan_wants_a_statement_once_a_level_with_a_first_response_is_entered() -> None:
    actions = [
        act("level", "15m", level=2),
        act("draft", "16m", id="a", text="Désolés pour la panne."),
        act("submit", "16m", draft="a"),
        act("post", "1h20m", draft="a"),
    ]
    _, card = play(PANNE, actions)
    first = next(o for o in card.outcomes if o.do == "first_response")
    assert first.target == "2" and first.status == LATE  # due 1 h after the level, at 1:15


def test_the_plan_helpers_read_the_playbook() -> None:
    playbook = drill(PANNE).playbook
    assert plan.approvers(playbook, 2) == ("com",)
    assert plan.approvers(playbook, 3) == ("direction",)
    assert plan.approvers(playbook, 1) == ()
    assert plan.default_approver(playbook, 1, "cm") == "com"
    assert plan.first_response(playbook, 3).total_seconds() == 1800
    assert plan.update_every(playbook, 2).total_seconds() == 7200


def test_moderation_is_precision_and_recall_against_the_labels() -> None:
    actions = [act("delete", "21m", message="m10"), act("delete", "21m", message="m11")]
    _, card = play(PANNE, actions)
    removals = card.removals
    assert removals.removed == ["m10"] and removals.wrongly_removed == ["m11"]
    assert removals.precision == 0.5 and removals.recall == pytest.approx(1 / 5)


def test_sanctioning_a_legitimate_message_costs_points() -> None:
    removal = act("delete", "21m", message="m10")
    warned = play(PANNE, [removal, act("warn", "19m", message="m09")])[1]
    plain = play(PANNE, [removal])[1]
    points = lambda card: next(c.points for c in card.criteria if c.id == "moderation")  # noqa: E731
    assert points(warned) == pytest.approx(points(plain) - 2)  # a tenth of the criterion
    assert any("m09" in r for c in warned.criteria if c.id == "moderation" for r in c.reasons)


def test_manual_scores_join_the_grid_and_are_bounded() -> None:
    path = next(p for p in SCENARIOS if p.stem == "campagne-pub")
    loaded = drill(path)
    record, pending = play(path, [])
    assert next(c for c in pending.criteria if c.id == "posture").points is None
    graded = score(loaded, record, {"posture": (25.0, "très clair", "Formatrice")})
    posture = next(c for c in graded.criteria if c.id == "posture")
    assert (posture.points, posture.by, posture.manual) == (10.0, "Formatrice", True)
    assert graded.max == pending.max + 10


def test_the_score_is_on_100_and_capped_by_a_failure() -> None:
    """The reference answers plus one reply to the troll: a high raw score, capped."""
    loaded = drill(PANNE)
    reference = load_responses(PANNE.with_name(f"{PANNE.stem}.reference.yaml"), loaded)
    troll = act("reply", "48m", message="m18", text="Du courage ? On en a.")
    _, card = play(PANNE, [*reference.actions, troll])
    assert card.score == card.cap < 80
    data = card.to_dict()
    assert [f["code"] for f in data["failures"]] == ["troll_fed"]
    assert {c["id"] for c in data["criteria"]} >= {"detection", "moderation", "coordination"}
