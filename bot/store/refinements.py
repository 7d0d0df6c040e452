"""The second stage's writes: an escalation case opened for a message the fast path let through,
or the second reading noted on the case of a held message. Each is written with its audit entry
in one transaction, once per message version: the audit log (target `message:…`, action
`second_stage.*`) is the record that makes a redelivery or a replay change nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from bot.moderation.second_stage import Kind, Refinement
from bot.store.audit import write_audit
from bot.store.database import Database
from bot.store.tables import (
    ACTIVE_CASE_STATUSES,
    AUDIT_LOG,
    CASE_NOTES,
    CASES,
    DECISIONS,
    CaseKind,
    CaseStatus,
)

ACTOR = "vigie:second-stage"
URGENT = timedelta(minutes=30)
NORMAL = timedelta(hours=4)
_ACTIVE = [s.value for s in ACTIVE_CASE_STATUSES]


def audit_action(kind: Kind) -> str:
    """The audit log's action for a refinement of this kind."""
    return f"second_stage.{kind.value}"


class RefinementStore:
    """Applies refinements (see the module docstring)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def apply(self, refinement: Refinement, text: str, at: datetime) -> int | None:
        """Write `refinement` (its case reason or note is `text`); the case id it opened or
        annotated, or None when it was applied before or the held message has no open case."""
        with self._db.begin() as connection:
            if self._applied(connection, refinement):
                return None
            decision_id = self._decision_id(connection, refinement)
            if refinement.kind is Kind.ESCALATE:
                case_id: int | None = self._open(connection, refinement, decision_id, text, at)
            else:
                case_id = self._note(connection, decision_id, text, at)
            detail: dict[str, Any] = {"scores": dict(refinement.scores), "case": case_id}
            detail |= {"crossed": list(refinement.crossed), "urgent": refinement.urgent}
            write_audit(
                connection, ACTOR, audit_action(refinement.kind), refinement.target, detail, at
            )
        return case_id

    def applied(self, refinement: Refinement) -> bool:
        """Whether this refinement was written already."""
        with self._db.read() as connection:
            return self._applied(connection, refinement)

    @staticmethod
    def _applied(connection: Connection, refinement: Refinement) -> bool:
        query = select(AUDIT_LOG.c.id).where(
            AUDIT_LOG.c.target == refinement.target,
            AUDIT_LOG.c.action == audit_action(refinement.kind),
        )
        return connection.execute(query.limit(1)).first() is not None

    @staticmethod
    def _decision_id(connection: Connection, refinement: Refinement) -> int | None:
        query = select(DECISIONS.c.id).where(
            DECISIONS.c.platform == refinement.platform,
            DECISIONS.c.community == refinement.community,
            DECISIONS.c.message_id == refinement.message_id,
            DECISIONS.c.version == refinement.version,
        )
        found = connection.execute(query.limit(1)).scalar()
        return int(found) if found is not None else None

    @staticmethod
    def _open(
        connection: Connection,
        refinement: Refinement,
        decision_id: int | None,
        reason: str,
        at: datetime,
    ) -> int:
        row = {
            "kind": CaseKind.ESCALATION.value,
            "status": CaseStatus.OPEN.value,
            "community": refinement.community,
            "platform": refinement.platform,
            "channel": refinement.channel,
            "message_id": refinement.message_id,
            "decision_id": decision_id,
            "author_id": refinement.author_id,
            "severity": 3 if refinement.urgent else 1,
            "reason": reason[:1000],
            "deadline": at + (URGENT if refinement.urgent else NORMAL),
            "created_at": at,
        }
        case_id = connection.execute(insert(CASES).values(**row).returning(CASES.c.id))
        return int(case_id.scalar_one())

    @staticmethod
    def _note(
        connection: Connection, decision_id: int | None, text: str, at: datetime
    ) -> int | None:
        if decision_id is None:
            return None
        query = select(CASES.c.id).where(
            CASES.c.decision_id == decision_id, CASES.c.status.in_(_ACTIVE)
        )
        case_id = connection.execute(query.order_by(CASES.c.id).limit(1)).scalar()
        if case_id is None:  # decided already: the moderator was quicker
            return None
        values = {"case_id": case_id, "author": ACTOR, "at": at, "text": text}
        connection.execute(insert(CASE_NOTES).values(**values))
        return int(case_id)
