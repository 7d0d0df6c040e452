"""The runner on story time: the crisis cell answers as the scenario says (and a relaunch reaches a
silent contact's backup sooner), the plan's own drafts can be approved and posted and the monitor
learns of it, refused actions are recorded as such, and a scenario can keep the level the trainee's
call alone."""

from __future__ import annotations

from datetime import timedelta

from bot.crisis import events as ev
from bot.drills.feed import Kind, MemorySink
from bot.drills.loader import parse_drill
from bot.drills.runner import DrillSession, run_responses
from tests.drills.helpers import PANNE, act, drill, play


def _acked(record, role: str):
    case = next(c for c in record.cases if c.role == role)
    return case.acked_by, case.acked_at - record.start


def test_the_cell_answers_after_the_scenario_s_delay() -> None:
    record, _ = play(PANNE, [act("level", "15m", level=2)])
    by, after = _acked(record, "com")
    assert by == "Hélène (dir. com)" and after.total_seconds() == (15 + 4) * 60


def test_a_relaunch_reaches_a_silent_contact_s_backup_sooner() -> None:
    declared = [act("level", "37m", level=3)]
    waited, _ = play(PANNE, declared)
    relaunched, _ = play(PANNE, [*declared, act("alert", "40m", role="juridique", who="backup")])
    assert _acked(waited, "juridique") == ("Cabinet partenaire", _minutes(47 + 5))
    assert _acked(relaunched, "juridique") == ("Cabinet partenaire", _minutes(40 + 5))


def _minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def test_the_trainee_answers_for_their_own_role_not_vigie() -> None:
    record, _ = play(PANNE, [act("level", "7m", level=1)])
    by, after = _acked(record, "cm")
    assert by == "Julien (modérateur senior)"  # the backup, after the holder's 15 min went by
    assert after.total_seconds() == (7 + 15 + 10) * 60


def test_the_plan_s_own_draft_can_be_approved_and_posted() -> None:
    actions = [
        act("level", "15m", level=2),
        act("submit", "16m", draft="s1"),
        act("post", "25m", draft="s1"),
    ]
    record, card = play(PANNE, actions)
    assert record.posts[0].draft == "s1" and record.posts[0].approved_role == "com"
    posted = [e for e in record.events if e.type == ev.STATEMENT_POSTED]
    assert posted and posted[0].data["statement"].endswith("-s1")
    assert not card.failures or {f.code for f in card.failures} == {"personal_data"}


def test_refused_actions_are_recorded_and_shown() -> None:
    sink = MemorySink()
    session = DrillSession(drill(PANNE), sink, "Alice")
    done = session.act(act("ack", "5m"))
    assert not done.ok and "Aucun appel en attente" in done.detail
    session.act(act("level", "15m", level=2))
    refused = session.act(act("submit", "16m", draft="s1", role="cm"))
    assert not refused.ok and "propre message" in refused.detail
    assert [item.text for item in sink.of(Kind.ERROR)] == [done.detail, refused.detail]


def test_a_scenario_can_leave_the_level_to_the_trainee_alone() -> None:
    text = PANNE.read_text(encoding="utf-8").replace(
        "  trainee_role: cm", "  trainee_role: cm\n  auto_levels: false"
    )
    manual = parse_drill(text, PANNE)
    automatic = run_responses(drill(PANNE), [], MemorySink())
    by_hand = run_responses(manual, [], MemorySink())
    assert any(e.type == ev.LEVEL for e in automatic.events)  # the plan's indicators raise it
    assert not any(e.type == ev.LEVEL for e in by_hand.events)
