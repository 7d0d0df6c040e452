"""A replay spread over worker processes (`vigie replay --workers N`), with the decisions of one.

Everything a decision depends on besides the message is kept per community: the sliding-window
history (by community and author, by community and text) and the strikes (by community and author).
So the communities of the stream are shared out among the workers (a stable hash of the name), each
worker replays its communities' messages in their order through its own pipeline, models and
database connection, and the decisions are those of one process. The parent reads the stream,
hands each message to its community's worker in batches, and writes decisions.jsonl in the order
of the stream (each worker keeps its lines in a scratch file with their position; they are merged).

A stream of one community keeps one worker busy: the others have nothing to do.
"""

from __future__ import annotations

import heapq
import multiprocessing
import queue
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.adapters.replay import ReplaySummary, decided, decision_line
from bot.app import ModerationPipeline, attach_store, build_engine, load_scorer
from bot.charter.loader import load_charter
from bot.core.message import Message
from bot.moderation.batch import BATCH_SIZE

_POLL_S = 0.5  # how often a blocked parent looks whether a worker died (not a wait for an event)


class WorkerFailed(RuntimeError):
    """A worker process stopped on an error it could not report per message."""


@dataclass(frozen=True)
class ReplaySetup:
    """How to build a replay's pipeline: in the command's process, and again in each worker."""

    charter: str
    models: str | None = None
    db_url: str | None = None
    batch_size: int = BATCH_SIZE

    def open(self) -> tuple[ModerationPipeline, str | None, Callable[[], None]]:
        """The pipeline (its store attached when there is a database), why the classifiers are
        off (None: loaded) and what closes it."""
        charter = load_charter(self.charter)
        scorer, why = load_scorer(Path(self.models) if self.models else None)
        pipeline = ModerationPipeline(build_engine(charter, scorer))
        if self.db_url is None:
            return pipeline, why, lambda: None
        from bot.store.database import open_database

        db = open_database(self.db_url)
        attach_store(pipeline, db, charter)
        return pipeline, why, db.dispose


def worker_of(message: Message, workers: int) -> int:
    """The worker of a message's community (the same in every run)."""
    return zlib.crc32(message.community.encode("utf-8", "surrogatepass")) % workers


def _serve(setup: ReplaySetup, inbox: Any, results: Any, scratch: str | None) -> None:
    """A worker: replay what arrives in `inbox` (lists of (position, message), None to end),
    write each decision's line with its position to `scratch`, report counts to `results`."""
    try:
        pipeline, _, close = setup.open()
        summary = ReplaySummary()
        positions: list[int] = []

        def arriving() -> Iterator[Message]:
            while (batch := inbox.get()) is not None:
                for position, message in batch:
                    positions.append(position)
                    yield message

        out = open(scratch, "w", encoding="utf-8") if scratch else None  # noqa: SIM115
        try:
            done = 0
            for n, (_, decision) in enumerate(
                decided(arriving(), pipeline, summary, setup.batch_size)
            ):
                if decision is not None and out is not None:
                    out.write(f"{positions[n]}\t{decision_line(decision)}")
                done += 1
                if done == setup.batch_size:
                    results.put(("progress", done))
                    done = 0
            results.put(("progress", done))
        finally:
            if out is not None:
                out.close()
            close()
        results.put(("summary", summary))
    except BaseException as exc:  # the parent must hear of it, not wait for ever
        from bot.store.database import store_error

        results.put(("failed", store_error(exc)))


