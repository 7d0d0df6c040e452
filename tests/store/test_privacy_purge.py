"""The retention purge leaves no quote of an erased text: not in the decisions' stored actions,
not in pending outbox rows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.store.database import Database
from bot.store.recorder import DecisionRecorder
from bot.store.retention import Retention
from bot.store.tables import ACTIONS, DECISIONS
from tests.store.builders import T0, action, decision, message

QUOTE = "Alice, votre message « espèce d'idiot » a été retiré."


def test_a_purge_removes_the_notices_that_quote_the_text(db: Database) -> None:
    msg = message("m1", text="espèce d'idiot")
    warn = action(msg, "warn", notice=QUOTE)
    DecisionRecorder(db, timedelta(days=30)).record([decision(msg, actions=(warn,))])
    Retention(db).purge(T0 + timedelta(days=31), timedelta(days=30), timedelta(days=365))
    with db.read() as connection:
        stored = connection.execute(select(DECISIONS.c.actions)).scalar_one()
        payload, status = connection.execute(select(ACTIONS.c.payload, ACTIONS.c.status)).one()
    assert status == "pending"  # still to be done, without the quote
    assert "idiot" not in str(stored) and "idiot" not in str(payload)
    assert payload["type"] == "warn" and payload["user_id"] == "u1"
