"""Erasing what a person wrote from the records that quote it: a decision keeps its rules, scores
and verdict, but loses the excerpts of the text, the model's top features and the notice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, bindparam, func, select, update

from bot.store.tables import DECISIONS, MESSAGES, same_message

PAGE = 1000  # decisions redacted per round trip


def redact_trace(trace: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The trace without the excerpts of the text (spans and scores stay: they quote nothing)."""
    return [
        {
            **outcome,
            "detections": [
                {key: value for key, value in detection.items() if key != "excerpt"}
                for detection in outcome.get("detections", [])
            ],
        }
        for outcome in trace
    ]


def erase_message_text(
    connection: Connection, which: ColumnElement[bool], at: datetime, *, names: bool = False
) -> tuple[int, int]:
    """Erase the text of the messages selected by `which` (and their authors' names if `names`),
    and redact the decisions about them, in the caller's transaction.

    Returns (messages erased, decisions redacted). Messages already erased are skipped, so a
    periodic purge only rewrites what changed since the last one.
    """
    pending = and_(which, MESSAGES.c.text.is_not(None))
    redacted = _redact_decisions(connection, pending)
    values: dict[str, Any] = {
        "text": None,
        "text_purged_at": func.coalesce(MESSAGES.c.text_purged_at, at),
    }
    if names:
        values["author_name"] = ""
        pending = which  # a name goes even if the text went before
    erased = connection.execute(update(MESSAGES).where(pending).values(**values)).rowcount
    return erased, redacted


def _redact_decisions(connection: Connection, messages: ColumnElement[bool]) -> int:
    """Redact the decisions about the selected messages, a page at a time (a first purge of a
    large database must not load every trace at once); return how many."""
    page = (
        select(DECISIONS.c.id, DECISIONS.c.trace)
        .join(
            MESSAGES,
            same_message(DECISIONS),
        )
        .where(messages)
        .order_by(DECISIONS.c.id)
        .limit(PAGE)
    )
    # The notice goes too: it is the statement of reasons sent to the author and quotes the text.
    rewrite = (
        update(DECISIONS)
        .where(DECISIONS.c.id == bindparam("decision_id"))
        .values(trace=bindparam("new_trace"), top_features=None, notice=None)
    )
    done, last = 0, 0
    while rows := connection.execute(page.where(DECISIONS.c.id > last)).all():
        params = [{"decision_id": row.id, "new_trace": redact_trace(row.trace)} for row in rows]
        connection.execute(rewrite, params)
        done, last = done + len(rows), rows[-1].id
    return done
