"""Active and standby bots: two `vigie run discord` (or `telegram`) processes on the same token
and database, of which only the holder of the lease `bot:<platform>:<token digest>` connects to the
gateway or polls (the platforms allow one connection per token). The standby retries the lease
every `poll_every`; the active renews it every `renew_every` and stops at once if it ever finds it
taken (a long pause, a lost database), so two never run together for longer than one renewal.
After a kill -9 of the active one, the standby is connected within `ttl + poll_every`.

Actions are not lost or doubled in the switch: they wait in the outbox, whose keys make each
execution idempotent, and whose claims expire like the lease.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.core.clock import Clock

log = logging.getLogger("vigie.standby")


class Leases(Protocol):
    """What the standby needs of `bot.store.crisis_inbox.SqlLeases`."""

    def acquire(self, name: str, holder: str, now: object, ttl: timedelta) -> int | None: ...

    def release(self, name: str, holder: str, now: object) -> None: ...


@dataclass(frozen=True, slots=True)
class StandbyTimes:
    """How long the lease lasts, how often the active renews it, how often the standby asks."""

    ttl: timedelta = timedelta(seconds=15)
    renew_every: float = 5.0
    poll_every: float = 1.0


def lease_of(platform: str, token: str) -> str:
    """The lease name for a bot token (a digest: the token itself never reaches the database)."""
    return f"bot:{platform}:{hashlib.sha256(token.encode()).hexdigest()[:16]}"


def this_process(platform: str) -> str:
    """A holder name that tells an operator which process is active."""
    return f"{platform}:{socket.gethostname()}:{os.getpid()}"


class Standby:
    """Waits for the bot lease, keeps it while the bot runs; see the module docstring."""

    def __init__(
        self,
        leases: Leases,
        name: str,
        holder: str,
        clock: Clock,
        times: StandbyTimes | None = None,
    ) -> None:
        self._leases = leases
        self.name = name
        self.holder = holder
        self._clock = clock
        self.times = times or StandbyTimes()

    async def _try(self) -> bool:
        now = self._clock.now()
        taken = await asyncio.to_thread(
            self._leases.acquire, self.name, self.holder, now, self.times.ttl
        )
        return taken is not None

    async def wait_active(self) -> None:
        """Return once this process holds the lease (at once if nobody else does)."""
        announced = False
        while not await self._try():
            if not announced:
                log.warning("standby: another process is active for %s; waiting", self.name)
                announced = True
            await asyncio.sleep(self.times.poll_every)
        log.warning("active: %s holds %s", self.holder, self.name)

    async def keep(self, lost: asyncio.Event) -> None:
        """Renew the lease until cancelled; set `lost` (and return) if another process has it."""
        while True:
            await asyncio.sleep(self.times.renew_every)
            try:
                held = await self._try()
            except Exception:  # a database hiccup: keep running until the lease really ran out
                log.exception("could not renew %s", self.name)
                continue
            if not held:
                log.error("lost %s to another process: stopping", self.name)
                lost.set()
                return

    def release(self) -> None:
        """Give the lease up (a clean stop: the standby takes over at its next try)."""
        self._leases.release(self.name, self.holder, self._clock.now())


async def run_active(
    standby: Standby, serve: Callable[[asyncio.Event], Awaitable[int]], stop: asyncio.Event
) -> int:
    """Wait to be active, then `serve(stop)` while keeping the lease; a lost lease stops it."""
    waiting = asyncio.create_task(standby.wait_active())
    stopped = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({waiting, stopped}, return_when=asyncio.FIRST_COMPLETED)
    if waiting not in done:
        waiting.cancel()
        return 0
    stopped.cancel()
    keeper = asyncio.create_task(standby.keep(stop))
    try:
        return await serve(stop)
    finally:
        keeper.cancel()
        standby.release()
