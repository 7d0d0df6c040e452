"""Active and standby bots on one database: only the lease holder serves; after the active one
dies (no renewal), the standby takes over once the lease ran out, and the old one, if it comes
back, stops at its next renewal (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.adapters.standby import Standby, StandbyTimes, lease_of, run_active
from bot.core.clock import ManualClock
from bot.store.crisis_inbox import SqlLeases
from bot.store.database import Database

T0 = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
FAST = StandbyTimes(ttl=timedelta(seconds=15), renew_every=0.01, poll_every=0.01)


def test_the_lease_name_never_holds_the_token() -> None:
    name = lease_of("telegram", "123456:SECRET")
    assert name.startswith("bot:telegram:") and "SECRET" not in name


async def test_the_standby_takes_over_when_the_active_bot_dies(db: Database) -> None:
    clock = ManualClock(T0)
    name = lease_of("telegram", "token")
    active = Standby(SqlLeases(db), name, "bot-a", clock, FAST)
    standby = Standby(SqlLeases(db), name, "bot-b", clock, FAST)
    await asyncio.wait_for(active.wait_active(), 5)
    assert not await standby._try()  # the active one holds it

    clock.advance(timedelta(seconds=16))  # kill -9: nobody renews
    await asyncio.wait_for(standby.wait_active(), 5)

    lost = asyncio.Event()
    await asyncio.wait_for(active.keep(lost), 5)  # the old one wakes up and steps down
    assert lost.is_set()


async def test_a_served_bot_gives_the_lease_up_when_it_stops(db: Database) -> None:
    clock = ManualClock(T0)
    name = lease_of("discord", "token#0")
    served: list[str] = []

    async def serve(stop: asyncio.Event) -> int:
        served.append("a")
        stop.set()
        return 0

    first = Standby(SqlLeases(db), name, "bot-a", clock, FAST)
    assert await run_active(first, serve, asyncio.Event()) == 0
    second = Standby(SqlLeases(db), name, "bot-b", clock, FAST)
    assert await second._try()  # at once: the first one released it
    assert served == ["a"]
