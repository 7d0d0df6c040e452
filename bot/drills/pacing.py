"""How fast story time goes for a person watching. The result of a drill never depends on it: the
runner works on story time only; pacing only decides when things are shown (and, in the terminal,
how much story time passes between two commands). Wall time and sleeping are injected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol


class Pacer(Protocol):
    """Called by the runner before it plays something at story time `at`."""

    def wait_until(self, at: datetime) -> None: ...


class NoPacing:
    """As fast as possible: tests, CI, `drill run` without --speed."""

    def wait_until(self, at: datetime) -> None:
        """Return at once."""


class ReplayPacing:
    """Shows a non-interactive run at the drill's pace: `time_scale` minutes of story per minute,
    times `speed`."""

    def __init__(
        self,
        time_scale: float,
        speed: float,
        sleep: Callable[[float], None],
        monotonic: Callable[[], float],
    ) -> None:
        self.rate = time_scale * speed  # story seconds per wall second
        self.sleep, self.monotonic = sleep, monotonic
        self._anchor: tuple[datetime, float] | None = None

    def wait_until(self, at: datetime) -> None:
        """Sleep until the wall clock has caught up with story time `at`."""
        if self._anchor is None:
            self._anchor = (at, self.monotonic())
            return
        story0, wall0 = self._anchor
        due = wall0 + (at - story0).total_seconds() / self.rate
        delay = due - self.monotonic()
        if delay > 0:
            self.sleep(delay)


class StoryClock:
    """Story time that follows the wall clock (the interactive session in real time): between two
    commands, `time_scale × speed` seconds of story pass per second of wall time."""

    def __init__(
        self, start: datetime, time_scale: float, speed: float, monotonic: Callable[[], float]
    ) -> None:
        self.rate = time_scale * speed
        self.monotonic = monotonic
        self._story, self._wall = start, monotonic()

    def now(self) -> datetime:
        """The story time reached now."""
        return self._story + timedelta(seconds=(self.monotonic() - self._wall) * self.rate)

    def jump(self, to: datetime) -> None:
        """Story time moved on by a command (`wait`): start counting from there."""
        self._story, self._wall = to, self.monotonic()
