"""The suite's one notion of "now": every harness starts its clock at `PINNED` unless a test sets
another instant, so that no result depends on the day or the hour the suite runs at.

`PINNED` is a Wednesday, 15:00 in Paris: a working day and hour, when the example plans' on-call
rotas (Mon–Sat 08:00–22:00 Europe/Paris) have their community manager on duty.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import ManualClock

PINNED = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)


def pinned_clock(at: datetime = PINNED) -> ManualClock:
    """A clock that stands at `at` (the suite's pinned instant by default) until a test moves it."""
    return ManualClock(at)
