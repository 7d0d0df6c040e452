"""The charter what-if: replay recorded messages through the charter in force and through another
one (or an edited copy), side by side, and list the messages whose decision would change: which
rules match, which actions follow. Both charters see the same messages in the same order with
fresh in-memory history and strikes, so the only difference is the charter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.app import build_engine
from bot.charter.schema import Charter
from bot.core.decision import Decision
from bot.core.message import Author, Message
from bot.core.ports import Scorer
from bot.store.database import Database
from bot.store.tables import MESSAGES


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a charter decided about one message, reduced to what a manager compares."""

    rules: tuple[str, ...]
    actions: tuple[str, ...]

    @classmethod
    def of(cls, decision: Decision) -> Outcome:
        """The outcome of a decision (action kinds sorted: their order is not a change)."""
        return cls(decision.matched, tuple(sorted({a.kind for a in decision.actions})))

    @property
    def empty(self) -> bool:
        """Nothing matched, nothing done."""
        return not self.rules and not self.actions


@dataclass(frozen=True, slots=True)
class Change:
    """One message whose decision differs between the two charters."""

    message: Message
    before: Outcome
    after: Outcome

    @property
    def kind(self) -> str:
        """ "new" (acted on only by the candidate), "dropped" (only by the current) or "changed"."""
        if self.before.empty:
            return "new"
        if self.after.empty:
            return "dropped"
        return "changed"


@dataclass
class WhatIf:
    """The result of a replay."""

    start: datetime | None
    end: datetime | None
    replayed: int
    skipped: int  # messages whose text retention already erased
    changes: list[Change]
    truncated: bool = False


def compare(
    messages: Iterable[Message], current: Charter, candidate: Charter, scorer: Scorer | None = None
) -> tuple[int, list[Change]]:
    """Replay `messages` through both charters; return how many and the changes, in order."""
    before, after = build_engine(current, scorer), build_engine(candidate, scorer)
    replayed, changes = 0, []
    for message in messages:
        replayed += 1
        old, new = Outcome.of(before.process(message)), Outcome.of(after.process(message))
        if old != new:
            changes.append(Change(message, old, new))
    return replayed, changes


def window(db: Database, days: int) -> tuple[datetime, datetime] | None:
    """The last `days` days of recorded messages, ending at the latest one (None if none)."""
    with db.read() as connection:
        latest = connection.execute(select(func.max(MESSAGES.c.ts))).scalar()
    if latest is None:
        return None
    return latest - timedelta(days=days), latest


def recorded_messages(
    db: Database, start: datetime, end: datetime, limit: int, community: str | None = None
) -> tuple[list[Message], int, bool]:
    """The stored messages of [start, end] with their text, oldest first, as engine messages;
    also how many had lost their text, and whether `limit` cut the list."""
    query = select(MESSAGES).where(MESSAGES.c.ts >= start, MESSAGES.c.ts <= end)
    if community:
        query = query.where(MESSAGES.c.community == community)
    query = query.order_by(MESSAGES.c.ts, MESSAGES.c.id).limit(limit + 1)
    with db.read() as connection:
        rows = [dict(row._mapping) for row in connection.execute(query)]
    truncated = len(rows) > limit
    rows = rows[:limit]
    kept = [_message(row) for row in rows if row["text"] is not None]
    return kept, len(rows) - len(kept), truncated


def _message(row: dict[str, Any]) -> Message:
    # Roles and join dates are not stored with messages: rules that depend on them are compared
    # as if every author were an ordinary member (the page says so).
    author = Author(id=row["author_id"], name=row["author_name"] or row["author_id"])
    return Message(
        id=row["message_id"],
        ts=row["ts"],
        author=author,
        text=row["text"],
        platform=row["platform"],
        community=row["community"],
        channel=row["channel"],
        reply_to=row["reply_to"],
        edited=bool(row["edited"]),
    )


def run_whatif(
    db: Database,
    current: Charter,
    candidate: Charter,
    days: int,
    limit: int,
    scorer: Scorer | None = None,
    community: str | None = None,
) -> WhatIf:
    """Replay the last `days` days (at most `limit` messages) through both charters."""
    span = window(db, days)
    if span is None:
        return WhatIf(None, None, 0, 0, [])
    messages, skipped, truncated = recorded_messages(db, span[0], span[1], limit, community)
    replayed, changes = compare(messages, current, candidate, scorer)
    return WhatIf(span[0], span[1], replayed, skipped, changes, truncated)
