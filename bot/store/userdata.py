"""One person's data, on request (GDPR art. 15 and 17, as the CNIL applies them): everything the
store holds about a member as JSON, and the erasure of what they wrote and who they are."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, delete, func, select, true, update

from bot.core.timeparse import isoformat
from bot.store.audit import write_audit
from bot.store.database import Database
from bot.store.quarantine import remove_author
from bot.store.redaction import erase_message_text
from bot.store.tables import (
    ACTIONS,
    CASE_NOTES,
    CASES,
    DECISIONS,
    MESSAGES,
    STRIKES,
    ActionStatus,
    CaseKind,
    same_message,
)

ERASED_NOTE = "[effacé à la demande du membre / erased at the member's request]"

# Who handled a case is the moderators' personal data, not the member's: an export leaves it out.
_CASE_FIELDS = (
    *("id", "kind", "status", "community", "platform", "channel", "message_id", "decision_id"),
    *("rule", "severity", "reason", "created_at", "decided_at", "verdict"),
)


@dataclass(frozen=True, slots=True)
class DeletionReport:
    """What deleting a member's data changed."""

    messages_erased: int = 0
    decisions_redacted: int = 0
    strikes_deleted: int = 0
    appeals_erased: int = 0
    actions_deleted: int = 0
    notes_erased: int = 0
    pending_actions_cancelled: int = 0
    quarantined_deleted: int = 0


def _json_ready(value: Any) -> Any:
    if isinstance(value, datetime):
        return isoformat(value)
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    return value


def _rows(connection: Connection, query: Any, drop: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [
        {key: _json_ready(value) for key, value in row._mapping.items() if key not in drop}
        for row in connection.execute(query)
    ]


class UserData:
    """Export and erasure of one member's data."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def export_user(self, community: str | None, user_id: str) -> dict[str, Any]:
        """Everything about `user_id` (in one community, or all): messages, decisions about them,
        strikes, cases about them with their notes, and their appeals. JSON-ready."""
        in_community = (lambda column: column == community) if community else (lambda _: true())
        with self._db.read() as connection:
            by_author = and_(MESSAGES.c.author_id == user_id, in_community(MESSAGES.c.community))
            cases = self._cases(connection, user_id, in_community(CASES.c.community))
            return {
                "user_id": user_id,
                "community": community,
                "messages": _rows(connection, select(MESSAGES).where(by_author), ("id",)),
                "decisions": self._decisions(connection, by_author),
                "strikes": _rows(
                    connection,
                    select(STRIKES).where(
                        STRIKES.c.user_id == user_id, in_community(STRIKES.c.community)
                    ),
                    ("removed_by",),
                ),
                "cases": [case for case in cases if case["kind"] != CaseKind.APPEAL.value],
                "appeals": [case for case in cases if case["kind"] == CaseKind.APPEAL.value],
            }

    def delete_user(self, user_id: str, at: datetime, actor: str) -> DeletionReport:
        """Erase the member: the texts and names of their messages, every quote of them (decision
        traces, notices, stored actions, moderators' notes on cases about them), their strikes,
        their outbox rows (pending ones are cancelled: the request comes from a moderator, who
        may run the dispatcher first), their quarantined messages; their id is replaced by a
        random pseudonym wherever a row must stay. The audit log keeps that a deletion happened,
        and its counts, without naming the member."""
        pseudonym = f"erased-{secrets.token_hex(8)}"
        with self._db.begin() as connection:
            erased, redacted = erase_message_text(
                connection, MESSAGES.c.author_id == user_id, at, names=True, pseudonym=pseudonym
            )
            strikes = connection.execute(delete(STRIKES).where(STRIKES.c.user_id == user_id))
            appeals = connection.execute(
                update(CASES)
                .where(CASES.c.kind == CaseKind.APPEAL.value, CASES.c.author_id == user_id)
                .values(text=None)
            )
            notes = connection.execute(
                update(CASE_NOTES)
                .where(
                    CASE_NOTES.c.case_id.in_(select(CASES.c.id).where(CASES.c.author_id == user_id))
                )
                .values(text=ERASED_NOTE)
            )
            connection.execute(
                update(CASES).where(CASES.c.author_id == user_id).values(author_id=pseudonym)
            )
            connection.execute(
                update(MESSAGES).where(MESSAGES.c.author_id == user_id).values(author_id=pseudonym)
            )
            pending = connection.execute(
                select(func.count()).where(
                    ACTIONS.c.user_id == user_id, ACTIONS.c.status == ActionStatus.PENDING.value
                )
            ).scalar_one()
            actions = connection.execute(delete(ACTIONS).where(ACTIONS.c.user_id == user_id))
            quarantined = remove_author(connection, user_id)
            report = DeletionReport(
                erased,
                redacted,
                strikes.rowcount,
                appeals.rowcount,
                actions.rowcount,
                notes.rowcount,
                int(pending),
                quarantined,
            )
            write_audit(connection, actor, "user.delete", "user", asdict(report), at)
        self._db.forget_erased()
        return report

    @staticmethod
    def _decisions(connection: Connection, by_author: ColumnElement[bool]) -> list[dict[str, Any]]:
        query = (
            select(DECISIONS)
            .join(
                MESSAGES,
                same_message(DECISIONS),
            )
            .where(by_author)
            .order_by(DECISIONS.c.at, DECISIONS.c.id)
        )
        return _rows(connection, query)

    @staticmethod
    def _cases(
        connection: Connection, user_id: str, in_community: ColumnElement[bool]
    ) -> list[dict[str, Any]]:
        columns = [CASES.c[name] for name in _CASE_FIELDS] + [CASES.c.text]
        query = (
            select(*columns)
            .where(CASES.c.author_id == user_id, in_community)
            .order_by(CASES.c.created_at, CASES.c.id)
        )
        cases = _rows(connection, query)
        notes = connection.execute(
            select(CASE_NOTES.c.case_id, CASE_NOTES.c.at, CASE_NOTES.c.text)
            .where(CASE_NOTES.c.case_id.in_([case["id"] for case in cases]))
            .order_by(CASE_NOTES.c.id)
        )
        by_case: dict[int, list[dict[str, Any]]] = {}
        for note in notes:
            by_case.setdefault(note.case_id, []).append(
                {"at": isoformat(note.at), "text": note.text}
            )
        return [case | {"notes": by_case.get(case["id"], [])} for case in cases]
