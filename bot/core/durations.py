"""Durations in configuration files, written the way people write them ("10s", "15m", "24h",
"7d", "1y", or a number of seconds) and held as timedeltas. Saying one to a person is
`bot.i18n.formats.duration`'s job (Babel, in the reader's language)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from bot.core.timeparse import DURATION_PATTERN, format_duration, parse_duration

_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": DURATION_PATTERN},
        {"type": "number", "minimum": 0},
    ],
    "examples": ["10s", "5m", "24h", "7d"],
}


def positive(delta: timedelta) -> timedelta:
    """Reject zero and negative durations."""
    if delta <= timedelta(0):
        raise ValueError("a duration must be longer than zero")
    return delta


def at_most(limit: timedelta, why: str) -> AfterValidator:
    """A validator refusing durations longer than `limit`, saying `why` (a platform's limit)."""

    def check(delta: timedelta) -> timedelta:
        if delta > limit:
            raise ValueError(why)
        return delta

    return AfterValidator(check)


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str, when_used="json"),
    WithJsonSchema(_SCHEMA),
]
"""A duration of zero or more."""

PositiveDuration = Annotated[Duration, AfterValidator(positive)]
"""A duration longer than zero."""
