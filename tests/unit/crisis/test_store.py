"""The crisis tables: the migration creates exactly what the models say, and the SQL store keeps
what the memory store keeps (the same report from both)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import bot.store.crisis_tables  # noqa: F401  (registers the crisis tables on the Base)
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.report import build_report, render_markdown
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import MIGRATIONS, open_database, upgrade
from bot.store.tables import Base
from tests.unit.crisis.helpers import T0, calm, complaints, feed, playbook


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'v.db'}")
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        tables = set(inspect(connection).get_table_names())
    assert {
        "crisis_state",
        "crisis_incidents",
        "crisis_events",
        "crisis_escalations",
        "crisis_statements",
        "crisis_samples",
    } <= tables


def test_the_crisis_migration_goes_down_and_up(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'v.db'}")
    upgrade(db.engine, "0001")  # already past it: nothing to do
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    with db.engine.connect() as connection:
        assert "crisis_incidents" not in inspect(connection).get_table_names()
    upgrade(db.engine)
    with db.engine.connect() as connection:
        assert "crisis_incidents" in inspect(connection).get_table_names()


def test_sql_and_memory_stores_give_the_same_report(tmp_path: Path) -> None:
    stream = [*calm(T0, 240), *complaints(T0 + timedelta(hours=1), 25)]
    memory = CrisisMonitor(playbook())
    feed(memory, stream)
    sql = CrisisMonitor(playbook(), SqlCrisisStore(open_database(f"sqlite:///{tmp_path}/v.db")))
    feed(sql, stream)
    [incident] = memory.store.incidents()
    assert [i.id for i in sql.store.incidents()] == [incident.id]
    render = [
        render_markdown(build_report(m.store, incident.id, playbook()), {}) for m in (memory, sql)
    ]
    assert render[0] == render[1]
