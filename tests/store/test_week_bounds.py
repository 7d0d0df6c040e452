"""The weekly report's week is the community's calendar week: it starts Monday 00:00 in the
community's timezone (not UTC), its days are that zone's days, and a week spanning a DST change
lasts 167 or 169 hours. Fixed moments, no clock."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.review.web.weekly import compute_week, default_week, week_bounds
from bot.store.database import Database
from bot.store.recorder import DecisionRecorder
from tests.store.builders import decision, message


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# (when the message was posted, in UTC; the zone; its (year, week) and day in that zone)
CASES = [
    # Sunday 23:30 in Paris (winter): still week 11's Sunday.
    ("2026-03-15 22:30", "Europe/Paris", (2026, 11), "2026-03-15"),
    # Monday 00:30 in Paris is still Sunday in UTC: it belongs to week 12's Monday.
    ("2026-03-15 23:30", "Europe/Paris", (2026, 12), "2026-03-16"),
    # Week 13 starts Monday 23 March 00:00 CET, i.e. Sunday 22 March 23:00 UTC.
    ("2026-03-22 23:15", "Europe/Paris", (2026, 13), "2026-03-23"),
    # DST starts Sunday 29 March: week 13 ends Monday 30 00:00 CEST = Sunday 22:00 UTC.
    ("2026-03-29 21:30", "Europe/Paris", (2026, 13), "2026-03-29"),
    ("2026-03-29 22:30", "Europe/Paris", (2026, 14), "2026-03-30"),
    # DST ends Sunday 25 October: week 43 ends Monday 26 00:00 CET = Sunday 23:00 UTC.
    ("2026-10-25 22:30", "Europe/Paris", (2026, 43), "2026-10-25"),
    ("2026-10-25 23:10", "Europe/Paris", (2026, 44), "2026-10-26"),
    # West of UTC the cut is the other way: Monday 02:00 UTC is Sunday evening in Montreal.
    ("2026-03-16 02:00", "America/Toronto", (2026, 11), "2026-03-15"),
]


def _record(db: Database, zone: str) -> Counter[tuple[tuple[int, int], str]]:
    recorder = DecisionRecorder(db, strike_ttl=timedelta(days=30))
    expected: Counter[tuple[tuple[int, int], str]] = Counter()
    for n, (posted, case_zone, week, day) in enumerate(CASES):
        if case_zone == zone:
            msg = message(f"m{n}", at=_utc(posted))
            recorder.record([decision(msg, matched=False)])
            expected[(week, day)] += 1
    return expected


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Toronto"])
def test_each_message_counts_in_its_zones_week_and_day(db: Database, zone: str) -> None:
    expected = _record(db, zone)
    for year, week in {w for w, _ in expected}:
        volume = {day: n for day, n in compute_week(db, year, week, zone).volume if n}
        assert volume == {day: n for (w, day), n in expected.items() if w == (year, week)}


@pytest.mark.parametrize(
    ("year", "week", "zone", "start", "hours"),
    [
        (2026, 11, "Europe/Paris", "2026-03-08 23:00", 168),
        (2026, 13, "Europe/Paris", "2026-03-22 23:00", 167),  # spring forward
        (2026, 43, "Europe/Paris", "2026-10-18 22:00", 169),  # fall back
        (2026, 11, "America/Toronto", "2026-03-09 04:00", 168),
        (2026, 11, "UTC", "2026-03-09 00:00", 168),
    ],
)
def test_the_week_is_cut_at_monday_midnight_in_the_zone(
    year: int, week: int, zone: str, start: str, hours: int
) -> None:
    begins, ends = week_bounds(year, week, zone)
    assert begins == _utc(start)
    assert ends - begins == timedelta(hours=hours)


def test_the_default_week_is_the_zones(db: Database) -> None:
    monday_early = _utc("2026-03-15 23:30")  # Monday 00:30 in Paris
    assert default_week(db, monday_early, "Europe/Paris") == (2026, 12)
    assert default_week(db, monday_early, "UTC") == (2026, 11)
