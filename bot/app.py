"""The composition root: wires a charter, the models, the engine, the store and a gateway into the
pipeline every front end uses (replay, the platforms, drills, the console)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.charter.schema import Charter
from bot.core.decision import Decision
from bot.core.message import Message
from bot.core.ports import Scorer
from bot.core.sanitize import sanitized
from bot.moderation.batch import Prepared
from bot.moderation.engine import ModerationEngine

log = logging.getLogger("vigie")

Sink = Callable[[Sequence[Decision]], None]
MAX_BACKOFF = timedelta(minutes=1)


def _never(_exc: BaseException) -> bool:
    return False


@dataclass
class StoreHealth:
    """Whether the database answers. While it does not, decisions wait in memory and writes are
    tried again after a backoff (1 s doubling up to a minute) counted on event time."""

    transient: Callable[[BaseException], bool] = _never  # unreachable, as opposed to refused
    describe: Callable[[BaseException], str] = str
    down_since: datetime | None = None
    retry_at: datetime | None = None
    backoff: timedelta = timedelta(seconds=1)
    dropped: int = 0

    @property
    def down(self) -> bool:
        """Whether the last write or read found the database unreachable."""
        return self.down_since is not None

    def may_try(self, at: datetime) -> bool:
        """Whether to try the database at `at` (always, unless down and still backing off)."""
        return self.retry_at is None or at >= self.retry_at

    def failed(self, at: datetime, exc: BaseException, queued: int) -> None:
        """The database did not answer at `at`: back off, and say so once per outage."""
        if self.down_since is None:
            self.down_since = at
            log.error(
                "database unreachable (%s): deciding goes on, %d decisions queued in memory",
                self.describe(exc),
                queued,
            )
        else:
            self.backoff = min(self.backoff * 2, MAX_BACKOFF)
        self.retry_at = at + self.backoff

    def recovered(self, flushed: int) -> None:
        """The database answers again."""
        if self.down_since is not None:
            log.warning("database reachable again: %d queued decisions written", flushed)
        self.down_since = self.retry_at = None
        self.backoff = timedelta(seconds=1)

    def status(self, queued: int) -> dict[str, object]:
        """For the health endpoint and logs."""
        return {
            "store": "unreachable" if self.down else "ok",
            "down_since": self.down_since.isoformat() if self.down_since else None,
            "queued": queued,
            "dropped": self.dropped,
        }


@dataclass
class ModerationPipeline:
    """Decides on each message and hands the decisions to a sink (the store) in batches.

    Nothing a message carries stops the recording of the others: text the database cannot store
    is cleaned first, a message the store still refuses goes to the quarantine (and the batch is
    written without it), a message already decided is not decided twice, and while the database
    is unreachable decisions wait in memory (up to `max_queued`) and are written when it answers.
    """

    engine: ModerationEngine
    sink: Sink | None = None
    batch_size: int = 1000
    after_write: Callable[[], None] | None = None
    recorded: Callable[[Message], bool] | None = None
    # No message later than this can have been recorded: the store is asked only about the
    # others (a restart's replayed prefix, a redelivery), so a first run pays no lookup.
    recorded_until: datetime | None = None
    quarantine: Callable[[Decision, str], bool] | None = None
    max_queued: int = 50_000
    health: StoreHealth = field(default_factory=StoreHealth)
    _batch: list[Decision] = field(default_factory=list, init=False)
    _keys: set[tuple[str, str, str, int]] = field(default_factory=set, init=False)
    # For a replay's batch, whether each message was recorded before (`expect`): one query.
    recorded_among: Callable[[Sequence[Message]], set[tuple[str, str, str, int]]] | None = None
    # Told each replay batch before it is decided (the strike ledger reads its authors' strikes
    # in one query).
    ahead: Callable[[Sequence[Message]], None] | None = None
    _known: dict[tuple[str, str, str, int], bool] = field(default_factory=dict, init=False)

    def handle(self, message: Message, prepared: Prepared | None = None) -> Decision:
        """Decide on one message; the decision is written with its batch. `prepared`: the
        message's text and scores computed with a batch of messages (`bot.moderation.batch`),
        unused when the text had to be cleaned for the store."""
        message, changes = sanitized(message)
        for change in changes:
            log.warning("message %s: %s", message.key, change)
        text, scores = None, None
        if prepared is not None and not changes:
            text, scores = prepared.text, prepared.scores
        if self._already_decided(message):  # a second replay of a file: still batch-prepared
            return self.engine.process(message, text, scores, seen=True)
        decision = self.engine.process(message, text, scores)
        if self.sink is not None:
            self._batch.append(decision)
            self._keys.add(_version_key(message))
            if len(self._batch) >= self.batch_size:
                self.flush()
        return decision

    @property
    def queued(self) -> int:
        """Decisions waiting to be written."""
        return len(self._batch)

    def store_status(self) -> dict[str, object]:
        """For a health endpoint: whether the database answers, since when not, what waits."""
        return self.health.status(self.queued)

    def flush(self, *, force: bool = False) -> None:
        """Write the decisions waiting in the batch (kept for later if the store is down).

        `force`: try now even while backing off (at the end of a stream: no later message)."""
        if self.sink is None or not self._batch:
            return
        at = self._batch[-1].at
        if not force and not self.health.may_try(at):
            self._bound()
            return
        try:
            self._write(self._batch)
        except Exception as exc:
            self.health.failed(at, exc, len(self._batch))
            self._bound()
            return
        self.health.recovered(len(self._batch))
        latest = max(decision.at for decision in self._batch)
        if self.recorded_until is None or latest > self.recorded_until:
            self.recorded_until = latest
        for key in self._keys.intersection(self._known):
            self._known[key] = True  # written now: a later copy in the same batch is seen
        self._batch, self._keys = [], set()
        if self.after_write is not None:
            self.after_write()

    def _write(self, batch: list[Decision]) -> None:
        """Write `batch`; a decision the store refuses is quarantined and the rest written."""
        assert self.sink is not None
        try:
            self.sink(batch)
        except Exception as exc:
            if self.health.transient(exc):
                raise
            if len(batch) == 1:
                self._quarantine(batch[0], exc)
                return
            half = len(batch) // 2  # halves: a few bad messages cost a few more writes
            self._write(batch[:half])
            self._write(batch[half:])

    def _quarantine(self, decision: Decision, exc: BaseException) -> None:
        reason = self.health.describe(exc)
        first = self.quarantine(decision, reason) if self.quarantine is not None else True
        if first:
            log.error("message %s quarantined: %s", decision.message.key, reason)

    def expect(self, messages: Sequence[Message]) -> None:
        """Ask the store once which of the coming messages (a replay's batch) were recorded
        before, so that `handle` asks it nothing for each of them."""
        self._known = {}
        if self.ahead is not None and messages:
            self.ahead(messages)
        if self.recorded_among is None or self.health.down:
            return
        try:
            found = self.recorded_among(messages)
        except Exception as exc:
            if not self.health.transient(exc):
                raise
            self.health.failed(messages[-1].ts, exc, len(self._batch))
            return
        self._known = {key: key in found for key in map(_version_key, messages)}

    def _already_decided(self, message: Message) -> bool:
        key = _version_key(message)
        if key in self._keys:
            return True
        if self.recorded is None or self.health.down:
            return False
        if self.recorded_until is None or message.ts > self.recorded_until:
            return False
        known = self._known.get(key)
        if known is not None:
            return known
        try:
            return self.recorded(message)
        except Exception as exc:
            if not self.health.transient(exc):
                raise
            self.health.failed(message.ts, exc, len(self._batch))
            return False

    def _bound(self) -> None:
        """Drop the oldest waiting decisions beyond `max_queued`, loudly."""
        extra = len(self._batch) - self.max_queued
        if extra > 0:
            self.health.dropped += extra
            log.error("database unreachable: %d oldest decisions not recorded", extra)
            for decision in self._batch[:extra]:
                self._keys.discard(_version_key(decision.message))
            self._batch = self._batch[extra:]


def _version_key(message: Message) -> tuple[str, str, str, int]:
    return (message.platform, message.community, message.id, message.version)


class GuardedLedger:
    """The store's strike ledger, read only while the database answers: during an outage the
    pending strikes (not yet written) are all the engine can count, and it keeps deciding."""

    def __init__(self, base: Any, health: StoreHealth) -> None:
        self._base, self._health = base, health

    def expect(self, messages: Sequence[Message]) -> None:
        """The strikes of the batch's authors will be asked for (the base reads them at once)."""
        keys = {(m.community, m.author.id) for m in messages}
        self._base.expect(keys, min(m.ts for m in messages), max(m.ts for m in messages))

    def stale(self) -> None:
        """Decisions were written: the strikes read before are no longer the store's."""
        self._base.stale()

    def live_strikes(self, community: str, user_id: str, now: datetime) -> int:
        """The stored live strikes, or 0 while the database is unreachable."""
        if self._health.down and not self._health.may_try(now):
            return 0
        try:
            return int(self._base.live_strikes(community, user_id, now))
        except Exception as exc:
            if not self._health.transient(exc):
                raise
            self._health.failed(now, exc, 0)
            return 0

    def add(
        self, community: str, user_id: str, rule: str, weight: int, at: datetime, expires: datetime
    ) -> None:
        """Record a strike in the store."""
        self._base.add(community, user_id, rule, weight, at, expires)


def load_scorer(models_dir: Path | None) -> tuple[Scorer | None, str | None]:
    """The classifiers, or None and the reason when they cannot be loaded (degraded mode)."""
    if models_dir is None:
        return None, "no model directory given"
    try:
        from bot.ml.loader import ModelUnavailable
        from bot.ml.loader import load_scorer as load
    except ImportError as exc:  # the ML floor is optional at run time
        return None, f"the ML package cannot be imported: {exc}"
    try:
        return load(models_dir), None
    except ModelUnavailable as exc:
        return None, str(exc)


def build_engine(charter: Charter, scorer: Scorer | None) -> ModerationEngine:
    """An engine for `charter` with the given classifiers (None: degraded) and in-memory state."""
    return ModerationEngine(charter, scorer)


def attach_store(pipeline: ModerationPipeline, db: object, charter: Charter) -> None:
    """Write the pipeline's decisions to `db`, and read strikes from it as well as from the batch.

    The recorder writes the strikes of each decision; the engine's ledger then only buffers the
    strikes of the batch not yet written, so the ladder is right both inside a batch and across
    processes sharing one database.
    """
    from bot.moderation.strikes import BufferedStrikeLedger
    from bot.store.database import is_unreachable, store_error
    from bot.store.quarantine import Quarantine
    from bot.store.recorder import DecisionRecorder
    from bot.store.strikes import PrefetchedStrikes, SqlStrikeLedger

    recorder = DecisionRecorder(db, charter.sanctions.strike_ttl)  # type: ignore[arg-type]
    pipeline.health.transient = is_unreachable
    pipeline.health.describe = store_error
    guarded = GuardedLedger(PrefetchedStrikes(SqlStrikeLedger(db), db), pipeline.health)  # type: ignore[arg-type]
    ledger = BufferedStrikeLedger(guarded)
    quarantine = Quarantine(db)  # type: ignore[arg-type]
    pipeline.engine.strikes = ledger
    pipeline.sink = recorder.record
    pipeline.recorded = recorder.recorded
    pipeline.recorded_until = recorder.last_decided_at()
    pipeline.recorded_among = recorder.recorded_among
    pipeline.quarantine = lambda decision, reason: quarantine.add(decision, reason, decision.at)
    pipeline.ahead = guarded.expect

    def written() -> None:
        guarded.stale()
        ledger.written()

    pipeline.after_write = written
