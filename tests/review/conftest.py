"""Fixtures of the console tests: a demo database replayed once per session (up to the middle of
the bad buzz) and copied for each test, the application on it with a manual clock, accounts of
every role, and a logged-in test client."""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from bot.core.clock import ManualClock
from bot.review.web.app import create_app
from bot.review.web.auth import Passwords
from bot.review.web.settings import ConsoleSettings
from bot.store.database import Database, open_database
from bot.store.web_repo import ConsoleAccounts
from tests.review.demo import CHARTER, MID_CRISIS, PLAYBOOK, ROOT, DemoReplay

with warnings.catch_warnings():
    # Starlette 1.x nudges towards another HTTP client; httpx works and is what the suite has.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

PASSWORD = "correct horse battery"
ACCOUNTS = {
    "ada": "admin",
    "claire": "manager",
    "helene": "manager",
    "julien": "moderator",
    "sandra": "moderator",
    "tom": "trainee",
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database file, replayed once up to 14:20 on the bad-buzz day."""
    path = tmp_path_factory.mktemp("demo") / "vigie.db"
    db = open_database(f"sqlite:///{path}")
    DemoReplay(db).advance(MID_CRISIS)
    db.dispose()  # closing the last connection folds the WAL into the file: safe to copy
    return path


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo database."""
    path = tmp_path / "vigie.db"
    shutil.copy(demo_file, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.dispose()


def settings_for(**overrides: object) -> ConsoleSettings:
    """Settings pointing at the sample charter and plan, with a fixed secret."""
    values: dict[str, object] = {
        "secret_key": "test-secret-" + "x" * 40,
        "charter_path": CHARTER,
        "playbook_path": PLAYBOOK,
        "charters_dir": ROOT / "charters",
        "drills_dir": ROOT / "playbooks" / "drills",
        "models_dir": None,
    }
    values.update(overrides)
    return ConsoleSettings(**values)  # type: ignore[arg-type]


def cheap_passwords() -> Passwords:
    """argon2id with test-sized parameters: the same algorithm, a fraction of the time."""
    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def add_accounts(db: Database, clock: ManualClock) -> None:
    """One account per role (and a second moderator), all with PASSWORD."""
    accounts, hashed = ConsoleAccounts(db), cheap_passwords().hash(PASSWORD)
    for name, role in ACCOUNTS.items():
        lang = "en" if name == "sandra" else "fr"
        accounts.add(name, hashed, role, lang, clock.now(), "test")


@dataclass
class Console:
    """The application under test with its clock and database."""

    client: TestClient
    clock: ManualClock
    db: Database

    def login(self, name: str, password: str = PASSWORD) -> TestClient:
        """Log `name` in on this client (cookies kept); returns the client."""
        token = csrf_of(self.client.get("/login").text)
        response = self.client.post(
            "/login",
            data={"name": name, "password": password, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return self.client

    def csrf(self, path: str = "/queue") -> str:
        """The CSRF token of the logged-in session, read from a page."""
        return csrf_of(self.client.get(path).text)


def csrf_of(html: str) -> str:
    """The first CSRF token of a page."""
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@pytest.fixture
def clock() -> ManualClock:
    """The console's clock, a minute after the replay stopped."""
    return ManualClock(MID_CRISIS + timedelta(minutes=1))


@pytest.fixture
def console(db: Database, clock: ManualClock) -> Iterator[Console]:
    """The console on the demo copy, with accounts, and a client (not logged in)."""
    add_accounts(db, clock)
    app = create_app(db, clock, settings_for(), cheap_passwords())
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Console(client, clock, db)
