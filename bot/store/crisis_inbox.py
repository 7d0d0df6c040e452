"""The crisis command inbox (the outbox's twin: commands a person gave, waiting for the process
that owns the community's monitor) and the leases that say which process owns what.

A lease is a row (name, holder, expires_at, generation) taken with one conditional UPDATE: free,
expired or already ours. On PostgreSQL the UPDATE locks the row, so two processes racing for an
expired lease serialise and exactly one wins; on SQLite the database's single writer does the same.
Times come from the caller's clock: processes sharing a database must keep their clocks in sync
(NTP), and the lease time must be much longer than their drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, insert, or_, select, update

from bot.crisis.commands import Command
from bot.store.crisis_tables import CRISIS_COMMANDS, LEASES
from bot.store.database import Database
from bot.store.dialect import insert_on_conflict

PENDING, APPLIED, REFUSED = "pending", "applied", "refused"


@dataclass(frozen=True, slots=True)
class Queued:
    """A command in the inbox, with its id (the order of application) and where it stands."""

    id: int
    command: Command
    status: str = PENDING
    result: dict[str, Any] | None = None


class SqlCommandInbox:
    """Commands waiting for a community's owner; see the module docstring."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, command: Command) -> int:
        """Queue a command; its id orders it after every command queued before."""
        row = {
            "community": command.community,
            "kind": command.kind,
            "by": command.by,
            "at": command.at,
            "payload": command.to_dict(),
            "status": PENDING,
        }
        with self._db.begin() as connection:
            return int(
                connection.execute(
                    insert(CRISIS_COMMANDS).returning(CRISIS_COMMANDS.c.id), row
                ).scalar_one()
            )

    def pending(self, communities: list[str] | None = None, limit: int = 100) -> list[Queued]:
        """The commands not applied yet (of these communities), in the order they were given."""
        query = (
            select(CRISIS_COMMANDS.c.id, CRISIS_COMMANDS.c.payload)
            .where(CRISIS_COMMANDS.c.status == PENDING)
            .order_by(CRISIS_COMMANDS.c.id)
            .limit(limit)
        )
        if communities is not None:
            query = query.where(CRISIS_COMMANDS.c.community.in_(communities))
        with self._db.read() as connection:
            return [Queued(r.id, Command.from_dict(r.payload)) for r in connection.execute(query)]

    def get(self, command_id: int) -> Queued | None:
        """One command and where it stands."""
        query = select(CRISIS_COMMANDS).where(CRISIS_COMMANDS.c.id == command_id)
        with self._db.read() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return Queued(row.id, Command.from_dict(row.payload), row.status, row.result)

    def history(self, community: str, limit: int = 50) -> list[Queued]:
        """The last commands of a community, newest first."""
        query = (
            select(CRISIS_COMMANDS)
            .where(CRISIS_COMMANDS.c.community == community)
            .order_by(CRISIS_COMMANDS.c.id.desc())
            .limit(limit)
        )
        with self._db.read() as connection:
            return [
                Queued(r.id, Command.from_dict(r.payload), r.status, r.result)
                for r in connection.execute(query)
            ]


class SqlLeases:
    """Named leases in the database; see the module docstring."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def acquire(self, name: str, holder: str, now: datetime, ttl: timedelta) -> int | None:
        """Take or renew the lease until `now + ttl`; its generation, or None if another
        holder's lease has not expired. A takeover increments the generation."""
        with self._db.begin() as connection:
            created = connection.execute(
                insert_on_conflict(connection, LEASES)
                .values(name=name, holder=holder, expires_at=now + ttl, generation=1)
                .on_conflict_do_nothing(index_elements=["name"])
            ).rowcount
            if created == 1:
                return 1
            taken = connection.execute(
                update(LEASES)
                .where(
                    LEASES.c.name == name,
                    or_(LEASES.c.holder == holder, LEASES.c.expires_at <= now),
                )
                .values(
                    holder=holder,
                    expires_at=now + ttl,
                    generation=case(
                        (LEASES.c.holder == holder, LEASES.c.generation),
                        else_=LEASES.c.generation + 1,
                    ),
                )
                .returning(LEASES.c.generation)
            ).first()
        return None if taken is None else int(taken[0])

    def release(self, name: str, holder: str, now: datetime) -> None:
        """Give the lease up at once (a clean shutdown: the standby need not wait it out)."""
        with self._db.begin() as connection:
            connection.execute(
                update(LEASES)
                .where(LEASES.c.name == name, LEASES.c.holder == holder)
                .values(expires_at=now)
            )

    def holder(self, name: str, now: datetime) -> str | None:
        """Who holds the lease now (None: free or expired)."""
        query = select(LEASES.c.holder).where(LEASES.c.name == name, LEASES.c.expires_at > now)
        with self._db.read() as connection:
            return connection.execute(query).scalar_one_or_none()

    def held(self, prefix: str, now: datetime) -> dict[str, str]:
        """Every live lease whose name starts with `prefix`: name -> holder."""
        query = select(LEASES.c.name, LEASES.c.holder).where(
            LEASES.c.name.like(f"{prefix}%"), LEASES.c.expires_at > now
        )
        with self._db.read() as connection:
            return {row.name: row.holder for row in connection.execute(query)}


def count_pending(db: Database) -> int:
    """How many commands wait in the inbox (for health checks and tests)."""
    query = (
        select(func.count()).select_from(CRISIS_COMMANDS).where(CRISIS_COMMANDS.c.status == PENDING)
    )
    with db.read() as connection:
        return int(connection.execute(query).scalar_one())
