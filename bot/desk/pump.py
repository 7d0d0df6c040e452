"""The one pump every chat front end drives: it lets time pass for the crisis plans, then executes
the due actions of the outbox (what the desk and the decisions queued, a temporary ban's lift when
its time comes), in batches, and reports the actions given up to the moderators.

The order is fixed: the tick first, so that what it queues (an acknowledgement deadline's
escalation, a plan's exit) leaves in the same pass; then the outbox, `BATCH` actions at a time,
with another pass at once while a batch comes back full. A pass runs when a front end wakes it
(something was queued) or every `every` seconds; the tick at most every `tick_every` seconds. A
failing pass is logged and retried at the next one: the outbox keeps the actions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.core.dispatcher import Dispatcher, DispatchReport
from bot.core.ports import PendingAction

log = logging.getLogger("vigie.pump")
BATCH = 100  # actions per outbox pass; a full pass starts another at once

Dropped = Callable[[list[tuple[PendingAction, str]]], Awaitable[None]]


class Ticking(Protocol):
    """What lets time pass: one `CommunityService`, or the registry of several."""

    def tick(self) -> None: ...


class Pump:
    """See the module docstring. Tests call `pass_once` instead of starting the loop."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        ticking: Ticking,
        every: float = 1.0,
        tick_every: float = 15.0,
        report_dropped: Dropped | None = None,
    ) -> None:
        self._dispatcher = dispatcher
        self._ticking = ticking
        self._every = every
        self._tick_every = tick_every
        self._report_dropped = report_dropped
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_tick = float("-inf")

    def wake(self) -> None:
        """Something was queued: run a pass now rather than at the next beat."""
        self._woken.set()

    async def pass_once(self) -> DispatchReport:
        """One pass: the crisis clocks (when due), then one batch of due actions; those given up
        are listed to the moderators."""
        now = asyncio.get_running_loop().time()
        if now - self._last_tick >= self._tick_every:
            self._last_tick = now
            # Where the outbox's work runs (off the loop in a chat adapter): a tick writes the
            # crisis state and may run the day's retention purge, long enough to delay heartbeats.
            await self._dispatcher.offloaded(self._ticking.tick)
        report = await self._dispatcher.run_once(BATCH)
        if report.failed and self._report_dropped is not None:
            await self._report_dropped(report.failed)  # a dropped action is never silent
        if report.done + report.retried + len(report.failed) >= BATCH:
            self._woken.set()  # more is due: go on without waiting
        return report

    def start(self) -> None:
        """Start the background loop (once)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._loop(), name="vigie-pump")

    async def stop(self) -> None:
        """Stop the background loop and wait for it."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), self._every)
            self._woken.clear()
            try:
                await self.pass_once()
            except Exception:  # the outbox keeps the actions: the next pass retries
                log.exception("the outbox pass failed; retrying at the next one")
