"""The incident record and the crisis state-store port, with its in-memory implementation (replays
without a database, tests). The SQL implementation is `bot.store.crisis_repo.SqlCrisisStore`.

Stores keep plain JSON-ready dicts, never the monitor's live objects: what a restarted monitor reads
is exactly what was written, as with a database.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.core.decision import ActionRequest
from bot.core.timeparse import isoformat, parse_timestamp
from bot.crisis.escalation import Case
from bot.crisis.events import CrisisEvent
from bot.crisis.statements import Statement

_TIMES = (
    "opened_at",
    "closed_at",
    "first_notify_at",
    "first_ack_at",
    "first_statement_at",
    "first_response_due",
    "next_update_due",
    "level2_at",
)


@dataclass
class Incident:
    """One crisis of one community, from the first raised level back to level 0."""

    id: str
    community: str
    opened_at: datetime
    reason: str = ""
    declared_by: str | None = None
    closed_at: datetime | None = None
    level: int = 0
    max_level: int = 0
    level2_at: datetime | None = None
    first_notify_at: datetime | None = None
    first_ack_at: datetime | None = None
    first_statement_at: datetime | None = None
    first_response_due: datetime | None = None
    next_update_due: datetime | None = None
    update_template: str | None = None
    update_approver: str | None = None
    profile: str | None = None
    response_missed: bool = False
    cases: int = 0
    statements: int = 0
    checklist: list[dict[str, Any]] = field(default_factory=list)
    moderation: dict[str, int] = field(default_factory=dict)
    degraded: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        """Whether the incident is still running."""
        return self.closed_at is None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        data = asdict(self)
        for name in _TIMES:
            data[name] = isoformat(data[name]) if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Incident:
        """The inverse of `to_dict`."""
        values = dict(data)
        for name in _TIMES:
            values[name] = parse_timestamp(data[name]) if data.get(name) else None
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Fence:
    """The lease a write comes from: the write is refused (LeaseLost) unless its holder still
    holds it, so a paused former owner never writes an old state over the new owner's."""

    name: str
    holder: str
    generation: int


class LeaseLost(RuntimeError):
    """The write's fence no longer holds: another process owns the community now."""


@dataclass(frozen=True, slots=True)
class Applied:
    """An inbox command the batch settles: "applied" or "refused" (with why)."""

    id: int
    status: str
    by: str
    at: datetime
    result: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Handover:
    """The community's lease moves to `to` (the process that sees its messages again) in the
    same write as the last state of the process that took the community over: whatever that
    process applied is stored, and every later command waits for the new holder."""

    fence: Fence
    to: str
    until: datetime


@dataclass
class Batch:
    """What changed since the last write, written in one transaction (with the actions the
    events carry, into the outbox, and the inbox commands they settle)."""

    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    events: list[CrisisEvent] = field(default_factory=list)
    samples: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    actions: list[tuple[ActionRequest, datetime]] = field(default_factory=list)
    commands: list[Applied] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (
                self.snapshots,
                self.incidents,
                self.cases,
                self.statements,
                self.events,
                self.samples,
                self.commands,
                self.handovers,
            )
        )


@dataclass
class Restored:
    """What a monitor reads back when it starts."""

    snapshots: dict[str, dict[str, Any]]
    incidents: list[Incident]
    cases: list[Case]
    statements: list[Statement]


class CrisisStore(Protocol):
    """Where the crisis state lives between restarts, and what reports read."""

    def write(self, batch: Batch) -> None: ...

    def restore(self, community: str | None = None) -> Restored: ...

    def incident(self, incident_id: str) -> Incident | None: ...

    def incidents(self, community: str | None = None) -> list[Incident]: ...

    def events(self, incident_id: str) -> list[CrisisEvent]: ...

    def cases(self, incident_id: str) -> list[Case]: ...

    def case(self, case_id: str) -> Case | None: ...

    def statements(self, incident_id: str) -> list[Statement]: ...

    def statement(self, statement_id: str) -> Statement | None: ...

    def samples(self, incident_id: str) -> list[dict[str, Any]]: ...

    def open_communities(self) -> list[str]: ...


