"""Clocks. The engine never reads the wall clock: time comes from events or from an injected clock,
so that a replay, a drill at 60x speed and a test give the same result."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


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


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
