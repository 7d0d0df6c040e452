"""Field types shared by detector configurations, written the way a charter editor writes them,
and the way explanations say them back."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from bot.core.timeparse import format_duration, parse_duration


def _positive(delta: timedelta) -> timedelta:
    if delta <= timedelta(0):
        raise ValueError("a duration must be longer than zero")
    return delta


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    AfterValidator(_positive),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*(ms|s|m|min|h|d|w)\s*$"},
                {"type": "number", "exclusiveMinimum": 0},
            ],
            "examples": ["10s", "5m", "24h", "7d"],
        }
    ),
]
"""A duration written "10s", "15m", "24h", "7d" (or a number of seconds), held as a timedelta."""


_UNITS = ((86400, "jours", "days"), (3600, "heures", "hours"), (60, "minutes", "minutes"))


def say_duration(delta: timedelta, lang: str) -> str:
    """A duration in words, in the largest unit that counts at least two: "7 jours", "24 hours"."""
    seconds = int(delta.total_seconds())
    for size, french, english in _UNITS:
        if seconds >= 2 * size:
            return f"{seconds // size} {english if lang == 'en' else french}"
    if lang == "en":
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{seconds} seconde{'s' if seconds > 1 else ''}"
