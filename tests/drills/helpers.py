"""Shared helpers of the drill tests: where the scenarios are, loading them once, playing a list of
actions, and building actions tersely."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from bot.drills.feed import MemorySink
from bot.drills.loader import Drill, find_scenarios, load_drill
from bot.drills.record import DrillRecord
from bot.drills.responses import Action, load_responses
from bot.drills.runner import run_responses
from bot.drills.scoring import ScoreCard, score

ROOT = Path(__file__).resolve().parents[2]
DRILLS = ROOT / "playbooks" / "drills"
SCENARIOS = find_scenarios(DRILLS)
PANNE = DRILLS / "fr" / "panne-reseau.yaml"
_ACTION = TypeAdapter(Action)


@cache
def drill(path: Path) -> Drill:
    """A scenario, loaded once per test session (loading validates the charter and the plan)."""
    return load_drill(path)


def act(do: str, at: str | timedelta, **fields: Any) -> Any:
    """One trainee action, e.g. act("delete", "21m", message="m10")."""
    return _ACTION.validate_python({"do": do, "at": at, **fields})


def play(path: Path, actions: list[Any], trainee: str = "tester") -> tuple[DrillRecord, ScoreCard]:
    """Play `actions` through the scenario at `path` and score the drill."""
    loaded = drill(path)
    record = run_responses(loaded, actions, MemorySink(), trainee)
    return record, score(loaded, record)


def play_file(path: Path, kind: str) -> tuple[DrillRecord, ScoreCard]:
    """Play the scenario's `reference` or `poor` responses file."""
    loaded = drill(path)
    responses = load_responses(path.with_name(f"{path.stem}.{kind}.yaml"), loaded)
    return play(path, responses.actions, responses.trainee or kind)
