"""The live pipeline against hostile messages and database faults: one bad message never stops the
recording of the others, a message is decided and recorded once, an unreachable database delays
the writes (deciding goes on) instead of losing them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bot.app import ModerationPipeline, attach_store, build_engine
from bot.charter.loader import load_charter
from bot.core.message import Author, Message
from bot.store.database import Database
from bot.store.quarantine import Quarantine
from bot.store.tables import ACTIONS, CASES, DECISIONS, MESSAGES, STRIKES
from tests.store.builders import T0

CHARTER = Path(__file__).resolve().parents[2] / "charters/fr/opalia.yaml"


def _pipeline(db: Database, batch_size: int = 1000) -> ModerationPipeline:
    charter = load_charter(CHARTER)
    pipeline = ModerationPipeline(build_engine(charter, None), batch_size=batch_size)
    attach_store(pipeline, db, charter)
    return pipeline


def _message(i: int, text: str = "espèce de connard", **fields: object) -> Message:
    author = fields.pop("author", Author(id=f"u{i % 3}", name=f"Membre {i}"))
    return Message(
        id=f"m{i}",
        ts=T0 + timedelta(seconds=i),
        author=author,
        text=text,
        platform="discord",
        community="c1",
        **fields,  # type: ignore[arg-type]
    )


def _count(db: Database, table: object) -> int:
    with db.read() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()  # type: ignore[arg-type]


def _snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Everything a run leaves, without the ids a database hands out."""
    queries = {
        "decisions": select(
            DECISIONS.c.message_id, DECISIONS.c.version, DECISIONS.c.strikes, DECISIONS.c.actions
        ).order_by(DECISIONS.c.message_id),
        "strikes": select(
            STRIKES.c.user_id, STRIKES.c.rule, STRIKES.c.weight, STRIKES.c.at
        ).order_by(STRIKES.c.at, STRIKES.c.user_id),
        "cases": select(CASES.c.message_id, CASES.c.rule, CASES.c.reason).order_by(
            CASES.c.message_id, CASES.c.rule
        ),
        "outbox": select(ACTIONS.c.key, ACTIONS.c.payload).order_by(ACTIONS.c.key),
    }
    with db.read() as connection:
        return {name: [tuple(r) for r in connection.execute(q)] for name, q in queries.items()}


def test_replaying_twice_leaves_the_database_of_one_run(db: Database, backend) -> None:
    stream = [_message(i) for i in range(18)]
    pipeline = _pipeline(db, batch_size=5)
    for message in stream:
        pipeline.handle(message)
    pipeline.flush()
    once = _snapshot(db)
    assert len(once["strikes"]) == 18 and any("ban" in str(a) for a in once["outbox"])
    again = _pipeline(backend.open(), batch_size=5)  # a new process: a restart, a second replay
    for message in stream:
        again.handle(message)
    again.flush()
    assert _snapshot(db) == once


def test_a_restart_mid_stream_finishes_like_one_clean_run(db: Database, backend) -> None:
    stream = [_message(i) for i in range(18)]
    clean_db = backend.open()
    first = _pipeline(clean_db, batch_size=4)
    for message in stream[:11]:  # killed after 11: two batches of 4 written, 3 lost
        first.handle(message)
    restarted = _pipeline(backend.open(), batch_size=4)
    for message in stream:
        restarted.handle(message)
    restarted.flush()
    restarted_snapshot = _snapshot(db)
    # The reference: one run from nothing, in a fresh database of the same backend.
    with db.begin() as connection:
        for table in (ACTIONS, CASES, STRIKES, DECISIONS, MESSAGES):
            connection.execute(table.delete())
    clean = _pipeline(backend.open(), batch_size=4)
    for message in stream:
        clean.handle(message)
    clean.flush()
    assert restarted_snapshot == _snapshot(db)


@pytest.mark.parametrize(
    "poison",
    [
        pytest.param({"text": "nul \x00 dedans connard"}, id="nul-in-text"),
        pytest.param({"text": "surrogate \ud800 connard"}, id="lone-surrogate"),
        pytest.param({"author": Author(id="u9", name="N" * 5000)}, id="long-author-name"),
        pytest.param({"channel": "c" * 1000}, id="long-channel"),
    ],
)
def test_text_the_database_cannot_store_is_cleaned_and_recorded(
    db: Database, poison: dict[str, object]
) -> None:
    pipeline = _pipeline(db, batch_size=1)
    pipeline.handle(_message(0))
    pipeline.handle(_message(1, **poison))
    for i in range(2, 7):
        pipeline.handle(_message(i))
    pipeline.flush()
    assert _count(db, DECISIONS) == 7
    with db.read() as connection:
        name = connection.execute(
            select(MESSAGES.c.author_name).where(MESSAGES.c.message_id == "m1")
        ).scalar_one()
    assert len(name) <= 256 and (len(name) < 256 or name.endswith("…"))


