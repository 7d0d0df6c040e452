"""The level state machine of one community: raise (one or several steps at once) when a higher
level's triggers hold long enough, lower one step at a time only when the exit criteria have held
for their whole hysteresis period and the level has lasted its minimum duration; manual
declarations set a floor the automatic descent respects. Pure and driven by event time only."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.timeparse import isoformat, parse_timestamp
from bot.crisis.schema import Level, Playbook
from bot.crisis.triggers import Verdict, word_parts
from bot.i18n import formats
from bot.i18n.catalog import messages

Judge = Callable[[Level], Verdict]
"""Evaluates the entry triggers (or the exit criteria) of one level at the current step."""


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of level and why."""

    before: int
    after: int
    at: datetime
    reason: str  # worded in the plan's language (what the notifications and statements quote)
    by: str | None = None  # who declared it; None for the indicators
    why: dict[str, Any] | None = None  # the reason as data (`word_why` words it in any language)


def word_why(why: Mapping[str, Any], lang: str) -> str:
    """A level change's reason, from its stored data, in `lang` (the reader's)."""
    catalog = messages()
    if "declared_by" in why:
        said = catalog.text(lang, "crisis.word.declared_by")
        return f"{said} {why['declared_by']}: {why.get('text', '')}"
    parts = word_parts(why.get("parts", ()), lang)
    if "exit_held" in why:
        held = formats.duration(timedelta(seconds=why["exit_held"]), lang)
        said = catalog.text(lang, "crisis.word.exit_held") + f" {held}"
        return f"{said}: {parts}" if parts else said
    return parts


@dataclass
class LevelState:
    """Where one community stands, enough to resume after a restart."""

    level: int = 0
    since: datetime | None = None
    manual_floor: int = 0
    raised_at: datetime | None = None
    enter_since: dict[int, datetime] = field(default_factory=dict)
    exit_since: dict[int, datetime] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        return {
            "level": self.level,
            "since": isoformat(self.since) if self.since else None,
            "manual_floor": self.manual_floor,
            "raised_at": isoformat(self.raised_at) if self.raised_at else None,
            "enter_since": {str(k): isoformat(v) for k, v in self.enter_since.items()},
            "exit_since": {str(k): isoformat(v) for k, v in self.exit_since.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LevelState:
        """The inverse of `to_dict`."""
        return cls(
            int(data["level"]),
            parse_timestamp(data["since"]) if data.get("since") else None,
            int(data.get("manual_floor", 0)),
            parse_timestamp(data["raised_at"]) if data.get("raised_at") else None,
            {int(k): parse_timestamp(v) for k, v in data.get("enter_since", {}).items()},
            {int(k): parse_timestamp(v) for k, v in data.get("exit_since", {}).items()},
        )


class LevelMachine:
    """Applies a playbook's levels to one community's state, step by step."""

    def __init__(self, playbook: Playbook) -> None:
        self.levels = sorted(playbook.levels, key=lambda level: level.level)
        self.lang = playbook.meta.languages[0]  # reasons are worded for the plan's readers

    def step(
        self, state: LevelState, at: datetime, enter: Judge, exit_: Judge, keep: Judge | None = None
    ) -> Transition | None:
        """Evaluate the triggers and criteria at `at`; change `state` and return the transition.
        `keep`: whether a level's entry triggers still hold enough to stay (default: `enter`;
        the monitor relaxes their z, see `triggers.keep_clause`)."""
        raised = self._raise_target(state, at, enter)
        if raised is not None:
            target, reason, why = raised
            return self._move(state, target, at, reason, why=why)
        return self._lower(state, at, exit_, keep or enter)

    def raise_now(self, state: LevelState, at: datetime, enter: Judge) -> Transition | None:
        """Only the raising half of `step`, between two step closes (a surge is not kept waiting
        for the next step; lowering waits for the step, as its hysteresis is long anyway)."""
        raised = self._raise_target(state, at, enter)
        return (
            None if raised is None else self._move(state, raised[0], at, raised[1], why=raised[2])
        )

    def _raise_target(
        self, state: LevelState, at: datetime, judge: Judge
    ) -> tuple[int, str, dict[str, Any]] | None:
        best: tuple[int, str, dict[str, Any]] | None = None
        for level in self.levels[state.level + 1 :]:
            enter = judge(level)
            if not enter.holds:
                state.enter_since.pop(level.level, None)
                continue
            started = state.enter_since.setdefault(level.level, at)
            hold = level.enter.hold if level.enter else None
            if hold is None or at - started >= hold:
                best = (level.level, enter.reason, {"parts": list(enter.parts)})
        return best

    def _lower(
        self, state: LevelState, at: datetime, judge: Judge, keep: Judge
    ) -> Transition | None:
        # Every level at or below the current one keeps its own exit clock, so that once the top
        # level is left the ones below (calm for as long) follow one step at a time.
        verdict = Verdict(False)
        for level in self.levels[1 : state.level + 1]:
            verdict = judge(level)
            if verdict.holds:
                state.exit_since.setdefault(level.level, at)
            else:
                state.exit_since.pop(level.level, None)
        if state.level == 0 or state.level <= state.manual_floor:
            return None
        current = self.levels[state.level]
        triggered = current.enter is not None and bool(current.enter.any or current.enter.all)
        if triggered and keep(current).holds:  # a surge still going: its level stays
            state.exit_since.pop(state.level, None)
            return None
        started = state.exit_since.get(state.level)
        if current.exit is None or started is None or at - started < current.exit.hold:
            return None
        if at - (state.raised_at or started) < current.min_duration:
            return None
        why = {"exit_held": int(current.exit.hold.total_seconds()), "parts": list(verdict.parts)}
        return self._move(state, state.level - 1, at, word_why(why, self.lang), why=why)

    def declare(
        self, state: LevelState, level: int, at: datetime, by: str, reason: str
    ) -> Transition | None:
        """A manual declaration: the level becomes `level` and the automatic descent stops there."""
        if level not in range(len(self.levels)):
            raise ValueError(f"no level {level}; levels are 0..{len(self.levels) - 1}")
        if level > state.level and not (
            self.levels[level].enter and self.levels[level].enter.manual
        ):
            raise ValueError(f"level {level} cannot be declared manually (enter.manual is false)")
        state.manual_floor = level
        if level == state.level:
            return None
        why = {"declared_by": by, "text": reason}
        return self._move(state, level, at, word_why(why, self.lang), by, why)

    @staticmethod
    def _move(
        state: LevelState,
        target: int,
        at: datetime,
        reason: str,
        by: str | None = None,
        why: dict[str, Any] | None = None,
    ) -> Transition:
        before = state.level
        state.level, state.since = target, at
        state.enter_since = {k: v for k, v in state.enter_since.items() if k > target}
        if target > before:  # a raise restarts every exit clock; a descent keeps the lower ones
            state.raised_at = at
            state.exit_since.clear()
        else:
            state.exit_since = {k: v for k, v in state.exit_since.items() if k <= target}
        if target < state.manual_floor:
            state.manual_floor = target
        return Transition(before, target, at, reason, by, why)
