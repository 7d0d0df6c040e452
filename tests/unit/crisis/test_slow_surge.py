"""Slow surges in small support communities, on a family of synthetic streams rather than one:
daytime rates of 1, 3 and 10 complaints an hour (a quarter of that at night, half on weekends,
each day drawn around its mean), with or without a fault that multiplies the complaints by ten
for two days. The shipped plans (fr and en, the same triggers) reach level 2 within hours of every
fault and never on the days before it (after the first day, when the plan's prior stands for the
community), nor on a stream without a fault. The calm sample day and the airline week are in
docs/crisis-evidence.md; `python -m tests.unit.crisis.slow` prints the whole family's table."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest

from bot.crisis.loader import load_playbook
from bot.crisis.schema import Playbook
from tests.unit.crisis.slow import Stream, replay_levels

ROOT = Path(__file__).resolve().parents[3]
WITHIN = timedelta(hours=6)  # "within hours" of the fault's start


@cache
def _plan(lang: str) -> Playbook:
    return load_playbook(ROOT / "playbooks" / lang / "opalia.yaml")


# One language per rate keeps the test short: the two plans have the same triggers, and the
# whole family (both languages, every rate, two seeds) is in the note's table.
FAULTS = [Stream("fr", 1.0), Stream("en", 3.0), Stream("fr", 10.0, seed=2)]
CONTROLS = [Stream("en", 1.0, fault=False, seed=2), Stream("fr", 10.0, fault=False)]


@pytest.mark.parametrize("stream", FAULTS, ids=lambda s: s.name)
def test_two_days_at_ten_times_normal_is_an_alert_within_hours(stream: Stream) -> None:
    outcome = replay_levels(_plan(stream.lang), stream)
    assert outcome.delay is not None and outcome.delay < WITHIN, outcome.changes
    assert outcome.false_level2 == 0, outcome.changes


@pytest.mark.parametrize("stream", CONTROLS, ids=lambda s: s.name)
def test_the_same_community_without_a_fault_never_reaches_level_2(stream: Stream) -> None:
    outcome = replay_levels(_plan(stream.lang), stream)
    assert outcome.false_level2 == 0, outcome.changes
