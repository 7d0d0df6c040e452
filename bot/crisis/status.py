"""Where a community stands, as one typed value built from the stored state of that one community
(its snapshot, its open incident, the incident's cases and statements), or from the owner's live
monitor: the level, the incident, the report-window indicators against their baselines, the cases
waiting for an acknowledgement and the statements waiting for approval. The console, the chat
commands and `vigie crisis status` render it; reading it costs the same whatever the number of
communities."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.charter.fields import pick
from bot.core.timeparse import isoformat
from bot.crisis.community import REPORT_KEYS, CommunityState, Layout
from bot.crisis.escalation import Case
from bot.crisis.schema import Playbook
from bot.crisis.state import CrisisStore
from bot.crisis.statements import PROPOSED, Statement

if TYPE_CHECKING:
    from bot.crisis.monitor import CrisisMonitor


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator over the report window, against its baseline."""

    name: str
    value: float | None
    baseline: float | None
    z: float | None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class WaitingCase:
    """An escalation waiting for its acknowledgement."""

    case: str
    role: str
    calling: str
    deadline: datetime | None
    status: str


@dataclass(frozen=True, slots=True)
class WaitingStatement:
    """A statement waiting for its approver."""

    statement: str
    template: str
    approver: str
    proposed_at: datetime
    texts: dict[str, str]


@dataclass(frozen=True, slots=True)
class CrisisStatus:
    """One community's crisis picture; see the module docstring."""

    community: str
    platform: str
    level: int
    name: str
    since: datetime | None
    manual_floor: int
    incident: str | None
    baseline_ready: bool
    indicators: tuple[Indicator, ...]
    cases: tuple[WaitingCase, ...]
    statements: tuple[WaitingStatement, ...]
    updated_at: datetime | None = None
    owner: str | None = None  # the process applying commands now (None: nobody live)
    pending: int = 0  # commands given and not applied yet
    timezone: str = "UTC"  # the plan's: the front ends write the times in it
    names: dict[str, str] = field(default_factory=dict)  # the level's name in each language

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (`vigie crisis status --json`, the chat adapters)."""
        data = asdict(self)
        data["indicators"] = {
            i.name: {"value": i.value, "baseline": i.baseline, "z": i.z}
            | ({"source": i.source} if i.source else {})
            for i in self.indicators
        }
        for key in ("since", "updated_at"):
            data[key] = isoformat(data[key]) if data[key] else None
        for case in data["cases"]:
            case["deadline"] = isoformat(case["deadline"]) if case["deadline"] else None
        for statement in data["statements"]:
            statement["proposed_at"] = isoformat(statement["proposed_at"])
        return data


def build_status(
    playbook: Playbook,
    state: CommunityState,
    cases: Iterable[Case],
    statements: Iterable[Statement],
) -> CrisisStatus:
    """The status of a community from its measurements and its incident's records."""
    lang = playbook.meta.languages[0]
    level = playbook.level(state.level.level)
    return CrisisStatus(
        community=state.name,
        platform=state.platform,
        level=state.level.level,
        name=pick(level.name, lang),
        since=state.level.since,
        manual_floor=state.level.manual_floor,
        incident=state.incident,
        baseline_ready=state.baselines.ready,
        indicators=_indicators(state),
        cases=tuple(
            WaitingCase(c.id, c.role, "/".join(c.chain[c.step]), c.deadline, c.status)
            for c in sorted(cases, key=lambda c: c.id)
            if c.incident == state.incident and c.active
        ),
        statements=tuple(
            WaitingStatement(s.id, s.template, s.approver, s.proposed_at, dict(s.texts))
            for s in sorted(statements, key=lambda s: s.id)
            if s.incident == state.incident and s.status == PROPOSED
        ),
        updated_at=state.step_end(),
        timezone=playbook.meta.timezone,
        names=dict(level.name),
    )


def _indicators(state: CommunityState) -> tuple[Indicator, ...]:
    guessed = bool(state.seen and not state.scored)
    sources = {
        "negative_share": "watch-list keywords (no classifier scores)",
        "toxic_share": "matched rules (no classifier scores)",
    }
    found = []
    for name in REPORT_KEYS:
        reading = state.reading(name, state.layout.report)
        z = None if reading.z is None else round(reading.z, 2)
        source = sources.get(name) if guessed else None
        found.append(Indicator(name, reading.value, reading.baseline, z, source))
    return tuple(found)


def monitor_status(monitor: CrisisMonitor, community: str) -> CrisisStatus:
    """From the live monitor of the owner (KeyError if it never saw the community)."""
    state = monitor.communities[community]
    return build_status(
        monitor.playbook, state, monitor.cases.values(), monitor.statements.values()
    )


def read_status(playbook: Playbook, store: CrisisStore, community: str) -> CrisisStatus:
    """From the stored state of that one community (KeyError if nothing was stored for it)."""
    restored = store.restore(community)
    snapshot = restored.snapshots.get(community)
    if snapshot is None:
        raise KeyError(f"no crisis state for community {community!r}")
    state = CommunityState.from_dict(community, Layout.of(playbook), playbook, snapshot)
    return build_status(playbook, state, restored.cases, restored.statements)


def community_status(monitor: CrisisMonitor, community: str) -> dict[str, Any]:
    """`monitor_status` as JSON-ready data (what `CrisisMonitor.status` returns)."""
    return monitor_status(monitor, community).to_dict()
