"""Plays a scenario on story time through the production pipeline: every crowd message goes through
the moderation engine (the scenario's charter) and the crisis monitor (its contingency plan) with a
ManualClock; the plan's calls are answered by the cell as the scenario says; the trainee's actions
are applied at their story time. The feed goes to a sink. Pacing only decides when things are shown:
the same actions give the same record whatever the speed."""

from __future__ import annotations

import heapq
import itertools
from datetime import datetime, timedelta
from typing import Any

from bot.charter.fields import pick
from bot.core.clock import ManualClock
from bot.core.message import Author, Message
from bot.core.ports import Scorer
from bot.crisis import events as ev
from bot.crisis.events import CrisisEvent
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.schema import Enter, Playbook
from bot.crisis.state import MemoryCrisisStore
from bot.crisis.wiring import CrisisRunner
from bot.drills import announce
from bot.drills.cell import Cell, Pending
from bot.drills.feed import FeedItem, FeedSink, Kind
from bot.drills.loader import Drill
from bot.drills.pacing import NoPacing, Pacer
from bot.drills.record import Done, DrillRecord, Played
from bot.drills.schema import COMMUNITY_KINDS, Inject
from bot.drills.timing import clock_label
from bot.drills.trainee import ActionRefused, apply_action
from bot.i18n.catalog import messages
from bot.moderation.engine import ModerationEngine

_INJECT, _ANSWER = 0, 1  # at the same story time, the story first, then the cell's answers
LONG_AGO = timedelta(days=400)
NEWCOMER_AGE = timedelta(hours=2)


