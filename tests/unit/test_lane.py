"""The service lane: decisions in submission order on one worker thread, and the serialised view
of the service that the event loop's side uses."""

from __future__ import annotations

import asyncio
import threading

from bot.adapters.lane import ServiceLane


class Service:
    """A stand-in with a method, an attribute and a helper object."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, str]] = []
        self.name = "svc"

    def handle(self, number: int) -> int:
        self.seen.append((number, threading.current_thread().name))
        return number * 2


async def test_calls_run_on_one_thread_in_submission_order() -> None:
    lane, service = ServiceLane(), Service()
    results = await asyncio.gather(*(lane.run(service.handle, n) for n in range(50)))
    lane.close()
    assert results == [n * 2 for n in range(50)]
    assert [n for n, _ in service.seen] == list(range(50))
    threads = {name for _, name in service.seen}
    assert len(threads) == 1 and threads != {threading.current_thread().name}


def test_the_serialised_view_locks_methods_and_passes_attributes() -> None:
    lane, service = ServiceLane(), Service()
    shared = lane.serialised(service)
    assert shared.handle(21) == 42 and shared.name == "svc"
    assert service.seen == [(21, threading.current_thread().name)]  # run here, under the lock
    lane.close()
