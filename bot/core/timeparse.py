"""Parsing of timestamps and human durations ("90s", "15m", "1h", "30d") shared by every floor."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

DURATION_PATTERN = r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|w|y)\s*$"
_DURATION = re.compile(DURATION_PATTERN)
_UNIT_SECONDS = {
    "ms": 0.001,
    "s": 1,
    "m": 60,
    "min": 60,
    "h": 3600,
    "d": 86400,
    "w": 604800,
    "y": 365 * 86400,
}


def parse_duration(value: str | int | float | timedelta) -> timedelta:
    """Read a duration given as seconds or as text such as "15m", "1h", "30d".

    Raises ValueError with a readable message on anything else.
    """
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or text such as '15m', '1h', '30d'")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return _bounded(float(value))
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a duration: write e.g. '90s', '15m', '1h', '30d', '1y'")
    amount, unit = match.groups()
    return _bounded(float(amount) * _UNIT_SECONDS[unit])


MAX_DURATION_S = 100 * 365 * 86400  # longer than any retention or sanction means a typo


def _bounded(seconds: float) -> timedelta:
    """A duration of `seconds`, refused beyond a century (timedelta overflows past 10**9 days)."""
    if not math.isfinite(seconds) or seconds > MAX_DURATION_S:
        raise ValueError("a duration must be at most 100 years")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """Write a duration the short way a moderator reads it: "1h", "24h", "7d", "90s"."""
    seconds = int(delta.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def parse_timestamp(value: str | datetime) -> datetime:
    """Read an ISO 8601 timestamp; naive times are taken as UTC. Raises ValueError."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def isoformat(moment: datetime) -> str:
    """Write a timestamp in UTC with a trailing Z, as the message contract does."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
