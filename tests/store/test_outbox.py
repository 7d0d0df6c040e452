"""The outbox: idempotent enqueue, due/claim/lease, retries, failures, concurrent dispatchers."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from bot.core.clock import ManualClock
from bot.core.decision import ActionRequest
from bot.core.dispatcher import Dispatcher, RetryPolicy
from bot.core.ports import ActionResult, Outcome
from bot.store.database import Database
from bot.store.outbox import SqlOutbox, action_from_dict
from bot.store.tables import ACTIONS
from tests.store.builders import T0, action, message
from tests.store.conftest import Backend

MSG = message("m1")


def request(
    key: str, kind: str = "delete", platform: str = "discord", **kw: object
) -> ActionRequest:
    return ActionRequest(kind=kind, key=key, community="c1", platform=platform, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "original",
    [
        request("k"),
        action(MSG, "timeout", duration=timedelta(minutes=15), reason="flood", notice="Calmos."),
        action(MSG, "escalate", params={"severity": 3, "deadline_s": 600, "roles": ["mods"]}),
        request("k", "post_statement", channel="annonces", rule=None, params={"text": "Bonjour"}),
    ],
    ids=["minimal", "timeout-with-notice", "escalate-params", "statement-no-rule"],
)
def test_action_from_dict_inverts_to_dict(original: ActionRequest) -> None:
    assert action_from_dict(original.to_dict()) == original


def test_enqueue_is_idempotent_per_key(db: Database) -> None:
    outbox = SqlOutbox(db)
    outbox.enqueue([request("a"), request("a")], T0)
    outbox.enqueue([request("a"), request("b")], T0)
    assert [p.request.key for p in outbox.due(T0)] == ["a", "b"]


def test_due_returns_the_rebuilt_requests_oldest_first_per_platform(db: Database) -> None:
    outbox = SqlOutbox(db)
    outbox.enqueue([request("late", platform="telegram")], T0 + timedelta(seconds=5))
    outbox.enqueue([request("early", platform="telegram"), request("d", platform="discord")], T0)
    timeout = action(MSG, "timeout", duration=timedelta(hours=1))
    outbox.enqueue([timeout], T0)
    now = T0 + timedelta(seconds=10)
    assert [p.request.key for p in outbox.due(now, "telegram")] == ["early", "late"]
    assert [p.request for p in outbox.due(now, "discord")] == [request("d"), timeout]
    assert outbox.due(now) == []  # everything is claimed


def test_due_respects_not_before_and_limit(db: Database) -> None:
    outbox = SqlOutbox(db)
    outbox.enqueue([request(f"k{i}") for i in range(5)], T0)
    assert outbox.due(T0 - timedelta(seconds=1)) == []
    assert len(outbox.due(T0, limit=2)) == 2
    assert len(outbox.due(T0, limit=10)) == 3


def test_a_claim_expires_after_the_lease(db: Database) -> None:
    outbox = SqlOutbox(db, lease=timedelta(minutes=1))
    outbox.enqueue([request("a")], T0)
    assert len(outbox.due(T0)) == 1
    assert outbox.due(T0 + timedelta(seconds=59)) == []  # another dispatcher must not take it
    [again] = outbox.due(T0 + timedelta(minutes=1))  # the first one died: retried
    assert again.request.key == "a" and again.attempts == 0


def test_retry_then_done(db: Database) -> None:
    outbox = SqlOutbox(db)
    outbox.enqueue([request("a")], T0)
    [pending] = outbox.due(T0)
    outbox.mark_retry(pending.id, T0, T0 + timedelta(seconds=30), "429 rate limited")
    assert outbox.due(T0 + timedelta(seconds=29)) == []
    [retried] = outbox.due(T0 + timedelta(seconds=30))
    assert retried.attempts == 1
    outbox.mark_done(retried.id, T0 + timedelta(seconds=31), "deleted")
    assert outbox.due(T0 + timedelta(days=1)) == []
    with db.begin() as connection:
        row = connection.execute(select(ACTIONS)).one()
    assert (row.status, row.attempts, row.last_error, row.detail) == (
        "done",
        2,
        "429 rate limited",
        "deleted",
    )
    assert row.done_at == T0 + timedelta(seconds=31)


def test_failed_leaves_the_queue_with_the_reason(db: Database) -> None:
    outbox = SqlOutbox(db)
    outbox.enqueue([request("a")], T0)
    [pending] = outbox.due(T0)
    outbox.mark_failed(pending.id, T0, "403 Missing Permissions")
    assert outbox.due(T0 + timedelta(days=1)) == []
    with db.begin() as connection:
        row = connection.execute(select(ACTIONS)).one()
    assert (row.status, row.last_error, row.attempts) == ("failed", "403 Missing Permissions", 1)


def test_marking_an_unknown_action_raises(db: Database) -> None:
    with pytest.raises(KeyError):
        SqlOutbox(db).mark_done(404, T0)


def test_concurrent_dispatchers_never_get_the_same_action(backend: Backend) -> None:
    backend.open()
    SqlOutbox(backend.open()).enqueue([request(f"k{i:03}") for i in range(200)], T0)
    outboxes = [SqlOutbox(backend.open()) for _ in range(4)]
    barrier = threading.Barrier(len(outboxes))

    def drain(outbox: SqlOutbox) -> list[str]:
        barrier.wait()
        keys: list[str] = []
        while batch := outbox.due(T0, limit=7):
            keys += [pending.request.key for pending in batch]
        return keys

    with ThreadPoolExecutor(len(outboxes)) as pool:
        results = list(pool.map(drain, outboxes))
    claimed = [key for keys in results for key in keys]
    assert len(claimed) == len(set(claimed)) == 200


@pytest.mark.postgres
def test_postgres_skips_rows_locked_by_another_dispatcher(postgres_backend: Backend) -> None:
    db = postgres_backend.open()
    outbox = SqlOutbox(db)
    outbox.enqueue([request("a"), request("b"), request("c")], T0)
    with db.engine.connect() as other:
        # Another process is in the middle of claiming "a": its row is locked, not yet leased.
        other.execute(text("SELECT id FROM actions WHERE key = 'a' FOR UPDATE"))
        assert [p.request.key for p in outbox.due(T0)] == ["b", "c"]  # no wait, no double claim
        other.rollback()
    assert [p.request.key for p in outbox.due(T0)] == ["a"]


class FlakyGateway:
    """Answers RETRY once per action, then DONE; remembers what it executed."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def execute(self, request: ActionRequest) -> ActionResult:
        self.calls.append(request.key)
        if self.calls.count(request.key) == 1:
            return ActionResult(Outcome.RETRY, "503", retry_after=2)
        return ActionResult.done("ok")


async def test_the_dispatcher_drains_the_sql_outbox(db: Database) -> None:
    outbox, clock, gateway = SqlOutbox(db), ManualClock(T0), FlakyGateway()
    outbox.enqueue([request("a"), request("b", platform="telegram")], T0)
    dispatcher = Dispatcher(outbox, gateway, clock, "discord", RetryPolicy(max_attempts=3))
    assert (await dispatcher.run_once()).retried == 1
    clock.advance(timedelta(seconds=2))
    assert (await dispatcher.run_once()).done == 1
    assert gateway.calls == ["a", "a"]
    assert [p.request.key for p in outbox.due(clock.now())] == ["b"]
