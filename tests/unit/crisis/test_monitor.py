"""The monitor end to end on event time: a surge raises the level within minutes and a calm stream
does not; statements, profile switches and slow mode follow the plan; a restart in the middle of a
crisis resumes the level, the open escalations and their deadlines (in memory and on SQLite); a
replay, a drill ticking at 60x and a test give the same events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.crisis.monitor import CrisisMonitor, MonitorOptions
from bot.crisis.state import CrisisStore, MemoryCrisisStore
from tests.unit.crisis.helpers import T0, calm, complaints, decision, feed, kinds, levels, playbook

SURGE = T0 + timedelta(hours=1)


def _day() -> list:
    """An hour of chatter, a surge of 25 complainers in 8 minutes, then three calm hours."""
    return [*calm(T0, 240), *complaints(SURGE, 25)]


def test_a_surge_raises_the_level_within_minutes() -> None:
    events = feed(CrisisMonitor(playbook()), _day())
    assert levels(events)[:3] == [("13:00:40", 1), ("13:01:40", 2), ("13:06:20", 3)]
    assert [lv for _, lv in levels(events)][-1] == 0  # and it ends


def test_a_calm_stream_changes_nothing() -> None:
    assert feed(CrisisMonitor(playbook()), calm(T0, 600)) == []


def test_nothing_relative_before_the_baseline_is_learned() -> None:
    relative = playbook().model_copy(deep=True)
    for level in relative.levels[1:]:
        for condition in level.enter.any:  # type: ignore[union-attr]
            condition.threshold.relative = True
            condition.threshold.value = 2.0
    early = feed(
        CrisisMonitor(relative), [*calm(T0, 20), *complaints(T0 + timedelta(minutes=5), 30)]
    )
    assert levels(early) == []  # 30 min of history are required first


def test_statements_profile_and_slow_mode_follow_the_plan() -> None:
    monitor = CrisisMonitor(playbook())
    lasting = complaints(SURGE + timedelta(minutes=5), 60, timedelta(seconds=70), "b")
    events = feed(monitor, [*calm(T0, 60), *complaints(SURGE, 7), *lasting])
    assert "crisis.profile" in [e.type for e in events]
    profile = next(e for e in events if e.type == "crisis.profile")
    assert profile.profile == "crise"
    proposed = next(e for e in events if e.type == "crisis.statement.proposed")
    assert proposed.data["texts"]["fr"].startswith("Nous savons pour une panne depuis 14:00.")
    slow = next(e for e in events if e.type == "crisis.action")
    assert slow.actions[0].kind == "slow_mode" and slow.actions[0].params["seconds"] == 30
    monitor = CrisisMonitor(playbook())
    events = feed(monitor, [*calm(T0, 60), *complaints(SURGE, 7)])
    proposed = next(e for e in events if e.type == "crisis.statement.proposed")
    posted = monitor.approve_statement(
        proposed.data["statement"], "helene", SURGE + timedelta(minutes=4)
    )
    assert kinds(posted) == ["statement.approved", "statement.posted"]
    assert posted[1].actions[0].kind == "post_statement"
    later = feed(monitor, lasting)
    assert "update.due" in kinds(later) and "statement.proposed" in kinds(later)


def test_an_unapproved_holding_statement_becomes_overdue() -> None:
    monitor = CrisisMonitor(playbook())
    feed(monitor, [*calm(T0, 60), *complaints(SURGE, 7)])
    late = monitor.tick(SURGE + timedelta(minutes=45))
    overdue = [e for e in late if e.type == "crisis.statement.overdue"]
    assert len(overdue) == 1 and overdue[0].at == SURGE + timedelta(
        minutes=1,
        seconds=40,
    ) + timedelta(minutes=30)


def test_leaving_a_level_undoes_its_slow_mode_and_profile() -> None:
    events = feed(CrisisMonitor(playbook()), [*calm(T0, 240), *complaints(SURGE, 7)])
    undo = [e for e in events if e.type == "crisis.action" and e.data["undo"]]
    assert undo and undo[0].actions[0].params["seconds"] == 0
    profiles = [e.profile for e in events if e.type == "crisis.profile"]
    assert profiles == ["crise", None]


def test_the_crisis_level_auto_posts_its_statement() -> None:
    events = feed(CrisisMonitor(playbook()), _day())
    auto = [e for e in events if e.type == "crisis.statement.posted" and e.data["auto"]]
    assert len(auto) == 1


@pytest.mark.parametrize(
    "tick_every",
    [timedelta(seconds=1), timedelta(minutes=5)],
    ids=["drill-at-60x-ticks-every-second", "ticks-every-5-min"],
)
def test_ticks_between_messages_change_nothing(tick_every: timedelta) -> None:
    reference = [e.to_dict() for e in feed(CrisisMonitor(playbook()), _day())]
    monitor = CrisisMonitor(playbook())
    events = []
    now = T0
    for item in sorted(_day(), key=lambda d: d.message.ts):
        while now + tick_every <= item.message.ts:
            now += tick_every
            events += monitor.tick(now)
        events += monitor.observe(item)
    assert [e.to_dict() for e in events] == reference


def _sqlite_store(tmp_path: Path) -> CrisisStore:
    from bot.store.crisis_repo import SqlCrisisStore
    from bot.store.database import open_database

    return SqlCrisisStore(open_database(f"sqlite:///{tmp_path / 'vigie.db'}"))


STORES: list[Callable[[Path], CrisisStore]] = [lambda _: MemoryCrisisStore(), _sqlite_store]


@pytest.mark.parametrize("make_store", STORES, ids=["memory", "sqlite"])
def test_a_graceful_restart_mid_crisis_gives_the_same_events(make_store, tmp_path: Path) -> None:
    day = sorted(_day(), key=lambda d: d.message.ts)
    reference = [e.to_dict() for e in feed(CrisisMonitor(playbook()), day)]
    cut = next(i for i, d in enumerate(day) if d.message.ts > SURGE + timedelta(minutes=4))
    store = make_store(tmp_path)
    first = CrisisMonitor(playbook(), store)
    events = feed(first, day[:cut])
    assert first.status("c1")["level"] >= 2
    first.checkpoint()
    second = CrisisMonitor(playbook(), store)  # the bot restarts
    events += feed(second, day[cut:])
    assert [e.to_dict() for e in events] == reference


@pytest.mark.parametrize("make_store", STORES, ids=["memory", "sqlite"])
def test_a_crash_mid_crisis_resumes_level_cases_and_deadlines(make_store, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    first = CrisisMonitor(playbook(), store, options=MonitorOptions(timedelta(hours=1)))
    feed(first, [*calm(T0, 60), *complaints(SURGE, 7)])
    before = first.status("c1")
    assert before["level"] == 2 and before["cases"]
    second = CrisisMonitor(playbook(), store)  # no checkpoint: a crash
    after = second.status("c1")
    assert (after["level"], after["incident"], after["cases"]) == (
        before["level"],
        before["incident"],
        before["cases"],
    )
    deadline = min(c["deadline"] for c in after["cases"])
    missed = [
        e for e in second.tick(SURGE + timedelta(minutes=20)) if e.type == "crisis.ack.missed"
    ]
    assert missed and missed[0].at.isoformat().replace("+00:00", "Z") == deadline


def test_joins_feed_the_raid_indicator() -> None:
    text = playbook().model_copy(deep=True)
    monitor = CrisisMonitor(text)
    for i in range(40):
        monitor.observe_join("c1", f"new{i}", T0 + timedelta(seconds=i))
    monitor.tick(T0 + timedelta(minutes=2))
    assert monitor.communities["c1"].scope.windows[10].sums[5] == 40


def test_messages_of_several_communities_are_kept_apart() -> None:
    monitor = CrisisMonitor(playbook())
    events = feed(
        monitor,
        [
            *calm(T0, 60),
            *complaints(SURGE, 7),
            *[
                decision(SURGE + timedelta(seconds=i), f"o{i}", "ok", community="c2")
                for i in range(30)
            ],
        ],
    )
    assert {e.community for e in events} == {"c1"}
    assert monitor.status("c2")["level"] == 0
