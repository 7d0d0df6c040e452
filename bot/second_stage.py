"""The second stage's worker: the sentence encoder reads again, off the event loop, the decisions
the fast path has already taken and routed to it, and refines them (`bot.moderation.second_stage`)
through the store (`bot.store.refinements`).

One worker thread per process, shared by every community it serves (one copy of the encoder). The
application layer (`CommunityService.handle`) submits each decision after it is recorded; the
worker takes what is queued in one batch (the encoder is cheaper per message in a batch, and a
batch gives the same verdicts as one by one), loads the encoder on its first batch (a failure is
logged and reported by `status`, and the bot goes on without it), and at `close` drains the
queue before it stops. A refinement already written is not written again (redelivery, replay).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import Clock
from bot.core.decision import Decision
from bot.moderation.second_stage import Kind, Refinement, Routing, refine_all, route
from bot.text.normalize import fold

log = logging.getLogger("vigie.second_stage")

MAX_QUEUED = 20_000
MAX_BATCH = 64


@dataclass(frozen=True, slots=True)
class Job:
    """A decision routed to the encoder, with its folded text and the catalog's language."""

    decision: Decision
    folded: str
    lang: str


class Writer:
    """Where refinements go: `apply(refinement, lang, at)` gives the case id or None."""

    def __init__(self, apply: Callable[[Refinement, str, datetime], int | None]) -> None:
        self.apply = apply


@dataclass
class Counters:
    """What the worker did (for health and the benchmark)."""

    submitted: int = 0
    routed: int = 0
    refined: int = 0
    escalated: int = 0
    cleared: int = 0
    shed: int = 0  # the queue was full: the decision stands as the fast path took it
    failed: int = 0
    lag_max_s: float = 0.0  # decision to refinement, on the service's clock
    lag_last_s: float = 0.0
    encode_s: list[float] = field(default_factory=list)


