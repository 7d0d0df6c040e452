"""What a Bot API error means for an action: done after all, retry (and when), or failed; and
whether the moderators must hear of it (once). A table, so that the policy reads in one place.

PTB strips Telegram's "Bad Request: " and "Forbidden: " prefixes and capitalises the rest, so the
descriptions are matched in lower case, by a fragment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.core.ports import ActionResult, Outcome

# Bad requests worth a word: (fragment of the description, outcome, tell the moderators).
BAD_REQUESTS: tuple[tuple[str, Outcome, bool], ...] = (
    # Already deleted (by a human, by the author, or by an earlier attempt): the goal is met.
    ("message to delete not found", Outcome.DONE, False),
    ("not enough rights", Outcome.FAILED, True),
    ("can't be deleted", Outcome.FAILED, True),
    ("chat_admin_required", Outcome.FAILED, True),
    ("have no rights", Outcome.FAILED, True),
    ("only for supergroups", Outcome.FAILED, True),
    ("chat not found", Outcome.FAILED, True),
    # An administrator cannot be muted or banned by a bot: a decision, not a fault.
    ("user is an administrator", Outcome.FAILED, False),
)


@dataclass(frozen=True, slots=True)
class Fault:
    """An error's meaning: the result for the dispatcher, and whether to alert the moderators."""

    result: ActionResult
    alert: bool = False


def seconds(value: int | float | timedelta) -> float:
    """Seconds of a PTB duration (an int, or a timedelta with PTB_TIMEDELTA=true)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _bad_request(exc: BadRequest) -> Fault:
    description = exc.message.lower()
    for fragment, outcome, alert in BAD_REQUESTS:
        if fragment in description:
            return Fault(ActionResult(outcome, exc.message), alert)
    return Fault(ActionResult(Outcome.FAILED, exc.message))


def classify(exc: TelegramError) -> Fault:
    """The meaning of a Bot API error for the action that raised it."""
    if isinstance(exc, RetryAfter):  # flood control: Telegram says how long to wait
        wait = seconds(exc.retry_after)
        return Fault(ActionResult(Outcome.RETRY, f"flood control: {wait:g}s", wait))
    if isinstance(exc, BadRequest):  # before NetworkError: PTB makes it a subclass
        return _bad_request(exc)
    if isinstance(exc, Forbidden):  # the bot was removed, blocked, or is not an admin
        return Fault(ActionResult(Outcome.FAILED, exc.message), alert=True)
    if isinstance(exc, NetworkError):  # timeouts and connection errors: back off and retry
        return Fault(ActionResult(Outcome.RETRY, f"network: {exc.message}"))
    if isinstance(exc, ChatMigrated):
        detail = f"the group became supergroup {exc.new_chat_id}: Vigie must be told its new id"
        return Fault(ActionResult(Outcome.FAILED, detail), alert=True)
    return Fault(ActionResult(Outcome.FAILED, f"{type(exc).__name__}: {exc.message}"))