class MemoryCrisisStore:
    """The crisis state in memory, as dicts (a copy is made on every write and read)."""

    def __init__(self) -> None:
        self._snapshots: dict[str, dict[str, Any]] = {}
        self._incidents: dict[str, dict[str, Any]] = {}
        self._cases: dict[str, dict[str, Any]] = {}
        self._statements: dict[str, dict[str, Any]] = {}
        self._events: dict[str, list[dict[str, Any]]] = {}
        self._samples: dict[str, list[dict[str, Any]]] = {}
        self.actions: dict[str, ActionRequest] = {}  # the outbox's stand-in, by key

    def write(self, batch: Batch) -> None:
        """Keep everything the batch holds."""
        self.actions.update({a.key: a for a, _ in batch.actions if a.key not in self.actions})
        self._snapshots.update(copy.deepcopy(batch.snapshots))
        self._incidents.update({k: v.to_dict() for k, v in batch.incidents.items()})
        self._cases.update({k: v.to_dict() for k, v in batch.cases.items()})
        self._statements.update({k: v.to_dict() for k, v in batch.statements.items()})
        for event in batch.events:
            self._events.setdefault(event.incident or "", []).append(event.to_dict())
        for incident_id, sample in batch.samples:
            self._samples.setdefault(incident_id, []).append(dict(sample))

    def restore(self, community: str | None = None) -> Restored:
        """The last snapshots, the open incidents and their cases and statements (of one
        community, or all)."""
        incidents = [
            Incident.from_dict(d)
            for d in self._incidents.values()
            if not d["closed_at"] and community in (None, d["community"])
        ]
        open_ids = {incident.id for incident in incidents}
        snapshots = {
            k: v for k, v in self._snapshots.items() if community is None or k == community
        }
        return Restored(
            copy.deepcopy(snapshots),
            incidents,
            [Case.from_dict(d) for d in self._cases.values() if d["incident"] in open_ids],
            [
                Statement.from_dict(d)
                for d in self._statements.values()
                if d["incident"] in open_ids
            ],
        )

    def incident(self, incident_id: str) -> Incident | None:
        """One incident."""
        found = self._incidents.get(incident_id)
        return Incident.from_dict(found) if found else None

    def incidents(self, community: str | None = None) -> list[Incident]:
        """Every incident (of one community), oldest first."""
        found = [
            Incident.from_dict(d)
            for d in self._incidents.values()
            if community is None or d["community"] == community
        ]
        return sorted(found, key=lambda incident: (incident.opened_at, incident.id))

    def events(self, incident_id: str) -> list[CrisisEvent]:
        """The incident's timeline, in order."""
        return [CrisisEvent.from_dict(d) for d in self._events.get(incident_id, [])]

    def cases(self, incident_id: str) -> list[Case]:
        """The incident's escalation cases."""
        return [Case.from_dict(d) for d in self._cases.values() if d["incident"] == incident_id]

    def case(self, case_id: str) -> Case | None:
        """One case."""
        found = self._cases.get(case_id)
        return Case.from_dict(found) if found else None

    def statements(self, incident_id: str) -> list[Statement]:
        """The incident's statements."""
        return [
            Statement.from_dict(d)
            for d in self._statements.values()
            if d["incident"] == incident_id
        ]

    def statement(self, statement_id: str) -> Statement | None:
        """One statement."""
        found = self._statements.get(statement_id)
        return Statement.from_dict(found) if found else None

    def open_communities(self) -> list[str]:
        """The communities with an open incident."""
        return sorted({d["community"] for d in self._incidents.values() if not d["closed_at"]})

    def samples(self, incident_id: str) -> list[dict[str, Any]]:
        """The indicator series recorded for the incident's charts."""
        return [dict(s) for s in self._samples.get(incident_id, [])]
