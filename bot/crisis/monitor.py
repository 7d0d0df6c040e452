"""The crisis monitor: takes the engine's decisions (and joins, and human commands), keeps each
community's indicators, moves its level along the playbook, runs the escalation and statement
clocks, and returns crisis events carrying the actions to take. It never calls a platform.

Everything happens on event time. The monitor's own clock advances in steps of
`baseline.resolution`; every step close and every deadline is processed in time order at its own
moment, so a replay, a drill at 60x and a test give the same events whatever the tick pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import Clock
from bot.core.decision import Decision
from bot.crisis import commands
from bot.crisis import events as ev
from bot.crisis.commands import Command
from bot.crisis.community import CommunityState, Layout, step_index
from bot.crisis.course import IncidentCourse
from bot.crisis.escalation import Case
from bot.crisis.events import CrisisEvent
from bot.crisis.indicators import JOINS, Signals
from bot.crisis.levels import LevelMachine
from bot.crisis.schema import Playbook
from bot.crisis.state import (
    Applied,
    Batch,
    CrisisStore,
    Fence,
    Handover,
    Incident,
    MemoryCrisisStore,
)
from bot.crisis.statements import Statement
from bot.crisis.status import community_status
from bot.crisis.triggers import check_clause, keep_clause

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
        self._keep = {level.level: keep_clause(level.enter) for level in playbook.levels}
        self.communities: dict[str, CommunityState] = {}
        self.course = IncidentCourse(playbook, self.store)
        self._checkpoint_steps = max(1, round(self.options.checkpoint_every / self.layout.step))
        self._since_checkpoint: dict[str, int] = {}
        self._settling: tuple[int, str, datetime] | None = None
        # The lease fence of each community's writes (set by the cell of a multi-process setup).
        self.fences: Callable[[str], Fence | None] | None = None
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
        events += commands.acknowledge(case, by, when)
        self._batch.cases[case.id] = case
        return self._done(events)

    def approve_statement(
        self, statement_id: str, by: str, at: datetime | None = None, roles: Iterable[str] = ()
    ) -> list[CrisisEvent]:
        """The approver agrees: the statement is posted. Without `roles`, the statement's own
        approver is assumed (a drill's trainee, a test); front ends go through `apply`."""
        statement = self._statement(statement_id)
        when = self._now(at)
        command = Command(
            commands.APPROVE,
            statement.community,
            by,
            when,
            {"statement": statement_id},
            tuple(roles) or (statement.approver,),
            confirmed=True,
        )
        return self.apply(command)

    def check_item(
        self, incident_id: str, index: int, by: str, at: datetime | None = None
    ) -> list[CrisisEvent]:
        """Tick an item of the incident's checklist."""
        incident = self._incident(incident_id)
        when = self._now(at)
        command = Command(
            commands.CHECK, incident.community, by, when, {"incident": incident_id, "index": index}
        )
        return self.apply(command)

    def apply(
        self, command: Command, settles: int | None = None, by: str | None = None
    ) -> list[CrisisEvent]:
        """Apply one person's command (commands.Refused / NeedsConfirmation / KeyError if it
        cannot be); the one entry point of the console, the CLI and the chat commands.
        `settles`: the inbox command this is, marked applied (by `by`) in the same write."""
        state = self.communities.get(command.community)
        events = self._done(self._advance(state, command.at)) if state is not None else []
        self._settling = None if settles is None else (settles, by or "", command.at)
        try:
            return events + self._dispatch(command)
        finally:
            self._settling = None

    def refuse(self, command_id: int, by: str, at: datetime, reason: str) -> None:
        """Settle an inbox command that cannot be applied, with why."""
        self._batch.commands.append(Applied(command_id, "refused", by, at, {"error": reason}))
        self._flush()

    def _dispatch(self, command: Command) -> list[CrisisEvent]:
        if command.kind == commands.DECLARE:
            args = command.args
            return self.declare(
                command.community,
                int(args["level"]),
                command.by,
                command.at,
                str(args.get("reason", "")),
                args.get("platform"),
            )
        if command.kind == commands.ACK:
            return self.ack(str(command.args["case"]), command.by, command.at)
        return self._done(self._statement_or_checklist(command))

    def _statement_or_checklist(self, command: Command) -> list[CrisisEvent]:
        args, when = command.args, command.at
        if command.kind == commands.CHECK:
            incident = self._incident(str(args["incident"]))
            events = self._advance(self._community(incident.community), when)
            events += commands.check(incident, int(args["index"]), command.by, when)
            self._batch.incidents[incident.id] = incident
            return events
        statement = self._statement(str(args["statement"]))
        events = self._advance(self._community(statement.community), when)
        if command.kind == commands.APPROVE:
            events += commands.approve(self.playbook, statement, command)
        else:
            events += commands.edit(statement, dict(args["texts"]), command.by, when)
        self._batch.statements[statement.id] = statement
        return events

    def reload(self, community: str) -> None:
        """Read a community back from the store (this process takes it over from another)."""
        self._forget(community)
        self._restore(community)

    def hand_over(self, community: str, settles: int, handover: Handover, at: datetime) -> None:
        """Write the community's full state, settle the hand-back command `settles` and move
        the lease to `handover.to`, in one write; then stop holding the community."""
        state = self.communities.get(community)
        if state is not None:
            self._batch.snapshots[community] = state.to_dict()
        result = {"events": [], "to": handover.to}
        self._batch.commands.append(Applied(settles, "applied", handover.fence.holder, at, result))
        self._batch.handovers.append(handover)
        try:
            self._flush()
        finally:
            self.release(community)

    def release(self, community: str) -> None:
        """Stop holding a community in memory (another process owns it now)."""
        self._forget(community)

    def _forget(self, community: str) -> None:
        self.communities.pop(community, None)
        self._since_checkpoint.pop(community, None)
        self.course.forget_community(community)

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
        channels, lang = sorted(state.channels), self.machine.lang
        transition = self.machine.step(
            state.level,
            at,
            lambda level: check_clause(level.enter, state.probe, channels, lang),
            lambda level: check_clause(level.exit, state.probe, channels, lang),
            lambda level: check_clause(self._keep[level.level], state.probe, channels, lang),
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
            self._batch.actions.extend((action, event.at) for action in event.actions)
        if self._settling is not None:
            command_id, by, at = self._settling
            result = {"events": [event.to_dict() for event in events]}
            self._batch.commands.append(Applied(command_id, "applied", by, at, result))
            self._settling = None
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
        batch = self._batch
        if not batch:
            return
        if self.fences is not None:
            touched = {*batch.snapshots, *(i.community for i in batch.incidents.values())}
            touched |= {e.community for e in batch.events}
            batch.fences = [f for c in sorted(touched) if (f := self.fences(c)) is not None]
        self.course.batch = Batch()  # a refused write (LeaseLost) is not retried by this owner
        self.store.write(batch)

    def _restore(self, community: str | None = None) -> None:
        restored = self.store.restore(community)
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

    def _incident(self, incident_id: str) -> Incident:
        incident = self.incidents.get(incident_id)
        if incident is None:
            raise KeyError(f"no open incident {incident_id!r}")
        return incident

    def _community(self, name: str) -> CommunityState:
        state = self.communities.get(name)
        if state is None:
            raise KeyError(f"no crisis state for community {name!r}")
        return state

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
