"""Clocks. The engine never reads the wall clock: time comes from events or from an injected clock,
so that a replay, a drill at 60x speed and a test give the same result."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol

CLOCK_ENV = "VIGIE_CLOCK_AT"
"""An ISO instant: the processes started with it live at that time (tests, demos, drills)."""


class Clock(Protocol):
    """Anything that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, for the live bot only."""

    def now(self) -> datetime:
        """Return the current UTC time."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: tests, replays and drills drive it."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        """Return the time the clock was last set to."""
        return self._now

    def set(self, moment: datetime) -> None:
        """Move the clock to `moment`; time never goes backwards."""
        self._now = max(self._now, moment)

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by `delta` and return the new time."""
        self._now += delta
        return self._now


class StartedClock:
    """Time that starts at a given instant and then runs at the pace of the monotonic clock:
    the day and hour are chosen, the deadlines still come."""

    def __init__(self, start: datetime, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._start = start
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> datetime:
        """Return the start instant plus the time elapsed since the clock was made."""
        return self._start + timedelta(seconds=self._monotonic() - self._origin)


class ClockSettingError(ValueError):
    """`VIGIE_CLOCK_AT` holds something that is not an ISO instant with a timezone."""


def edge_clock(environ: Mapping[str, str] | None = None) -> Clock:
    """The clock of a process's edge (the CLI commands, the bots, the console): the wall clock,
    or, when `VIGIE_CLOCK_AT` holds an ISO instant, time that starts there. The test suites set
    it, so that a command run in a subprocess sees the same pinned day as the test."""
    value = (os.environ if environ is None else environ).get(CLOCK_ENV, "").strip()
    if not value:
        return SystemClock()
    try:
        start = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ClockSettingError(f"{CLOCK_ENV}: not an ISO instant: {value!r}") from None
    if start.tzinfo is None:
        raise ClockSettingError(f"{CLOCK_ENV}: the instant needs a timezone: {value!r}")
    return StartedClock(start.astimezone(UTC))


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
