"""Executes the actions waiting in the outbox through a platform gateway, with retries.

An action decided is an action executed or retried, never lost: it is in the outbox before anything
touches the platform, and it leaves the outbox only as done, or as failed with the platform's reason
(which is reported, never swallowed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar, cast

from bot.core.clock import Clock
from bot.core.ports import ActionResult, Gateway, Outbox, Outcome, PendingAction

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff, capped, with a bounded number of attempts."""

    max_attempts: int = 8
    first_delay: timedelta = timedelta(seconds=1)
    max_delay: timedelta = timedelta(minutes=10)

    def delay(self, attempts: int, retry_after: float | None) -> timedelta:
        """How long to wait before the next attempt; the platform's own figure wins when given."""
        if retry_after is not None:
            return timedelta(seconds=max(retry_after, 0.0))
        backoff: timedelta = self.first_delay * 2 ** max(attempts - 1, 0)
        return min(backoff, self.max_delay)


@dataclass(slots=True)
class DispatchReport:
    """What one pass of the dispatcher did, for logs and tests."""

    done: int = 0
    retried: int = 0
    failed: list[tuple[PendingAction, str]] = field(default_factory=list)


@dataclass
class Dispatcher:
    """Drains the outbox of one platform through its gateway."""

    outbox: Outbox
    gateway: Gateway
    clock: Clock
    platform: str | None = None
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    on_failure: Callable[[PendingAction, str], None] | None = None
    # Where the outbox's reads and writes run: here by default; a chat adapter passes a worker
    # thread (its service lane's `share`) so that the database never holds its event loop.
    offload: Callable[..., Awaitable[Any]] | None = None

    async def run_once(self, limit: int = 100) -> DispatchReport:
        """Try every due action once; return what happened."""
        report = DispatchReport()
        due = await self.offloaded(self.outbox.due, self.clock.now(), self.platform, limit)
        for pending in due:
            result = await self._execute(pending)
            await self.offloaded(self._record, pending, result, report)
        return report

    async def offloaded(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` where the outbox's work runs: off the event loop when `offload` is set."""
        if self.offload is None:
            return fn(*args)
        return cast(T, await self.offload(fn, *args))

    async def _execute(self, pending: PendingAction) -> ActionResult:
        try:
            return await self.gateway.execute(pending.request)
        except Exception as exc:  # a gateway bug must not lose the action: retry it
            return ActionResult(Outcome.RETRY, f"{type(exc).__name__}: {exc}")

    def _record(self, pending: PendingAction, result: ActionResult, report: DispatchReport) -> None:
        now = self.clock.now()
        attempts = pending.attempts + 1
        if result.outcome is Outcome.DONE:
            self.outbox.mark_done(pending.id, now, result.detail)
            report.done += 1
        elif result.outcome is Outcome.RETRY and attempts < self.policy.max_attempts:
            not_before = now + self.policy.delay(attempts, result.retry_after)
            self.outbox.mark_retry(pending.id, now, not_before, result.detail)
            report.retried += 1
        else:
            reason = result.detail or "gave up after retries"
            self.outbox.mark_failed(pending.id, now, reason)
            report.failed.append((pending, reason))
            if self.on_failure is not None:
                self.on_failure(pending, reason)