class SecondStage:
    """See the module docstring. `load` builds the scorer: a callable that turns (folded texts,
    fast scores) into fused scores per label, and the fused lines, or raises."""

    def __init__(
        self,
        load: Callable[[], Any],
        writer: Writer,
        clock: Clock,
        routing: Routing,
        *,
        max_queued: int = MAX_QUEUED,
        max_batch: int = MAX_BATCH,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._load, self._writer, self._clock = load, writer, clock
        self.routing = routing
        self._queue: queue.Queue[Job | None] = queue.Queue(max_queued)
        self._max_batch = max_batch
        self._timer = timer
        self._model: Any = None
        self.state = "starting"
        self.reason = ""
        self.counters = Counters()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="vigie-second-stage", daemon=True)
        self._thread.start()

    def submit(self, decision: Decision, lang: str) -> str | None:
        """Queue `decision` if the routing sends it to the encoder; why it was routed, or None.
        Never blocks: a full queue sheds the job (counted), the fast decision stands."""
        folded = fold(decision.message.text)
        why = route(decision, folded, self.routing)
        with self._lock:
            self.counters.submitted += 1
            if why is None:
                return None
            self.counters.routed += 1
        try:
            self._queue.put_nowait(Job(decision, folded, lang))
        except queue.Full:
            with self._lock:
                self.counters.shed += 1
            log.warning("second stage: queue full, message %s not read again", decision.message.key)
            return None
        return why

    def close(self, timeout: float | None = None) -> bool:
        """Stop after every queued job is refined; whether the worker stopped within `timeout`."""
        self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def wait_idle(self) -> None:
        """Block until every job submitted so far is done (tests, the benchmark, a replay)."""
        self._queue.join()

    def status(self) -> dict[str, object]:
        """For the health endpoint: state, why it is off, queue and counters."""
        with self._lock:
            c = self.counters
            return {
                "state": self.state,
                "reason": self.reason,
                "policy": self.routing.policy.value,
                "queued": self._queue.qsize(),
                "submitted": c.submitted,
                "routed": c.routed,
                "escalated": c.escalated,
                "cleared": c.cleared,
                "shed": c.shed,
                "failed": c.failed,
                "lag_max_s": round(c.lag_max_s, 3),
            }

    # --- the worker thread ---------------------------------------------------------------------

    def _run(self) -> None:
        self._start()
        stopping = False
        while not stopping:
            jobs, stopping = self._take()
            try:
                if jobs:
                    self._refine(jobs)
            except Exception:  # a bug or the store: logged, counted, the next batch goes on
                log.exception("second stage: a batch of %d could not be refined", len(jobs))
                with self._lock:
                    self.counters.failed += len(jobs)
            finally:
                for _ in range(len(jobs) + int(stopping)):
                    self._queue.task_done()

    def _start(self) -> None:
        try:
            self._model = self._load()
            self.state = "ready"
        except Exception as exc:  # the encoder or its heads cannot run: the bot goes on without
            self.state, self.reason = "unavailable", str(exc)
            log.error(
                "second stage unavailable, decisions stay as the fast path took them: %s", exc
            )

    def _take(self) -> tuple[list[Job], bool]:
        """The next batch: one job (waiting for it), then whatever is queued, up to the limit."""
        jobs: list[Job] = []
        item = self._queue.get()
        while item is not None:
            jobs.append(item)
            if len(jobs) >= self._max_batch:
                return jobs, False
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return jobs, False
        return jobs, True

    def _refine(self, jobs: Sequence[Job]) -> None:
        if self._model is None:  # unavailable: nothing to add to the fast decisions
            return
        started = self._timer()
        fused, lines = self._model([j.folded for j in jobs], [j.decision.scores for j in jobs])
        elapsed = self._timer() - started
        refinements = refine_all([j.decision for j in jobs], fused, lines)
        for job, refinement in zip(jobs, refinements, strict=True):
            if refinement is not None:
                self._write(job, refinement)
        with self._lock:
            self.counters.refined += len(jobs)
            self.counters.encode_s.extend([elapsed / len(jobs)] * len(jobs))
            now = self._clock.now()
            lag = max((now - j.decision.at for j in jobs), default=timedelta(0))
            self.counters.lag_last_s = lag.total_seconds()
            self.counters.lag_max_s = max(self.counters.lag_max_s, lag.total_seconds())

    def _write(self, job: Job, refinement: Refinement) -> None:
        case = self._writer.apply(refinement, job.lang, self._clock.now())
        if case is None:
            return
        with self._lock:
            if refinement.kind is Kind.ESCALATE:
                self.counters.escalated += 1
            else:
                self.counters.cleared += 1
        log.info(
            "second stage: %s %s (case %s, %s)",
            refinement.kind.value,
            job.decision.message.key,
            case,
            ", ".join(f"{k} {v:.2f}" for k, v in refinement.scores.items()),
        )


def refinement_text(refinement: Refinement, lang: str) -> str:
    """The case reason (escalation) or case note (hold) a refinement writes, in `lang`."""
    from bot.i18n import formats
    from bot.i18n.catalog import messages

    catalog = messages()

    def named(label: str) -> str:
        return catalog.text(lang, f"console.score_{label}")

    scores = formats.listing(
        (f"{named(k)} {formats.number(v, lang, '0.00')}" for k, v in refinement.scores.items()),
        lang,
    )
    if refinement.kind is Kind.CLEAR:
        return catalog.text(lang, "second_stage.clear", scores=scores)
    if refinement.urgent:
        return catalog.text(lang, "second_stage.escalate_urgent", scores=scores)
    labels = formats.listing((named(label) for label in refinement.crossed), lang)
    return catalog.text(lang, "second_stage.escalate", labels=labels, scores=scores)


def store_writer(db: Any) -> Writer:
    """Refinements written to `db` through `bot.store.refinements` (idempotent there)."""
    from bot.store.refinements import RefinementStore

    store = RefinementStore(db)

    def apply(refinement: Refinement, lang: str, at: datetime) -> int | None:
        return store.apply(refinement, refinement_text(refinement, lang), at)

    return Writer(apply)


def second_stage(
    models_dir: Any, db: Any, clock: Clock, routing: Routing, threads: int = 1
) -> SecondStage:
    """The process's second stage over the shipped heads and the installed encoder (loaded in
    the worker thread: the process starts at once; a failure leaves it `unavailable`)."""
    from pathlib import Path

    from bot.ml.heads import load_reader

    return SecondStage(
        lambda: load_reader(Path(models_dir), threads), store_writer(db), clock, routing
    )
