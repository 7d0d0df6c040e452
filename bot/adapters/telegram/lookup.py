"""The few store queries the Telegram adapter needs and the live service does not offer: the case
an escalation opened, the decision a message received (its number is what an author appeals), an
author's latest sanctioned decision, and the text of a message a case's message replied to."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.decision import ActionRequest
from bot.store.database import Database
from bot.store.tables import CASES, DECISIONS, MESSAGES, CaseKind

RECENT = 50  # decisions of an author looked at to find the latest sanctioned one


def case_for(db: Database, request: ActionRequest) -> int | None:
    """The case behind an `escalate` request: named in its params (reports, appeals), or the
    latest escalation the recorder opened for that message and rule."""
    if request.params.get("case") is not None:
        return int(request.params["case"])
    if request.message_id is None:
        return None
    query = (
        select(CASES.c.id)
        .where(
            CASES.c.platform == request.platform,
            CASES.c.community == request.community,
            CASES.c.message_id == request.message_id,
            CASES.c.kind == CaseKind.ESCALATION.value,
        )
        .order_by(CASES.c.id.desc())
    )
    if request.rule is not None:
        query = query.where(CASES.c.rule == request.rule)
    with db.read() as connection:
        return connection.execute(query.limit(1)).scalar()


def decision_for(db: Database, platform: str, community: str, message_id: str) -> int | None:
    """The latest decision on a message (an edit adds one), or None."""
    query = (
        select(DECISIONS.c.id)
        .where(
            DECISIONS.c.platform == platform,
            DECISIONS.c.community == community,
            DECISIONS.c.message_id == message_id,
        )
        .order_by(DECISIONS.c.id.desc())
        .limit(1)
    )
    with db.read() as connection:
        return connection.execute(query).scalar()


def latest_sanctioned(db: Database, platform: str, author_id: str) -> int | None:
    """The author's latest enforced decision that did something, in any community, or None."""
    query = (
        select(DECISIONS.c.id, DECISIONS.c.actions, DECISIONS.c.mode)
        .join(
            MESSAGES,
            (MESSAGES.c.platform == DECISIONS.c.platform)
            & (MESSAGES.c.community == DECISIONS.c.community)
            & (MESSAGES.c.message_id == DECISIONS.c.message_id),
        )
        .where(MESSAGES.c.platform == platform, MESSAGES.c.author_id == author_id)
        .order_by(DECISIONS.c.id.desc())
        .limit(RECENT)
    )
    with db.read() as connection:
        for row in connection.execute(query):
            if row.actions and row.mode != "shadow":
                return int(row.id)
    return None


def message_text(db: Database, platform: str, community: str, message_id: str) -> str | None:
    """The recorded text of a message (None if unknown or erased by retention)."""
    query = select(MESSAGES.c.text).where(
        MESSAGES.c.platform == platform,
        MESSAGES.c.community == community,
        MESSAGES.c.message_id == message_id,
    )
    with db.read() as connection:
        return connection.execute(query).scalar()
