"""The crisis monitor: takes the engine's decisions (and joins, and human commands), keeps each
community's indicators, moves its level along the playbook, runs the escalation and statement
clocks, and returns crisis events carrying the actions to take. It never calls a platform.

Everything happens on event time. The monitor's own clock advances in steps of
`baseline.resolution`; every step close and every deadline is processed in time order at its own
moment, so a replay, a drill at 60x and a test give the same events whatever the tick pattern.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import Clock
from bot.core.decision import Decision
from bot.crisis import escalation
from bot.crisis import events as ev
from bot.crisis.community import CommunityState, Layout, step_index
from bot.crisis.course import IncidentCourse
from bot.crisis.escalation import Case
from bot.crisis.events import CrisisEvent
from bot.crisis.indicators import JOINS, Signals
from bot.crisis.levels import LevelMachine
from bot.crisis.schema import Playbook
from bot.crisis.state import Batch, CrisisStore, Incident, MemoryCrisisStore
from bot.crisis.statements import PROPOSED, Statement, approve
from bot.crisis.status import community_status
from bot.crisis.triggers import check_clause

# A complaint may raise the level at once, between two step closes, but at most this often (a
# surge is hundreds of complaints a minute: evaluating on each would cost more than counting it).
LIVE_EVERY = timedelta(seconds=10)
FAST_FORWARD_AFTER = 3  # quiet gaps longer than 3 baseline windows are skipped in one jump


@dataclass(frozen=True, slots=True)
class MonitorOptions:
    """How often the full state is written (events, cases and incidents are written at once)."""

    checkpoint_every: timedelta = timedelta(minutes=15)


class CrisisMonitor:
    """Watches communities against one playbook; see the module docstring."""

    def __init__(
        self,
        playbook: Playbook,
        store: CrisisStore | None = None,
        clock: Clock | None = None,
        options: MonitorOptions | None = None,
    ) -> None:
        self.playbook = playbook
        self.store: CrisisStore = store if store is not None else MemoryCrisisStore()
        self.clock = clock
        self.options = options or MonitorOptions()
        self.layout = Layout.of(playbook)
        self.machine = LevelMachine(playbook)
        self.top = playbook.top
        self.signals = Signals(playbook.watch)
        self.communities: dict[str, CommunityState] = {}
        self.course = IncidentCourse(playbook, self.store)
        self._checkpoint_steps = max(1, round(self.options.checkpoint_every / self.layout.step))
        self._since_checkpoint: dict[str, int] = {}
        self._restore()

    @property
    def incidents(self) -> dict[str, Incident]:
        """The open incidents (and those closed since the start), by id."""
        return self.course.incidents

    @property
    def cases(self) -> dict[str, Case]:
        """The escalation cases of those incidents, by id."""
        return self.course.cases

    @property
    def statements(self) -> dict[str, Statement]:
        """The statements of those incidents, by id."""
        return self.course.statements

    @property
    def _batch(self) -> Batch:
        return self.course.batch

    # --- inputs --------------------------------------------------------------------------------

    def observe(self, decision: Decision) -> list[CrisisEvent]:
        """Count one decision; return the events of the steps and deadlines it moved past."""
        message = decision.message
        state = self._state(message.community, message.platform, message.ts)
        events = self._advance(state, message.ts) if message.ts >= state.step_end() else []
        flags = self.signals.flags(decision)  # the hot path: keep what follows cheap
        state.scope.current.add(flags, message.author.id)
        if self.layout.channel_lengths:
            state.channel(message.channel).scope.current.add(flags, message.author.id)
        state.seen += 1
        state.scored += flags.scored
        if (
            (flags.complaining or flags.newcomer)
            and state.level.level < self.top
            and (state.last_live is None or message.ts - state.last_live >= LIVE_EVERY)
        ):
            state.last_live = message.ts
            events += self._raise_now(state, message.ts)
        if state.incident is not None and decision.actions:
            moderation = self.incidents[state.incident].moderation
            for action in decision.actions:
                moderation[action.kind] = moderation.get(action.kind, 0) + 1
        return self._done(events)

    def observe_join(
        self, community: str, user: str, at: datetime, platform: str = "memory"
    ) -> list[CrisisEvent]:
        """Count a member joining (raids show up as a burst of joins)."""
        state = self._state(community, platform, at)
        events = self._advance(state, at) if at >= state.step_end() else []
        state.scope.current.counts[JOINS] += 1
        return self._done(events)

    def tick(self, now: datetime | None = None) -> list[CrisisEvent]:
        """Let time pass in every community: close steps, fire deadlines up to `now`."""
        at = self._now(now)
        self.sync()
        events: list[CrisisEvent] = []
        for name in sorted(self.communities):
            events += self._advance(self.communities[name], at)
        return self._done(events)

    def declare(
        self,
        community: str,
        level: int,
        by: str,
        at: datetime | None = None,
        reason: str = "",
        platform: str | None = None,
    ) -> list[CrisisEvent]:
        """A community manager declares a level (raises ValueError if the plan forbids it).

        `platform` says where the community lives, for a community no message came from yet.
        """
        when = self._now(at)
        state = self._state(community, platform, when)
        events = self._advance(state, when)
        transition = self.machine.declare(state.level, level, when, by, reason or "manual")
        if transition is not None:
            events += self.course.transition(state, transition)
        self._dirty(state, force=True)
        return self._done(events)

    def ack(self, case_id: str, by: str, at: datetime | None = None) -> list[CrisisEvent]:
        """Acknowledge an escalation case (from the console, Discord or Telegram)."""
        case = self._case(case_id)
        when = self._now(at)
        events = self._advance(self.communities[case.community], when)
        if case.status == escalation.EXHAUSTED:
            case.status = escalation.OPEN  # a late acknowledgement still counts, and says so
        events.append(escalation.acknowledge(case, by, when))
        self._batch.cases[case.id] = case
        return self._done(events)

    def approve_statement(
        self, statement_id: str, by: str, at: datetime | None = None
    ) -> list[CrisisEvent]:
        """The approver agrees: the statement is posted."""
        statement = self._statement(statement_id)
        when = self._now(at)
        events = self._advance(self.communities[statement.community], when)
        events += approve(statement, by, when)
        return self._done(events)

    def check_item(
        self, incident_id: str, index: int, by: str, at: datetime | None = None
    ) -> list[CrisisEvent]:
        """Tick an item of the incident's checklist."""
        incident = self.incidents.get(incident_id) or self.store.incident(incident_id)
        if incident is None or not 0 <= index < len(incident.checklist):
            raise KeyError(f"no checklist item {index} in incident {incident_id}")
        when = self._now(at)
        item = incident.checklist[index]
        item["checked_by"], item["checked_at"] = by, when.isoformat()
        self._batch.incidents[incident.id] = incident
        event = CrisisEvent(
            ev.CHECKED,
            incident.community,
            when,
            incident.id,
            {"index": index, "text": item["text"], "by": by},
        )
        return self._done([event])

    def sync(self) -> None:
        """Take in what another process did (`vigie ack`, the web console): acknowledgements,
        statements approved and checklist items ticked, so a checkpoint never writes them back."""
        for case in [c for c in self.cases.values() if c.active]:
            stored = self.store.case(case.id)
            if stored is None or stored.status == case.status:
                continue
            self.cases[case.id] = stored
            incident = self.incidents.get(case.incident)
            if incident is not None and incident.first_ack_at is None:
                incident.first_ack_at = stored.acked_at
        self._sync_statements()
        self._sync_checklists()

    def _sync_statements(self) -> None:
        for statement in [s for s in self.statements.values() if s.status == PROPOSED]:
            stored = self.store.statement(statement.id)
            if stored is not None and stored.status != PROPOSED:
                self.statements[statement.id] = stored
                incident = self.incidents.get(stored.incident)
                if incident is not None and incident.first_statement_at is None:
                    incident.first_statement_at = stored.approved_at

    def _sync_checklists(self) -> None:
        for incident in [i for i in self.incidents.values() if i.open]:
            stored = self.store.incident(incident.id)
            if stored is None:
                continue
            for item, stored_item in zip(incident.checklist, stored.checklist, strict=False):
                if stored_item.get("checked_by") and not item.get("checked_by"):
                    item["checked_by"] = stored_item["checked_by"]
                    item["checked_at"] = stored_item.get("checked_at")

    def checkpoint(self) -> None:
        """Write the full state now (a graceful shutdown calls this)."""
        for state in self.communities.values():
            self._batch.snapshots[state.name] = state.to_dict()
        self._flush()

    # --- time ----------------------------------------------------------------------------------

    def _advance(self, state: CommunityState, until: datetime) -> list[CrisisEvent]:
        """Process, in time order, every step close and deadline at or before `until`."""
        events: list[CrisisEvent] = []
        self._fast_forward(state, until)
        while True:
            close_at = state.step_end()
            due = self.course.next_deadline(state)
            if due is not None and due <= until and due < close_at:
                events += self.course.fire(state, due)
                self._dirty(state, force=True)
            elif close_at <= until:
                events += self._close(state)
            else:
                return events

    def _fast_forward(self, state: CommunityState, until: datetime) -> None:
        target = step_index(until, self.layout.step)
        limit = FAST_FORWARD_AFTER * round(self.playbook.baseline.window / self.layout.step)
        if target - state.step_index <= limit or state.level.level or state.incident:
            return
        if not state.scope.quiet:
            return
        # Nothing is in any window and nothing is pending: skipping changes only how long the
        # baselines have been watching (which they have, quietly).
        state.skip(target - limit - state.step_index)

    def _close(self, state: CommunityState) -> list[CrisisEvent]:
        at = state.step_end()
        state.close_step()
        channels = sorted(state.channels)
        transition = self.machine.step(
            state.level,
            at,
            lambda level: check_clause(level.enter, state.probe, channels, self.machine.lang),
            lambda level: check_clause(level.exit, state.probe, channels, self.machine.lang),
        )
        events = self.course.transition(state, transition) if transition else []
        state.learn()
        sample = state.sample(at)
        state.remember(sample)
        if state.incident is not None:
            self._batch.samples.append((state.incident, sample))
            self._batch.incidents[state.incident] = self.incidents[state.incident]
        self._dirty(state, force=bool(events))
        return events

    def _raise_now(self, state: CommunityState, at: datetime) -> list[CrisisEvent]:
        state.forget_live()
        channels = sorted(state.channels)
        transition = self.machine.raise_now(
            state.level,
            at,
            lambda level: check_clause(level.enter, state.live_probe, channels, self.machine.lang),
        )
        if transition is None:
            return []
        events = self.course.transition(state, transition)
        self._dirty(state, force=True)
        return events

    def _done(self, events: list[CrisisEvent]) -> list[CrisisEvent]:
        """Update the incidents' KPIs from the events, queue everything, write if needed."""
        for event in events:
            self.course.account(event)
            self._batch.events.append(event)
        self._flush()
        if any(event.type == ev.INCIDENT_CLOSED for event in events):
            self.course.forget_closed()  # written above; the store keeps them for the reports
        return events

    def _dirty(self, state: CommunityState, force: bool = False) -> None:
        count = self._since_checkpoint.get(state.name, 0) + 1
        if force or count >= self._checkpoint_steps:
            self._batch.snapshots[state.name] = state.to_dict()
            count = 0
        self._since_checkpoint[state.name] = count

    def _flush(self) -> None:
        if self._batch:
            self.store.write(self._batch)
            self.course.batch = Batch()

    def _restore(self) -> None:
        restored = self.store.restore()
        for name, data in restored.snapshots.items():
            self.communities[name] = CommunityState.from_dict(
                name, self.layout, self.playbook, data
            )
        self.course.incidents.update({i.id: i for i in restored.incidents})
        self.course.cases.update({c.id: c for c in restored.cases})
        self.course.statements.update({s.id: s for s in restored.statements})

    def _state(self, community: str, platform: str | None, at: datetime) -> CommunityState:
        state = self.communities.get(community)
        if state is None:
            state = CommunityState(
                community,
                self.layout,
                self.playbook,
                step_index(at, self.layout.step),
                platform or "memory",
            )
            self.communities[community] = state
        elif platform and state.platform == "memory":
            state.platform = platform
        return state

    def _case(self, case_id: str) -> Case:
        case = self.cases.get(case_id)
        if case is None:
            raise KeyError(f"no open case {case_id!r}")
        return case

    def _statement(self, statement_id: str) -> Statement:
        statement = self.statements.get(statement_id)
        if statement is None:
            raise KeyError(f"no statement {statement_id!r} in an open incident")
        return statement

    def _now(self, at: datetime | None) -> datetime:
        if at is not None:
            return at
        if self.clock is None:
            raise ValueError("give the time (the monitor has no clock)")
        return self.clock.now()

    # --- reading -------------------------------------------------------------------------------

    def status(self, community: str) -> dict[str, Any]:
        """Where a community stands: level, incident, indicators, open cases and statements."""
        return community_status(self, community)


__all__ = ["CrisisMonitor", "MonitorOptions"]
