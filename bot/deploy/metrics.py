"""Prometheus metrics of one process (a bot or the console), in a registry of its own (no module
global: two bots in one test process do not share counters).

Counted as things happen: messages seen, decisions by rule and action, actions executed, retried
and failed, the decision latency. Read from the database at each scrape: the outbox depth, the
escalations waiting for an acknowledgement and each community's crisis level (what the other
processes sharing the database did shows too).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from bot.core.decision import ActionRequest, Decision
from bot.core.ports import ActionResult, Gateway, Outcome
from bot.store.database import Database
from bot.store.operations import crisis_levels, escalations_waiting, outbox_depth

log = logging.getLogger("vigie.metrics")
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_OUTCOMES = {Outcome.DONE: "executed", Outcome.RETRY: "retried", Outcome.FAILED: "failed"}


class StoreFigures(Collector):
    """The gauges read from the database when Prometheus scrapes."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def collect(self) -> Iterator[Metric]:
        """One family per figure; nothing when the database is unreachable (/healthz says so)."""
        try:
            depth, waiting = outbox_depth(self._db), escalations_waiting(self._db)
            levels = dict(crisis_levels(self._db))
        except SQLAlchemyError as exc:
            log.warning("metrics: the database cannot be read: %s", type(exc).__name__)
            return
        yield _family("vigie_outbox_depth", "Actions waiting in the outbox", "platform", depth)
        yield _family(
            "vigie_escalations_waiting",
            "Crisis escalations waiting for an acknowledgement",
            "community",
            waiting,
        )
        yield _family("vigie_crisis_level", "Crisis level (0-3)", "community", levels)


def _family(name: str, doc: str, label: str, values: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=[label])
    for key, value in sorted(values.items()):
        family.add_metric([key], value)
    return family


class Metrics:
    """The counters of one process and the registry Prometheus reads."""

    def __init__(self, db: Database | None = None, timer: Callable[[], float] = time.perf_counter):
        self.registry = CollectorRegistry()
        self._timer = timer
        self.last_seen: datetime | None = None
        self.messages = Counter(
            "vigie_messages", "Messages seen", ["platform", "community"], registry=self.registry
        )
        self.decisions = Counter(
            "vigie_decisions",
            "Rules matched, by the action they led to (none: recorded only)",
            ["community", "rule", "action"],
            registry=self.registry,
        )
        self.actions = Counter(
            "vigie_actions",
            "Actions attempted on a platform, by outcome (executed, retried, failed)",
            ["platform", "kind", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "vigie_decision_seconds",
            "Time to decide on and record one message",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.last_message = Gauge(
            "vigie_last_message_timestamp_seconds",
            "When the last message was seen (Unix time)",
            registry=self.registry,
        )
        self.purges = Counter(
            "vigie_purges", "Scheduled retention purges run", ["result"], registry=self.registry
        )
        if db is not None:
            self.registry.register(StoreFigures(db))

    def timed(self) -> Callable[[], None]:
        """Start timing a decision; call the result when it is recorded."""
        start = self._timer()
        return lambda: self.latency.observe(max(self._timer() - start, 0.0))

    def saw(self, decision: Decision) -> None:
        """Count a decided message, its matched rules and their actions."""
        message = decision.message
        self.messages.labels(message.platform, message.community).inc()
        self.last_seen = decision.at
        self.last_message.set(decision.at.timestamp())
        kinds = sorted({action.kind for action in decision.actions}) or ["none"]
        for outcome in decision.outcomes:
            if outcome.matched and outcome.exempt is None:
                for kind in kinds:
                    self.decisions.labels(message.community, outcome.rule, kind).inc()

    def acted(self, request: ActionRequest, result: ActionResult) -> None:
        """Count one attempt at an action."""
        outcome = _OUTCOMES.get(result.outcome, str(result.outcome))
        self.actions.labels(request.platform, request.kind, outcome).inc()

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)


class MeteredGateway:
    """A platform gateway whose every attempt is counted (wraps the adapter's gateway)."""

    def __init__(self, inner: Gateway, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    async def execute(self, request: ActionRequest) -> ActionResult:
        """Run the action through the platform's gateway and count its outcome."""
        try:
            result = await self._inner.execute(request)
        except Exception:
            self._metrics.actions.labels(request.platform, request.kind, "retried").inc()
            raise
        self._metrics.acted(request, result)
        return result
