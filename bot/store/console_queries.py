"""The read-only queries the console's pages need beyond the repositories: the values the queue
can be filtered by, the messages around a case, an author's past cases, the notices queued for a
case, and the communities the crisis monitor has a state for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.store.casefile import Case
from bot.store.crisis_tables import CRISIS_STATE
from bot.store.database import Database
from bot.store.tables import ACTIONS, CASES, MESSAGES

FILTERS = ("community", "rule", "channel", "platform")
CONTEXT_MESSAGES = 5  # messages shown before and after the one under review


def filter_values(db: Database) -> dict[str, list[str]]:
    """The distinct communities, rules, channels and platforms found among the cases."""
    values: dict[str, list[str]] = {}
    with db.read() as connection:
        for name in FILTERS:
            column = CASES.c[name]
            query = select(column).where(column.is_not(None)).distinct().order_by(column)
            values[name] = [row[0] for row in connection.execute(query)]
    return values


def messages_around(db: Database, case: Case, at: datetime | None) -> list[dict[str, Any]]:
    """The case's message with those of its channel just before and after it, in time order."""
    if case.channel is None or at is None:
        return []
    same_place = (
        (MESSAGES.c.platform == case.platform)
        & (MESSAGES.c.community == case.community)
        & (MESSAGES.c.channel == case.channel)
    )
    before = (
        select(MESSAGES)
        .where(same_place, MESSAGES.c.ts <= at)
        .order_by(MESSAGES.c.ts.desc(), MESSAGES.c.id.desc())
        .limit(CONTEXT_MESSAGES + 1)
    )
    after = (
        select(MESSAGES)
        .where(same_place, MESSAGES.c.ts > at)
        .order_by(MESSAGES.c.ts, MESSAGES.c.id)
        .limit(CONTEXT_MESSAGES)
    )
    with db.read() as connection:
        earlier = [dict(row._mapping) for row in connection.execute(before)]
        later = [dict(row._mapping) for row in connection.execute(after)]
    return [*reversed(earlier), *later]


def past_cases(db: Database, case: Case, limit: int = 20) -> list[Case]:
    """The author's other cases in this community, newest first."""
    if case.author_id is None:
        return []
    query = (
        select(CASES)
        .where(
            CASES.c.author_id == case.author_id,
            CASES.c.community == case.community,
            CASES.c.id != case.id,
        )
        .order_by(CASES.c.created_at.desc(), CASES.c.id.desc())
        .limit(limit)
    )
    with db.read() as connection:
        return [Case.from_row(row) for row in connection.execute(query)]


def queued_for_case(db: Database, case_id: int) -> list[dict[str, Any]]:
    """The actions the verdicts on this case queued (the author's notice among them)."""
    query = select(ACTIONS).where(ACTIONS.c.key.like(f"case:{case_id}:%")).order_by(ACTIONS.c.id)
    with db.read() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def crisis_communities(db: Database) -> list[tuple[str, int]]:
    """(community, level) for every community the crisis monitor has a state for."""
    query = select(CRISIS_STATE.c.community, CRISIS_STATE.c.level).order_by(
        CRISIS_STATE.c.community
    )
    with db.read() as connection:
        return [(row.community, row.level) for row in connection.execute(query)]


def author_names(db: Database, community: str) -> list[str]:
    """Every author name seen in a community (the trainee view masks them in texts)."""
    query = (
        select(MESSAGES.c.author_name)
        .where(MESSAGES.c.community == community, MESSAGES.c.author_name != "")
        .distinct()
    )
    with db.read() as connection:
        return [row[0] for row in connection.execute(query)]


def display_names(db: Database, community: str, user_ids: set[str]) -> dict[str, str]:
    """The last name each of `user_ids` wrote under in a community (mentions shown as names)."""
    if not user_ids:
        return {}
    query = (
        select(MESSAGES.c.author_id, MESSAGES.c.author_name)
        .where(
            MESSAGES.c.community == community,
            MESSAGES.c.author_id.in_(sorted(user_ids)),
            MESSAGES.c.author_name != "",
        )
        .order_by(MESSAGES.c.ts)
    )
    with db.read() as connection:
        return {row.author_id: row.author_name for row in connection.execute(query)}
