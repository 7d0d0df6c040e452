"""Local fake chat-platform servers for end-to-end tests of the real client libraries.

There is no network in CI, so the Discord and Telegram adapters are exercised by running
the real ``discord.py`` and ``python-telegram-bot`` against aiohttp servers bound to an
ephemeral port on 127.0.0.1 (see ``discord_server`` and ``telegram_server``).

This module holds the pieces both fakes share:

* :class:`CallLog`: records every request a fake receives and lets a test await the next
  one matching a predicate, without sleeping;
* :class:`Fault`: a canned error answer served a given number of times;
* :class:`LocalServer`: starts and stops an aiohttp application on an ephemeral port.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiohttp import web

__all__ = ["DEFAULT_WAIT_TIMEOUT", "CallLog", "Fault", "LocalServer", "take_fault"]

#: Seconds a test waits for an expected request before failing. Generous on purpose: it only
#: elapses when the test is about to fail, a passing test never waits that long.
DEFAULT_WAIT_TIMEOUT = 2.0

T = TypeVar("T")


class CallLog(Generic[T]):
    """Append-only record of the calls a fake received, awaitable by predicate.

    :meth:`wait_for` returns the oldest recorded call that matches and that no earlier
    :meth:`wait_for` returned. Consuming calls this way makes the test independent of timing:
    it does not matter whether the library sent the request before or after the test started
    waiting for it.
    """

    def __init__(self, describe: Callable[[T], str] = repr) -> None:
        self.items: list[T] = []
        self._describe = describe
        self._consumed: set[int] = set()
        self._changed = asyncio.Condition()

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self.items))

    async def add(self, item: T) -> None:
        """Record ``item`` and wake the tasks waiting for a call."""
        async with self._changed:
            self.items.append(item)
            self._changed.notify_all()

    def matching(self, predicate: Callable[[T], bool]) -> list[T]:
        """All recorded calls matching ``predicate``, consumed or not, oldest first."""
        return [item for item in self.items if predicate(item)]

    def clear(self) -> None:
        """Forget every recorded call."""
        self.items.clear()
        self._consumed.clear()

    async def wait_for(
        self, predicate: Callable[[T], bool], *, timeout: float = DEFAULT_WAIT_TIMEOUT
    ) -> T:
        """Return the next unconsumed call matching ``predicate``, waiting for it if needed.

        Raises :class:`AssertionError` (failing the test) with the list of recorded calls if
        none arrives within ``timeout`` seconds.
        """
        found: list[T] = []

        def take() -> bool:
            for index, item in enumerate(self.items):
                if index not in self._consumed and predicate(item):
                    self._consumed.add(index)
                    found.append(item)
                    return True
            return False

        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(take)
        except TimeoutError:
            seen = "\n  ".join(self._describe(item) for item in self.items) or "(none)"
            raise AssertionError(
                f"no matching call within {timeout}s; received:\n  {seen}"
            ) from None
        return found[0]


@dataclass
class Fault:
    """An error answer served instead of the normal one, ``times`` times in a row.

    ``matches`` selects the requests concerned; ``respond`` builds the aiohttp response.
    """

    matches: Callable[[Any], bool]
    respond: Callable[[], web.StreamResponse]
    times: int = 1

    def take(self, call: Any) -> web.StreamResponse | None:
        """The error response for ``call`` if this fault applies (and uses one shot), or None."""
        if self.times <= 0 or not self.matches(call):
            return None
        self.times -= 1
        return self.respond()


def take_fault(faults: list[Fault], call: Any) -> web.StreamResponse | None:
    """The first armed fault's response for ``call``; exhausted faults are dropped."""
    for fault in faults:
        response = fault.take(call)
        if response is not None:
            faults[:] = [f for f in faults if f.times > 0]
            return response
    return None


class LocalServer:
    """An aiohttp application served on 127.0.0.1 on a port the OS picks.

    Subclasses build the application in :meth:`build_app` and may release long-running
    handlers (websockets, long polls) in :meth:`before_shutdown`, so that shutting down does
    not wait for them.
    """

    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT`` once started."""
        if self.port is None:
            raise RuntimeError("server not started")
        return f"http://127.0.0.1:{self.port}"

    def build_app(self) -> web.Application:  # pragma: no cover - abstract
        raise NotImplementedError

    async def before_shutdown(self) -> None:
        """Hook: release handlers that would otherwise keep running."""

    async def start(self) -> None:
        """Bind an ephemeral port and start serving."""
        # handler_cancellation: a client that gives up on a request (PTB cancelling its long
        # poll on stop) cancels the handler instead of leaving it running until shutdown.
        self._runner = web.AppRunner(
            self.build_app(), shutdown_timeout=1.0, handler_cancellation=True, access_log=None
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        """Stop serving; safe to call twice."""
        if self._runner is None:
            return
        await self.before_shutdown()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self):
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
