"""Demo data for the console tests: the sample bad-buzz day of the Opalia community replayed
through the French charter and contingency plan into a database, as `vigie replay --db
--playbook` does, up to a chosen moment (and on from there, for the live crisis-room test)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from bot.app import ModerationPipeline, attach_store, build_engine
from bot.charter.loader import load_charter
from bot.core.message import Message, message_from_dict
from bot.crisis.loader import load_playbook
from bot.crisis.monitor import CrisisMonitor, MonitorOptions
from bot.crisis.wiring import REPLAY_CHECKPOINT, CrisisRunner
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database

ROOT = Path(__file__).resolve().parents[2]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
PLAYBOOK = ROOT / "playbooks" / "fr" / "opalia.yaml"
DAY = ROOT / "charters" / "samples" / "opalia_day.jsonl"
COMMUNITY = "opalia"

BEFORE_SURGE = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)  # level 0, nine cases in the queue
MID_CRISIS = datetime(2026, 3, 12, 14, 20, tzinfo=UTC)  # level 2 since 14:09, acks due 14:24


def _messages() -> Iterator[Message]:
    with DAY.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield message_from_dict(json.loads(line))


class DemoReplay:
    """The sample day flowing into `db`, one stretch at a time (the engine keeps its history)."""

    def __init__(self, db: Database) -> None:
        charter = load_charter(CHARTER)
        self.engine = build_engine(charter, None)
        self.pipeline = ModerationPipeline(self.engine)
        attach_store(self.pipeline, db, charter)
        monitor = CrisisMonitor(
            load_playbook(PLAYBOOK), SqlCrisisStore(db), options=MonitorOptions(REPLAY_CHECKPOINT)
        )
        self.runner = CrisisRunner(monitor)
        self._pending = _messages()
        self._next: Message | None = next(self._pending, None)
        self.reached: datetime | None = None

    def advance(self, until: datetime) -> None:
        """Replay every message up to `until`, then let the monitor's clock reach it."""
        while self._next is not None and self._next.ts <= until:
            decision = self.pipeline.handle(self._next)
            self.runner.on_decision(decision, self.engine)
            self._next = next(self._pending, None)
        self.pipeline.flush()
        self.runner.tick(until, self.engine)
        self.runner.monitor.checkpoint()
        self.reached = until
