"""Retention: old text erased (decisions kept, redacted), old cases and expired strikes deleted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Row, Table, select

from bot.store.audit import AuditLog
from bot.store.cases import CaseRepository
from bot.store.database import Database
from bot.store.outbox import SqlOutbox
from bot.store.recorder import DecisionRecorder
from bot.store.retention import PurgeReport, Retention
from bot.store.tables import ACTIONS, CASE_NOTES, CASES, DECISIONS, MESSAGES, STRIKES
from tests.store.builders import T0, action, decision, message, sanctioned

DAY = timedelta(days=1)
NOW = T0 + 100 * DAY


def rows(db: Database, table: Table) -> list[Row[Any]]:
    with db.begin() as connection:
        return list(connection.execute(select(table).order_by(table.c.id)))


def populate(db: Database) -> None:
    """An old sanctioned message (day 0) with a decided case, and a recent one (day 95)."""
    recorder = DecisionRecorder(db, strike_ttl=30 * DAY)
    old = message("old", text="espèce d'idiot")
    recorder.record([decision(old, actions=(action(old, "escalate"),), strike_weight=1)])
    recorder.record([sanctioned("new", at=T0 + 95 * DAY)])
    cases = CaseRepository(db)
    case_id = cases.list_open()[0].id
    cases.add_note(case_id, "mod-a", "insulte caractérisée", T0 + DAY)
    cases.decide(case_id, "mod-a", "confirm", T0 + DAY)
    outbox = SqlOutbox(db)
    for pending in outbox.due(T0 + DAY, limit=10):
        if pending.request.message_id == "old":
            outbox.mark_done(pending.id, T0 + DAY)


def test_purge_erases_old_text_but_keeps_decisions(db: Database) -> None:
    populate(db)
    report = Retention(db).purge(NOW, message_text_ttl=90 * DAY, case_ttl=60 * DAY)

    assert report == PurgeReport(
        texts_erased=1,
        decisions_redacted=1,
        actions_deleted=1,
        cases_deleted=1,
        notes_deleted=1,
        strikes_deleted=1,
    )
    old, new = rows(db, MESSAGES)
    assert (old.text, old.text_purged_at, old.author_id) == (None, NOW, "u1")
    assert new.text == "espèce d'idiot" and new.text_purged_at is None
    old_decision, new_decision = rows(db, DECISIONS)
    assert old_decision.matched == ["insults"] and old_decision.scores == {"toxic": 0.93}
    detection = old_decision.trace[0]["detections"][0]
    assert "excerpt" not in detection and detection["score"] == 0.93
    assert old_decision.notice is None and old_decision.top_features is None
    assert new_decision.trace[0]["detections"][0]["excerpt"] == "espèce d'idiot"
    assert rows(db, CASES) == [] and rows(db, CASE_NOTES) == []
    assert [s.at for s in rows(db, STRIKES)] == [T0 + 95 * DAY]
    assert [a.payload["message_id"] for a in rows(db, ACTIONS)] == ["new"]  # still pending


def test_purge_keeps_open_cases_and_pending_actions(db: Database) -> None:
    populate(db)
    CaseRepository(db).open_case("report", "c1", "discord", T0, reason="signalé")
    Retention(db).purge(NOW, message_text_ttl=90 * DAY, case_ttl=60 * DAY)
    assert [c.status for c in rows(db, CASES)] == ["open"]
    assert [a.payload["message_id"] for a in rows(db, ACTIONS)] == ["new"]


def test_a_second_purge_has_nothing_left_to_do_and_the_audit_log_stays(db: Database) -> None:
    populate(db)
    Retention(db).purge(NOW, message_text_ttl=90 * DAY, case_ttl=60 * DAY)
    assert Retention(db).purge(NOW, 90 * DAY, 60 * DAY) == PurgeReport()
    actions = [e.action for e in AuditLog(db).entries()]
    assert actions.count("retention.purge") == 2 and "case.decide" in actions


def test_redaction_goes_page_by_page(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.store.redaction.PAGE", 2)
    DecisionRecorder(db, 30 * DAY).record([sanctioned(f"m{i}") for i in range(5)])
    report = Retention(db).purge(NOW, message_text_ttl=90 * DAY, case_ttl=60 * DAY)
    assert (report.texts_erased, report.decisions_redacted) == (5, 5)
    assert all("excerpt" not in str(d.trace) for d in rows(db, DECISIONS))


@pytest.mark.parametrize(
    ("severity", "decided", "evidence_days", "kept"),
    [
        (2, False, 365, True),  # an open case needs its message, whatever its age
        (2, True, 365, False),  # decided, ordinary: the text goes with the retention period
        (4, True, 365, True),  # decided, severe (a threat): kept as evidence for a year
        (4, True, 50, False),  # ... but not past the evidence period
    ],
    ids=["open-case", "decided-ordinary", "severe-within-evidence", "severe-past-evidence"],
)
def test_evidence_outlives_the_text_retention(
    db: Database, severity: int, decided: bool, evidence_days: int, kept: bool
) -> None:
    old = message("old", text="je vais te retrouver")
    escalate = action(old, "escalate", params={"severity": severity})
    DecisionRecorder(db, strike_ttl=30 * DAY).record([decision(old, actions=(escalate,))])
    if decided:
        cases = CaseRepository(db)
        cases.decide(cases.list_open()[0].id, "mod-a", "confirm", T0 + DAY)
    Retention(db).purge(NOW, 90 * DAY, 365 * DAY, evidence_ttl=evidence_days * DAY)
    (row,) = rows(db, MESSAGES)
    assert (row.text is not None) is kept
