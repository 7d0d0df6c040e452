"""After an erasure, no table of either database holds the member's id, name or text (the grep of
the SQLite file is in tests/e2e/test_erasure_grep.py; this is the same check, row by row, on
PostgreSQL too)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import column, inspect, select, table

from bot.store.cases import CaseRepository
from bot.store.database import Database
from bot.store.recorder import DecisionRecorder
from bot.store.userdata import UserData
from tests.store.builders import T0, action, decision, message

MEMBER, NAME, TEXT = "zx-4242", "Gaspard Zorglub", "espèce de zorglubette"


def _everything(db: Database) -> str:
    names = inspect(db.engine).get_table_names()
    dump = []
    with db.read() as connection:
        for name in names:
            columns = [c["name"] for c in inspect(db.engine).get_columns(name)]
            rows = connection.execute(
                select(*(column(c) for c in columns)).select_from(table(name))
            )
            dump += [repr(tuple(row)) for row in rows]
    return "\n".join(dump)


def test_no_table_keeps_an_erased_member(db: Database) -> None:
    msg = message("z1", author=MEMBER, name=NAME, text=TEXT)
    notice = f"{NAME}, votre message « {TEXT} » a été retiré."
    actions = (action(msg, "warn", notice=notice), action(msg, "escalate"))
    DecisionRecorder(db, timedelta(days=30)).record(
        [decision(msg, actions=actions, strike_weight=1)]
    )
    cases = CaseRepository(db)
    [case] = cases.list_open()
    cases.add_note(case.id, "julien", f"{NAME} insiste : {TEXT}", T0)
    cases.decide(case.id, "julien", "confirm", T0)
    cases.appeal(MEMBER, f"Moi, {NAME}, je conteste", T0 + timedelta(hours=1), case_id=case.id)
    before = _everything(db)
    assert MEMBER in before and NAME in before and TEXT in before
    UserData(db).delete_user(MEMBER, T0 + timedelta(hours=2), "dpo")
    after = _everything(db)
    assert MEMBER not in after and NAME not in after and TEXT not in after
    assert "zorglub" not in after.lower()
