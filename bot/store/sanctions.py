"""The moderators' sanctions in the database: recorded with their case, strike and outbox actions
in one transaction (a crash leaves all or nothing), lifted on an overturn (the strike removed, a
scheduled unban cancelled), and read back as a member's history (infractions, casier).

The desk plans what to do; this module only writes and reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select, update

from bot.core.decision import ActionRequest
from bot.store.audit import write_audit
from bot.store.casefile import Case
from bot.store.database import Database
from bot.store.outbox import insert_actions, outbox_row
from bot.store.sanction_tables import SANCTIONS
from bot.store.tables import ACTIONS, CASES, STRIKES, ActionStatus, CaseKind, CaseStatus

# What a sanction's case plans once its id is known: (request, due at) pairs.
Planner = Callable[[int], Sequence[tuple[ActionRequest, datetime]]]


@dataclass(frozen=True, slots=True)
class SanctionEntry:
    """What a moderator did to a member (a `sanctions` row)."""

    case_id: int
    platform: str
    community: str
    user_id: str
    action: str
    moderator: str
    at: datetime
    duration_s: int | None
    until: datetime | None
    strike_id: int | None
    notice: str | None
    lifted_at: datetime | None
    lifted_by: str | None


@dataclass(frozen=True, slots=True)
class NewSanction:
    """A sanction to record: its case's columns and its own."""

    kind: CaseKind
    platform: str
    community: str
    user_id: str
    action: str
    moderator: str
    reason: str
    channel: str | None = None
    message_id: str | None = None
    rule: str | None = None
    severity: int = 0
    duration_s: int | None = None
    until: datetime | None = None
    notice: str | None = None
    strike: tuple[int, datetime] | None = None  # weight, expiry: only when a rule is cited


def _entry(row: Any) -> SanctionEntry:
    data = row._mapping
    return SanctionEntry(**{name: data[name] for name in SanctionEntry.__slots__})


