"""The console's operations side: /healthz and /metrics answer without logging in; the
communities page lists every community of the deployment file with a filter, and a reload with a
broken file keeps the communities shown and says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.core.clock import ManualClock
from bot.review.web.app import create_app
from bot.store.database import Database
from tests.review.conftest import (
    CHARTER,
    Console,
    add_accounts,
    cheap_passwords,
    settings_for,
)

DEPLOYMENT = f"""
communities:
  - name: Opalia Discord
    brand: opalia
    platform: discord
    guild: 111
    charter: {CHARTER}
  - name: Opalia Telegram
    brand: opalia
    platform: telegram
    chat: -100222
    charter: {CHARTER}
  - name: Brioche Discord
    brand: brioche
    platform: discord
    guild: 333
    charter: {CHARTER}
    language: en
    timezone: Europe/London
"""


@pytest.fixture
def deployed(db: Database, clock: ManualClock, tmp_path: Path) -> Iterator[tuple[Console, Path]]:
    path = tmp_path / "vigie.yaml"
    path.write_text(DEPLOYMENT, encoding="utf-8")
    add_accounts(db, clock)
    settings = settings_for(deployment_path=path)
    app = create_app(db, clock, settings, cheap_passwords())
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Console(client, clock, db), path


def test_healthz_and_metrics_answer_without_login(console: Console) -> None:
    health = console.client.get("/healthz", follow_redirects=False)
    metrics = console.client.get("/metrics", follow_redirects=False)

    assert health.status_code == 200
    assert health.json() == {
        "process": "up",
        "database": "ok",
        "gateway": "none",
        "last_message": None,
    }
    assert metrics.status_code == 200
    assert "vigie_outbox_depth" in metrics.text and "vigie_crisis_level" in metrics.text


def test_a_page_still_needs_a_login(console: Console) -> None:
    assert console.client.get("/communities", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        pytest.param("", ["Opalia Discord", "Opalia Telegram", "Brioche Discord"], id="all"),
        pytest.param("?q=brioche", ["Brioche Discord"], id="by-brand"),
        pytest.param("?platform=telegram", ["Opalia Telegram"], id="by-platform"),
        pytest.param("?q=opalia&platform=discord", ["Opalia Discord"], id="both"),
        pytest.param("?q=-100222", ["Opalia Telegram"], id="by-id"),
    ],
)
def test_the_communities_page_lists_and_filters(
    deployed: tuple[Console, Path], query: str, shown: list[str]
) -> None:
    console, _ = deployed
    page = console.login("julien").get(f"/communities{query}").text
    names = ["Opalia Discord", "Opalia Telegram", "Brioche Discord"]
    assert [name for name in names if f"<td>{name}</td>" in page] == shown


def test_a_reload_with_a_broken_file_keeps_the_communities_and_says_why(
    deployed: tuple[Console, Path],
) -> None:
    console, path = deployed
    client = console.login("ada")
    path.write_text(DEPLOYMENT.replace("guild: 333", "chat: 333"), encoding="utf-8")
    token = console.csrf("/communities")
    client.post("/communities/reload", data={"csrf_token": token})
    page = client.get("/communities").text

    assert "<td>Brioche Discord</td>" in page  # the last good version
    assert f"{path}:" in page and "needs `guild`" in page


ACCESS = """
access:
  - who: julien
    communities: [brioche]
  - who: role:manager
    communities: [opalia, Brioche Discord]
"""
SCOPED = f"""
communities:
  - name: Opalia demo
    brand: opalia
    platform: discord
    guild: 1
    charter: {CHARTER}
  - name: Brioche Discord
    brand: brioche
    platform: discord
    guild: 333
    charter: {CHARTER}
"""


@pytest.fixture
def scoped(db: Database, clock: ManualClock, tmp_path: Path) -> Iterator[Console]:
    """The demo's cases (community "opalia", renamed to the guild 1 of the file) and a file
    whose access section gives Julien the Brioche server only, the managers both."""
    from sqlalchemy import update

    from bot.store.tables import CASES

    with db.begin() as connection:
        connection.execute(update(CASES).values(community="1"))
    path = tmp_path / "vigie.yaml"
    path.write_text(SCOPED + ACCESS, encoding="utf-8")
    add_accounts(db, clock)
    app = create_app(db, clock, settings_for(deployment_path=path), cheap_passwords())
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Console(client, clock, db)


def first_case(console: Console) -> int:
    from sqlalchemy import select

    from bot.store.tables import CASES

    with console.db.read() as connection:
        return int(connection.execute(select(CASES.c.id).order_by(CASES.c.id)).first()[0])


# who, page, expected status: Julien moderates the Brioche server only; the managers (by role)
# and the administrator (always) see the demo's Opalia community; Sandra is named nowhere.
PAGES = [
    ("julien", "/cases/{case}", 403),
    ("julien", "/members/discord/1/42", 403),
    ("julien", "/crisis/1", 403),
    ("claire", "/cases/{case}", 200),
    ("ada", "/cases/{case}", 200),
    ("sandra", "/cases/{case}", 403),
    ("claire", "/whatif", 403),  # what-if replays every community: not for a limited account
    ("ada", "/whatif", 200),
]


@pytest.mark.parametrize(("who", "path", "status"), PAGES)
def test_the_files_access_section_limits_each_account_to_its_communities(
    scoped: Console, who: str, path: str, status: int
) -> None:
    client = scoped.login(who)
    response = client.get(path.format(case=first_case(scoped)), follow_redirects=False)
    assert response.status_code == status
    if status == 403:  # in the account's language: Sandra's is English, the others' French
        french = "ne modère pas" if "whatif" not in path else "toutes les communautés"
        expected = "does not moderate" if who == "sandra" else french
        assert expected in response.text


def test_the_queue_shows_only_the_accounts_communities(scoped: Console) -> None:
    case = first_case(scoped)
    assert f"/cases/{case}" in scoped.login("claire").get("/queue").text
    scoped.client.cookies.clear()
    assert f"/cases/{case}" not in scoped.login("julien").get("/queue").text


def test_an_action_on_another_communitys_case_is_refused(scoped: Console) -> None:
    client = scoped.login("julien")
    token = scoped.csrf("/queue")
    case = first_case(scoped)
    answer = client.post(f"/cases/{case}/notes", data={"text": "x", "csrf_token": token})
    assert answer.status_code == 403


def test_an_access_section_naming_no_community_is_refused(tmp_path: Path) -> None:
    from bot.deploy.config import parse_deployment
    from bot.yamlsrc import ConfigError

    text = SCOPED + "access:\n  - who: julien\n    communities: [nope]\n"
    with pytest.raises(ConfigError) as error:
        parse_deployment(text, "vigie.yaml", tmp_path)
    assert "vigie.yaml:" in str(error.value) and "'nope'" in str(error.value)
