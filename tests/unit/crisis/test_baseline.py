"""Baselines: the Poisson deviation, nothing relative before the minimum history, floors that keep
a quiet community from alarming on one message, the hour-of-day profile, outlier clipping."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from bot.crisis.baseline import BaselineBook, Ewma, poisson_z
from bot.crisis.schema import Baseline

STEP = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("count", "mean", "low", "high"),
    [
        (3, 0.083, 3.5, 3.9),
        (2, 0.083, 2.5, 2.9),
        (1, 1.0, -0.5, 0.5),
        (130, 100, 2.8, 3.2),
        (0, 4.0, -2.1, -1.9),
        (60, 0.05, 7.0, 1e9),
    ],
    ids=[
        "3-in-a-quiet-window",
        "2-in-a-quiet-window",
        "as-expected",
        "large-counts-normal",
        "below",
        "extreme-stays-finite",
    ],
)
def test_poisson_deviation_is_calibrated_at_both_ends(
    count: float, mean: float, low: float, high: float
) -> None:
    assert low <= poisson_z(count, mean) <= high


def _book(**config: object) -> BaselineBook:
    return BaselineBook(Baseline(**{"min_history": timedelta(minutes=10), **config}), STEP)


def test_no_baseline_before_the_minimum_history() -> None:
    book = _book()
    for _ in range(9):
        book.learn("complainers/10", "complainers", 1.0, (0, 0))
        book.tick()
    assert book.reading("complainers/10", "complainers", 5.0, 10, 1 / 6).baseline is None
    book.learn("complainers/10", "complainers", 1.0, (0, 0))
    book.tick()
    assert book.reading("complainers/10", "complainers", 5.0, 10, 1 / 6).baseline == 1.0


@pytest.mark.parametrize("kind", ["fixed", "prior"])
def test_a_fixed_or_prior_baseline_needs_no_history(kind: str) -> None:
    book = _book(**{kind: {"volume": 40.0}})  # per hour
    reading = book.reading("volume/15", "volume", 30.0, 30, 0.25)
    assert reading.baseline == 10.0 and reading.z is not None and reading.z > 5


def test_a_prior_gives_way_to_the_learned_baseline() -> None:
    book = _book(prior={"volume": 400.0})
    for _ in range(10):
        book.learn("volume/15", "volume", 2.0, (0, 0))
        book.tick()
    assert book.reading("volume/15", "volume", 3.0, 3, 0.25).baseline == 2.0


def test_a_silent_history_does_not_make_one_message_an_event() -> None:
    book = _book()
    for _ in range(60):
        book.learn("complainers/10", "complainers", 0.0, (0, 0))
        book.tick()
    one = book.reading("complainers/10", "complainers", 1.0, 1, 1 / 6)
    assert one.baseline == pytest.approx(0.5 / 6)  # the floor: 0.5 per hour over 10 minutes
    assert one.z is not None and one.z < 2  # one message is not a 10-sigma event


def test_share_spread_is_binomial_with_a_floor() -> None:
    book = _book()
    for _ in range(20):
        book.learn("negative_share/15", "negative_share", None, (2, 20))
        book.tick()
    reading = book.reading("negative_share/15", "negative_share", 0.5, 20, 0.25)
    assert reading.baseline == pytest.approx(0.1)
    assert reading.spread == pytest.approx(max(0.05, math.sqrt(0.1 * 0.9 / 20)))


def test_the_hour_of_day_profile_makes_the_daily_peak_normal() -> None:
    book = _book(min_history=timedelta(hours=1))
    for _day in range(2):
        for hour in range(24):
            value = 12.0 if 14 <= hour < 18 else 2.0
            for _ in range(60):
                book.learn("complainers/15", "complainers", value, (0, 0), hour)
                book.tick()
    afternoon = book.reading("complainers/15", "complainers", 14.0, 30, 0.25, hour=15)
    night = book.reading("complainers/15", "complainers", 14.0, 30, 0.25, hour=3)
    assert afternoon.baseline is not None and afternoon.baseline > 10  # clipped on day one
    assert night.baseline is not None and night.baseline < 5


def test_outliers_are_clipped_when_learned() -> None:
    book = _book(window=timedelta(minutes=30))
    for _ in range(30):
        book.learn("volume/1", "volume", 1.0, (0, 0))
        book.tick()
    book.learn("volume/1", "volume", 500.0, (0, 0))
    assert book.values["volume/1"].mean < 2


def test_ewma_starts_as_a_plain_mean() -> None:
    ewma = Ewma()
    for value in (0.0, 10.0):
        ewma.update(value, 0.001)
    assert ewma.mean == pytest.approx(5.0)


def test_snapshot_round_trip() -> None:
    book = _book()
    for i in range(15):
        book.learn("volume/15", "volume", float(i), (0, 0), i % 24)
        book.learn("negative_share/15", "negative_share", None, (i, 20), i % 24)
        book.tick()
    copy = _book()
    copy.restore(book.to_dict())
    assert copy.reading("volume/15", "volume", 30.0, 30, 0.25, 3) == book.reading(
        "volume/15", "volume", 30.0, 30, 0.25, 3
    )


@pytest.mark.parametrize(
    ("against", "surge_steps", "expected"),
    [
        ("same_day", 0, (None, None)),
        ("same_day", 1440 * 2, (12.0, 18.0)),
        ("same_hour", 1440 * 2, (12.0, 18.0)),
    ],
    ids=["not-before-a-day", "a-week-barely-moved-by-two-days", "same-hour"],
)
def test_seasonal_baselines_learn_slowly_and_only_once_ready(
    against: str, surge_steps: int, expected: tuple[float | None, float | None]
) -> None:
    """A six-hour window read against the usual amount (a week's memory): unknown until a day
    was seen, then barely moved by two days at ten times the normal (clipped learning)."""
    book = BaselineBook(Baseline(), STEP)
    modes = frozenset({against})
    calm_steps = 1440 * 7 if surge_steps else 600
    for step in range(calm_steps + surge_steps):
        value = 120.0 if step >= calm_steps else 12.0
        book.learn("complainers/360", "complainers", value, (0, 0), step // 60 % 24, modes)
        book.tick()
    reading = book.reading("complainers/360", "complainers", 120.0, 0, 6.0, 5, against)
    low, high = expected
    if low is None:
        assert reading.baseline is None
    else:
        assert reading.baseline is not None and low <= reading.baseline <= high
