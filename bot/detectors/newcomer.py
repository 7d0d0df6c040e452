"""The newcomer detector: accounts created recently, or members who joined recently.

Ages are measured at the message's own time (`message.ts`), so a replay judges a message as it
was judged live. A date the platform did not give is unknown: it never matches, and the detail says
so (Telegram, for one, does not tell when an account was created).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.core.decision import Detection
from bot.core.durations import PositiveDuration
from bot.core.message import Message
from bot.core.timeparse import format_duration
from bot.detectors.base import DetectorContext
from bot.i18n.catalog import messages
from bot.i18n.formats import duration as say_duration

NAME = "newcomer"


class Config(BaseModel):
    """How new an account or a member must be to match."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    max_account_age: PositiveDuration | None = Field(
        None,
        description="Match accounts created on the platform less than this long ago, e.g. '7d'.",
    )
    max_member_age: PositiveDuration | None = Field(
        None,
        description="Match members who joined the community less than this long ago, e.g. '24h'.",
    )

    @model_validator(mode="after")
    def _something_to_measure(self) -> Config:
        if self.max_account_age is None and self.max_member_age is None:
            raise ValueError("give `max_account_age`, `max_member_age` or both")
        return self


def _age(since: datetime | None, at: datetime) -> timedelta | None:
    # A date slightly in the future (clocks disagree) is an age of zero, not a negative one.
    return None if since is None else max(at - since, timedelta(0))


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report an author whose account or membership is younger than the configured age."""
    checks = (
        ("account", config.max_account_age, message.author.created),
        ("member", config.max_member_age, message.author.joined),
    )
    detail: dict[str, Any] = {"unknown": []}
    for what, limit, since in checks:
        if limit is None:
            continue
        age = _age(since, message.ts)
        if age is None:
            detail["unknown"].append(what)
            continue
        detail[f"{what}_age"] = format_duration(age)
        if age < limit:
            detail.update(why=what, limit=format_duration(limit))
            return Detection(
                NAME, True, observed=age.total_seconds(), limit=limit.total_seconds(), detail=detail
            )
    return Detection(NAME, False, detail=detail)


def explain(detection: Detection, lang: str) -> str:
    """How old the account or membership is against the limit, or that dates are unknown."""
    detail = detection.detail
    if detection.matched:
        age = say_duration(timedelta(seconds=detection.observed or 0), lang)
        limit = say_duration(timedelta(seconds=detection.limit or 0), lang)
        account = detail["why"] == "account"
        key = "detectors.newcomer_account" if account else "detectors.newcomer_joined"
        return messages().text(lang, key, age=age, limit=limit)
    if detail.get("unknown") and not any(key.endswith("_age") for key in detail):
        return messages().text(lang, "detectors.newcomer_unknown")
    return messages().text(lang, "detectors.newcomer_none")
