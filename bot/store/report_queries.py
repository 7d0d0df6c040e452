"""The read-only queries of the console's weekly report and what-if replay: the time of the latest
recorded message, the rows one week's figures are made of, and the recorded messages of a window
read page by page (keyset pagination on (ts, id), never an offset that rescans what was read).
The pages compute and render; the SQL stays here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from bot.store.database import Database
from bot.store.tables import CASES, DECISIONS, MESSAGES, CaseStatus


def latest_message_at(db: Database) -> datetime | None:
    """When the latest recorded message was posted (None if there is none)."""
    with db.read() as connection:
        return connection.execute(select(func.max(MESSAGES.c.ts))).scalar()


@dataclass(frozen=True, slots=True)
class WeekRows:
    """What a week's figures are computed from: the messages' times, the decisions' matched rules
    and actions, the cases opened, and the verdicts given (confirmed or overturned)."""

    message_times: list[datetime]
    decisions: list[Any]  # .matched, .actions
    cases: list[Any]  # the cases' columns
    verdicts: list[Any]  # .rule, .status


def week_rows(db: Database, start: datetime, end: datetime) -> WeekRows:
    """The rows of [start, end)."""
    verdicts = (CaseStatus.CONFIRMED.value, CaseStatus.OVERTURNED.value)
    with db.read() as connection:
        times = connection.execute(
            select(MESSAGES.c.ts).where(MESSAGES.c.ts >= start, MESSAGES.c.ts < end)
        ).scalars()
        decided = connection.execute(
            select(DECISIONS.c.matched, DECISIONS.c.actions).where(
                DECISIONS.c.at >= start, DECISIONS.c.at < end
            )
        )
        cases = connection.execute(
            select(CASES).where(CASES.c.created_at >= start, CASES.c.created_at < end)
        )
        given = connection.execute(
            select(CASES.c.rule, CASES.c.status).where(
                CASES.c.decided_at >= start,
                CASES.c.decided_at < end,
                CASES.c.status.in_(verdicts),
            )
        )
        return WeekRows(list(times), decided.all(), cases.all(), given.all())


@dataclass(frozen=True, slots=True)
class MessageWindow:
    """The recorded messages of [start, end], of one community or all, oldest first."""

    db: Database
    start: datetime
    end: datetime
    community: str | None = None

    def _where(self, query: Any) -> Any:
        query = query.where(MESSAGES.c.ts >= self.start, MESSAGES.c.ts <= self.end)
        return query.where(MESSAGES.c.community == self.community) if self.community else query

    def count(self) -> int:
        """How many messages the window holds."""
        with self.db.read() as connection:
            return int(connection.execute(self._where(select(func.count()))).scalar() or 0)

    def pages(self, limit: int, size: int) -> Iterator[list[dict[str, Any]]]:
        """The rows (as dicts), `size` at a time, at most `limit` in all; each page starts after
        the last row of the previous one."""
        query = self._where(select(MESSAGES)).order_by(MESSAGES.c.ts, MESSAGES.c.id)
        read, after = 0, None
        while read < limit:
            page = query if after is None else query.where(_after(*after))
            with self.db.read() as connection:
                found = connection.execute(page.limit(min(size, limit - read)))
                rows = [dict(row._mapping) for row in found]
            read += len(rows)
            yield rows
            if len(rows) < size:
                return
            after = (rows[-1]["ts"], rows[-1]["id"])


def _after(ts: datetime, row_id: int) -> Any:
    """Rows after (ts, id) in the replay's order."""
    return or_(MESSAGES.c.ts > ts, and_(MESSAGES.c.ts == ts, MESSAGES.c.id > row_id))
