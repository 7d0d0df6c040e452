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


def test_work_shared_off_the_loop_may_call_the_serialised_service() -> None:
    """`share` holds the lock in a worker thread; the serialised service it calls (the crisis
    clock's tick) takes it again in that thread instead of waiting for itself."""
    lane, service = ServiceLane(), Service()
    shared = lane.serialised(service)
    worker = threading.Thread(target=lambda: lane.call(shared.handle, 4), daemon=True)
    worker.start()
    worker.join(timeout=10)  # a bound for a broken lock, not a wait for an event
    assert not worker.is_alive()
    assert [n for n, _ in service.seen] == [4]
    assert lane.serialised(service).handle(5) == 10  # and the lock was given back
    lane.close()


class Overlaps:
    """A service that counts how many of its calls ever ran at the same time."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.guard = threading.Lock()

    def handle(self, number: int) -> int:
        with self.guard:
            self.inside += 1
            self.most = max(self.most, self.inside)
        threading.Event().wait(0.001)  # hold the call long enough for another thread to try
        with self.guard:
            self.inside -= 1
        return number * 2


async def test_the_lock_is_taken_in_turn_by_other_threads() -> None:
    lane, service = ServiceLane(), Overlaps()
    shared = lane.serialised(service)
    results = await asyncio.gather(*(lane.share(shared.handle, n) for n in range(20)))
    assert sorted(results) == [n * 2 for n in range(20)]
    assert service.most == 1  # never two calls in the service at once
    lane.close()
