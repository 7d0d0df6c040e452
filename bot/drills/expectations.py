"""What the plan and the scenario expected, against what the trainee did: each `expect` of an inject
becomes an Outcome (met on time, late, missed, or met by going further than needed), and so do the
plan's own deadlines (a public statement once a level with `first_response` is entered, updates
at the level's cadence). Pure functions over the drill record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.drills import plan
from bot.drills.loader import Drill
from bot.drills.record import DrillRecord
from bot.drills.schema import Expect, Inject

MET, LATE, MISSED, OVER = "met", "late", "missed", "over"
VALUE = {MET: 1.0, OVER: 0.6, LATE: 0.5, MISSED: 0.0}
CRITERION = {
    "level": "detection",
    "ack": "escalation",
    "alert": "escalation",
    "statement": "deadlines",
    "reply": "deadlines",
    "remove": "moderation",
    "note": "coordination",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One expectation and what became of it."""

    source: str  # the inject's id, or "plan"
    at: datetime  # when the expectation started
    do: str
    target: str  # what exactly: the level, the role, the message…
    due: datetime
    done_at: datetime | None
    status: str
    criterion: str
    why: str | None = None

    @property
    def value(self) -> float:
        """1 met, 0.6 went further, 0.5 late, 0 missed."""
        return VALUE[self.status]


def _status(done_at: datetime | None, due: datetime, grace: timedelta) -> str:
    if done_at is None or done_at > due + grace:
        return MISSED
    return MET if done_at <= due else LATE


def scenario_outcomes(drill: Drill, record: DrillRecord) -> list[Outcome]:
    """Every `expect` of the timeline, evaluated."""
    outcomes = []
    for inject in drill.scenario.ordered():
        at = record.start + inject.at
        for expect in inject.expect:
            outcomes.append(_evaluate(inject, expect, at, record))
    return outcomes


def _evaluate(inject: Inject, expect: Expect, at: datetime, record: DrillRecord) -> Outcome:
    due = at + expect.within
    source = inject.id or f"{inject.kind}@{int(inject.at.total_seconds() // 60)}m"
    if expect.do == "level":
        assert expect.level is not None
        done_at, status = _level_done(record, expect.level, at, due, expect.within)
        target = str(expect.level)
    else:
        done_at = _first_done(record, expect, inject, at)
        status, target = _status(done_at, due, expect.within), _target(expect, inject)
    return Outcome(
        source, at, expect.do, target, due, done_at, status, CRITERION[expect.do], expect.why
    )


def _target(expect: Expect, inject: Inject) -> str:
    if expect.role:
        return expect.role
    return inject.id or ""


def _first_done(
    record: DrillRecord, expect: Expect, inject: Inject, at: datetime
) -> datetime | None:
    """When the trainee first did what is expected, from the inject on."""
    times: Iterator[datetime]
    if expect.do == "alert":
        times = (c.at for c in record.calls if c.role == expect.role)
    elif expect.do == "ack":
        times = (d.at for d in record.done if d.ok and d.do == "ack")
    elif expect.do == "statement":
        times = (p.at for p in record.posts)
    elif expect.do == "reply":
        times = (r.at for r in record.replies if r.message == inject.id)
    elif expect.do == "remove":
        times = iter([record.deleted()[inject.id]] if inject.id in record.deleted() else [])
    else:
        times = (moment for moment, _ in record.notes)
    return min((t for t in times if t >= at), default=None)


def _level_done(
    record: DrillRecord, level: int, at: datetime, due: datetime, grace: timedelta
) -> tuple[datetime | None, str]:
    """When the expected level was in force. Raising: that level or higher (higher is 'over');
    lowering: exactly that level."""
    lowering = record.level_at(at) > level
    moments = [at] + [mark.at for mark in record.levels if mark.at > at]
    for moment in moments:
        current = record.level_at(moment)
        reached = current == level if lowering else current >= level
        if not reached:
            continue
        status = _status(moment, due, grace)
        if status == MET and current != level:
            status = OVER
        return moment, status
    return None, MISSED


# --- the plan's own deadlines ----------------------------------------------------------------------


def plan_outcomes(drill: Drill, record: DrillRecord, expected: list[Outcome]) -> list[Outcome]:
    """The plan's statement deadlines: one per level entered that wants a first response, and the
    update cadence after each statement while a level with a cadence is in force."""
    return [*_level_statements(drill, record, expected), *_cadence(drill, record)]


def _raises(record: DrillRecord) -> Iterator[tuple[datetime, int, int]]:
    before = 0
    for mark in record.levels:
        if mark.level > before:
            yield mark.at, before, mark.level
        before = mark.level


def _level_statements(drill: Drill, record: DrillRecord, expected: list[Outcome]) -> list[Outcome]:
    playbook, outcomes = drill.playbook, []
    for at, before, after in _raises(record):
        windows = [plan.first_response(playbook, n) for n in range(before + 1, after + 1)]
        window = min((w for w in windows if w), default=None)
        if window is None:
            continue
        outcomes.append(_statement_by(record, at, at + window, window, f"{after}"))
    if not outcomes:
        # The trainee never entered such a level: the public still waited from when they should have.
        for outcome in expected:
            window = (
                plan.first_response(playbook, int(outcome.target))
                if outcome.do == "level"
                else None
            )
            if window is not None:
                outcomes.append(
                    _statement_by(record, outcome.at, outcome.due + window, window, outcome.target)
                )
                break
    return outcomes


def _statement_by(
    record: DrillRecord, start: datetime, due: datetime, window: timedelta, level: str
) -> Outcome:
    done = min((p.at for p in record.posts if p.at >= start), default=None)
    status = _status(done, due, window)
    return Outcome("plan", start, "first_response", level, due, done, status, "deadlines")


def _cadence(drill: Drill, record: DrillRecord) -> list[Outcome]:
    outcomes = []
    posts = sorted(record.posts, key=lambda p: p.at)
    for index, post in enumerate(posts):
        every = plan.update_every(drill.playbook, record.level_at(post.at))
        if every is None:
            continue
        due = post.at + every
        if due > record.end or plan.update_every(drill.playbook, record.level_at(due)) is None:
            continue
        done = posts[index + 1].at if index + 1 < len(posts) else None
        status = _status(done, due, every / 2)
        outcomes.append(
            Outcome("plan", post.at, "update", post.draft, due, done, status, "deadlines")
        )
    return outcomes
