"""Story time: offsets from the start of a scenario ("15m", "1h05m", "1:05"), and how times are
shown to a trainee (the plan's local clock, and T+h:mm from the start)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.timeparse import parse_duration

_COMPOSITE = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$")
_CLOCK = re.compile(r"^\s*\+?(\d+):([0-5]\d)(?::([0-5]\d))?\s*$")


def parse_offset(value: object) -> timedelta:
    """Read a story offset: seconds, "90s", "15m", "1h", "1h05m", "1:05" (h:mm). ValueError if not."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        clock = _CLOCK.match(value)
        if clock:
            hours, minutes, seconds = clock.groups()
            return timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))
        composite = _COMPOSITE.match(value)
        if composite and any(composite.groups()):
            hours, minutes, seconds = (int(part or 0) for part in composite.groups())
            return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    try:
        return parse_duration(value)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(
            f"{value!r} is not a time offset: write e.g. '15m', '1h05m' or '1:05'"
        ) from None


def offset_label(delta: timedelta) -> str:
    """T+h:mm, the way a trainer reads a drill's clock."""
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"T{sign}{minutes // 60}:{minutes % 60:02d}"


def clock_label(moment: datetime, timezone: str) -> str:
    """HH:MM on the plan's local clock."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
