"""What operators ask the database, on SQLite and PostgreSQL: the retention purge limited to some
communities and its dry run, the outbox depth, and the schema's migration status."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.store.audit import AuditLog
from bot.store.database import Database
from bot.store.operations import (
    crisis_levels,
    escalations_waiting,
    migration_heads,
    outbox_depth,
    schema_status,
)
from bot.store.recorder import DecisionRecorder
from bot.store.retention import Retention
from bot.store.tables import MESSAGES
from tests.store.builders import T0, action, decision, message

DAY = timedelta(days=1)


def record(db: Database) -> None:
    """One old message with a pending deletion in each of two communities."""
    recorder = DecisionRecorder(db, strike_ttl=30 * DAY)
    for community, platform in (("111", "discord"), ("-222", "telegram")):
        msg = message(f"m{community}", community=community, platform=platform)
        recorder.record([decision(msg, actions=(action(msg, "delete"),))])


def texts(db: Database) -> dict[str, str | None]:
    with db.read() as connection:
        rows = connection.execute(select(MESSAGES.c.community, MESSAGES.c.text))
        return dict(rows.all())


def test_a_purge_limited_to_a_community_leaves_the_others(db: Database) -> None:
    record(db)
    retention = Retention(db)
    dry = retention.purge(T0 + 40 * DAY, 30 * DAY, 60 * DAY, communities=["111"], dry_run=True)
    assert dry.texts_erased == 1
    assert texts(db) == {"111": "bonjour", "-222": "bonjour"}  # the dry run changed nothing
    assert AuditLog(db).entries(action="retention.purge") == []

    done = retention.purge(T0 + 40 * DAY, 30 * DAY, 60 * DAY, communities=["111"], actor="t")
    assert done == dry
    assert texts(db) == {"111": None, "-222": "bonjour"}
    (entry,) = AuditLog(db).entries(action="retention.purge")
    assert entry.actor == "t" and entry.detail["communities"] == ["111"]


def test_the_figures_behind_the_metrics(db: Database) -> None:
    record(db)
    assert outbox_depth(db) == {"discord": 1, "telegram": 1}
    assert escalations_waiting(db) == {} and dict(crisis_levels(db)) == {}


def test_a_migrated_database_is_up_to_date(db: Database) -> None:
    status = schema_status(db.engine)
    assert status.up_to_date and not status.fresh and status.current == migration_heads()
