"""A Telegram group upgraded to a supergroup, on both backends: every stored row of the community
(messages, decisions, strikes, the outbox's waiting actions and their requests, the crisis state)
moves to the new id in one transaction; the other communities stay; the move is found again after
a restart, chains included."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Table, func, select

from bot.crisis.state import Batch
from bot.store.chat_moves import move_community, moves
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database
from bot.store.outbox import SqlOutbox
from bot.store.recorder import DecisionRecorder
from bot.store.strikes import SqlStrikeLedger
from bot.store.tables import ACTIONS, DECISIONS, MESSAGES
from tests.store.builders import T0, action, decision, message

OLD, NEW, OTHER = "-4001", "-1004001", "-4002"


def _record(db: Database, community: str, mid: str) -> None:
    msg = message(mid, community=community, platform="telegram", channel=community)
    made = decision(msg, actions=(action(msg, "delete"),), strike_weight=1)
    DecisionRecorder(db, timedelta(days=30)).record([made])


def _count(db: Database, table: Table, community: str) -> int:
    query = select(func.count()).select_from(table).where(table.c.community == community)
    with db.read() as connection:
        return int(connection.execute(query).scalar_one())


def test_every_row_of_the_group_moves_to_the_supergroup(db: Database) -> None:
    _record(db, OLD, "m1")
    _record(db, OTHER, "m2")
    SqlCrisisStore(db).write(Batch(snapshots={OLD: {"at": T0.isoformat(), "level": {"level": 2}}}))

    moved = move_community(db, "telegram", OLD, NEW, T0)

    assert moved["messages"] == moved["decisions"] == moved["actions"] == 1
    assert moved["strikes"] == 1 and moved["crisis_state"] == 1
    for table in (MESSAGES, DECISIONS, ACTIONS):
        assert (_count(db, table, OLD), _count(db, table, NEW), _count(db, table, OTHER)) == (
            0,
            1,
            1,
        )
    due = {p.request.community for p in SqlOutbox(db).due(T0 + timedelta(hours=1), "telegram", 10)}
    assert due == {NEW, OTHER}
    assert SqlStrikeLedger(db).live_strikes(NEW, "u1", T0) == 1
    assert SqlCrisisStore(db).restore(NEW).snapshots[NEW]["level"]["level"] == 2
    assert SqlCrisisStore(db).restore(OLD).snapshots == {}


def test_the_request_of_a_waiting_action_names_the_new_chat(db: Database) -> None:
    _record(db, OLD, "m1")
    move_community(db, "telegram", OLD, NEW, T0)
    with db.read() as connection:
        [payload] = connection.execute(select(ACTIONS.c.payload)).scalars()
    assert (payload["community"], payload["channel"]) == (NEW, NEW)


def test_the_old_groups_crisis_state_wins_over_a_fresh_one(db: Database) -> None:
    store = SqlCrisisStore(db)
    store.write(
        Batch(
            snapshots={
                OLD: {"at": T0.isoformat(), "level": {"level": 3}},
                NEW: {"at": T0.isoformat(), "level": {"level": 0}},
            }
        )
    )
    move_community(db, "telegram", OLD, NEW, T0)
    assert store.restore(NEW).snapshots[NEW]["level"]["level"] == 3


def test_a_move_is_found_again_after_a_restart_chains_included(db: Database) -> None:
    move_community(db, "telegram", OLD, NEW, T0)
    move_community(db, "telegram", NEW, "-1009999", T0 + timedelta(days=1))
    move_community(db, "discord", "1", "2", T0)
    assert moves(db, "telegram") == {OLD: "-1009999", NEW: "-1009999"}
    assert moves(db, "discord") == {"1": "2"}


def test_a_discord_guild_with_the_same_id_is_left_alone(db: Database) -> None:
    msg = message("m1", community=OLD, platform="discord")
    DecisionRecorder(db, timedelta(days=30)).record([decision(msg)])
    move_community(db, "telegram", OLD, NEW, T0)
    assert _count(db, MESSAGES, OLD) == 1
