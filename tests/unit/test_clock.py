"""The edge clock: the wall clock, or a chosen instant (`VIGIE_CLOCK_AT`) from which time runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import main
from bot.core.clock import (
    CLOCK_ENV,
    ClockSettingError,
    StartedClock,
    SystemClock,
    edge_clock,
)

START = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)


def test_without_the_setting_the_edge_is_the_wall_clock() -> None:
    assert isinstance(edge_clock({}), SystemClock)


@pytest.mark.parametrize(
    "value",
    ["2026-03-07T09:00:00Z", "2026-03-07T09:00:00+00:00", "2026-03-07T10:00:00+01:00"],
    ids=["z", "utc-offset", "paris-offset"],
)
def test_the_setting_starts_the_clock_at_that_instant(value: str) -> None:
    clock = edge_clock({CLOCK_ENV: value})
    assert isinstance(clock, StartedClock)
    assert abs(clock.now() - START) < timedelta(seconds=5)
    assert clock.now().tzinfo is not None


def test_a_started_clock_runs_with_the_monotonic_clock() -> None:
    ticks = iter([100.0, 100.0, 190.5])
    clock = StartedClock(START, monotonic=lambda: next(ticks))
    assert clock.now() == START
    assert clock.now() == START + timedelta(seconds=90.5)


@pytest.mark.parametrize(
    ("value", "message"),
    [("next tuesday", "not an ISO instant"), ("2026-03-07T09:00:00", "needs a timezone")],
    ids=["garbage", "naive"],
)
def test_a_bad_setting_is_refused(value: str, message: str) -> None:
    with pytest.raises(ClockSettingError, match=message):
        edge_clock({CLOCK_ENV: value})


def test_the_cli_reports_a_bad_setting_in_one_line(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv(CLOCK_ENV, "yesterday")
    monkeypatch.setenv("VIGIE_NEW_PASSWORD", "a-long-enough-password")
    url = f"sqlite:///{tmp_path / 'v.db'}"
    assert main(["user", "add", "x", "--role", "trainee", "--db", url]) == 2
    out, err = capsys.readouterr()
    assert "VIGIE_CLOCK_AT" in out + err and "Traceback" not in out + err
