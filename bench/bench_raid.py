"""Raid benchmark: the Discord bot (real discord.py) against the fake Discord while 500 accounts
post 5,000 messages in 10 s and members use /rules and /report, run twice — messages decided on
the event loop (the former design) and in the service lane's thread (today's) — side by side;
then the same on Telegram (`bench.raid_telegram`). VIGIE_RAID_PLATFORMS=discord or telegram runs
one of them only.

What it reports, per design: the time to answer or defer each interaction (from Discord sending
it to the bot's callback reaching Discord; p50, p99, max, and how many missed Discord's 3 s), the
gateway heartbeats (the largest gap between two, against the interval Discord asked for), whether
every message was decided, the actions executed / retried / given up, and the time to drain the
backlog after the last message.

The fake runs in its own thread and event loop, so that what is measured is the bot's loop, not
the fake's. Sizes can be lowered for a quick look: VIGIE_RAID_MESSAGES, VIGIE_RAID_SECONDS.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import random
import tempfile
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bench.stats import ROOT, p50_p99
from bot.adapters.discord.client import VigieDiscord
from bot.adapters.discord.settings import DiscordSettings
from bot.core.clock import SystemClock
from bot.service import build_service
from bot.store.database import open_database
from tests.fakes import discord_server as fake
from tests.fakes.discord_server import (
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MEMBER_ROLE_ID,
    MODERATORS_CHANNEL_ID,
    FakeDiscordServer,
    FakeMember,
    FakeUser,
    running_client,
    sample_guild,
)

T = TypeVar("T")
ACCOUNTS = 500
HEARTBEAT_MS = 500  # asked of the client for the run (Discord's is ~41 s: too long to observe)
DEADLINE = 3.0
WAIT = float(os.environ.get("VIGIE_RAID_WAIT", "600"))  # seconds for the backlog to be decided
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
PLAYBOOK = ROOT / "playbooks" / "fr" / "opalia.yaml"
TEXTS = (
    "Bonjour, quelqu'un a des nouvelles de la panne ?",
    "t'es qu'un c0nn4rd",
    "Remboursez-nous, trois jours sans internet !",
    "gagnez 1000€ http://bit.ly/x gratuit",
    "ça remarche chez moi depuis 10 minutes",
    "APPELEZ LE 06 12 34 56 78 POUR UN CADEAU",
)


class FakeInThread:
    """The fake Discord served by its own event loop in a thread."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.wait(self.server.start())

    def wait(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        """Start `coroutine` in the fake's loop now; await the result from the caller's loop."""
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    def stop(self) -> None:
        self.wait(self.server.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()


@dataclass
class Figures:
    """One run's measurements."""

    design: str
    platform: str = "Discord"
    answers: list[float] = field(default_factory=list)
    unanswered: int = 0
    heartbeat_gap: float = 0.0
    decided: int = 0
    sent: int = 0
    done: int = 0
    retried: int = 0
    failed: int = 0
    drain: float = 0.0


def raid_guild() -> FakeDiscordServer:
    guild = sample_guild()
    for n in range(ACCOUNTS):
        user = FakeUser(200_000_000_000_000_000 + n, f"raider{n}")
        guild.members.append(FakeMember(user, [MEMBER_ROLE_ID]))
    return FakeDiscordServer(guild, clock=SystemClock())


def _record_arrivals(server: FakeDiscordServer) -> list[tuple[float, Any]]:
    """Every request and gateway payload the fake receives, with its arrival time."""
    arrivals: list[tuple[float, Any]] = []
    for log in (server.requests, server.gateway_log):
        add = log.add

        async def timed(item: Any, add: Any = add) -> None:
            arrivals.append((time.perf_counter(), item))
            await add(item)

        log.add = timed  # type: ignore[method-assign]
    return arrivals


async def _interactions(
    server: FakeDiscordServer, stop: threading.Event, sent: list[tuple[float, str]]
) -> None:
    """Members run /rules and /report every 100 ms while the raid goes on (in the fake's loop:
    the load does not depend on how busy the bot's loop is)."""
    link = f"https://discord.com/channels/{GUILD_ID}/{GENERAL_CHANNEL_ID}/1"
    commands = (
        ("rules", []),
        (
            "report",
            [
                {"name": "message", "type": 3, "value": link},
                {"name": "reason", "type": 3, "value": "raid"},
            ],
        ),
    )
    n = 0
    while not stop.is_set():
        name, options = commands[n % 2]
        n += 1
        interaction = await server.dispatch_slash_command(
            name, user_id=fake.ALICE_ID, channel_id=GENERAL_CHANNEL_ID, options=options
        )
        sent.append((time.perf_counter(), interaction["id"]))
        await asyncio.sleep(0.1)


async def _raid(server: FakeDiscordServer, messages: int, seconds: float) -> float:
    """Post `messages` from the raid accounts over `seconds` (in the fake's loop); when the last
    one was sent."""
    rng = random.Random(13)
    start = time.perf_counter()
    for n in range(messages):
        author = 200_000_000_000_000_000 + rng.randrange(ACCOUNTS)
        text = f"{rng.choice(TEXTS)} #{n}"
        await server.dispatch_message(GENERAL_CHANNEL_ID, author, text)
        late = start + (n + 1) * seconds / messages - time.perf_counter()
        if late > 0:
            await asyncio.sleep(late)
    return time.perf_counter()


async def run_raid(off_loop: bool, messages: int, seconds: float) -> Figures:
    figures = Figures("decisions in the service lane" if off_loop else "decisions on the loop")
    server = raid_guild()
    arrivals = _record_arrivals(server)
    thread = FakeInThread(server)
    thread.start()
    decided = asyncio.Event()
    counter = {"decided": 0}

    def on_event(name: str, value: Any) -> None:
        if name == "decision":
            counter["decided"] += 1
            if counter["decided"] >= messages:
                decided.set()

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'raid.db'}")
        service, _ = build_service(CHARTER, db, SystemClock(), "discord", PLAYBOOK, ROOT / "models")
        settings = DiscordSettings(
            mod_channel=str(MODERATORS_CHANNEL_ID),
            sync_commands=False,
            background=True,
            dispatch_every=0.2,
            decide_off_loop=off_loop,
        )
        bot = VigieDiscord(service, settings, on_event=on_event, guild_ready_timeout=0.01)
        pumped = count_pump(bot.pump, "pass_once", figures)
        async with running_client(bot.client, server, timeout=30):
            stop = threading.Event()
            sent: list[tuple[float, str]] = []
            users = thread.run(_interactions(server, stop, sent))
            last = await thread.run(_raid(server, messages, seconds))
            with contextlib.suppress(TimeoutError):  # reported as "messages decided"
                await asyncio.wait_for(decided.wait(), timeout=WAIT)
            stop.set()
            await users
            figures.drain = time.perf_counter() - last
            await drain(bot.pump.pass_once, pumped)
            await bot.pump.stop()  # before the client closes: no pass on a closed session
        bot.lane.close()
        db.dispose()
    thread.stop()
    figures.decided = counter["decided"]
    figures.sent = messages
    _measure(figures, arrivals, sent)
    return figures


def count_pump(pump: Any, method: str, figures: Figures) -> list[int]:
    """Count what each outbox pass (`pump.<method>`) did; the list holds the number of passes in
    a row that did nothing."""
    run_once = getattr(pump, method)
    idle = [0]

    async def counted() -> Any:
        report = await run_once()
        figures.done += report.done
        figures.retried += report.retried
        figures.failed += len(report.failed)
        idle[0] = idle[0] + 1 if report.done + report.retried + len(report.failed) == 0 else 0
        return report

    setattr(pump, method, counted)
    return idle


async def drain(run_once: Any, idle: list[int]) -> None:
    """Let the pump run until two passes in a row find nothing due (retries waiting for their
    time count as nothing due: a flood limit's delay is not waited for here)."""
    idle[0] = 0
    while idle[0] < 2:
        await run_once()


def _measure(figures: Figures, arrivals: list[tuple[float, Any]], sent: list[tuple[float, str]]):
    callbacks: dict[str, float] = {}
    beats: list[float] = []
    for at, item in arrivals:
        if isinstance(item, dict):
            if item.get("op") == 1:
                beats.append(at)
            continue
        path = getattr(item, "path", "")
        if path.startswith("/interactions/") and path.endswith("/callback"):
            callbacks.setdefault(path.split("/")[2], at)
    for at, interaction_id in sent:
        answered = callbacks.get(interaction_id)
        if answered is None:
            figures.unanswered += 1
        else:
            figures.answers.append(answered - at)
    figures.heartbeat_gap = max((b - a for a, b in itertools.pairwise(beats)), default=0)


def report(results: list[Figures]) -> None:
    print(
        f"\nRaid ({results[0].platform} fake): {results[0].sent} messages from {ACCOUNTS} accounts"
    )
    header = f"{'':40}" + "".join(f"{r.design:>32}" for r in results)
    print(header)

    def row(label: str, values: list[str]) -> None:
        print(f"{label:40}" + "".join(f"{v:>32}" for v in values))

    def answer(r: Figures) -> str:
        if not r.answers:
            return "none"
        p50, p99 = p50_p99(r.answers)
        return f"{p50 * 1000:.0f} / {p99 * 1000:.0f} / {max(r.answers) * 1000:.0f} ms"

    row("command answer p50 / p99 / max", [answer(r) for r in results])
    late = [sum(a > DEADLINE for a in r.answers) + r.unanswered for r in results]
    row(
        "answers past 3 s or unanswered",
        [f"{n} of {len(r.answers) + r.unanswered}" for n, r in zip(late, results, strict=True)],
    )
    gap = (
        f"largest heartbeat gap (asked {HEARTBEAT_MS} ms)"
        if results[0].platform == "Discord"
        else "largest event-loop stall (100 ms ticker)"
    )
    row(gap, [f"{r.heartbeat_gap * 1000:.0f} ms" for r in results])
    row("messages decided", [f"{r.decided} of {r.sent}" for r in results])
    row(
        "actions done / retried / given up",
        [f"{r.done} / {r.retried} / {r.failed}" for r in results],
    )
    row("backlog drained after the last message", [f"{r.drain:.1f} s" for r in results])


async def run_telegram(off_loop: bool, messages: int, seconds: float) -> Figures:
    from bench import raid_telegram

    design = "decisions in the service lane" if off_loop else "decisions on the loop"
    figures = Figures(design, platform="Telegram")
    await raid_telegram.run(off_loop, ACCOUNTS, messages, seconds, figures)
    return figures


def main() -> None:
    """Both designs, one after the other, on each platform, then the tables."""
    messages = int(os.environ.get("VIGIE_RAID_MESSAGES", "5000"))
    seconds = float(os.environ.get("VIGIE_RAID_SECONDS", "10"))
    platforms = os.environ.get("VIGIE_RAID_PLATFORMS", "discord,telegram").split(",")
    fake.HEARTBEAT_INTERVAL_MS = HEARTBEAT_MS
    if "discord" in platforms:
        report([asyncio.run(run_raid(off, messages, seconds)) for off in (False, True)])
    if "telegram" in platforms:
        report([asyncio.run(run_telegram(off, messages, seconds)) for off in (False, True)])


if __name__ == "__main__":
    main()
