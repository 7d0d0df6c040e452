"""The second stage wired into the live service: the fast path decides at once, the encoder's
fused reading (a scripted reader here: the real encoder is tested in tests/unit/ml) refines the
decision off the caller's thread — an escalation case, urgent for a threat, or a note on a held
message's case — once per message version, drained at close, and absent without breaking
anything when it cannot load."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.clock import ManualClock
from bot.core.message import Author, Message
from bot.moderation.second_stage import Lines, Policy, Routing
from bot.second_stage import MAX_BATCH, SecondStage, store_writer
from bot.service import CommunityService, build_service
from bot.store.audit import AuditLog
from bot.store.database import Database, open_database
from bot.store.tables import CASE_NOTES, CASES

ROOT = Path(__file__).resolve().parents[2]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
T0 = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
LINES = Lines(
    {"toxic": 0.8, "hate": 0.8, "threat": 0.8}, {"toxic": 0.5, "hate": 0.5, "threat": 0.5}
)


def scripted(texts: Sequence[str], _scores: Sequence[Mapping[str, float]]) -> tuple[list, Lines]:
    """Fused scores read from the text: "menace" is a threat, "vilain" is toxic."""
    fused = [
        {
            "toxic": 0.9 if "vilain" in t or "menace" in t else 0.1,
            "hate": 0.1,
            "threat": 0.9 if "menace" in t else 0.1,
        }
        for t in texts
    ]
    return fused, LINES


def broken() -> object:
    raise RuntimeError("weights.npz: damaged")


class Stage:
    """A service with a second stage on a migrated SQLite copy, and a pinned clock."""

    def __init__(
        self,
        tmp_path: Path,
        migrated: Path,
        load: Callable[[], object],
        charter: Path,
        max_batch: int = MAX_BATCH,
    ) -> None:
        path = tmp_path / "vigie.db"
        shutil.copy(migrated, path)
        self.db: Database = open_database(f"sqlite:///{path}")
        self.clock = ManualClock(T0)
        self.stage = SecondStage(
            load,
            store_writer(self.db),
            self.clock,
            Routing(Policy.ALL),
            max_batch=max_batch,
        )
        self.service: CommunityService = build_service(
            charter,
            self.db,
            self.clock,
            "memory",
            second=self.stage,
            models_dir=tmp_path / "no-models",
        )[0]

    def post(self, mid: str, text: str, author: str = "u1") -> None:
        self.service.handle(
            Message(mid, self.clock.now(), Author(author, "Alice"), text, "memory", "g1", "general")
        )

    def cases(self) -> list[dict]:
        with self.db.read() as connection:
            return [
                dict(r._mapping) for r in connection.execute(select(CASES).order_by(CASES.c.id))
            ]

    def notes(self) -> list[dict]:
        with self.db.read() as connection:
            return [dict(r._mapping) for r in connection.execute(select(CASE_NOTES))]


@pytest.fixture
def stage(tmp_path: Path, migrated: Path) -> Iterator[Stage]:
    found = Stage(tmp_path, migrated, lambda: scripted, CHARTER)
    yield found
    found.stage.close()
    found.db.dispose()


def test_a_message_let_through_is_escalated_once(stage: Stage) -> None:
    stage.post("m1", "t'es un vilain garçon")
    stage.post("m2", "bonne journée à tous")
    stage.stage.wait_idle()
    cases = stage.cases()
    assert [(c["message_id"], c["kind"], c["severity"]) for c in cases] == [("m1", "escalation", 1)]
    assert "Seconde lecture" in cases[0]["reason"] and "toxique 0,90" in cases[0]["reason"]
    assert cases[0]["deadline"].replace(tzinfo=UTC) == T0 + timedelta(hours=4)
    assert cases[0]["decision_id"] is not None
    # Redelivered, replayed: the same message version changes nothing.
    stage.post("m1", "t'es un vilain garçon")
    stage.stage.wait_idle()
    assert len(stage.cases()) == 1
    audit = AuditLog(stage.db).entries(action="second_stage.escalate")
    assert [e.target for e in audit] == ["message:memory:g1:m1:0"]
    assert audit[0].detail["scores"]["toxic"] == 0.9


def test_a_threat_is_escalated_urgently(stage: Stage) -> None:
    stage.post("m1", "ceci est une menace voilée")
    stage.stage.wait_idle()
    (case,) = stage.cases()
    assert case["severity"] == 3
    assert case["deadline"].replace(tzinfo=UTC) == T0 + timedelta(minutes=30)
    assert "urgence" in case["reason"]


def test_a_hold_that_reads_clear_gets_a_note(tmp_path: Path, migrated: Path) -> None:
    charter = tmp_path / "a_priori.yaml"
    charter.write_text(CHARTER.read_text("utf-8").replace("mode: a_posteriori", "mode: a_priori"))
    found = Stage(tmp_path, migrated, lambda: scripted, charter)
    try:
        found.post("m1", "achetez mes cryptos sur https://bit.ly/abc https://bit.ly/abd gratuit")
        found.stage.wait_idle()
        held = [c for c in found.cases() if c["message_id"] == "m1"]
        notes = found.notes()
        assert len(held) == 1 and [n["case_id"] for n in notes] == [held[0]["id"]]
        assert "retenue" in notes[0]["text"]
        assert found.stage.status()["cleared"] == 1
    finally:
        found.stage.close()
        found.db.dispose()


def test_close_drains_what_is_queued(tmp_path: Path, migrated: Path) -> None:
    gate = threading.Event()  # the encoder is busy until the service stops

    def slow(texts: Sequence[str], scores: Sequence[Mapping[str, float]]) -> tuple[list, Lines]:
        gate.wait()
        return scripted(texts, scores)

    # Batches of one: the worker holds one job in the busy encoder and every other job waits in
    # the queue (with bigger batches it takes whatever happens to be queued when it wakes).
    stage = Stage(tmp_path, migrated, lambda: slow, CHARTER, max_batch=1)
    for i in range(30):  # thirty members: no flood or duplicates rule acts on them
        stage.post(f"m{i}", f"vilain message numéro {i}", author=f"u{i}")
        stage.clock.advance(timedelta(minutes=1))
    assert stage.stage.status()["queued"] >= 29  # nothing refined yet
    gate.set()
    assert stage.stage.close(timeout=60)
    assert len(stage.cases()) == 30
    status = stage.stage.status()
    assert (status["queued"], status["escalated"], status["routed"]) == (0, 30, 30)
    stage.db.dispose()


def test_an_encoder_that_cannot_load_leaves_the_bot_working(
    tmp_path: Path, migrated: Path, caplog: pytest.LogCaptureFixture
) -> None:
    found = Stage(tmp_path, migrated, broken, CHARTER)
    try:
        found.post("m1", "t'es un vilain garçon")
        found.stage.wait_idle()
        status = found.stage.status()
        assert (status["state"], status["reason"]) == ("unavailable", "weights.npz: damaged")
        assert found.cases() == []  # the fast decision stands, recorded as usual
        assert found.service.store_status()["store"] == "ok"
        assert "second stage unavailable" in caplog.text
    finally:
        found.stage.close()
        found.db.dispose()