def test_a_message_the_store_refuses_is_quarantined_and_the_batch_goes_on(db: Database) -> None:
    pipeline = _pipeline(db, batch_size=10)
    for i in range(10):
        mid = "x" * 300 if i == 4 else None  # an id longer than its column
        message = _message(i)
        pipeline.handle(message if mid is None else Message(**{**_fields(message), "id": mid}))
    pipeline.flush()
    assert _count(db, DECISIONS) == (10 if db.dialect == "sqlite" else 9)
    if db.is_postgres:  # SQLite stores the long id; PostgreSQL refuses it
        [entry] = Quarantine(db).all()
        assert entry.message_id.endswith("…") and "too long" in entry.reason
        with db.read() as connection:
            reasons = connection.execute(select(CASES.c.reason)).scalars().all()
        assert sum("quarantine" in r for r in reasons) == 1, reasons
        pipeline.handle(Message(**{**_fields(_message(4)), "id": "x" * 300}))
        pipeline.flush()
        assert len(Quarantine(db).all()) == 1  # reported once


def _fields(message: Message) -> dict[str, object]:
    return {name: getattr(message, name) for name in message.__slots__ if name != "extra"}


class _Outage:
    """A sink that fails as an unreachable database does, until told the database is back."""

    def __init__(self, sink: object) -> None:
        self.sink, self.down, self.tries = sink, True, 0

    def __call__(self, batch: object) -> None:
        self.tries += 1
        if self.down:
            raise OperationalError("INSERT ...", {"text": "secret"}, ConnectionError("refused"))
        self.sink(batch)  # type: ignore[operator]


def test_an_unreachable_database_queues_decisions_and_writes_them_when_back(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    pipeline = _pipeline(db, batch_size=1)
    outage = _Outage(pipeline.sink)
    pipeline.sink = outage
    pipeline.recorded = None  # the lookup would fail alike; the sink is the one under test
    decisions = [pipeline.handle(_message(i)) for i in range(20)]
    assert all(d.matched for d in decisions)  # deciding went on
    assert pipeline.queued == 20 and pipeline.store_status()["store"] == "unreachable"
    assert outage.tries < 10  # backoff: not one try per message
    assert "secret" not in caplog.text and "INSERT" not in caplog.text
    assert "database unreachable" in caplog.text
    outage.down = False
    pipeline.handle(_message(100))  # 100 s later: past the backoff
    assert pipeline.store_status() == {"store": "ok", "down_since": None, "queued": 0, "dropped": 0}
    assert _count(db, DECISIONS) == 21


def test_the_memory_queue_is_bounded(db: Database) -> None:
    pipeline = _pipeline(db, batch_size=1)
    pipeline.sink = _Outage(pipeline.sink)
    pipeline.recorded = None
    pipeline.max_queued = 5
    for i in range(12):
        pipeline.handle(_message(i))
    assert pipeline.queued == 5 and pipeline.health.status(pipeline.queued)["dropped"] == 7


def test_a_replay_ending_during_an_outage_says_how_many_decisions_wait(db: Database) -> None:
    from bot.adapters.replay import ReplaySummary, replay

    pipeline = _pipeline(db, batch_size=4)
    pipeline.sink = _Outage(pipeline.sink)
    pipeline.recorded = None
    summary = replay([_message(i) for i in range(10)], pipeline, None, ReplaySummary())
    assert summary.messages == 10 and summary.unrecorded == 10


def test_a_redelivered_message_is_decided_once_live(db: Database) -> None:
    pipeline = _pipeline(db, batch_size=1)  # live: each decision written at once
    for message in (_message(0), _message(1), _message(0), _message(1)):  # a gateway resume
        pipeline.handle(message)
    assert [_count(db, t) for t in (DECISIONS, STRIKES)] == [2, 2]
    third = pipeline.handle(_message(3, author=Author(id="u0", name="x")))
    assert third.strikes == 2  # m0's strike counted once, not twice
