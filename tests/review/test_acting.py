"""Acting from the console's case file: each action (and the rule's proposal) queues its platform
actions on the case's own platform; refusals are pages in the account's language; the queue shows
the excerpt, author and what was done; the member page and search."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.store.cases import CaseRepository
from bot.store.tables import ACTIONS
from tests.review.conftest import Console
from tests.review.test_cases import _notices


def _act(console: Console, case_id: int, **form: str) -> Any:
    token = console.csrf(f"/cases/{case_id}")
    return console.client.post(
        f"/cases/{case_id}/act", data={"csrf_token": token, **form}, follow_redirects=False
    )


def _sanction_case(response: Any) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].split("/cases/")[1].split("?")[0])


@pytest.mark.parametrize(
    ("form", "kinds"),
    [
        ({"action": "warn", "reason": "ton"}, ["warn", "modlog"]),
        (
            {"action": "timeout", "reason": "calme", "duration": "1h"},
            ["notify_author", "timeout", "modlog"],
        ),
        (
            {"action": "ban", "reason": "spam", "duration": "7d", "clean": "1d"},
            ["notify_author", "ban", "unban", "modlog"],
        ),
        (
            {"action": "kick", "reason": "spam", "delete_message": "1"},
            ["notify_author", "delete", "kick", "modlog"],
        ),
        ({"action": "delete", "reason": "hors sujet"}, ["notify_author", "delete", "modlog"]),
        ({"action": "unban", "reason": "erreur"}, ["unban", "modlog"]),
    ],
    ids=["warn", "timeout", "ban-temporary", "kick-and-delete", "delete", "unban"],
)
def test_an_action_from_the_case_file_queues_it(
    console: Console, form: dict[str, str], kinds: list[str]
) -> None:
    console.login("julien")
    case = CaseRepository(console.db).case(1)
    sanction = _sanction_case(_act(console, 1, **form))
    queued = _notices(console, sanction)
    assert [row["kind"] for row in queued] == kinds
    assert {row["platform"] for row in queued} == {case.platform}
    page = console.client.get(f"/cases/{sanction}?done=sanction").text
    assert "Sanction enregistrée" in page and "Annuler cette sanction" in page


def test_the_rules_proposal_is_taken_and_the_case_confirmed(console: Console) -> None:
    console.login("julien")
    page = console.client.get("/cases/1").text
    assert "Appliquer ce que la règle propose" in page
    sanction = _sanction_case(_act(console, 1, action="proposed", reason=""))
    assert _notices(console, sanction)
    assert CaseRepository(console.db).case(1).verdict == "confirm"


@pytest.mark.parametrize(
    ("name", "form", "status", "text"),
    [
        ("julien", {"action": "timeout", "reason": "x"}, 409, "Indiquez une durée"),
        ("sandra", {"action": "ban", "reason": ""}, 409, "Give a reason"),
        ("tom", {"action": "ban", "reason": "x"}, 403, ""),
    ],
    ids=["no-duration-fr", "no-reason-en", "trainee"],
)
def test_refusals_are_pages_in_the_accounts_language(
    console: Console, name: str, form: dict[str, str], status: int, text: str
) -> None:
    console.login(name)
    token = console.csrf("/queue")
    response = console.client.post("/cases/1/act", data={"csrf_token": token, **form})
    assert response.status_code == status
    assert text in response.text


def test_the_queue_shows_the_message_and_filters_by_member(console: Console) -> None:
    case = CaseRepository(console.db).case(1)
    page = console.login("julien").get(f"/queue?author_id={case.author_id}").text
    assert f'href="/members/{case.platform}/{case.community}/{case.author_id}"' in page
    others = [c for c in CaseRepository(console.db).list_open() if c.author_id != case.author_id]
    assert all(f'id="case-{c.id}"' not in page for c in others)


def test_member_page_and_search(console: Console) -> None:
    case = CaseRepository(console.db).case(1)
    console.login("julien")
    found = console.client.get(f"/members?q={case.author_id}").text
    assert f"/members/{case.platform}/{case.community}/{case.author_id}" in found
    page = console.client.get(f"/members/{case.platform}/{case.community}/{case.author_id}").text
    assert f"#{case.id}" in page
    console.client.cookies.clear()
    console.login("tom")
    assert console.client.get("/members?q=u0").status_code == 403  # personal data


def test_the_queue_says_what_was_already_done_to_the_message(console: Console) -> None:
    with console.db.read() as connection:
        rows = connection.execute(
            select(ACTIONS.c.payload, ACTIONS.c.status).where(ACTIONS.c.kind == "delete")
        ).all()
    deleted = {(r.payload["community"], r.payload.get("message_id")): r.status for r in rows}
    cases = CaseRepository(console.db).list_open()
    case = next(c for c in cases if (c.community, c.message_id) in deleted)
    page = console.login("julien").get("/queue").text
    row = page.split(f'id="case-{case.id}"')[1].split("</tr>")[0]
    status = {"pending": "en attente", "done": "fait", "failed": "échoué"}
    assert f"suppression ({status[deleted[(case.community, case.message_id)]]})" in row
