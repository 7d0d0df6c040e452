"""The outbox: actions are written here before anything touches a platform, claimed by one
dispatcher at a time, and marked done, retried or failed (implements `bot.core.ports.Outbox`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, or_, select, update

from bot.core.decision import ActionRequest
from bot.core.ports import PendingAction
from bot.store.database import Database
from bot.store.dialect import insert_on_conflict
from bot.store.tables import ACTIONS, ActionStatus

DEFAULT_LEASE = timedelta(minutes=5)


def action_from_dict(data: Mapping[str, Any]) -> ActionRequest:
    """Rebuild an ActionRequest from `ActionRequest.to_dict()` (its exact inverse)."""
    duration = data.get("duration_s")
    return ActionRequest(
        kind=str(data["type"]),
        key=str(data["key"]),
        community=str(data["community"]),
        platform=str(data["platform"]),
        channel=data.get("channel"),
        message_id=data.get("message_id"),
        user_id=data.get("user_id"),
        rule=data.get("rule"),
        duration=None if duration is None else timedelta(seconds=duration),
        reason=str(data.get("reason", "")),
        notice=data.get("notice"),
        params=dict(data.get("params") or {}),
    )


def outbox_row(request: ActionRequest, at: datetime) -> dict[str, Any]:
    """The outbox row of a request recorded at `at` (due at once)."""
    return {
        "key": request.key,
        "kind": request.kind,
        "platform": request.platform,
        "community": request.community,
        "user_id": request.user_id,
        "payload": request.to_dict(),
        "status": ActionStatus.PENDING.value,
        "attempts": 0,
        "not_before": at,
        "created_at": at,
    }


def insert_actions(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert outbox rows in the caller's transaction; a key already present is left as it is."""
    if not rows:
        return
    statement = insert_on_conflict(connection, ACTIONS).on_conflict_do_nothing(
        index_elements=["key"]
    )
    connection.execute(statement, list(rows))


class SqlOutbox:
    """The outbox in the database, shared safely by several dispatcher processes.

    `due()` claims the rows it returns for `lease`: another process sees them again only if this
    one crashed before marking them (on PostgreSQL, FOR UPDATE SKIP LOCKED keeps two concurrent
    claims apart; on SQLite, the single write lock does). Keep the lease longer than an action
    takes.
    """

    def __init__(self, db: Database, lease: timedelta = DEFAULT_LEASE) -> None:
        self._db = db
        self._lease = lease

    def enqueue(self, requests: Sequence[ActionRequest], at: datetime) -> None:
        """Record actions to execute; enqueuing a key twice keeps one row."""
        with self._db.begin() as connection:
            insert_actions(connection, [outbox_row(request, at) for request in requests])

    def due(
        self, now: datetime, platform: str | None = None, limit: int = 100
    ) -> list[PendingAction]:
        """Claim and return up to `limit` pending actions whose time has come, oldest first."""
        condition = and_(
            ACTIONS.c.status == ActionStatus.PENDING.value,
            ACTIONS.c.not_before <= now,
            or_(ACTIONS.c.claimed_until.is_(None), ACTIONS.c.claimed_until <= now),
        )
        if platform is not None:
            condition = and_(condition, ACTIONS.c.platform == platform)
        claimable = (
            select(ACTIONS.c.id)
            .where(condition)
            .order_by(ACTIONS.c.not_before, ACTIONS.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # rendered on PostgreSQL only
        )
        claim = (
            update(ACTIONS)
            .where(ACTIONS.c.id.in_(claimable.scalar_subquery()))
            .values(claimed_until=now + self._lease)
            .returning(ACTIONS.c.id, ACTIONS.c.payload, ACTIONS.c.attempts, ACTIONS.c.not_before)
        )
        with self._db.begin() as connection:
            rows = sorted(connection.execute(claim).all(), key=lambda r: (r.not_before, r.id))
        return [PendingAction(row.id, action_from_dict(row.payload), row.attempts) for row in rows]

    def mark_done(self, action_id: int, at: datetime, detail: str = "") -> None:
        """The platform did it: the action leaves the queue."""
        self._finish(action_id, ActionStatus.DONE, at, detail=detail or None)

    def mark_retry(self, action_id: int, at: datetime, not_before: datetime, error: str) -> None:
        """A transient failure: try again from `not_before`."""
        values = {
            "attempts": ACTIONS.c.attempts + 1,
            "not_before": not_before,
            "claimed_until": None,
            "last_error": error,
        }
        self._update(action_id, values)

    def mark_failed(self, action_id: int, at: datetime, error: str) -> None:
        """A permanent failure: the action leaves the queue with the platform's reason."""
        self._finish(action_id, ActionStatus.FAILED, at, last_error=error)

    def _finish(self, action_id: int, status: ActionStatus, at: datetime, **values: Any) -> None:
        values |= {
            "status": status.value,
            "attempts": ACTIONS.c.attempts + 1,
            "claimed_until": None,
            "done_at": at,
        }
        self._update(action_id, values)

    def _update(self, action_id: int, values: dict[str, Any]) -> None:
        with self._db.begin() as connection:
            result = connection.execute(
                update(ACTIONS).where(ACTIONS.c.id == action_id).values(**values)
            )
        if result.rowcount != 1:
            raise KeyError(f"no action {action_id} in the outbox")
