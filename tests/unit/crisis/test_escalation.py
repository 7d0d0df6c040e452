"""Escalation cases, table-driven on event time: acknowledged in time, missed then taken by the
backup, nobody answering (backup, next role, a second loop, then exhausted), a late
acknowledgement; off-duty holders; the same events whatever the tick pattern."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.crisis.escalation import chain_of
from bot.crisis.events import CrisisEvent
from bot.crisis.monitor import CrisisMonitor
from tests.unit.crisis.helpers import PLAYBOOK, T0, playbook

CASE = "c1-20260312-1200-k1"


def _timeline(events: list[CrisisEvent]) -> list[tuple[int, str, str]]:
    """(minutes after T0, event, who) for the escalation events of case k1."""
    out = []
    for event in events:
        if event.data.get("case") != CASE or event.type == "crisis.case.resolved":
            continue
        who = event.data.get("person") or event.data.get("by") or event.data.get("to") or ""
        out.append(
            (int((event.at - T0) / timedelta(minutes=1)), event.type.removeprefix("crisis."), who)
        )
    return out


def _drive(
    acks: list[tuple[int, str]], until: int, tick_every: int | None = 1
) -> list[CrisisEvent]:
    monitor = CrisisMonitor(playbook())
    events = monitor.declare("c1", 1, "claire", T0, "test")
    moments = sorted(
        {*(m for m, _ in acks), *(range(0, until + 1, tick_every) if tick_every else [until])}
    )
    pending = dict(acks)
    for minute in moments:
        at = T0 + timedelta(minutes=minute)
        events += monitor.tick(at)
        if minute in pending:
            events += monitor.ack(CASE, pending[minute], at)
    return events


# Nobody answers: holder, backup, the next role, twice round (loops: 2), then the chain is spent.
UNANSWERED = [
    (0, "notify", "Claire"),
    (15, "ack.missed", "Claire"),
    (15, "escalate", "cm/backup"),
    (15, "notify", "Julien"),
    (30, "ack.missed", "Julien"),
    (30, "escalate", "com/holder"),
    (30, "notify", "Helene"),
    (45, "ack.missed", "Helene"),
    (45, "escalate", "cm/holder"),
    (45, "notify", "Claire"),
    (60, "ack.missed", "Claire"),
    (60, "escalate", "cm/backup"),
    (60, "notify", "Julien"),
    (75, "ack.missed", "Julien"),
    (75, "escalate", "com/holder"),
    (75, "notify", "Helene"),
    (90, "ack.missed", "Helene"),
    (90, "escalation.exhausted", ""),
]

CASES = [
    ("acknowledged-in-time", [(5, "claire")], 60, [(0, "notify", "Claire"), (5, "ack", "claire")]),
    (
        "missed-then-the-backup-acknowledges",
        [(20, "julien")],
        60,
        [
            (0, "notify", "Claire"),
            (15, "ack.missed", "Claire"),
            (15, "escalate", "cm/backup"),
            (15, "notify", "Julien"),
            (20, "ack", "julien"),
        ],
    ),
    (
        "nobody-acknowledges",
        [],
        120,
        UNANSWERED,
    ),
    (
        "late-acknowledgement-after-exhaustion",
        [(100, "helene")],
        120,
        [*UNANSWERED, (100, "ack", "helene")],
    ),
    (
        "acknowledged-exactly-at-the-deadline-is-late",
        [(15, "claire")],
        30,
        [
            (0, "notify", "Claire"),
            (15, "ack.missed", "Claire"),
            (15, "escalate", "cm/backup"),
            (15, "notify", "Julien"),
            (15, "ack", "claire"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("acks", "until", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_escalation_timeline(
    acks: list[tuple[int, str]], until: int, expected: list[tuple[int, str, str]]
) -> None:
    assert _timeline(_drive(acks, until)) == expected


@pytest.mark.parametrize("tick_every", [1, 7, None], ids=["every-minute", "every-7-min", "once"])
def test_the_tick_pattern_does_not_change_the_events(tick_every: int | None) -> None:
    reference = [e.to_dict() for e in _drive([(50, "helene")], 120, 1)]
    assert [e.to_dict() for e in _drive([(50, "helene")], 120, tick_every)] == reference


def test_notifications_reach_every_platform_of_the_person() -> None:
    monitor = CrisisMonitor(playbook())
    events = monitor.declare("c1", 2, "claire", T0, "test")
    com = next(e for e in events if e.type == "crisis.notify" and e.data["role"] == "com")
    assert sorted((a.kind, a.platform, a.params["to"]) for a in com.actions) == [
        ("notify", "discord", "user:100003"),
        ("notify", "telegram", "user:2003"),
    ]
    assert com.actions[0].params["case"] == com.data["case"]
    assert len({a.key for e in events for a in e.actions}) == sum(len(e.actions) for e in events)


def test_an_off_duty_holder_is_skipped_for_the_backup() -> None:
    text = PLAYBOOK.replace(
        "    escalates_to: com\n",
        "    escalates_to: com\n    on_call: {days: [mon], start: '09:00', end: '10:00'}\n",
        1,
    )
    monitor = CrisisMonitor(playbook(text))
    events = monitor.declare("c1", 1, "claire", T0, "test")
    first = next(e for e in events if e.type == "crisis.notify")
    assert (first.data["who"], first.data["person"]) == ("backup", "Julien")


def test_the_chain_follows_backups_then_the_next_role() -> None:
    assert chain_of(playbook(), "cm") == [("cm", "holder"), ("cm", "backup"), ("com", "holder")]


def test_acknowledging_an_unknown_case_is_an_error() -> None:
    monitor = CrisisMonitor(playbook())
    monitor.declare("c1", 1, "claire", T0, "test")
    with pytest.raises(KeyError):
        monitor.ack("nope", "claire", T0)
