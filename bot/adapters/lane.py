"""The service's lane: where a chat adapter runs the service's synchronous work (deciding a
message, recording it, the crisis clock) so that the event loop stays free for the gateway's
heartbeats and for answering interactions within Discord's three seconds, even during a raid.

One worker thread, so the decisions keep the order in which the platform delivered the messages
and the service is never entered by two threads at once: calls made from the event loop (a
command, a button, the crisis clock) take the same lock through `call` (or the `serialised` view
of the service), and the lock is served in arrival order, so they wait at most for the decision
in progress, never for the whole backlog.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class FairLock:
    """A lock served first come, first served (a plain lock lets the worker thread take it again
    at once, decision after decision, while the event loop waits). The thread that holds it may
    take it again: work shared off the loop (`ServiceLane.share`) calls the `serialised` service,
    and must not wait for itself."""

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._next = 0
        self._serving = 0
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> None:
        me = threading.get_ident()
        with self._turn:
            if self._owner == me:
                self._depth += 1
                return
            ticket = self._next
            self._next += 1
            self._turn.wait_for(lambda: self._serving == ticket)
            self._owner, self._depth = me, 1

    def __exit__(self, *exc_info: object) -> None:
        with self._turn:
            self._depth -= 1
            if self._depth:
                return
            self._owner = None
            self._serving += 1
            self._turn.notify_all()


class ServiceLane:
    """A single worker thread and the lock that keeps the service single-threaded."""

    def __init__(self, name: str = "vigie-service") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = FairLock()

    async def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` in the lane's thread and await its result (in submission order)."""
        return await self.submit(fn, *args, **kwargs)

    def submit(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> asyncio.Future[R]:
        """Queue `fn` in the lane's thread now (its place in the order is taken at this call);
        the future of its result, for the caller to await or not."""
        loop = asyncio.get_running_loop()
        return loop.run_in_executor(self._executor, lambda: self.call(fn, *args, **kwargs))

    async def share(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` in a worker thread that is not the lane's (the backlog is not waited for),
        holding the service's lock: the event loop never waits for the database, and this
        process's writes never contend with each other (SQLite's "database is locked")."""
        return await asyncio.to_thread(self.call, fn, *args, **kwargs)

    def call(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` here, holding the service's lock (for short calls from the event loop)."""
        with self._lock:
            return fn(*args, **kwargs)

    def close(self) -> None:
        """Let the worker finish what was submitted, then stop it."""
        self._executor.shutdown(wait=True)

    def serialised(self, service: Any) -> Any:
        """`service` as the event loop's side uses it: each of its methods runs under the lane's
        lock (attributes and the objects they hold are passed through as they are)."""
        return _Serialised(service, self)


class _Serialised:
    """See `ServiceLane.serialised`."""

    def __init__(self, service: Any, lane: ServiceLane) -> None:
        self._service = service
        self._lane = lane

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._service, name)
        if inspect.ismethod(value) and value.__self__ is self._service:
            return functools.partial(self._lane.call, value)
        return value
