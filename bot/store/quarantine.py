"""The quarantine (dead-letter) of decisions the store could not take: the message is kept by
reference with the reason, and one case puts it before the moderators, once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from bot.core.decision import Decision
from bot.store.database import Database
from bot.store.dialect import insert_on_conflict
from bot.store.tables import CASES, QUARANTINE, CaseKind, CaseStatus

_MARK = "…"


@dataclass(frozen=True, slots=True)
class QuarantinedMessage:
    """A message that was decided but could not be recorded."""

    key: str
    platform: str
    community: str
    message_id: str
    author_id: str
    ts: datetime
    reason: str
    at: datetime


def _fit(value: str, limit: int) -> str:
    """`value` storable in a column of `limit` characters (the mark says it was cut)."""
    value = value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return value if len(value) <= limit else value[: limit - 1] + _MARK


def quarantine_key(decision: Decision) -> str:
    """A fixed-size key of the message version, whatever its ids hold."""
    m = decision.message
    raw = f"{m.key}#{m.version}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


class Quarantine:
    """Writes and lists the quarantined messages."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, decision: Decision, reason: str, at: datetime) -> bool:
        """Quarantine the decision's message; True the first time (a case is opened for the
        moderators then), False when it was already there."""
        m = decision.message
        row = {
            "key": quarantine_key(decision),
            "platform": _fit(m.platform, 32),
            "community": _fit(m.community, 128),
            "message_id": _fit(m.id, 128),
            "author_id": _fit(m.author.id, 128),
            "ts": m.ts,
            "reason": _fit(reason, 2000),
            "at": at,
        }
        with self._db.begin() as connection:
            statement = (
                insert_on_conflict(connection, QUARANTINE)
                .values(**row)
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(QUARANTINE.c.id)
            )
            if connection.execute(statement).first() is None:
                return False
            connection.execute(insert(CASES), _case_row(row, decision.severity))
        return True

    def all(self) -> list[QuarantinedMessage]:
        """Every quarantined message, oldest first."""
        query = select(QUARANTINE).order_by(QUARANTINE.c.id)
        with self._db.read() as connection:
            return [_entry(row) for row in connection.execute(query)]


def _case_row(row: dict[str, Any], severity: int) -> dict[str, Any]:
    return {
        "kind": CaseKind.ESCALATION.value,
        "status": CaseStatus.OPEN.value,
        "community": row["community"],
        "platform": row["platform"],
        "message_id": row["message_id"],
        "author_id": row["author_id"],
        "severity": max(severity, 1),
        "reason": f"not recorded, quarantined / non enregistré, en quarantaine: {row['reason']}",
        "created_at": row["at"],
    }


def _entry(row: Any) -> QuarantinedMessage:
    return QuarantinedMessage(
        row.key,
        row.platform,
        row.community,
        row.message_id,
        row.author_id,
        row.ts,
        row.reason,
        row.at,
    )


def remove_author(connection: Connection, user_id: str) -> int:
    """Forget an author's quarantined messages (erasure), in the caller's transaction."""
    result = connection.execute(QUARANTINE.delete().where(QUARANTINE.c.author_id == user_id))
    return result.rowcount
