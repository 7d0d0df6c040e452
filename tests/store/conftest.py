"""Every store test runs on SQLite (a temporary file) and on PostgreSQL (a fresh schema per test).

PostgreSQL comes from `VIGIE_TEST_POSTGRES_URL`. Without it, or when the server does not answer,
the postgres variants are skipped with the reason, except under `CI=true`, where they fail: CI
must prove the PostgreSQL path.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.store.database import Database, describe_error, mask_url, open_database

POSTGRES_ENV = "VIGIE_TEST_POSTGRES_URL"


@dataclass
class Backend:
    """An open test database, and the way to open more connections to the same one."""

    name: str
    url: str
    schema: str | None = None
    opened: list[Database] = field(default_factory=list)

    def open(self) -> Database:
        """Open (and migrate, a no-op after the first time) another Database on the same data."""
        database = open_database(self.url, schema=self.schema)
        self.opened.append(database)
        return database

    def close(self) -> None:
        """Dispose of every Database opened here."""
        for database in self.opened:
            database.dispose()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL URL to test against, once it answered; skips (fails in CI) otherwise."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        _unavailable(f"PostgreSQL not configured: set {POSTGRES_ENV}")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")  # the driver we ship
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to reach the server means the same thing here
        _unavailable(f"PostgreSQL not reachable at {mask_url(url)}: {describe_error(exc, url)}")
    finally:
        engine.dispose()
    return url


@contextmanager
def _postgres_schema(url: str) -> Iterator[Backend]:
    """A Backend in a schema of its own, dropped afterwards (tests never see each other's rows)."""
    schema = f"vigie_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    current = Backend("postgres", url, schema)
    try:
        yield current
    finally:
        current.close()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A freshly migrated, empty database on each backend."""
    if request.param == "sqlite":
        current = Backend("sqlite", f"sqlite:///{tmp_path}/vigie.db")
        yield current
        current.close()
        return
    with _postgres_schema(request.getfixturevalue("postgres_url")) as current:
        yield current


@pytest.fixture
def postgres_backend(postgres_url: str) -> Iterator[Backend]:
    """A fresh PostgreSQL schema only, for what SQLite cannot do (row locks)."""
    with _postgres_schema(postgres_url) as current:
        yield current


@pytest.fixture
def db(backend: Backend) -> Database:
    """The test database, opened once."""
    return backend.open()
