"""The queue and the case file: taking a case, confirming, overturning (the strike removed and the
author told through the outbox), escalating, notes, the verdicts reaching the feedback loop, and
four eyes on appeals (the original moderator cannot decide, the author gets the outcome)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.store.audit import AuditLog
from bot.store.cases import CaseRepository
from bot.store.feedback import feedback_examples
from bot.store.tables import ACTIONS, STRIKES, CaseStatus
from tests.review.conftest import Console


def _decide(console: Console, case_id: int, verdict: str, note: str = "") -> Any:
    token = console.csrf(f"/cases/{case_id}")
    return console.client.post(
        f"/cases/{case_id}/decide",
        data={"verdict": verdict, "note": note, "csrf_token": token},
        follow_redirects=False,
    )


def _strikes_removed(console: Console, decision_id: int) -> list[str | None]:
    with console.db.read() as connection:
        rows = connection.execute(
            select(STRIKES.c.removed_by).where(STRIKES.c.decision_id == decision_id)
        )
        return [row.removed_by for row in rows]


def _notices(console: Console, case_id: int) -> list[dict[str, Any]]:
    with console.db.read() as connection:
        rows = connection.execute(select(ACTIONS).where(ACTIONS.c.key.like(f"case:{case_id}:%")))
        return [dict(row._mapping) for row in rows]


def test_the_queue_lists_open_cases_most_severe_first(console: Console) -> None:
    page = console.login("julien").get("/queue").text
    cases = CaseRepository(console.db).list_open()
    ranks = [(-case.severity, case.created_at, case.id) for case in cases]
    assert ranks == sorted(ranks) and cases[0].severity > cases[-1].severity
    positions = [page.index(f'id="case-{case.id}"') for case in cases]
    assert positions == sorted(positions)  # the page shows them in that order
    assert f"{len(cases)} cas" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("rule=harcelement", ["case-8"], ["case-1"]),
        ("channel=support", ["case-2", "case-8"], ["case-1"]),
        ("kind=appeal", [], ["case-1", "case-8"]),
        ("status=taken", [], ["case-1"]),
    ],
    ids=["rule", "channel", "kind", "status"],
)
def test_the_queue_filters(
    console: Console, query: str, shown: list[str], hidden: list[str]
) -> None:
    page = console.login("julien").get(f"/queue?{query}", headers={"HX-Request": "true"}).text
    assert page.startswith('<div id="queue-rows">')  # an htmx fragment, not a page
    for case in shown:
        assert f'id="{case}"' in page
    for case in hidden:
        assert f'id="{case}"' not in page


def test_taking_a_case_assigns_it_and_a_second_moderator_is_refused(console: Console) -> None:
    console.login("julien")
    token = console.csrf()
    assert (
        console.client.post(
            "/cases/1/take", data={"csrf_token": token}, follow_redirects=False
        ).status_code
        == 303
    )
    console.client.cookies.clear()
    console.login("sandra")
    response = console.client.post("/cases/1/take", data={"csrf_token": console.csrf()})
    assert response.status_code == 409
    assert "julien" in response.text
    queue = console.client.get("/queue").text
    assert "julien" in queue


def test_confirming_records_the_verdict_and_feeds_the_classifiers(console: Console) -> None:
    console.login("julien")
    assert _decide(console, 1, "confirm", "lien de spam évident").status_code == 303
    case_file = CaseRepository(console.db).get(1)
    assert case_file.case.status == CaseStatus.CONFIRMED
    assert case_file.case.decided_by == "julien"
    assert case_file.notes[0].text == "lien de spam évident"
    assert _strikes_removed(console, 25) == [None]  # a confirmation keeps the strike
    examples = feedback_examples(console.db)
    assert [e.verdict for e in examples] == ["confirm"]
    assert "BTC" in examples[0].text
    entry = AuditLog(console.db).entries(target="case:1", action="case.decide")[0]
    assert (entry.actor, entry.detail["verdict"]) == ("julien", "confirm")
    assert "Décision confirmée" in console.client.get("/cases/1?done=confirm").text


def test_overturning_removes_the_strike_and_tells_the_author(console: Console) -> None:
    console.login("julien")
    assert _decide(console, 8, "overturn").status_code == 303
    assert CaseRepository(console.db).get(8).case.status == CaseStatus.OVERTURNED
    assert _strikes_removed(console, 116) == ["julien"]
    notices = [n for n in _notices(console, 8) if n["kind"] != "modlog"]
    # the author is told, and the decision's timeout is lifted on the platform
    assert [(n["kind"], n["user_id"]) for n in notices] == [
        ("notify_author", "u029"),
        ("untimeout", "u029"),
    ]
    assert "la décision sur votre message est annulée" in notices[0]["payload"]["notice"]
    page = console.client.get("/cases/8").text
    assert "message à l’auteur" in page and "est annulée" in page


def test_escalating_frees_the_case_for_someone_else(console: Console) -> None:
    console.login("julien")
    assert _decide(console, 2, "escalate").status_code == 303
    case = CaseRepository(console.db).get(2).case
    assert (case.status, case.assigned_to) == (CaseStatus.ESCALATED, None)


def test_a_note_is_added_with_an_htmx_fragment(console: Console) -> None:
    console.login("julien")
    token = console.csrf("/cases/3")
    response = console.client.post(
        "/cases/3/notes",
        data={"text": "vu avec Sandra"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200
    assert response.text.startswith('<ul id="notes-list"')
    assert "vu avec Sandra" in response.text
    entry = AuditLog(console.db).entries(action="case.note")[0]
    assert entry.actor == "julien" and "vu avec" not in str(entry.detail)


def _appeal_of_julien_confirmation(console: Console) -> int:
    console.login("julien")
    _decide(console, 3, "confirm")
    console.client.cookies.clear()
    at = console.clock.now()
    return CaseRepository(console.db).appeal("u141", "Ce n'était pas du spam", at, case_id=3)


def test_an_appeal_cannot_be_decided_by_the_original_moderator(console: Console) -> None:
    appeal = _appeal_of_julien_confirmation(console)
    console.login("julien")
    page = console.client.get(f"/cases/{appeal}").text
    assert "votre propre décision" in page
    assert 'name="verdict"' not in page
    response = _decide(console, appeal, "overturn")
    assert response.status_code == 403
    assert "un autre modérateur doit l&#39;examiner" in response.text
    take = console.client.post(f"/cases/{appeal}/take", data={"csrf_token": console.csrf()})
    assert take.status_code == 403
    assert CaseRepository(console.db).get(appeal).case.status == CaseStatus.OPEN


def test_another_moderator_decides_the_appeal_and_the_author_gets_the_outcome(
    console: Console,
) -> None:
    appeal = _appeal_of_julien_confirmation(console)
    console.login("sandra")
    assert _decide(console, appeal, "overturn").status_code == 303
    decided = CaseRepository(console.db).get(appeal).case
    assert (decided.status, decided.decided_by) == (CaseStatus.OVERTURNED, "sandra")
    assert _strikes_removed(console, 49) == ["sandra"]
    notices = [n for n in _notices(console, appeal) if n["kind"] != "modlog"]
    assert [(n["kind"], n["user_id"]) for n in notices] == [("notify_author", "u141")]
    assert examples_verdicts(console) == ["overturn"]  # the appeal's verdict is the latest


def examples_verdicts(console: Console) -> list[str]:
    """The verdicts of the feedback examples."""
    return [e.verdict for e in feedback_examples(console.db)]


def test_the_case_file_shows_the_whole_context(console: Console) -> None:
    page = console.login("julien").get("/cases/8").text
    for expected in (
        "ptitloup62",  # the author
        "Mehdi_13",  # a message around it
        "Pas de harcèlement",  # the rule cited
        "Bonjour ptitloup62, votre message a été supprimé",  # the statement of reasons
        "mentions",  # the detector of the trace
        "Avertissements actifs : 2",  # the author's strikes
    ):
        assert expected in page, expected
