"""Browser tests of the console: Debian's Chromium driven by Playwright (no `playwright install`),
against the console served by uvicorn in a thread on 127.0.0.1 and an ephemeral port, on the
sample day replayed up to 14:00 (the bad buzz starts at 14:05: the crisis test replays on).

Without Chromium the tests are skipped with the reason (and the end of the run says so); under
CI=true they fail instead, since CI must run them (`.ci/run` installs Chromium).
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from bot.core.clock import ManualClock
from bot.review.web.app import create_app
from bot.store.database import Database, open_database
from tests.review.conftest import PASSWORD, add_accounts, cheap_passwords, settings_for
from tests.review.demo import BEFORE_SURGE, ROOT, DemoReplay

CHROMIUM = Path(os.environ.get("VIGIE_CHROMIUM", "/usr/lib/chromium/chromium"))
ARTIFACTS = ROOT / "tests" / "artifacts"
MISSING = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium): browser tests skipped"


@pytest.fixture(scope="session", autouse=True)
def _chromium_present() -> None:
    """Skip every browser test without Chromium (fail instead under CI=true: CI must run them).
    Session-scoped and automatic, so it runs before Playwright tries to launch anything."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(MISSING, pytrace=False)
    pytest.skip(MISSING)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say it at the end of the run, where it is seen, not only in the skip count."""
    if not CHROMIUM.exists():
        terminalreporter.write_line(MISSING, yellow=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium binary itself (not its shell wrapper); Playwright adds headless."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM)}


class _Server(uvicorn.Server):
    """uvicorn that signals when it listens (tests wait on the event, never sleep)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()


@dataclass
class LiveConsole:
    """The served console and what the tests need to drive its data."""

    url: str
    db: Database
    clock: ManualClock
    replay: DemoReplay


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveConsole]:
    """The console served for the whole browser session (tests use distinct cases)."""
    path = tmp_path_factory.mktemp("live") / "vigie.db"
    db = open_database(f"sqlite:///{path}")
    replay = DemoReplay(db)
    replay.advance(BEFORE_SURGE)
    clock = ManualClock(BEFORE_SURGE + timedelta(seconds=30))
    add_accounts(db, clock)
    app = create_app(db, clock, settings_for(crisis_poll_seconds=1), cheap_passwords())
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = _Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    assert server.ready.wait(15), "the console did not start"
    yield LiveConsole(f"http://127.0.0.1:{sock.getsockname()[1]}", db, clock, replay)
    server.should_exit = True
    thread.join(10)
    db.dispose()


def login(page: Any, live: LiveConsole, name: str, path: str = "/queue") -> None:
    """Log `name` in through the form, starting from `path` (login redirects back to it)."""
    page.goto(live.url + path)
    page.locator("#name").fill(name)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(f"**{path}")


def shoot(page: Any, name: str) -> Path:
    """Keep a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
