"""Erasing what a person wrote from the records that quote it: a decision keeps its rules, scores
and verdict, but loses the excerpts of the text, the model's top features and the notice (on the
decision and on each of its stored actions); a pending outbox row loses its notice too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, bindparam, func, select, update

from bot.store.tables import ACTIONS, DECISIONS, MESSAGES, same_message

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


def redact_actions(
    actions: list[dict[str, Any]], pseudonym: str | None = None
) -> list[dict[str, Any]]:
    """Stored actions without their notices (they quote the text and name the author), and with
    the member's id replaced by `pseudonym` when given."""
    result = []
    for action in actions:
        action = {key: value for key, value in action.items() if key != "notice"}
        if pseudonym is not None and action.get("user_id"):
            action["user_id"] = pseudonym
        result.append(action)
    return result


def redact_outbox(connection: Connection, which: ColumnElement[bool]) -> int:
    """Remove the notices from the outbox rows selected by `which`; return how many changed."""
    rows = connection.execute(select(ACTIONS.c.id, ACTIONS.c.payload).where(which)).all()
    params = [
        {"action_id": row.id, "new_payload": redact_actions([row.payload])[0]}
        for row in rows
        if "notice" in (row.payload or {})
    ]
    if params:
        connection.execute(
            update(ACTIONS)
            .where(ACTIONS.c.id == bindparam("action_id"))
            .values(payload=bindparam("new_payload")),
            params,
        )
    return len(params)


def erase_message_text(
    connection: Connection,
    which: ColumnElement[bool],
    at: datetime,
    *,
    names: bool = False,
    pseudonym: str | None = None,
) -> tuple[int, int]:
    """Erase the text of the messages selected by `which` (and their authors' names if `names`),
    and redact the decisions about them, in the caller's transaction.

    Returns (messages erased, decisions redacted). Messages already erased are skipped, so a
    periodic purge only rewrites what changed since the last one.
    """
    pending = and_(which, MESSAGES.c.text.is_not(None))
    redacted = _redact_decisions(connection, which if pseudonym else pending, pseudonym)
    values: dict[str, Any] = {
        "text": None,
        "text_purged_at": func.coalesce(MESSAGES.c.text_purged_at, at),
    }
    if names:
        values["author_name"] = ""
        pending = which  # a name goes even if the text went before
    erased = connection.execute(update(MESSAGES).where(pending).values(**values)).rowcount
    return erased, redacted


def _redact_decisions(
    connection: Connection, messages: ColumnElement[bool], pseudonym: str | None = None
) -> int:
    """Redact the decisions about the selected messages, a page at a time (a first purge of a
    large database must not load every trace at once); return how many."""
    page = (
        select(DECISIONS.c.id, DECISIONS.c.trace, DECISIONS.c.actions)
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
        .values(
            trace=bindparam("new_trace"),
            actions=bindparam("new_actions"),
            top_features=None,
            notice=None,
        )
    )
    done, last = 0, 0
    while rows := connection.execute(page.where(DECISIONS.c.id > last)).all():
        params = [
            {
                "decision_id": row.id,
                "new_trace": redact_trace(row.trace),
                "new_actions": redact_actions(row.actions or [], pseudonym),
            }
            for row in rows
        ]
        connection.execute(rewrite, params)
        done, last = done + len(rows), rows[-1].id
    return done
