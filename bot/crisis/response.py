"""What the plan does when a level is entered or left: open escalation cases, propose statements,
plan slow mode and locks (and undo them on the way down), switch the charter profile, start the
checklist and the public-response clocks. Returns events; the monitor records them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.actions import lock, slow_mode
from bot.actions.base import ActionContext
from bot.charter.fields import entry, pick
from bot.crisis import events as ev
from bot.crisis.escalation import Case, CaseText, chain_of, first_step, notify_current
from bot.crisis.events import CrisisEvent
from bot.crisis.schema import Level, NotifyAction, Playbook, StatementAction
from bot.crisis.state import Incident
from bot.crisis.statements import (
    Situation,
    Statement,
    next_update,
    post,
    proposed_event,
    render,
)
from bot.i18n.catalog import messages


@dataclass
class Scene:
    """The incident being acted on, where, and the records the response adds to."""

    incident: Incident
    platform: str
    at: datetime
    reason: str
    cases: dict[str, Case]
    statements: dict[str, Statement]


class Responder:
    """Applies the levels' actions of one playbook."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.lang = playbook.meta.languages[0]

    def enter(self, scene: Scene, level: Level) -> list[CrisisEvent]:
        """Everything the plan does on entering `level`."""
        events: list[CrisisEvent] = []
        for item in level.on_enter:
            name, config = entry(item)
            if name == "notify":
                events += self._notify(scene, level, config)
            elif name == "statement":
                events += self.propose(
                    scene, level, config.template, config.approver, config.vars, config.channels
                )
            else:
                events.append(self._platform_action(scene, level, name, config))
        if level.checklist or level.avoid:
            events.append(self._checklist(scene, level))
        self._start_clocks(scene, level)
        return events

    def _checklist(self, scene: Scene, level: Level) -> CrisisEvent:
        incident = scene.incident
        items = [
            {
                "level": level.level,
                "index": len(incident.checklist) + i,
                "text": pick(text, self.lang),
                "checked_by": None,
                "checked_at": None,
            }
            for i, text in enumerate(level.checklist)
        ]
        incident.checklist.extend(items)
        data = {
            "level": level.level,
            "items": [i["text"] for i in items],
            "avoid": [pick(text, self.lang) for text in level.avoid],
        }
        return CrisisEvent(ev.CHECKLIST, incident.community, scene.at, incident.id, data)

    @staticmethod
    def _start_clocks(scene: Scene, level: Level) -> None:
        """The first-response deadline (the earliest of the levels entered) and the cadence."""
        incident = scene.incident
        if level.first_response and incident.first_statement_at is None:
            due = scene.at + level.first_response
            if incident.first_response_due is None or due < incident.first_response_due:
                incident.first_response_due = due
        if level.update_every:
            incident.update_template = level.update_template
            incident.update_approver = level.update_approver

    def leave(self, scene: Scene, level: Level) -> list[CrisisEvent]:
        """Undo the level's slow mode and locks when it is left downwards."""
        events = []
        for item in level.on_enter:
            name, config = entry(item)
            if name == "slow_mode":
                undo = slow_mode.Config(delay=0, channels=config.channels)
                events.append(self._platform_action(scene, level, name, undo, "undo"))
            elif name == "lock":
                undo = lock.Config(channels=config.channels, locked=False)
                events.append(self._platform_action(scene, level, name, undo, "undo"))
        return events

    def _notify(self, scene: Scene, level: Level, config: NotifyAction) -> list[CrisisEvent]:
        incident, events = scene.incident, []
        busy = {c.role for c in scene.cases.values() if c.incident == incident.id and c.active}
        reason = pick(config.message, self.lang) if config.message else scene.reason
        for role in config.roles:
            if role in busy:  # already being called for this incident: one case per role
                continue
            incident.cases += 1
            case = Case(
                f"{incident.id}-k{incident.cases}",
                incident.id,
                incident.community,
                role,
                level.level,
                chain_of(self.playbook, role),
                config.ack_within,
                config.loops,
                scene.at,
                reason,
            )
            case.step = first_step(case, self.playbook, scene.at)
            scene.cases[case.id] = case
            events.append(
                notify_current(
                    case, self.playbook, scene.at, self.case_text(scene.platform, level, reason)
                )
            )
            incident.first_notify_at = incident.first_notify_at or scene.at
        return events

    def case_text(self, platform: str, level: Level, reason: str) -> CaseText:
        """The wording of a case's notifications."""
        name = f"{pick(level.name, self.lang)} ({level.level})"
        return CaseText(name, reason, self.lang, platform)

    def propose(
        self,
        scene: Scene,
        level: Level,
        template: str,
        approver: str,
        extra: dict[str, dict[str, str]],
        channels: list[str],
    ) -> list[CrisisEvent]:
        """Propose a statement; post it at once if the level allows automatic statements."""
        incident = scene.incident
        incident.statements += 1
        situation = Situation(
            incident.community,
            incident.id,
            level.level,
            incident.opened_at,
            scene.at,
            incident.next_update_due,
        )
        statement = Statement(
            f"{incident.id}-s{incident.statements}",
            incident.id,
            incident.community,
            template,
            approver,
            render(self.playbook, template, situation, extra),
            list(channels),
            scene.at,
            level.level,
            auto=level.auto_statements,
            platform=scene.platform,
            promised=next_update(self.playbook, situation),
        )
        scene.statements[statement.id] = statement
        events = [proposed_event(statement)]
        if statement.auto:
            events.append(post(statement, scene.at))
        return events

    def _platform_action(
        self, scene: Scene, level: Level, name: str, config: object, suffix: str = "do"
    ) -> CrisisEvent:
        incident = scene.incident
        key = f"crisis:{incident.id}:L{level.level}:{suffix}"
        lang = self.playbook.meta.languages[0]
        name_of_level = pick(level.name, lang)
        context = ActionContext(
            incident.community,
            scene.platform,
            scene.at,
            key,
            reason=messages().text(
                lang, "crisis.reason.level", level=level.level, name=name_of_level
            ),
        )
        planner: Callable[[object, ActionContext], object] = (
            slow_mode.plan if name == "slow_mode" else lock.plan
        )  # type: ignore[assignment]
        action = planner(config, context)
        return CrisisEvent(
            ev.ACTION,
            incident.community,
            scene.at,
            incident.id,
            {"action": name, "level": level.level, "undo": suffix == "undo"},
            (action,),
        )  # type: ignore[arg-type]


def profile_for(playbook: Playbook, level: int) -> str | None:
    """The charter profile in force at `level`: the nearest level at or below that names one."""
    for number in range(level, -1, -1):
        profile = playbook.level(number).profile
        if profile:
            return profile
    return None


def statement_action(level: Level) -> StatementAction | None:
    """The level's first statement action, if any."""
    for item in level.on_enter:
        name, config = entry(item)
        if name == "statement":
            return config  # type: ignore[no-any-return]
    return None
