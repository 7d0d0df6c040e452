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
