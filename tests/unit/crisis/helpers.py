"""Builders for the crisis tests: a small playbook with readable absolute thresholds, decisions,
and a way to drive a monitor minute by minute on event time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from bot.core.decision import Decision
from bot.core.message import Author, Message
from bot.crisis.events import CrisisEvent
from bot.crisis.loader import parse_playbook
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.schema import Playbook

T0 = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)  # a Thursday, 13:00 in Paris

PLAYBOOK = """
meta: {id: test-plan, version: "1", community: Test, languages: [fr, en], owner: tests}
watch: {keywords: [panne, remboursement, arnaque, outage], brand: [opalia]}
roles:
  - id: cm
    name: {fr: CM, en: CM}
    holder: {name: Claire, discord: "user:100001", console: claire}
    backup: {name: Julien, telegram: "user:2001"}
    escalates_to: com
  - id: com
    name: {fr: Com, en: Comms}
    holder: {name: Helene, discord: "user:100003", telegram: "user:2003", console: helene}
baseline: {window: 1d, min_history: 30m, resolution: 1m, min_messages: 5}
variables:
  sujet: {fr: une panne, en: an outage}
levels:
  - {level: 0, id: veille, name: {fr: Veille, en: Watch}}
  - level: 1
    id: vigilance
    name: {fr: Vigilance, en: Vigilance}
    enter: {any: [{indicator: complainers, op: ">=", threshold: 3, window: 10m}]}
    exit: {all: [{indicator: complainers, op: "<", threshold: 2, window: 10m}], for: 20m}
    min_duration: 10m
    on_enter: [{notify: {roles: [cm], ack_within: 15m, loops: 2}}]
    checklist: [{fr: Lire les messages, en: Read the messages}]
  - level: 2
    id: alerte
    name: {fr: Alerte, en: Alert}
    enter: {any: [{indicator: complainers, op: ">=", threshold: 6, window: 10m}]}
    exit: {all: [{indicator: complainers, op: "<", threshold: 3, window: 10m}], for: 20m}
    min_duration: 10m
    profile: crise
    first_response: 30m
    update_every: 1h
    update_template: point
    update_approver: com
    on_enter:
      - {notify: {roles: [com], ack_within: 10m}}
      - {statement: {template: attente, approver: com}}
      - {slow_mode: {delay: 30s, channels: [general]}}
  - level: 3
    id: crise
    name: {fr: Crise, en: Crisis}
    enter: {any: [{indicator: complainers, op: ">=", threshold: 20, window: 10m}]}
    exit: {all: [{indicator: complainers, op: "<", threshold: 10, window: 10m}], for: 10m}
    auto_statements: true
    on_enter: [{statement: {template: point, approver: com}}]
templates:
  - id: attente
    title: {fr: Attente, en: Holding}
    text: {fr: "Nous savons pour {sujet} depuis {started_at}. Point avant {next_update}.",
           en: "We know about {sujet} since {started_at}. Update by {next_update}."}
  - id: point
    title: {fr: Point, en: Update}
    text: {fr: "Point de {now} : niveau {level_name}.", en: "Update at {now}: level {level_name}."}
retex:
  sections:
    - {id: faits, title: {fr: Faits, en: Facts}, prompt: {fr: Quoi, en: What}}
"""


def playbook(text: str = PLAYBOOK) -> Playbook:
    """The test playbook (or another text)."""
    return parse_playbook(text, "test.yaml")


def decision(
    at: datetime,
    author: str = "u1",
    text: str = "bonjour",
    community: str = "c1",
    channel: str = "general",
    scores: dict[str, float] | None = None,
    joined: datetime | None = None,
) -> Decision:
    """A decision with no matched rule, at `at`."""
    message = Message(
        f"{author}-{at.timestamp()}",
        at,
        Author(author, author, joined=joined),
        text,
        platform="discord",
        community=community,
        channel=channel,
    )
    return Decision(message, at, (), (), scores=scores or {})


def complaints(
    start: datetime, count: int, every: timedelta = timedelta(seconds=20), prefix: str = "angry"
) -> list[Decision]:
    """`count` complaints by distinct authors, `every` apart."""
    return [
        decision(start + every * i, f"{prefix}{i}", "toujours en panne, remboursement !")
        for i in range(count)
    ]


def calm(start: datetime, minutes: int, every: timedelta = timedelta(minutes=2)) -> list[Decision]:
    """Ordinary chatter from a few regulars."""
    count = int(timedelta(minutes=minutes) / every)
    return [decision(start + every * i, f"reg{i % 5}", "merci pour l'info") for i in range(count)]


def feed(monitor: CrisisMonitor, decisions: Iterable[Decision]) -> list[CrisisEvent]:
    """Observe every decision (sorted by time) and return all events."""
    events: list[CrisisEvent] = []
    for item in sorted(decisions, key=lambda d: d.message.ts):
        events += monitor.observe(item)
    return events


def kinds(events: Iterable[CrisisEvent]) -> list[str]:
    """The event types, without the crisis. prefix."""
    return [e.type.removeprefix("crisis.") for e in events]


def levels(events: Iterable[CrisisEvent]) -> list[tuple[str, int]]:
    """(HH:MM:SS, level) of every level change."""
    return [(f"{e.at:%H:%M:%S}", e.data["level"]) for e in events if e.type == "crisis.level"]
