"""The review queue: cases opened for humans (escalations, reports, appeals, crisis items), taken
by one moderator at a time, decided (four eyes on appeals), annotated, and shown as a case file."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Update, insert, select, update

from bot.store.appeals import check_appeal, insert_appeal, origin_of_case, origin_of_decision
from bot.store.audit import write_audit
from bot.store.casefile import (
    STATUS_OF_VERDICT,
    Case,
    CaseConflict,
    CaseFile,
    CaseNote,
    CaseNotFound,
    FourEyesViolation,
    Verdict,
)
from bot.store.database import Database
from bot.store.strikes import remove_strikes_in
from bot.store.tables import (
    ACTIVE_CASE_STATUSES,
    CASE_NOTES,
    CASES,
    DECISIONS,
    MESSAGES,
    CaseKind,
    CaseStatus,
)

_ACTIVE = [s.value for s in ACTIVE_CASE_STATUSES]


def _target(case_id: int) -> str:
    return f"case:{case_id}"


class CaseRepository:
    """Cases in the database. Every change made by a person is written to the audit log."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def open_case(
        self,
        kind: CaseKind | str,
        community: str,
        platform: str,
        at: datetime,
        *,
        actor: str = "vigie",
        **details: Any,
    ) -> int:
        """Open a case; `details` are columns of the case (channel, message_id, decision_id,
        rule, author_id, severity, reason, deadline). Returns the case id."""
        row = {"reason": "", "severity": 0, **details}
        row |= {"kind": CaseKind(kind).value, "community": community, "platform": platform}
        row |= {"status": CaseStatus.OPEN.value, "created_at": at}
        with self._db.begin() as connection:
            statement = insert(CASES).values(**row).returning(CASES.c.id)
            case_id = connection.execute(statement).scalar_one()
            write_audit(connection, actor, "case.open", _target(case_id), {"kind": row["kind"]}, at)
        return int(case_id)

    def list_open(
        self,
        *,
        community: str | None = None,
        rule: str | None = None,
        channel: str | None = None,
        platform: str | None = None,
        status: CaseStatus | str | None = None,
        kind: CaseKind | str | None = None,
        author_id: str | None = None,
        limit: int = 200,
    ) -> list[Case]:
        """The queue: active cases (or those of `status`), most severe first, then oldest first."""
        statuses = [CaseStatus(status).value] if status else [s.value for s in ACTIVE_CASE_STATUSES]
        query = select(CASES).where(CASES.c.status.in_(statuses))
        filters = {"community": community, "rule": rule, "channel": channel, "platform": platform}
        filters["kind"] = CaseKind(kind).value if kind else None
        filters["author_id"] = author_id
        for column, value in filters.items():
            if value is not None:
                query = query.where(CASES.c[column] == value)
        query = query.order_by(CASES.c.severity.desc(), CASES.c.created_at, CASES.c.id).limit(limit)
        with self._db.read() as connection:
            return [Case.from_row(row) for row in connection.execute(query)]

    def take(self, case_id: int, moderator: str, at: datetime) -> None:
        """Assign the case to `moderator`. Atomic: of two moderators taking it, one gets
        CaseConflict. Taking a case one already holds is a no-op."""
        with self._db.begin() as connection:
            case = self._load(connection, case_id)
            self._check_four_eyes(case, moderator)
            if case.assigned_to == moderator and case.status == CaseStatus.TAKEN:
                return
            # The WHERE clause is the lock: only one UPDATE can see assigned_to still NULL.
            result = connection.execute(
                update(CASES)
                .where(
                    CASES.c.id == case_id,
                    CASES.c.assigned_to.is_(None),
                    CASES.c.status.in_([CaseStatus.OPEN.value, CaseStatus.ESCALATED.value]),
                )
                .values(status=CaseStatus.TAKEN.value, assigned_to=moderator, assigned_at=at)
            )
            if result.rowcount != 1:
                raise CaseConflict(self._why_not_free(connection, case_id))
            write_audit(connection, moderator, "case.take", _target(case_id), {}, at)

    def decide(
        self,
        case_id: int,
        moderator: str,
        verdict: Verdict | str,
        at: datetime,
        note: str | None = None,
    ) -> None:
        """Confirm, overturn or escalate the case. An overturn removes the strikes of its decision.
        Raises FourEyesViolation when an appeal's original moderator tries to decide it."""
        verdict = Verdict(verdict)
        with self._db.begin() as connection:
            case = self._load(connection, case_id)
            self._check_four_eyes(case, moderator)
            self._claim_decision(connection, case_id, moderator, verdict, at)
            removed = 0
            if verdict is Verdict.OVERTURN and case.decision_id is not None:
                removed = remove_strikes_in(connection, [case.decision_id], moderator, at)
            if note:
                self._insert_note(connection, case_id, moderator, note, at)
            detail = {"verdict": verdict.value, "strikes_removed": removed}
            write_audit(connection, moderator, "case.decide", _target(case_id), detail, at)

    def close(self, case_id: int, moderator: str, at: datetime, note: str | None = None) -> None:
        """Close an active case without a verdict (a report with nothing to act on, a crisis item
        handled elsewhere)."""
        with self._db.begin() as connection:
            self._load(connection, case_id)
            result = connection.execute(
                self._active_by(case_id, moderator).values(
                    status=CaseStatus.CLOSED.value, decided_by=moderator, decided_at=at
                )
            )
            if result.rowcount != 1:
                raise CaseConflict(self._why_not_free(connection, case_id))
            if note:
                self._insert_note(connection, case_id, moderator, note, at)
            write_audit(connection, moderator, "case.close", _target(case_id), {}, at)

    def add_note(self, case_id: int, author: str, text: str, at: datetime) -> int:
        """Add a note to a case; returns the note id. The audit log records it without the text."""
        with self._db.begin() as connection:
            self._load(connection, case_id)
            note_id = self._insert_note(connection, case_id, author, text, at)
            write_audit(connection, author, "case.note", _target(case_id), {"note": note_id}, at)
        return note_id

    def appeal(
        self,
        author_id: str,
        text: str,
        at: datetime,
        *,
        case_id: int | None = None,
        decision_id: int | None = None,
    ) -> int:
        """Open an appeal by the author of a message against a decided case or a decision; it is
        reviewed by someone other than the moderator who decided (if one did). Returns its id."""
        if (case_id is None) == (decision_id is None):
            raise ValueError("appeal either a case_id or a decision_id")
        with self._db.begin() as connection:
            if case_id is not None:
                origin = origin_of_case(self._load(connection, case_id))
            else:
                assert decision_id is not None
                origin = origin_of_decision(connection, decision_id)
            check_appeal(connection, origin, author_id)
            appeal_id = insert_appeal(connection, origin, author_id, text, at)
            # The appellant is named in the case, not in the log that outlives a deletion.
            write_audit(connection, "author", "case.appeal", _target(appeal_id), {}, at)
        return appeal_id

    def case(self, case_id: int) -> Case:
        """The case alone (CaseNotFound if there is none), without its file."""
        with self._db.read() as connection:
            return self._load(connection, case_id)

    def get(self, case_id: int) -> CaseFile:
        """The full case file: the case, its message, its decision with the trace, its notes."""
        with self._db.read() as connection:
            case = self._load(connection, case_id)
            notes = connection.execute(
                select(CASE_NOTES).where(CASE_NOTES.c.case_id == case_id).order_by(CASE_NOTES.c.id)
            )
            return CaseFile(
                case=case,
                message=_message_of(connection, case),
                decision=_decision_of(connection, case.decision_id),
                notes=tuple(CaseNote(n.id, n.author, n.at, n.text) for n in notes),
            )

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _load(connection: Connection, case_id: int) -> Case:
        row = connection.execute(select(CASES).where(CASES.c.id == case_id)).first()
        if row is None:
            raise CaseNotFound(f"no case {case_id}")
        return Case.from_row(row)

    @staticmethod
    def _check_four_eyes(case: Case, moderator: str) -> None:
        if case.kind == CaseKind.APPEAL and moderator == case.original_moderator:
            raise FourEyesViolation(
                f"case {case.id} appeals {moderator}'s own decision: "
                "another moderator must review it"
            )

    @staticmethod
    def _active_by(case_id: int, moderator: str) -> Update:
        """An UPDATE of the case only if it is active and free or held by `moderator`."""
        return update(CASES).where(
            CASES.c.id == case_id,
            CASES.c.status.in_(_ACTIVE),
            (CASES.c.assigned_to.is_(None)) | (CASES.c.assigned_to == moderator),
        )

    def _claim_decision(
        self, connection: Connection, case_id: int, moderator: str, verdict: Verdict, at: datetime
    ) -> None:
        values: dict[str, Any] = {
            "status": STATUS_OF_VERDICT[verdict].value,
            "verdict": verdict.value,
        }
        if verdict is Verdict.ESCALATE:
            values |= {"assigned_to": None, "assigned_at": None}  # free for a senior to take
        else:
            values |= {"decided_by": moderator, "decided_at": at}
        result = connection.execute(self._active_by(case_id, moderator).values(**values))
        if result.rowcount != 1:
            raise CaseConflict(self._why_not_free(connection, case_id))

    @staticmethod
    def _why_not_free(connection: Connection, case_id: int) -> str:
        case = CaseRepository._load(connection, case_id)
        if case.status not in _ACTIVE:
            return f"case {case_id} is already {case.status}"
        return f"case {case_id} is taken by {case.assigned_to}"

    @staticmethod
    def _insert_note(
        connection: Connection, case_id: int, author: str, text: str, at: datetime
    ) -> int:
        statement = insert(CASE_NOTES).values(case_id=case_id, author=author, at=at, text=text)
        return int(connection.execute(statement.returning(CASE_NOTES.c.id)).scalar_one())


def _message_of(connection: Connection, case: Case) -> dict[str, Any] | None:
    if case.message_id is None:
        return None
    row = connection.execute(
        select(MESSAGES).where(
            MESSAGES.c.platform == case.platform,
            MESSAGES.c.community == case.community,
            MESSAGES.c.message_id == case.message_id,
        )
    ).first()
    return None if row is None else dict(row._mapping)


def _decision_of(connection: Connection, decision_id: int | None) -> dict[str, Any] | None:
    if decision_id is None:
        return None
    row = connection.execute(select(DECISIONS).where(DECISIONS.c.id == decision_id)).first()
    return None if row is None else dict(row._mapping)
