"""The crisis room on the replayed bad buzz (14:20, level 2 since 14:09): the level and why, the
indicators, the acknowledgement countdowns, the statements waiting; acknowledging, editing and
approving a statement, ticking the checklist, each recorded with who and when."""

from __future__ import annotations

from sqlalchemy import select

from bot.store.audit import AuditLog
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.tables import ACTIONS
from tests.review.conftest import Console

INCIDENT = "opalia-20260312-1409"


def _post(console: Console, path: str, **data: str) -> int:
    token = console.csrf("/crisis/opalia")
    response = console.client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)
    return response.status_code


def test_the_room_shows_the_level_why_and_the_countdowns(console: Console) -> None:
    page = console.login("julien").get("/crisis/opalia").text
    assert "2 · Alerte" in page
    assert "plaignants distincts" in page  # why, in the plan's language
    assert 'data-remaining="197"' in page  # 14:24:17 - 14:21:00
    assert "3 min 17 s" in page
    assert "Plaignants distincts" in page and "<svg" in page
    assert "reponse-attente" in page  # the holding statement waiting


def test_the_crisis_index_leads_to_the_only_community(console: Console) -> None:
    response = console.login("julien").get("/crisis", follow_redirects=False)
    assert response.headers["location"] == "/crisis/opalia"


def test_acknowledging_stops_the_countdown_and_is_recorded(console: Console) -> None:
    console.login("julien")
    assert _post(console, "/crisis/opalia/ack", case=f"{INCIDENT}-k1") == 303
    case = SqlCrisisStore(console.db).case(f"{INCIDENT}-k1")
    assert case is not None and (case.status, case.acked_by) == ("acknowledged", "julien")
    assert AuditLog(console.db).entries(action="crisis.ack")[0].actor == "julien"
    page = console.client.get("/crisis/opalia").text
    assert f"Accuser réception de {INCIDENT}-k1" not in page
    assert f"cas {INCIDENT}-k1 pris en compte par julien" in page  # the timeline, in French


def test_the_approver_edits_confirms_and_the_statement_is_posted(console: Console) -> None:
    """Regressions: the approval started no update cadence, and it was given without
    confirmation."""
    console.login("helene")  # the plan's `com` role: the holding statement's approver
    statement = f"{INCIDENT}-s1"
    status = _post(
        console,
        "/crisis/opalia/statements/edit",
        statement=statement,
        text_fr="Nous savons que le réseau est en panne. Point à 15h.",
    )
    assert status == 303
    token = console.csrf("/crisis/opalia")
    asked = console.client.post(
        "/crisis/opalia/statements/approve", data={"statement": statement, "csrf_token": token}
    )
    assert asked.status_code == 200 and "Publier ce message ?" in asked.text
    assert "Nous savons que le réseau est en panne" in asked.text
    assert SqlCrisisStore(console.db).statement(statement).status == "proposed"

    confirmed = _post(
        console, "/crisis/opalia/statements/approve", statement=statement, confirm="yes"
    )
    assert confirmed == 303
    stored = SqlCrisisStore(console.db).statement(statement)
    assert stored is not None and stored.status == "posted" and stored.approved_by == "helene"
    assert stored.texts["fr"].startswith("Nous savons") and stored.history
    with console.db.read() as connection:
        kinds = [
            r.kind
            for r in connection.execute(
                select(ACTIONS.c.kind).where(ACTIONS.c.key.like(f"crisis:{statement}%"))
            )
        ]
    assert kinds == ["post_statement"]
    incident = SqlCrisisStore(console.db).incident(INCIDENT)
    assert incident is not None and incident.first_statement_at is not None
    assert incident.next_update_due is not None  # the update cadence has started


def test_a_manager_who_is_not_the_approver_cannot_publish(console: Console) -> None:
    """Regression: a community manager published a statement whose approver is another role."""
    console.login("claire")  # `cm` in the plan; the statement needs `com` or above
    statement = f"{INCIDENT}-s1"
    refused = _post(
        console, "/crisis/opalia/statements/approve", statement=statement, confirm="yes"
    )
    assert refused == 403
    assert SqlCrisisStore(console.db).statement(statement).status == "proposed"


def test_a_moderator_cannot_approve_a_statement(console: Console) -> None:
    console.login("julien")
    status = _post(console, "/crisis/opalia/statements/approve", statement=f"{INCIDENT}-s1")
    assert status == 403


def test_ticking_the_checklist_is_recorded(console: Console) -> None:
    console.login("claire")
    assert _post(console, "/crisis/opalia/checklist", incident=INCIDENT, index="2") == 303
    incident = SqlCrisisStore(console.db).incident(INCIDENT)
    assert incident is not None and incident.checklist[2]["checked_by"] == "claire"
    assert "· claire" in console.client.get("/crisis/opalia").text
