"""What the operators of a deployment ask the database: is the schema up to date (migrations are
explicit: a running service never upgrades a production database on its own), a consistent copy of
a SQLite file while the bots write to it, and the figures behind the health check and the metrics
(outbox depth, escalations waiting for an acknowledgement, crisis level per community)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, inspect, select, text

from bot.store.crisis_tables import CrisisStateRow, EscalationRow
from bot.store.database import MIGRATIONS, Database
from bot.store.tables import ACTIONS, ActionStatus

ESCALATION_OPEN = "open"  # bot.crisis.escalation.OPEN: the store does not import the crisis floor


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where the database's schema stands against the migrations this version ships."""

    current: tuple[str, ...]
    heads: tuple[str, ...]
    has_tables: bool

    @property
    def fresh(self) -> bool:
        """An empty database (no table at all): creating the schema loses nothing."""
        return not self.current and not self.has_tables

    @property
    def up_to_date(self) -> bool:
        """The schema is at the latest migration."""
        return set(self.current) == set(self.heads)


def migration_heads() -> tuple[str, ...]:
    """The latest revision(s) of the migrations shipped with this version."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return tuple(ScriptDirectory.from_config(config).get_heads())


def schema_status(engine: Engine) -> SchemaStatus:
    """The revision the database is at, the latest one, and whether it holds any table."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
        has_tables = bool(inspect(connection).get_table_names())
    return SchemaStatus(tuple(current), migration_heads(), has_tables)


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy the SQLite database file `source` to `target` with SQLite's online backup
    (consistent even while the bots write, WAL included); return the copy's size in bytes."""
    if not source.is_file():
        raise FileNotFoundError(2, "no such database", str(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            origin.backup(destination)
        finally:
            destination.close()
    finally:
        origin.close()
    return target.stat().st_size


def ping(db: Database) -> None:
    """A round trip to the database (raises SQLAlchemyError when it cannot be reached)."""
    with db.read() as connection:
        connection.execute(text("SELECT 1"))


def outbox_depth(db: Database) -> dict[str, int]:
    """Actions waiting in the outbox, per platform."""
    query = (
        select(ACTIONS.c.platform, func.count())
        .where(ACTIONS.c.status == ActionStatus.PENDING.value)
        .group_by(ACTIONS.c.platform)
    )
    with db.read() as connection:
        return {str(platform): int(count) for platform, count in connection.execute(query)}


def escalations_waiting(db: Database) -> dict[str, int]:
    """Crisis escalations not yet acknowledged, per community."""
    table = EscalationRow.__table__
    query = (
        select(table.c.community, func.count())
        .where(table.c.status == ESCALATION_OPEN)
        .group_by(table.c.community)
    )
    with db.read() as connection:
        return {str(community): int(count) for community, count in connection.execute(query)}


def crisis_levels(db: Database) -> Mapping[str, int]:
    """The crisis level each community's monitor last recorded."""
    table = CrisisStateRow.__table__
    with db.read() as connection:
        rows = connection.execute(select(table.c.community, table.c.level))
        return {str(community): int(level) for community, level in rows}
