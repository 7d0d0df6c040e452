"""The service's lane: where a chat adapter runs the service's synchronous work (deciding a
message, recording it, the crisis clock) so that the event loop stays free for the gateway's
heartbeats and for answering interactions within Discord's three seconds, even during a raid.

One worker thread, so the decisions keep the order in which the platform delivered the messages
and the service is never entered by two threads at once: calls made from the event loop (a
command, a button) take the same lock through `call`, and wait at most for the decision in
progress.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class ServiceLane:
    """A single worker thread and the lock that keeps the service single-threaded."""

    def __init__(self, name: str = "vigie-service") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = threading.Lock()

    async def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` in the lane's thread and await its result (in submission order)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: self.call(fn, *args, **kwargs))

    def call(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` here, holding the service's lock (for short calls from the event loop)."""
        with self._lock:
            return fn(*args, **kwargs)

    def close(self) -> None:
        """Let the worker finish what was submitted, then stop it."""
        self._executor.shutdown(wait=True)
