"""The audit log: who changed what, when. Appended to by every repository method that records a
human's act (taking or deciding a case, removing a strike, deleting a user's data); never purged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from bot.store.database import Database
from bot.store.tables import AUDIT_LOG


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


def write_audit(
    connection: Connection,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any],
    at: datetime,
) -> None:
    """Append an entry inside the caller's transaction, so the act and its trace commit together.

    Keep `detail` free of personal data (no message text, no note text): the log outlives them.
    """
    connection.execute(
        insert(AUDIT_LOG).values(at=at, actor=actor, action=action, target=target, detail=detail)
    )


class AuditLog:
    """Reads and appends the audit log."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def append(
        self, actor: str, action: str, target: str, detail: dict[str, Any], at: datetime
    ) -> None:
        """Append one entry in its own transaction."""
        with self._db.begin() as connection:
            write_audit(connection, actor, action, target, detail, at)

    def entries(
        self,
        *,
        target: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        limit: int = 100,
    ) -> list[AuditEntry]:
        """The latest entries first; only those about `target`, by `actor`, of `action` if given."""
        query = select(AUDIT_LOG).order_by(AUDIT_LOG.c.id.desc()).limit(limit)
        for column, value in (("target", target), ("actor", actor), ("action", action)):
            if value is not None:
                query = query.where(AUDIT_LOG.c[column] == value)
        with self._db.read() as connection:
            return [AuditEntry(**row._asdict()) for row in connection.execute(query)]
