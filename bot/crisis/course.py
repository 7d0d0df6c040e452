"""The course of an incident: what a level change, a passing deadline and each event do to the
incident record — opening and closing it, running the plan's actions through the responder,
firing acknowledgement and statement deadlines, switching profiles, keeping the KPIs. The monitor
decides *when*; this module decides *what follows*."""

from __future__ import annotations

import re
from datetime import datetime

from bot.crisis import commands, escalation
from bot.crisis import events as ev
from bot.crisis.community import CommunityState
from bot.crisis.escalation import Case
from bot.crisis.events import CrisisEvent
from bot.crisis.levels import Transition
from bot.crisis.response import Responder, Scene, profile_for
from bot.crisis.schema import Playbook
from bot.crisis.state import Batch, CrisisStore, Incident
from bot.crisis.statements import Statement

_SLUG = re.compile(r"[^a-z0-9]+")


class IncidentCourse:
    """The incidents, cases and statements of one monitor, and what happens to them."""

    def __init__(self, playbook: Playbook, store: CrisisStore) -> None:
        self.playbook = playbook
        self.store = store
        self.responder = Responder(playbook)
        self.incidents: dict[str, Incident] = {}
        self.cases: dict[str, Case] = {}
        self.statements: dict[str, Statement] = {}
        self.batch = Batch()

    def next_deadline(self, state: CommunityState) -> datetime | None:
        if state.incident is None:
            return None
        incident = self.incidents[state.incident]
        times = [
            c.deadline
            for c in self.cases.values()
            if c.incident == incident.id and c.active and c.deadline is not None
        ]
        if incident.first_statement_at is None and incident.first_response_due is not None:
            times.append(incident.first_response_due)
        if incident.next_update_due is not None:
            times.append(incident.next_update_due)
        return min(times) if times else None

    def fire(self, state: CommunityState, at: datetime) -> list[CrisisEvent]:
        incident = self.incidents[state.incident]  # type: ignore[index]
        events: list[CrisisEvent] = []
        for case in sorted(self.cases.values(), key=lambda c: c.id):
            if case.incident == incident.id and case.active and case.deadline == at:
                level = self.playbook.level(case.level)
                text = self.responder.case_text(state.platform, level, case.reason)
                events += escalation.expire(case, self.playbook, text)
                self.batch.cases[case.id] = case
        if incident.first_statement_at is None and incident.first_response_due == at:
            incident.first_response_due, incident.response_missed = None, True
            events.append(
                CrisisEvent(
                    ev.STATEMENT_OVERDUE,
                    incident.community,
                    at,
                    incident.id,
                    {"level": incident.level, "due": at.isoformat()},
                )
            )
        if incident.next_update_due == at:
            events += self._update_due(state, incident, at)
        return events

    def forget_community(self, community: str) -> None:
        """Drop a community's incidents, cases and statements from memory (not from the store)."""
        gone = {i.id for i in self.incidents.values() if i.community == community}
        for table in (self.cases, self.statements):
            for key in [k for k, item in table.items() if item.incident in gone]:
                del table[key]
        for key in gone:
            del self.incidents[key]

    def forget_closed(self) -> None:
        """Drop closed incidents, their cases and statements from memory (a long-running bot
        must not grow with every incident it has seen)."""
        closed = {i.id for i in self.incidents.values() if i.closed_at is not None}
        for table in (self.cases, self.statements):
            for key in [k for k, item in table.items() if item.incident in closed]:
                del table[key]
        for key in closed:
            del self.incidents[key]

    def _update_due(
        self, state: CommunityState, incident: Incident, at: datetime
    ) -> list[CrisisEvent]:
        incident.next_update_due = None
        events = [
            CrisisEvent(
                ev.UPDATE_DUE,
                incident.community,
                at,
                incident.id,
                {"level": incident.level, "template": incident.update_template},
            )
        ]
        if incident.update_template:
            scene = self._scene(state, incident, at, "update due")
            approver = incident.update_approver or self.playbook.roles[0].id
            events += self.responder.propose(
                scene,
                self.playbook.level(incident.level),
                incident.update_template,
                approver,
                {},
                [],
            )
        return events

    # --- levels and incidents ------------------------------------------------------------------

    def transition(self, state: CommunityState, tr: Transition) -> list[CrisisEvent]:
        events: list[CrisisEvent] = []
        if tr.before == 0:
            events.append(self._open_incident(state, tr))
        incident = self.incidents[state.incident]  # type: ignore[index]
        incident.level, incident.max_level = tr.after, max(incident.max_level, tr.after)
        if tr.after >= 2 and incident.level2_at is None:
            incident.level2_at = tr.at
        level = self.playbook.level(tr.after)
        events.append(
            CrisisEvent(
                ev.LEVEL,
                state.name,
                tr.at,
                incident.id,
                {
                    "level": tr.after,
                    "from": tr.before,
                    "name": level.id,
                    "reason": tr.reason,
                    **({"by": tr.by} if tr.by else {}),
                    **({"why": tr.why} if tr.why else {}),
                },
            )
        )
        scene = self._scene(state, incident, tr.at, tr.reason)
        if tr.after > tr.before:
            for number in range(tr.before + 1, tr.after + 1):
                events += self.responder.enter(scene, self.playbook.level(number))
        else:
            for number in range(tr.before, tr.after, -1):
                events += self.responder.leave(scene, self.playbook.level(number))
        events += self._switch_profile(state, incident, tr)
        if tr.after == 0:
            events += self._close_incident(state, incident, tr.at)
        return events

    def _switch_profile(
        self, state: CommunityState, incident: Incident, tr: Transition
    ) -> list[CrisisEvent]:
        profile = profile_for(self.playbook, tr.after)
        if profile == incident.profile:
            return []
        incident.profile = profile
        return [
            CrisisEvent(
                ev.PROFILE,
                state.name,
                tr.at,
                incident.id,
                {"profile": profile, "level": tr.after},
                profile=profile,
            )
        ]

    def _open_incident(self, state: CommunityState, tr: Transition) -> CrisisEvent:
        base = f"{_SLUG.sub('-', state.name.lower()).strip('-') or 'c'}-{tr.at:%Y%m%d-%H%M}"
        incident_id, n = base, 1
        while incident_id in self.incidents or self.store.incident(incident_id) is not None:
            n += 1
            incident_id = f"{base}-{n}"
        incident = Incident(incident_id, state.name, tr.at, tr.reason, tr.by)
        if state.seen and state.scored == 0:
            incident.degraded.append("no_scores")  # a code: the report words it
        self.incidents[incident_id] = incident
        state.incident = incident_id
        self.batch.samples.extend((incident_id, s) for s in state.preroll)
        return CrisisEvent(
            ev.INCIDENT_OPENED,
            state.name,
            tr.at,
            incident_id,
            {
                "reason": tr.reason,
                **({"by": tr.by} if tr.by else {}),
                **({"why": tr.why} if tr.why else {}),
            },
        )

    def _close_incident(
        self, state: CommunityState, incident: Incident, at: datetime
    ) -> list[CrisisEvent]:
        events = []
        for case in sorted(self.cases.values(), key=lambda c: c.id):
            if case.incident == incident.id and case.status in (
                escalation.OPEN,
                escalation.ACKNOWLEDGED,
            ):
                events.append(escalation.resolve(case, at, "incident closed"))
                self.batch.cases[case.id] = case
        incident.closed_at, incident.next_update_due = at, None
        incident.first_response_due = None
        state.incident = None
        self.batch.incidents[incident.id] = incident
        events.append(
            CrisisEvent(
                ev.INCIDENT_CLOSED,
                incident.community,
                at,
                incident.id,
                {
                    "max_level": incident.max_level,
                    "duration_s": int((at - incident.opened_at).total_seconds()),
                },
            )
        )
        return events

    def _scene(self, state: CommunityState, incident: Incident, at: datetime, reason: str) -> Scene:
        return Scene(incident, state.platform, at, reason, self.cases, self.statements)

    # --- bookkeeping ---------------------------------------------------------------------------

    def account(self, event: CrisisEvent) -> None:
        incident = self.incidents.get(event.incident or "")
        if incident is None:
            return
        self.batch.incidents[incident.id] = incident
        commands.account(self.playbook, incident, event)
        statement_id = event.data.get("statement")
        if statement_id in self.statements:
            self.batch.statements[statement_id] = self.statements[statement_id]
        case_id = event.data.get("case")
        if case_id in self.cases:
            self.batch.cases[case_id] = self.cases[case_id]
