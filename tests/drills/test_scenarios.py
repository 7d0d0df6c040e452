"""Every bundled scenario, table-driven: it validates, its reference responses score high and pass,
its poor responses score low and fail, the languages are covered, and the pace of a run never
changes its result."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.drills.feed import MemorySink
from bot.drills.pacing import ReplayPacing
from bot.drills.responses import load_responses
from bot.drills.runner import run_responses
from bot.drills.scoring import score
from tests.drills.helpers import SCENARIOS, drill, play_file

IDS = [path.stem for path in SCENARIOS]


def test_there_are_three_french_scenarios_and_one_english_of_different_shapes() -> None:
    languages = [drill(path).lang for path in SCENARIOS]
    assert languages.count("fr") >= 3 and languages.count("en") >= 1
    ids = {drill(path).scenario.meta.id for path in SCENARIOS}
    assert {"panne-reseau", "campagne-pub", "rumeur-fuite", "influencer-callout"} <= ids


@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_each_scenario_has_its_two_responses_files(path: Path) -> None:
    for kind in ("reference", "poor"):
        responses = load_responses(path.with_name(f"{path.stem}.{kind}.yaml"), drill(path))
        assert responses.actions


@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_the_reference_responses_score_high_and_pass(path: Path) -> None:
    record, card = play_file(path, "reference")
    assert card.score >= 80, [(c.id, c.points, c.reasons) for c in card.criteria]
    assert card.passed and not card.failures
    assert all(done.ok for done in record.done), [d.detail for d in record.done if not d.ok]


@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_the_poor_responses_score_low_and_fail(path: Path) -> None:
    _, card = play_file(path, "poor")
    assert card.score <= 40
    assert not card.passed


def test_the_grid_alone_marks_a_poor_drill_down_without_an_automatic_failure() -> None:
    english = next(p for p in SCENARIOS if drill(p).lang == "en")
    _, card = play_file(english, "poor")
    assert not card.failures and card.score <= 40


class FakeWall:
    """A wall clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now, self.slept = 0.0, 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds


@pytest.mark.parametrize("speed", [0.5, 60.0], ids=["slow", "fast"])
def test_the_pace_changes_when_things_are_shown_never_the_result(speed: float) -> None:
    path = SCENARIOS[0]
    loaded = drill(path)
    responses = load_responses(path.with_name(f"{path.stem}.reference.yaml"), loaded)
    wall = FakeWall()
    pacer = ReplayPacing(loaded.scenario.meta.time_scale, speed, wall.sleep, lambda: wall.now)
    paced = run_responses(loaded, responses.actions, MemorySink(), "x", pacer)
    plain = run_responses(loaded, responses.actions, MemorySink(), "x")
    assert score(loaded, paced).to_dict() == score(loaded, plain).to_dict()
    story = (loaded.scenario.end - loaded.scenario.meta.start).total_seconds()
    expected = story / (loaded.scenario.meta.time_scale * speed)
    assert wall.slept == pytest.approx(expected, rel=0.01)


def test_a_drill_is_deterministic() -> None:
    first = play_file(SCENARIOS[0], "reference")[1].to_dict()
    again = play_file(SCENARIOS[0], "reference")[1].to_dict()
    assert first == again


def test_story_time_comes_from_the_scenario_not_the_wall_clock() -> None:
    record, _ = play_file(SCENARIOS[0], "reference")
    start = drill(SCENARIOS[0]).scenario.meta.start
    assert record.start == start and isinstance(start, datetime)
    assert all(start <= done.at <= record.end for done in record.done)
    assert record.end - record.start == drill(SCENARIOS[0]).scenario.meta.duration
    assert record.end - record.start > timedelta(hours=1)
