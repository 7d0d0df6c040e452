"""The raid of `bench_raid`, on Telegram: the bot (real python-telegram-bot, long polling) against
the fake Bot API (in its own thread and loop, on the system clock, flood limits on) while 500
accounts post 5,000 messages in 10 s in the group and members send /regles to the bot privately
and /signaler in reply to a raid message.

An answer is timed from the fake receiving the command to the bot's first message to that member
(members are never reused, so the first private message to them is the answer). Telegram has no
heartbeat: the bot's event loop is watched instead (the largest gap of a 100 ms ticker).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.bench_raid import CHARTER, PLAYBOOK, TEXTS
from bench.stats import ROOT
from bot.adapters.telegram.app import ALLOWED_UPDATES, TelegramBot, TelegramSettings, build_bot
from bot.core.clock import SystemClock
from bot.service import build_service
from bot.store.database import open_database
from tests.fakes.telegram_server import (
    GROUP_CHAT_ID,
    MODERATORS_CHAT_ID,
    FakeTelegramServer,
    TgUser,
    application_builder,
    sample_chats,
    sample_users,
)

RAIDERS = 300_000_000
MEMBERS = 400_000_000  # one fresh member per command
TICK = 0.1


def raid_server(accounts: int) -> FakeTelegramServer:
    """The sample group with `accounts` raiders and room for the members who use commands."""
    users = sample_users()
    users += [TgUser(RAIDERS + n, f"raider{n}") for n in range(accounts)]
    chats = sample_chats()
    group = next(chat for chat in chats if chat.id == GROUP_CHAT_ID)
    group.member_ids += [user.id for user in users if user.id >= RAIDERS]
    return FakeTelegramServer(users=users, chats=chats, clock=SystemClock())


def record_arrivals(server: FakeTelegramServer) -> list[tuple[float, Any]]:
    """Every Bot API call the fake receives, with its arrival time."""
    arrivals: list[tuple[float, Any]] = []
    add = server.calls.add

    async def timed(call: Any) -> None:
        arrivals.append((time.perf_counter(), call))
        await add(call)

    server.calls.add = timed  # type: ignore[method-assign]
    return arrivals


async def members(
    server: FakeTelegramServer, stop: threading.Event, sent: list[tuple[float, int]]
) -> None:
    """Every 100 ms a new member sends /regles privately or /signaler on a raid message (in the
    fake's loop: the load does not depend on how busy the bot's loop is)."""
    for n in itertools.count():
        if stop.is_set():
            return
        member = MEMBERS + n
        server.users.setdefault(member, TgUser(member, f"member{n}"))
        server.chats[GROUP_CHAT_ID].member_ids.append(member)
        raid = [key for key in server.messages if key[0] == GROUP_CHAT_ID]
        if n % 2 == 0 or not raid:
            await server.push_command(member, member, "regles")
        else:
            command = f"/signaler@{server.bot.username} raid"
            await server.push_message(GROUP_CHAT_ID, member, command, reply_to=raid[-1][1])
        sent.append((time.perf_counter(), member))
        await asyncio.sleep(0.1)


async def raid(server: FakeTelegramServer, accounts: int, messages: int, seconds: float) -> float:
    """Post `messages` from the raiders over `seconds`; when the last one was sent."""
    rng = random.Random(13)
    start = time.perf_counter()
    for n in range(messages):
        author = RAIDERS + rng.randrange(accounts)
        await server.push_message(GROUP_CHAT_ID, author, f"{rng.choice(TEXTS)} #{n}")
        late = start + (n + 1) * seconds / messages - time.perf_counter()
        if late > 0:
            await asyncio.sleep(late)
    return time.perf_counter()


def on_the_loop(bot: TelegramBot) -> None:
    """The former design: decisions and the outbox's database work on the event loop."""

    def inline(fn: Any, *args: Any) -> asyncio.Future[Any]:
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        done.set_result(fn(*args))
        return done

    async def run_inline(fn: Any, *args: Any) -> Any:
        return fn(*args)

    bot.moderation.lane.submit = inline  # type: ignore[method-assign]
    bot.moderation.lane.run = run_inline  # type: ignore[method-assign]
    bot.dispatcher.offload = None


async def watch_loop(stalls: list[float], stop: asyncio.Event) -> None:
    """The largest delays of a 100 ms ticker on the bot's loop."""
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        stalls.append(now - last)
        last = now


async def start(bot: TelegramBot) -> None:
    """Poll and run, as `vigie run telegram` does (no start-up checks: the fake is known)."""
    application = bot.application
    await application.initialize()
    await application.updater.start_polling(timeout=1, allowed_updates=list(ALLOWED_UPDATES))
    await application.start()
    bot.pump.start()


async def stop(bot: TelegramBot) -> None:
    await bot.pump.stop()
    application = bot.application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
    bot.moderation.lane.close()


def build(db_dir: str, server: FakeTelegramServer, counter: dict[str, int]) -> TelegramBot:
    db = open_database(f"sqlite:///{Path(db_dir) / 'raid.db'}")
    service, _ = build_service(CHARTER, db, SystemClock(), "telegram", PLAYBOOK, ROOT / "models")
    settings = TelegramSettings(mod_chat=MODERATORS_CHAT_ID, pump_every=0.2)

    def observe(kind: str, value: Any) -> None:
        if kind == "decision":
            counter["decided"] += 1

    return build_bot(service, settings, application_builder(server), observe)


async def run(off_loop: bool, accounts: int, messages: int, seconds: float, figures: Any) -> None:
    """One run into `figures` (a `bench_raid.Figures`)."""
    from bench.bench_raid import WAIT, FakeInThread, count_pump, drain

    server = raid_server(accounts)
    arrivals = record_arrivals(server)
    thread = FakeInThread(server)
    thread.start()
    counter = {"decided": 0}
    with tempfile.TemporaryDirectory() as tmp:
        bot = build(tmp, server, counter)
        if not off_loop:
            on_the_loop(bot)
        idle = count_pump(bot.pump, "pass_once", figures)
        stalls: list[float] = []
        watching = asyncio.Event()
        watcher = asyncio.create_task(watch_loop(stalls, watching))
        await start(bot)
        halt = threading.Event()
        sent: list[tuple[float, int]] = []
        users = thread.run(members(server, halt, sent))
        last = await thread.run(raid(server, accounts, messages, seconds))
        deadline = time.perf_counter() + WAIT
        while counter["decided"] < messages and time.perf_counter() < deadline:
            await asyncio.sleep(0.2)
        halt.set()
        await users
        figures.drain = time.perf_counter() - last
        await drain(bot.pump.pass_once, idle)
        watching.set()
        await watcher
        await stop(bot)
    with contextlib.suppress(Exception):
        thread.stop()
    figures.decided, figures.sent = counter["decided"], messages
    figures.heartbeat_gap = max(stalls, default=0.0)
    answers(figures, arrivals, sent)


def answers(figures: Any, arrivals: list[tuple[float, Any]], sent: list[tuple[float, int]]) -> None:
    """The time from each command to the bot's first message to that member."""
    first: dict[int, float] = {}
    for at, call in arrivals:
        if call.method == "sendMessage":
            first.setdefault(int(call.params.get("chat_id", 0)), at)
    for at, member in sent:
        answered = first.get(member)
        if answered is None:
            figures.unanswered += 1
        else:
            figures.answers.append(answered - at)
