"""Opening the database: URL from the environment, masked passwords, migrations on both backends."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from bot.store.database import (
    DEFAULT_URL,
    MIGRATIONS,
    Database,
    DatabaseError,
    database_url,
    mask_url,
    open_database,
    upgrade,
)
from bot.store.recorder import DecisionRecorder
from bot.store.schema import metadata
from bot.store.tables import DecisionRow, MessageRow
from tests.store.builders import T0, decision, message
from tests.store.conftest import Backend

TABLES = {"messages", "decisions", "actions", "strikes", "cases", "case_notes", "audit_log"}


def test_database_url_comes_from_the_environment() -> None:
    url = "postgresql+psycopg://vigie:pw@db/vigie"
    assert database_url({"VIGIE_DATABASE_URL": url}) == url


def test_database_url_defaults_to_a_sqlite_file_in_var(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert database_url({}) == DEFAULT_URL == "sqlite:///var/vigie.db"
    assert (tmp_path / "var").is_dir()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql+psycopg://vigie:s3cret@db:5432/vigie",
            "postgresql+psycopg://vigie:***@db:5432/vigie",
        ),
        ("postgresql+psycopg://vigie@db/vigie", "postgresql+psycopg://vigie@db/vigie"),
        ("sqlite:///var/vigie.db", "sqlite:///var/vigie.db"),
        ("not a url", "<unparseable database URL>"),
    ],
    ids=["password", "no-password", "sqlite", "garbage"],
)
def test_mask_url_hides_the_password(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_an_unreachable_server_is_reported_without_the_password() -> None:
    url = "postgresql+psycopg://vigie:s3cret-pw@127.0.0.1:1/vigie?connect_timeout=2"
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    assert "s3cret-pw" not in str(caught.value)
    assert "vigie:***@127.0.0.1:1" in str(caught.value)


def test_migrations_create_every_table_and_match_the_models(backend: Backend) -> None:
    db = backend.open()
    with db.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
        assert compare_metadata(MigrationContext.configure(connection), metadata()) == []
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert version == ScriptDirectory.from_config(config).get_current_head()


def test_opening_twice_is_harmless(backend: Backend) -> None:
    backend.open()
    db = backend.open()  # upgrade head on a migrated database does nothing
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


def test_migrations_go_down_and_up_again(backend: Backend) -> None:
    db = backend.open()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    with db.engine.connect() as connection:
        assert not TABLES & set(inspect(connection).get_table_names())
    upgrade(db.engine)
    with db.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path}/deep/er/vigie.db")  # folders are created
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000
    db.dispose()


def test_the_orm_models_read_what_the_repositories_wrote(db: Database) -> None:
    msg = message("m1", text="salut")
    DecisionRecorder(db, timedelta(days=1)).record([decision(msg, matched=False)])
    with db.session() as session:
        stored = session.scalars(select(MessageRow)).one()
        made = session.scalars(select(DecisionRow)).one()
    assert (stored.text, stored.ts, made.message_id, made.matched) == ("salut", T0, "m1", [])


@pytest.mark.postgres
def test_a_plain_postgresql_url_uses_psycopg(postgres_backend: Backend) -> None:
    plain = Backend("postgres", "postgresql://" + postgres_backend.url.split("://", 1)[1])
    plain.schema = postgres_backend.schema
    try:
        assert plain.open().engine.dialect.driver == "psycopg"
    finally:
        plain.close()


@pytest.mark.postgres
def test_the_urls_own_options_are_kept(postgres_backend: Backend) -> None:
    """A search_path given in the URL (how another process reaches a schema) is not replaced by
    the timeouts the store adds."""
    url = f"{postgres_backend.url}?options=-csearch_path%3D{postgres_backend.schema}"
    db = open_database(url)
    try:
        with db.read() as connection:
            assert connection.execute(text("SHOW search_path")).scalar() == postgres_backend.schema
    finally:
        db.dispose()
