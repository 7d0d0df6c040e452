"""What each Bot API error means for an action: the policy table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.adapters.telegram.faults import classify, seconds
from bot.core.ports import Outcome


@pytest.mark.parametrize(
    ("error", "outcome", "retry_after", "alert"),
    [
        # Built in the test, after PTB_TIMEDELTA is set: RetryAfter reads it when created.
        (lambda: RetryAfter(3), Outcome.RETRY, 3.0, False),
        (lambda: BadRequest("Message to delete not found"), Outcome.DONE, None, False),
        (
            lambda: BadRequest("Not enough rights to restrict/unrestrict chat member"),
            Outcome.FAILED,
            None,
            True,
        ),
        (lambda: BadRequest("Message can't be deleted"), Outcome.FAILED, None, True),
        (
            lambda: BadRequest("Method is available only for supergroups"),
            Outcome.FAILED,
            None,
            True,
        ),
        (lambda: BadRequest("Chat not found"), Outcome.FAILED, None, True),
        (lambda: BadRequest("User is an administrator of the chat"), Outcome.FAILED, None, False),
        (lambda: BadRequest("Message text is empty"), Outcome.FAILED, None, False),
        (lambda: Forbidden("Bot was kicked from the supergroup chat"), Outcome.FAILED, None, True),
        (lambda: TimedOut(), Outcome.RETRY, None, False),
        (lambda: NetworkError("Bad Gateway"), Outcome.RETRY, None, False),
        (lambda: ChatMigrated(-1009), Outcome.FAILED, None, True),
        (lambda: InvalidToken(), Outcome.FAILED, None, False),
    ],
    ids=[
        "flood",
        "already-deleted",
        "no-restrict-right",
        "no-delete-right",
        "basic-group",
        "chat-gone",
        "target-is-admin",
        "other-bad-request",
        "bot-removed",
        "timeout",
        "network",
        "migrated",
        "token",
    ],
)
def test_classify(
    error: Callable[[], TelegramError], outcome: Outcome, retry_after: float | None, alert: bool
) -> None:
    fault = classify(error())
    assert (fault.result.outcome, fault.result.retry_after, fault.alert) == (
        outcome,
        retry_after,
        alert,
    )
    assert fault.result.detail


@pytest.mark.parametrize(
    ("value", "expected"), [(3, 3.0), (timedelta(seconds=1.5), 1.5)], ids=["int", "timedelta"]
)
def test_seconds_of_both_ptb_duration_forms(value: int | timedelta, expected: float) -> None:
    assert seconds(value) == expected