class _Workers:
    """The worker processes and the queues to and from them."""

    def __init__(self, setup: ReplaySetup, count: int, scratch: Path | None) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process with threads
        self.results = context.Queue()
        self.inboxes = [context.Queue(maxsize=4) for _ in range(count)]
        self.parts = [scratch / f".decisions.{n}.part" if scratch else None for n in range(count)]
        self.processes = [
            context.Process(
                target=_serve,
                args=(setup, inbox, self.results, str(part) if part else None),
                name=f"vigie-replay-{n}",
                daemon=True,
            )
            for n, (inbox, part) in enumerate(zip(self.inboxes, self.parts, strict=True))
        ]
        for process in self.processes:
            process.start()
        self.summaries: list[ReplaySummary] = []
        self.progress: Callable[[int], None] = lambda done: None

    def send(self, worker: int, batch: list[tuple[int, Message]] | None) -> None:
        """Hand a batch (None: the end) to a worker, hearing the others while it is busy."""
        while True:
            self.hear(block=False)
            try:
                self.inboxes[worker].put(batch, timeout=_POLL_S)
                return
            except queue.Full:
                if not self.processes[worker].is_alive():
                    raise WorkerFailed(f"replay worker {worker} stopped") from None

    def hear(self, block: bool) -> None:
        """Take the workers' reports: progress, their summaries, a failure (raised)."""
        while True:
            try:
                kind, value = self.results.get(block=block, timeout=_POLL_S if block else None)
            except queue.Empty:
                if block and not any(p.is_alive() for p in self.processes):
                    raise WorkerFailed("the replay workers stopped without a summary") from None
                if not block:
                    return
                continue
            if kind == "failed":
                raise WorkerFailed(value)
            if kind == "progress":
                self.progress(value)
            else:
                self.summaries.append(value)
                if len(self.summaries) == len(self.processes):
                    return

    def stop(self) -> None:
        """End every worker (at once if they are still busy: the replay failed)."""
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()


def replay_in_workers(
    messages: Iterable[Message],
    setup: ReplaySetup,
    workers: int,
    out: TextIO | None,
    summary: ReplaySummary,
    scratch: Path | None = None,
    progress: Callable[[int], None] = lambda done: None,
) -> ReplaySummary:
    """`replay` of `messages` by `workers` processes, one community per process: the decisions
    (and decisions.jsonl, written to `out` in the stream's order) are those of one process.
    `scratch` holds the workers' lines until they are merged (needed with `out`); `progress`
    learns how many more messages were decided. A malformed line under --strict stops the
    stream after the messages before it are decided, as in one process."""
    if out is not None and scratch is None:
        raise ValueError("a replay in workers writing decisions needs a scratch directory")
    pool = _Workers(setup, workers, scratch if out is not None else None)
    pool.progress = progress
    try:
        failure: Exception | None = None
        try:
            _hand_out(messages, pool, setup.batch_size)
        except Exception as exc:  # a malformed line: the workers finish what they have first
            failure = exc
        for worker in range(workers):
            pool.send(worker, None)
        pool.hear(block=True)
    finally:
        pool.stop()
    for part in pool.summaries:
        _add(summary, part)
    if out is not None:
        _merge([p for p in pool.parts if p is not None], out)
    if failure is not None:
        raise failure
    return summary


def _hand_out(messages: Iterable[Message], pool: _Workers, size: int) -> None:
    """Send each message with its position to its community's worker, `size` at a time."""
    count = len(pool.processes)
    waiting: list[list[tuple[int, Message]]] = [[] for _ in range(count)]
    try:
        for position, message in enumerate(messages):
            worker = worker_of(message, count)
            waiting[worker].append((position, message))
            if len(waiting[worker]) >= size:
                pool.send(worker, waiting[worker])
                waiting[worker] = []
    finally:  # the messages read before a malformed line are decided too
        for worker, batch in enumerate(waiting):
            if batch:
                pool.send(worker, batch)


def _add(summary: ReplaySummary, part: ReplaySummary) -> None:
    summary.messages += part.messages
    summary.acted += part.acted
    summary.by_rule.update(part.by_rule)
    summary.by_action.update(part.by_action)
    summary.undecided.extend(part.undecided)
    summary.unrecorded += part.unrecorded
    summary.degraded.update(part.degraded)


def _merge(parts: list[Path], out: TextIO) -> None:
    """The workers' lines in the order of the stream (each part is in order already)."""
    handles = [part.open(encoding="utf-8") for part in parts if part.exists()]
    try:
        lines = [((int(p), line) for p, _, line in (r.partition("\t") for r in h)) for h in handles]
        for _, line in heapq.merge(*lines, key=lambda item: item[0]):
            out.write(line)
    finally:
        for handle in handles:
            handle.close()
        for part in parts:
            part.unlink(missing_ok=True)
