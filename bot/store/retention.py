"""Retention: message text is kept only as long as the charter says, finished cases and expired
strikes are deleted after their time; decisions (redacted) and the audit log are kept."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, delete, exists, or_, select, true

from bot.store.audit import write_audit
from bot.store.database import Database
from bot.store.redaction import erase_message_text, redact_outbox
from bot.store.tables import (
    ACTIONS,
    ACTIVE_CASE_STATUSES,
    CASE_NOTES,
    CASES,
    FINISHED_CASE_STATUSES,
    MESSAGES,
    STRIKES,
    ActionStatus,
    same_message,
)

EVIDENCE_SEVERITY = 4


def _held_as_evidence(evidence_cutoff: datetime) -> ColumnElement[bool]:
    """Messages that a case still needs: an active case, or a severe one within `evidence_ttl`."""
    active = CASES.c.status.in_([status.value for status in ACTIVE_CASE_STATUSES])
    severe = and_(CASES.c.severity >= EVIDENCE_SEVERITY, MESSAGES.c.ts >= evidence_cutoff)
    return exists().where(same_message(CASES), or_(active, severe))


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """How many rows one purge changed or deleted."""

    texts_erased: int = 0
    decisions_redacted: int = 0
    actions_deleted: int = 0
    cases_deleted: int = 0
    notes_deleted: int = 0
    strikes_deleted: int = 0


class Retention:
    """Applies the retention periods; run it periodically (it only touches what expired)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def purge(
        self,
        now: datetime,
        message_text_ttl: timedelta,
        case_ttl: timedelta,
        evidence_ttl: timedelta | None = None,
        *,
        communities: Collection[str] | None = None,
        dry_run: bool = False,
        actor: str = "retention",
    ) -> PurgeReport:
        """Erase message text older than `message_text_ttl` (the row and its decisions stay,
        redacted), delete the finished outbox rows of that age (their notices quote the text),
        delete finished cases older than `case_ttl` with their notes, and expired strikes.

        Text that is evidence is kept longer: a message under an active case until the case is
        decided, and a message of a severity-4 case (threats: what the authorities may ask for)
        for `evidence_ttl`. `communities` limits the purge to those (each community its own
        charter's periods); `dry_run` counts what would go and changes nothing.
        """
        text_cutoff, case_cutoff = now - message_text_ttl, now - case_ttl
        scope = _Scope(communities)
        expired = and_(
            MESSAGES.c.ts < text_cutoff,
            ~_held_as_evidence(now - (evidence_ttl or message_text_ttl)),
            scope.of(MESSAGES),
        )
        with self._transaction(dry_run) as connection:
            erased, redacted = erase_message_text(connection, expired, now)
            # A pending action as old as an erased text must not keep quoting it in its notice.
            redact_outbox(
                connection,
                and_(
                    ACTIONS.c.status == ActionStatus.PENDING.value,
                    ACTIONS.c.created_at < text_cutoff,
                ),
            )
            actions = connection.execute(
                delete(ACTIONS).where(
                    ACTIONS.c.status != ActionStatus.PENDING.value,
                    ACTIONS.c.done_at < text_cutoff,
                    scope.of(ACTIONS),
                )
            ).rowcount
            notes, cases = self._delete_cases(connection, case_cutoff, scope)
            strikes = connection.execute(
                delete(STRIKES).where(STRIKES.c.expires_at <= now, scope.of(STRIKES))
            )
            report = PurgeReport(erased, redacted, actions, cases, notes, strikes.rowcount)
            detail = {**asdict(report), **scope.detail()}
            write_audit(connection, actor, "retention.purge", "store", detail, now)
        return report

    @contextmanager
    def _transaction(self, dry_run: bool) -> Iterator[Connection]:
        """The purge's transaction: committed, or rolled back after counting (dry run)."""
        if not dry_run:
            with self._db.begin() as connection:
                yield connection
            return
        with self._db.engine.connect() as connection:
            transaction = connection.begin()
            try:
                yield connection
            finally:
                transaction.rollback()

    @staticmethod
    def _delete_cases(connection: Connection, cutoff: datetime, scope: _Scope) -> tuple[int, int]:
        """Delete the cases finished before `cutoff` and their notes; return (notes, cases)."""
        old = select(CASES.c.id).where(
            CASES.c.status.in_([s.value for s in FINISHED_CASE_STATUSES]),
            or_(
                CASES.c.decided_at < cutoff,
                and_(CASES.c.decided_at.is_(None), CASES.c.created_at < cutoff),
            ),
            scope.of(CASES),
        )
        # Notes first: the cascade would delete them too, but their count belongs in the report.
        notes = connection.execute(delete(CASE_NOTES).where(CASE_NOTES.c.case_id.in_(old)))
        cases = connection.execute(delete(CASES).where(CASES.c.id.in_(old)))
        return notes.rowcount, cases.rowcount


@dataclass(frozen=True, slots=True)
class _Scope:
    """The communities a purge applies to (None: all of them)."""

    communities: Collection[str] | None

    def of(self, table: Table) -> ColumnElement[bool]:
        """The condition limiting `table`'s rows to the scope."""
        if self.communities is None:
            return true()
        return table.c.community.in_(sorted(self.communities))

    def detail(self) -> dict[str, Any]:
        """What the audit log says of the scope."""
        return {} if self.communities is None else {"communities": sorted(self.communities)}