class DrillSession:
    """One trainee playing one scenario; see the module docstring."""

    def __init__(
        self,
        drill: Drill,
        sink: FeedSink,
        trainee: str = "trainee",
        scorer: Scorer | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        meta = drill.scenario.meta
        self.drill, self.sink, self.trainee = drill, sink, trainee
        self.lang = drill.lang
        self.pacer: Pacer = pacer or NoPacing()
        self.clock = ManualClock(meta.start)
        self.engine = ModerationEngine(drill.charter, scorer)
        self.monitor = CrisisMonitor(_plan_for(drill), MemoryCrisisStore(), self.clock)
        self.crisis = CrisisRunner(self.monitor)
        self.cell = Cell(drill.scenario, drill.playbook)
        self.record = DrillRecord(meta.start, drill.scenario.end, trainee)
        self.messages: dict[str, Message] = {}
        self._queue: list[tuple[datetime, int, int, Any]] = []
        self._order = itertools.count()
        for inject in drill.scenario.ordered():
            self._push(meta.start + inject.at, _INJECT, inject)
        self.pacer.wait_until(meta.start)  # the pace counts from the start of the story

    # --- time ----------------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """Story time now."""
        return self.clock.now()

    @property
    def over(self) -> bool:
        """Whether the story has reached its end."""
        return self.now >= self.record.end

    def next_at(self) -> datetime | None:
        """When the next thing happens in the story (None: nothing more)."""
        return self._queue[0][0] if self._queue else None

    def wait(self, span: timedelta | None) -> datetime:
        """Let story time pass: `span`, or until the next thing happens (the end, if nothing
        does). Returns the time reached."""
        target = self.now + span if span is not None else self.next_at() or self.record.end
        self.advance(target)
        return self.now

    def advance(self, to: datetime) -> None:
        """Play everything due up to story time `to` (at most the end), in time order."""
        to = min(to, self.record.end)
        while self._queue and self._queue[0][0] <= to:
            at, _, _, item = heapq.heappop(self._queue)
            self.pacer.wait_until(at)
            self._tick(at)
            if isinstance(item, Pending):
                self._answer(item)
            else:
                self._play(item, at)
        self.pacer.wait_until(to)
        self._tick(to)

    def _tick(self, at: datetime) -> None:
        self.clock.set(at)
        self.on_crisis(self.monitor.tick(at))

    def _push(self, at: datetime, rank: int, item: Any) -> None:
        heapq.heappush(self._queue, (at, rank, next(self._order), item))

    def schedule(self, pending: Pending | None) -> None:
        """Queue an answer of the cell (None: that person will not answer)."""
        if pending is not None:
            self._push(pending.at, _ANSWER, pending)

    # --- the trainee ---------------------------------------------------------------------------

    def act(self, action: Any) -> Done:
        """Apply one trainee action at its story time (or now, if that is already past)."""
        at = max(self.record.start + action.at, self.now)
        self.advance(at)
        try:
            detail, ok = apply_action(self, action, self.now), True
        except ActionRefused as refused:
            detail, ok = str(refused), False
        done = Done(self.now, action, ok, detail)
        self.record.done.append(done)
        if not ok:
            self.show(Kind.ERROR, detail)
        return done

    def finish(self) -> DrillRecord:
        """Play the story to its end and return the record."""
        self.advance(self.record.end)
        self.monitor.checkpoint()
        self.record.cases = sorted(self.monitor.cases.values(), key=lambda case: case.opened_at)
        self.record.checklist = [
            {**item, "incident": incident.id}
            for incident in self.monitor.incidents.values()
            for item in incident.checklist
        ]
        self.record.finished = True
        return self.record

    # --- the story -----------------------------------------------------------------------------

    def _play(self, inject: Inject, at: datetime) -> None:
        decision = None
        if inject.kind in COMMUNITY_KINDS:
            message = self._message(inject, at)
            self.messages[message.id] = message
            decision = self.engine.process(message)
            self.on_crisis(self.monitor.observe(decision))
        elif inject.kind == "silence":
            assert inject.role is not None
            self.cell.silence(inject.role, inject.who, at)
        elif inject.kind == "joins":
            meta = self.drill.scenario.meta
            for n in range(inject.count):
                user = f"{inject.id or 'join'}-{n}"
                self.on_crisis(self.monitor.observe_join(meta.community, user, at, meta.platform))
        played = Played(inject, at, decision)
        self.record.played.append(played)
        for item in announce.inject(self, played):
            self.sink.show(item)

    def _message(self, inject: Inject, at: datetime) -> Message:
        meta = self.drill.scenario.meta
        persona = self.drill.scenario.persona(inject.persona or "")
        since = at - (NEWCOMER_AGE if persona.newcomer else LONG_AGO)
        author = Author(persona.id, persona.name, tuple(persona.roles), since, since)
        channel = inject.channel
        return Message(
            inject.id or "",
            at,
            author,
            inject.text or "",
            meta.platform,
            meta.community,
            channel,
            inject.reply_to,
        )

    # --- the plan and the cell -----------------------------------------------------------------

    def on_crisis(self, events: list[CrisisEvent]) -> None:
        """Record the plan's events, switch the charter profile, show them, let the cell answer."""
        if not events:
            return
        self.crisis.apply(events, self.engine)
        for event in events:
            self.record.events.append(event)
            if event.type == ev.NOTIFY:
                data = event.data
                target = self.cell.answer("ack", data["role"], data["who"], data["case"], event.at)
                self.schedule(target)
            elif event.type == ev.STATEMENT_PROPOSED:
                announce.register_plan_draft(self, event)
            for item in announce.crisis_event(self, event):
                self.sink.show(item)

    def _answer(self, pending: Pending) -> None:
        if not self.cell.still_answers(pending):
            return
        person = self.cell.person(pending.role, pending.who)
        if pending.kind == "ack":
            case = self.monitor.cases.get(pending.target or "")
            if case is None or not case.active:
                return
            self.on_crisis(self.monitor.ack(case.id, person, self.now))
            return
        if pending.kind == "approve":
            draft = self.record.drafts.get(pending.target or "")
            if draft is None or draft.approved or draft.submitted_to != pending.role:
                return
            draft.approved_by, draft.approved_role = person, pending.role
            draft.approved_at = self.now
        role = self.role_name(pending.role)
        key = "cell_approve" if pending.kind == "approve" else "cell_confirm"
        self.show(
            Kind.CELL,
            messages().text(self.lang, f"drills.{key}", draft=pending.target),
            author=f"{person} ({role})",
        )

    # --- helpers for the other modules ---------------------------------------------------------

    def show(self, kind: Kind, text: str, **fields: Any) -> None:
        """Send one line to the feed, at story time now."""
        self.sink.show(FeedItem(self.now, kind, text, **fields))

    def role_name(self, role: str) -> str:
        """A role's name in the drill's language."""
        return pick(self.drill.playbook.role(role).name, self.lang)

    def clock_label(self, moment: datetime) -> str:
        """HH:MM on the plan's clock."""
        return clock_label(moment, self.drill.timezone)

    def open_incident(self) -> str | None:
        """The community's open incident, if any."""
        state = self.monitor.communities.get(self.drill.scenario.meta.community)
        return state.incident if state is not None else None

    def level(self) -> int:
        """The level in force (the plan's state)."""
        state = self.monitor.communities.get(self.drill.scenario.meta.community)
        return state.level.level if state is not None else 0

    def status(self) -> dict[str, Any]:
        """What the trainee's status command shows: level, calls, drafts, indicators."""
        return announce.status(self)


def _plan_for(drill: Drill) -> Playbook:
    """The plan as the drill plays it: without its automatic triggers when the scenario wants the
    level to be the trainee's call alone (manual declarations stay allowed)."""
    if drill.scenario.meta.auto_levels:
        return drill.playbook
    levels = [
        level.model_copy(update={"enter": Enter(manual=True)}) if level.enter else level
        for level in drill.playbook.levels
    ]
    return drill.playbook.model_copy(update={"levels": levels})


def run_responses(
    drill: Drill,
    actions: list[Any],
    sink: FeedSink,
    trainee: str = "trainee",
    pacer: Pacer | None = None,
    scorer: Scorer | None = None,
) -> DrillRecord:
    """Play the scenario with a trainee's actions given in advance (a responses file)."""
    session = DrillSession(drill, sink, trainee, scorer, pacer)
    for action in sorted(actions, key=lambda a: a.at):
        session.act(action)
    return session.finish()
