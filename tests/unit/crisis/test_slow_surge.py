"""A slow surge in a small support community (a few complaints an hour, then ten times as many for
two days) reaches level 2 with the shipped plans through the hourly and six-hour windows compared
with the same hour and the usual day, and stays there until it is over; the same community
without the fault never reaches level 2. (The calm sample day and the airline week are in
docs/crisis-evidence.md.)"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.crisis.events import CrisisEvent
from bot.crisis.loader import load_playbook
from bot.crisis.monitor import CrisisMonitor
from tests.unit.crisis.slow import START, slow_surge

ROOT = Path(__file__).resolve().parents[3]
SURGE = START + timedelta(days=7)
OVER = SURGE + timedelta(days=2)


def _levels(lang: str, **stream: float) -> list[CrisisEvent]:
    monitor = CrisisMonitor(load_playbook(ROOT / "playbooks" / lang / "opalia.yaml"))
    found: list[CrisisEvent] = []
    last = START
    for item in slow_surge(lang, **stream):  # type: ignore[arg-type]
        found += [e for e in monitor.observe(item) if e.type == "crisis.level"]
        last = item.message.ts
    return found + [e for e in monitor.tick(last) if e.type == "crisis.level"]


@pytest.mark.parametrize(
    ("lang", "per_hour", "seed"),
    [("fr", 3.0, 11), ("en", 1.5, 7)],
    ids=["fr-3-an-hour", "en-1.5-an-hour"],
)
def test_two_days_at_ten_times_normal_is_an_alert(lang: str, per_hour: float, seed: int) -> None:
    levels = _levels(lang, complaints_per_hour=per_hour, seed=seed)
    raised = [e for e in levels if e.data["level"] >= 2 and SURGE <= e.at < OVER]
    assert raised, [(e.at, e.data["level"]) for e in levels]
    assert raised[0].at - SURGE < timedelta(hours=12)
    during = [e for e in levels if raised[0].at < e.at < OVER]
    assert all(e.data["level"] >= 2 for e in during), "the level is not left while it lasts"
    back = [e for e in levels if e.at >= OVER and e.data["level"] == 0]
    assert back and back[0].at - OVER < timedelta(hours=6)


@pytest.mark.parametrize("lang", ["en"])
def test_the_same_community_without_the_fault_never_reaches_level_2(lang: str) -> None:
    levels = _levels(lang, factor=1.0)
    assert not [e for e in levels if e.data["level"] >= 2]