class SanctionRepository:
    """Sanctions, their cases and their actions; see the module docstring."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, new: NewSanction, at: datetime, plan: Planner) -> int:
        """Write the case (decided at once by the moderator), the strike, the sanction and the
        actions `plan(case_id)` returns; return the case id."""
        with self._db.begin() as connection:
            case_id = self._insert_case(connection, new, at)
            strike_id = self._insert_strike(connection, new, at)
            row = {
                "case_id": case_id,
                "platform": new.platform,
                "community": new.community,
                "user_id": new.user_id,
                "action": new.action,
                "moderator": new.moderator,
                "at": at,
                "duration_s": new.duration_s,
                "until": new.until,
                "strike_id": strike_id,
                "notice": new.notice,
            }
            connection.execute(insert(SANCTIONS).values(**row))
            _enqueue(connection, plan(case_id), at)
            detail = {"action": new.action, "kind": new.kind.value}
            write_audit(connection, new.moderator, "sanction", f"case:{case_id}", detail, at)
        return case_id

    @staticmethod
    def _insert_case(connection: Connection, new: NewSanction, at: datetime) -> int:
        status = CaseStatus.CLOSED if new.action == "note" else CaseStatus.CONFIRMED
        row = {
            "kind": new.kind.value,
            "status": status.value,
            "community": new.community,
            "platform": new.platform,
            "channel": new.channel,
            "message_id": new.message_id,
            "rule": new.rule,
            "author_id": new.user_id,
            "severity": new.severity,
            "reason": new.reason,
            "created_at": at,
            "decided_by": new.moderator,
            "decided_at": at,
            "verdict": None if new.action == "note" else "confirm",
        }
        statement = insert(CASES).values(**row).returning(CASES.c.id)
        return int(connection.execute(statement).scalar_one())

    @staticmethod
    def _insert_strike(connection: Connection, new: NewSanction, at: datetime) -> int | None:
        if new.strike is None or new.rule is None or new.strike[0] <= 0:
            return None
        weight, expires = new.strike
        row = {
            "community": new.community,
            "user_id": new.user_id,
            "rule": new.rule,
            "weight": weight,
            "at": at,
            "expires_at": expires,
        }
        statement = insert(STRIKES).values(**row).returning(STRIKES.c.id)
        return int(connection.execute(statement).scalar_one())

    def of_case(self, case_id: int) -> SanctionEntry | None:
        """The sanction a case records, if it records one."""
        query = select(SANCTIONS).where(SANCTIONS.c.case_id == case_id)
        with self._db.read() as connection:
            row = connection.execute(query).first()
        return None if row is None else _entry(row)

    def lift(
        self,
        case_id: int,
        by: str,
        at: datetime,
        actions: Sequence[ActionRequest],
    ) -> int:
        """Undo a sanction: marked lifted, its strike removed, its scheduled actions (a temporary
        ban's unban) cancelled, `actions` queued; returns the strikes removed (0 or 1)."""
        with self._db.begin() as connection:
            row = connection.execute(
                select(SANCTIONS).where(SANCTIONS.c.case_id == case_id)
            ).first()
            removed = 0
            if row is not None and row.lifted_at is None:
                values = {"lifted_at": at, "lifted_by": by}
                connection.execute(
                    update(SANCTIONS).where(SANCTIONS.c.case_id == case_id).values(**values)
                )
                removed = _remove_strike(connection, row.strike_id, by, at)
                _cancel_scheduled(connection, case_id, at)
                connection.execute(
                    update(CASES)
                    .where(CASES.c.id == case_id)
                    .values(status=CaseStatus.OVERTURNED.value, verdict="overturn")
                )
            _enqueue(connection, [(a, at) for a in actions], at)
            write_audit(connection, by, "sanction.lift", f"case:{case_id}", {}, at)
        return removed

    def active_ban(
        self, platform: str, community: str, user_id: str, now: datetime
    ) -> SanctionEntry | None:
        """The member's latest ban still in force at `now` (not lifted, not ended), if any."""
        query = (
            select(SANCTIONS)
            .where(
                SANCTIONS.c.platform == platform,
                SANCTIONS.c.community == community,
                SANCTIONS.c.user_id == user_id,
                SANCTIONS.c.action == "ban",
                SANCTIONS.c.lifted_at.is_(None),
                or_(SANCTIONS.c.until.is_(None), SANCTIONS.c.until > now),
            )
            .order_by(SANCTIONS.c.at.desc(), SANCTIONS.c.id.desc())
            .limit(1)
        )
        with self._db.read() as connection:
            row = connection.execute(query).first()
        return None if row is None else _entry(row)

    def mark_lifted(self, case_ids: Sequence[int], by: str, at: datetime) -> None:
        """Sanctions ended by another one (an unban ends the bans before it)."""
        if not case_ids:
            return
        with self._db.begin() as connection:
            connection.execute(
                update(SANCTIONS)
                .where(SANCTIONS.c.case_id.in_(case_ids), SANCTIONS.c.lifted_at.is_(None))
                .values(lifted_at=at, lifted_by=by)
            )
            for case_id in case_ids:
                _cancel_scheduled(connection, case_id, at)

    def history(self, platform: str, community: str, user_id: str) -> list[tuple[Case, Any]]:
        """Every case about the member in the community, newest first, with its sanction."""
        query = (
            select(CASES, SANCTIONS.c.action, SANCTIONS.c.until, SANCTIONS.c.lifted_at)
            .outerjoin(SANCTIONS, SANCTIONS.c.case_id == CASES.c.id)
            .where(
                CASES.c.platform == platform,
                CASES.c.community == community,
                CASES.c.author_id == user_id,
            )
            .order_by(CASES.c.created_at.desc(), CASES.c.id.desc())
        )
        with self._db.read() as connection:
            rows = connection.execute(query).all()
        return [(Case.from_row(row), row) for row in rows]


def _enqueue(
    connection: Connection, planned: Sequence[tuple[ActionRequest, datetime]], at: datetime
) -> None:
    rows = []
    for request, due in planned:
        row = outbox_row(request, at)
        row["not_before"] = due
        rows.append(row)
    insert_actions(connection, rows)


def _remove_strike(connection: Connection, strike_id: int | None, by: str, at: datetime) -> int:
    if strike_id is None:
        return 0
    result = connection.execute(
        update(STRIKES)
        .where(STRIKES.c.id == strike_id, STRIKES.c.removed_at.is_(None))
        .values(removed_at=at, removed_by=by)
    )
    return result.rowcount


def _cancel_scheduled(connection: Connection, case_id: int, at: datetime) -> None:
    """Drop the case's actions still waiting for a later time (a temporary ban's unban)."""
    connection.execute(
        delete(ACTIONS).where(
            ACTIONS.c.key.like(f"case:{case_id}:%"),
            ACTIONS.c.status == ActionStatus.PENDING.value,
            ACTIONS.c.not_before > at,
        )
    )
