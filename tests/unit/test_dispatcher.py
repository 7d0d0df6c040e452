"""The dispatcher: every action leaves the outbox as done, retried with backoff, or failed with the
platform's reason; a gateway that raises never loses the action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.clock import ManualClock
from bot.core.decision import ActionRequest
from bot.core.dispatcher import Dispatcher, RetryPolicy
from bot.core.ports import ActionResult, Outcome, PendingAction

T0 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)


class ListOutbox:
    """The Outbox port over a list, enough to watch the dispatcher's bookkeeping."""

    def __init__(self, requests: list[ActionRequest]) -> None:
        self.rows = {
            i: {"request": r, "attempts": 0, "status": "pending", "not_before": T0}
            for i, r in enumerate(requests, start=1)
        }
        self.log: list[tuple[str, int, str]] = []

    def enqueue(self, requests, at) -> None:  # pragma: no cover - not used here
        raise NotImplementedError

    def due(self, now, platform=None, limit=100) -> list[PendingAction]:
        return [
            PendingAction(i, row["request"], row["attempts"])
            for i, row in self.rows.items()
            if row["status"] == "pending" and row["not_before"] <= now
        ][:limit]

    def mark_done(self, action_id, at, detail="") -> None:
        self.rows[action_id]["status"] = "done"
        self.log.append(("done", action_id, detail))

    def mark_retry(self, action_id, at, not_before, error) -> None:
        row = self.rows[action_id]
        row["attempts"] += 1
        row["not_before"] = not_before
        self.log.append(("retry", action_id, error))

    def mark_failed(self, action_id, at, error) -> None:
        self.rows[action_id]["status"] = "failed"
        self.log.append(("failed", action_id, error))


class ScriptedGateway:
    """Answers each call with the next scripted result (or raises it)."""

    def __init__(self, script: list[ActionResult | Exception]) -> None:
        self.script = list(script)
        self.calls = 0

    async def execute(self, request: ActionRequest) -> ActionResult:
        self.calls += 1
        result = self.script.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


def request() -> ActionRequest:
    return ActionRequest(kind="delete", key="k1", community="c", platform="memory", message_id="m1")


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ([ActionResult.done()], [("done", 1, "")]),
        (
            [ActionResult(Outcome.FAILED, "403 Missing Permissions")],
            [("failed", 1, "403 Missing Permissions")],
        ),
        (
            [ActionResult(Outcome.RETRY, "429", retry_after=2.5), ActionResult.done()],
            [("retry", 1, "429"), ("done", 1, "")],
        ),
        (
            [ConnectionError("reset"), ActionResult.done()],
            [("retry", 1, "ConnectionError: reset"), ("done", 1, "")],
        ),
        (
            [ActionResult(Outcome.RETRY, "5xx")] * 3,
            [("retry", 1, "5xx"), ("retry", 1, "5xx"), ("failed", 1, "5xx")],
        ),
    ],
    ids=[
        "done",
        "forbidden-fails-with-reason",
        "rate-limited-then-done",
        "gateway-raises-then-done",
        "gives-up-after-max-attempts",
    ],
)
async def test_every_action_ends_done_or_failed_with_its_reason(script, expected) -> None:
    clock = ManualClock(T0)
    outbox = ListOutbox([request()])
    failures = []
    dispatcher = Dispatcher(
        outbox,
        ScriptedGateway(script),
        clock,
        policy=RetryPolicy(max_attempts=3),
        on_failure=lambda p, r: failures.append(r),
    )
    for _ in range(len(script)):
        await dispatcher.run_once()
        clock.advance(timedelta(minutes=30))
    assert outbox.log == expected
    assert failures == [e[2] for e in expected if e[0] == "failed"]


async def test_retry_waits_for_the_platforms_figure_then_backs_off() -> None:
    clock = ManualClock(T0)
    outbox = ListOutbox([request()])
    gateway = ScriptedGateway(
        [ActionResult(Outcome.RETRY, "429", retry_after=30), ActionResult.done()]
    )
    dispatcher = Dispatcher(outbox, gateway, clock)
    await dispatcher.run_once()
    assert outbox.rows[1]["not_before"] == T0 + timedelta(seconds=30)
    clock.advance(timedelta(seconds=29))
    assert (await dispatcher.run_once()).done == 0 and gateway.calls == 1  # not yet due
    clock.advance(timedelta(seconds=1))
    assert (await dispatcher.run_once()).done == 1


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 1), (2, 2), (4, 8), (20, 600)],
    ids=["first", "second", "fourth", "capped"],
)
def test_backoff_doubles_and_is_capped(attempts, seconds) -> None:
    assert RetryPolicy().delay(attempts, None) == timedelta(seconds=seconds)
