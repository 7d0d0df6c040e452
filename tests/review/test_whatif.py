"""The charter what-if: the same recorded messages through the charter in force and another one,
message by message; invalid YAML reported with its line and column."""

from __future__ import annotations

from pathlib import Path

from bot.charter.loader import load_charter, parse_charter
from bot.review.web.whatif_replay import compare, recorded_messages, window
from bot.store.audit import AuditLog
from tests.review.conftest import Console
from tests.review.demo import CHARTER

TEXT = CHARTER.read_text(encoding="utf-8")


def _without_personal_data_rule() -> str:
    """The charter with its personal-data rule switched off (an edited copy a manager might try).

    (Not the shouting rule any more: on the sample day every message in capitals is a complaint,
    which the charter's protected speech keeps from a warning whatever that rule says.)"""
    assert "id: donnees-personnelles" in TEXT
    return TEXT.replace(
        "id: donnees-personnelles", "id: donnees-personnelles\n    enabled: false", 1
    )


def test_compare_lists_the_messages_whose_decision_changes(console: Console) -> None:
    start, end = window(console.db, 7)  # type: ignore[misc]
    messages, skipped, truncated = recorded_messages(console.db, start, end, 10_000)
    assert (skipped, truncated) == (0, False) and len(messages) > 200
    current = load_charter(CHARTER)
    replayed, changes = compare(messages, current, parse_charter(_without_personal_data_rule()))
    assert replayed == len(messages)
    assert changes and all(c.kind == "dropped" for c in changes)
    assert all("donnees-personnelles" in c.before.rules for c in changes)
    assert all("donnees-personnelles" not in c.after.rules for c in changes)
    same = compare(messages, current, current)
    assert same == (len(messages), [])  # the same charter changes nothing


def test_the_page_replays_an_edited_copy(console: Console) -> None:
    console.login("claire")
    token = console.csrf("/whatif")
    response = console.client.post(
        "/whatif",
        data={
            "charter": "edited",
            "yaml": _without_personal_data_rule(),
            "days": "3",
            "csrf_token": token,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.startswith('<section id="whatif-result"')
    assert "plus d&#39;action" in response.text and "donnees-personnelles" in response.text
    entry = AuditLog(console.db).entries(action="console.whatif")[0]
    assert entry.actor == "claire" and entry.detail["changes"] > 0


def test_another_charter_of_the_project_can_be_picked(console: Console) -> None:
    console.login("claire")
    page = console.client.get("/whatif").text
    assert "en/opalia.yaml" in page and "samples" not in page
    token = console.csrf("/whatif")
    response = console.client.post(
        "/whatif", data={"charter": "en/opalia.yaml", "days": "7", "csrf_token": token}
    )
    assert response.status_code == 200 and "changeraient" in response.text


def test_a_path_outside_the_list_is_refused(console: Console) -> None:
    console.login("claire")
    token = console.csrf("/whatif")
    response = console.client.post(
        "/whatif", data={"charter": "../../etc/passwd", "days": "7", "csrf_token": token}
    )
    assert response.status_code == 400


def test_invalid_yaml_is_reported_with_positions(console: Console) -> None:
    console.login("claire")
    token = console.csrf("/whatif")
    broken = TEXT.replace("severity: 3", "severity: 9", 1)
    response = console.client.post(
        "/whatif", data={"charter": "edited", "yaml": broken, "days": "7", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "edited charter:" in response.text and "severity" in response.text


def test_moderators_do_not_get_the_what_if(console: Console) -> None:
    assert console.login("julien").get("/whatif").status_code == 403
    assert Path(CHARTER).exists()
