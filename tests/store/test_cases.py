"""The review queue: open, list, take (exclusive), decide, four eyes on appeals, case files."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from bot.store.audit import AuditLog
from bot.store.casefile import CaseConflict, CaseError, CaseNotFound, FourEyesViolation, Verdict
from bot.store.cases import CaseRepository
from bot.store.database import Database
from bot.store.recorder import DecisionRecorder
from bot.store.strikes import SqlStrikeLedger
from bot.store.tables import CaseKind
from tests.store.builders import T0, action, decision, message
from tests.store.conftest import Backend

LATER = T0 + timedelta(hours=1)


def escalated(db: Database, mid: str = "m1", author: str = "u1") -> tuple[int, int]:
    """Record a decision that strikes and escalates; return (decision id, case id)."""
    msg = message(mid, author=author)
    planned = (action(msg, "escalate", reason="menace"),)
    [decision_id] = DecisionRecorder(db, timedelta(days=30)).record(
        [decision(msg, actions=planned, strike_weight=1)]
    )
    [case] = CaseRepository(db).list_open(kind="escalation", channel=msg.channel, rule="insults")
    return decision_id, case.id


def test_the_queue_is_sorted_by_severity_then_age_and_filtered(db: Database) -> None:
    cases = CaseRepository(db)
    low = cases.open_case("report", "c1", "discord", T0, severity=1, rule="spam", channel="a")
    high_new = cases.open_case("report", "c1", "discord", LATER, severity=3, rule="hate")
    high_old = cases.open_case("crisis", "c1", "telegram", T0, severity=3, rule="hate")
    assert [c.id for c in cases.list_open()] == [high_old, high_new, low]
    assert [c.id for c in cases.list_open(rule="spam")] == [low]
    assert [c.id for c in cases.list_open(channel="a")] == [low]
    assert [c.id for c in cases.list_open(platform="telegram")] == [high_old]
    assert [c.id for c in cases.list_open(kind=CaseKind.CRISIS)] == [high_old]
    cases.take(low, "mod-a", LATER)
    assert [c.id for c in cases.list_open(status="taken")] == [low]
    assert cases.list_open(community="c2") == []


def test_take_is_exclusive(db: Database) -> None:
    cases = CaseRepository(db)
    case_id = cases.open_case("report", "c1", "discord", T0)
    cases.take(case_id, "mod-a", LATER)
    cases.take(case_id, "mod-a", LATER)  # taking one's own case again is fine
    with pytest.raises(CaseConflict, match="taken by mod-a"):
        cases.take(case_id, "mod-b", LATER)
    with pytest.raises(CaseConflict, match="taken by mod-a"):
        cases.decide(case_id, "mod-b", "confirm", LATER)
    with pytest.raises(CaseNotFound):
        cases.take(999, "mod-a", LATER)


def test_two_moderators_racing_for_a_case_one_wins(backend: Backend) -> None:
    case_id = CaseRepository(backend.open()).open_case("report", "c1", "discord", T0)
    repositories = [CaseRepository(backend.open()) for _ in range(4)]
    barrier = threading.Barrier(len(repositories))

    def take(pair: tuple[int, CaseRepository]) -> bool:
        barrier.wait()
        try:
            pair[1].take(case_id, f"mod-{pair[0]}", LATER)
        except CaseConflict:
            return False
        return True

    with ThreadPoolExecutor(len(repositories)) as pool:
        outcomes = list(pool.map(take, enumerate(repositories)))
    assert outcomes.count(True) == 1


@pytest.mark.parametrize(
    ("verdict", "status", "live_after"),
    [("confirm", "confirmed", 1), ("overturn", "overturned", 0)],
    ids=["confirm-keeps-strike", "overturn-removes-strike"],
)
def test_decide(db: Database, verdict: str, status: str, live_after: int) -> None:
    _, case_id = escalated(db)
    cases = CaseRepository(db)
    cases.take(case_id, "mod-a", LATER)
    cases.decide(case_id, "mod-a", verdict, LATER, note="vu")
    case_file = cases.get(case_id)
    assert (case_file.case.status, case_file.case.verdict) == (status, verdict)
    assert (case_file.case.decided_by, case_file.case.decided_at) == ("mod-a", LATER)
    assert [n.text for n in case_file.notes] == ["vu"]
    assert SqlStrikeLedger(db).live_strikes("c1", "u1", LATER) == live_after
    assert cases.list_open() == []
    with pytest.raises(CaseConflict, match=f"already {status}"):
        cases.decide(case_id, "mod-a", "confirm", LATER)
    [entry] = AuditLog(db).entries(target=f"case:{case_id}", action="case.decide")
    assert entry.actor == "mod-a" and entry.detail["strikes_removed"] == 1 - live_after


def test_escalate_frees_the_case_for_someone_else(db: Database) -> None:
    _, case_id = escalated(db)
    cases = CaseRepository(db)
    cases.take(case_id, "mod-a", LATER)
    cases.decide(case_id, "mod-a", Verdict.ESCALATE, LATER)
    [case] = cases.list_open(status="escalated")
    assert case.assigned_to is None
    cases.take(case_id, "senior", LATER)
    cases.decide(case_id, "senior", Verdict.OVERTURN, LATER)
    assert cases.get(case_id).case.decided_by == "senior"


def test_an_appeal_goes_to_another_moderator(db: Database) -> None:
    decision_id, case_id = escalated(db)
    cases = CaseRepository(db)
    cases.take(case_id, "mod-a", T0)
    cases.decide(case_id, "mod-a", "confirm", T0)

    appeal_id = cases.appeal("u1", "Je ne faisais que citer.", LATER, case_id=case_id)
    appeal = cases.get(appeal_id).case
    assert (appeal.kind, appeal.status, appeal.appeal_of) == ("appeal", "open", case_id)
    assert (appeal.original_moderator, appeal.decision_id) == ("mod-a", decision_id)
    assert appeal.text == "Je ne faisais que citer."
    with pytest.raises(FourEyesViolation):
        cases.take(appeal_id, "mod-a", LATER)
    with pytest.raises(FourEyesViolation):
        cases.decide(appeal_id, "mod-a", "confirm", LATER)
    cases.take(appeal_id, "mod-b", LATER)
    cases.decide(appeal_id, "mod-b", "overturn", LATER)
    assert SqlStrikeLedger(db).live_strikes("c1", "u1", LATER) == 0


def test_an_appeal_against_an_automated_decision(db: Database) -> None:
    msg = message("m9", author="u9")
    [decision_id] = DecisionRecorder(db, timedelta(days=30)).record(
        [decision(msg, actions=(action(msg),), strike_weight=1)]
    )
    cases = CaseRepository(db)
    appeal_id = cases.appeal("u9", "Erreur", LATER, decision_id=decision_id)
    appeal = cases.get(appeal_id).case
    assert (appeal.appeal_of, appeal.original_moderator, appeal.rule) == (None, None, "insults")
    cases.decide(appeal_id, "mod-a", "confirm", LATER)  # no moderator decided: anyone may


@pytest.mark.parametrize(
    ("who", "target", "error"),
    [
        ("u2", "decided-case", CaseError),
        ("u1", "open-case", CaseConflict),
        ("u1", "twice", CaseConflict),
        ("u1", "missing-decision", CaseNotFound),
    ],
    ids=["not-the-author", "not-decided-yet", "already-under-appeal", "unknown-decision"],
)
def test_appeals_that_are_refused(db: Database, who: str, target: str, error: type) -> None:
    decision_id, case_id = escalated(db)
    cases = CaseRepository(db)
    if target != "open-case":
        cases.decide(case_id, "mod-a", "confirm", T0)
    if target == "twice":
        cases.appeal("u1", "première fois", LATER, case_id=case_id)
    with pytest.raises(error):
        if target == "missing-decision":
            cases.appeal(who, "?", LATER, decision_id=decision_id + 100)
        else:
            cases.appeal(who, "?", LATER, case_id=case_id)


def test_the_case_file_has_the_message_the_trace_and_the_notes(db: Database) -> None:
    decision_id, case_id = escalated(db)
    cases = CaseRepository(db)
    note_id = cases.add_note(case_id, "mod-a", "Récidive probable", LATER)
    case_file = cases.get(case_id)
    assert case_file.message is not None and case_file.message["text"] == "bonjour"
    assert case_file.decision is not None and case_file.decision["id"] == decision_id
    assert case_file.decision["trace"][0]["rule"] == "insults"
    assert [(n.id, n.author, n.text) for n in case_file.notes] == [
        (note_id, "mod-a", "Récidive probable")
    ]
    [entry] = AuditLog(db).entries(actor="mod-a")
    assert (entry.action, entry.detail) == ("case.note", {"note": note_id})  # no text in the log


def test_close_a_report(db: Database) -> None:
    cases = CaseRepository(db)
    case_id = cases.open_case("report", "c1", "discord", T0, actor="u5", reason="signalé")
    cases.close(case_id, "mod-a", LATER, note="rien à redire")
    assert cases.get(case_id).case.status == "closed"
    assert [e.action for e in AuditLog(db).entries(target=f"case:{case_id}")] == [
        "case.close",
        "case.open",
    ]
