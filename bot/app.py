"""The composition root: wires a charter, the models, the engine, the store and a gateway into the
pipeline every front end uses (replay, the platforms, drills, the console)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.charter.schema import Charter
from bot.core.decision import Decision
from bot.core.message import Message
from bot.core.ports import Scorer
from bot.moderation.batch import Prepared
from bot.moderation.engine import ModerationEngine

log = logging.getLogger("vigie")

Sink = Callable[[Sequence[Decision]], None]


@dataclass
class ModerationPipeline:
    """Decides on each message and hands the decisions to a sink (the store) in batches."""

    engine: ModerationEngine
    sink: Sink | None = None
    batch_size: int = 1000
    after_write: Callable[[], None] | None = None
    _batch: list[Decision] = field(default_factory=list, init=False)

    def handle(self, message: Message, prepared: Prepared | None = None) -> Decision:
        """Decide on one message; the decision is written with its batch. `prepared`: the
        message's text and scores computed with a batch of messages (`bot.moderation.batch`)."""
        if prepared is None:
            decision = self.engine.process(message)
        else:
            decision = self.engine.process(message, prepared.text, prepared.scores)
        if self.sink is not None:
            self._batch.append(decision)
            if len(self._batch) >= self.batch_size:
                self.flush()
        return decision

    def flush(self) -> None:
        """Write the decisions waiting in the batch."""
        if self.sink is None or not self._batch:
            return
        self.sink(self._batch)
        self._batch = []
        if self.after_write is not None:
            self.after_write()


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
    from bot.store.recorder import DecisionRecorder
    from bot.store.strikes import SqlStrikeLedger

    recorder = DecisionRecorder(db, charter.sanctions.strike_ttl)  # type: ignore[arg-type]
    ledger = BufferedStrikeLedger(SqlStrikeLedger(db))  # type: ignore[arg-type]
    pipeline.engine.strikes = ledger
    pipeline.sink = recorder.record
    pipeline.after_write = ledger.written
