"""Escalation cases: a role is notified and must acknowledge before a deadline; if nobody does, the
case re-escalates to the role's backup, then to the next role, and starts the chain again a bounded
number of times. open → acknowledged → resolved, or open → exhausted. Every step is an event with
who and when; times are the deadlines themselves, so the result never depends on when a tick ran."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.actions import notify
from bot.actions.base import ActionContext
from bot.charter.fields import pick
from bot.core.timeparse import isoformat, parse_timestamp
from bot.crisis import events as ev
from bot.crisis.events import CrisisEvent
from bot.crisis.schema import Contact, Playbook, Role
from bot.i18n import formats
from bot.i18n.catalog import messages

OPEN, ACKNOWLEDGED, RESOLVED, EXHAUSTED = "open", "acknowledged", "resolved", "exhausted"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class Case:
    """One escalation: who is being called, until when, and what happened so far."""

    id: str
    incident: str
    community: str
    role: str
    level: int
    chain: list[tuple[str, str]]  # (role id, "holder" | "backup"), in calling order
    ack_within: timedelta
    loops: int
    opened_at: datetime
    reason: str = ""
    status: str = OPEN
    step: int = 0
    loop: int = 1
    deadline: datetime | None = None
    acked_by: str | None = None
    acked_at: datetime | None = None
    resolved_at: datetime | None = None
    notified: list[dict[str, str]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """Whether the case still waits for an acknowledgement."""
        return self.status == OPEN

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        data = asdict(self)
        data["chain"] = [list(pair) for pair in self.chain]
        data["ack_within"] = int(self.ack_within.total_seconds())
        for name in ("opened_at", "deadline", "acked_at", "resolved_at"):
            data[name] = isoformat(data[name]) if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        """The inverse of `to_dict`."""
        values = dict(data)
        values["chain"] = [tuple(pair) for pair in data["chain"]]
        values["ack_within"] = timedelta(seconds=data["ack_within"])
        for name in ("opened_at", "deadline", "acked_at", "resolved_at"):
            values[name] = parse_timestamp(data[name]) if data.get(name) else None
        return cls(**values)


def chain_of(playbook: Playbook, role_id: str) -> list[tuple[str, str]]:
    """Holder, backup, then the next role's holder and backup… (acyclic: checked at load)."""
    chain: list[tuple[str, str]] = []
    current: str | None = role_id
    while current is not None and all(current != r for r, _ in chain):
        role = playbook.role(current)
        chain.append((role.id, "holder"))
        if role.backup is not None:
            chain.append((role.id, "backup"))
        current = role.escalates_to
    return chain


def say_step(step: str, lang: str) -> str:
    """A step of an escalation chain ("cm/holder", as cases and events store it) as a reader of
    `lang` says it: "cm (titulaire)", "cm (backup)". A step not in that form shows as stored."""
    role, _, who = step.partition("/")
    if who not in ("holder", "backup"):
        return step
    return messages().text(lang, f"crisis.roster.{who}", role=role)


def on_call(role: Role, at: datetime, timezone: str) -> bool:
    """Whether the role's holder is on duty at `at`."""
    if role.on_call is None:
        return True
    local = at.astimezone(ZoneInfo(timezone))
    hours = role.on_call
    return _WEEKDAYS[local.weekday()] in hours.days and hours.start <= local.time() < hours.end


def _person(playbook: Playbook, role_id: str, who: str) -> Contact:
    role = playbook.role(role_id)
    return role.backup if who == "backup" and role.backup else role.holder


@dataclass(frozen=True, slots=True)
class CaseText:
    """What the notification says: the level, the reason, the language."""

    level_name: str
    reason: str
    lang: str
    platform: str = "memory"


def _event(case: Case, kind: str, at: datetime, **data: object) -> CrisisEvent:
    return CrisisEvent(kind, case.community, at, case.incident, {"case": case.id, **data})


def _body(case: Case, playbook: Playbook, role_id: str, text: CaseText) -> str:
    assert case.deadline is not None
    local = formats.clock_time(case.deadline, text.lang, playbook.meta.timezone)
    role_name = pick(playbook.role(role_id).name, text.lang)
    catalog = messages()
    head = catalog.text(
        text.lang,
        "crisis.notify.head",
        community=case.community,
        level=text.level_name,
        reason=text.reason,
    )
    ack = catalog.text(text.lang, "crisis.notify.ack", role=role_name, case=case.id, time=local)
    return f"{head}\n{ack}"


def notify_current(case: Case, playbook: Playbook, at: datetime, text: CaseText) -> CrisisEvent:
    """Notify the person at the case's current step; the deadline starts now."""
    role_id, who = case.chain[case.step]
    person = _person(playbook, role_id, who)
    case.deadline = at + case.ack_within
    case.notified.append({"at": isoformat(at), "role": role_id, "who": who, "name": person.name})
    body = _body(case, playbook, role_id, text)
    key = f"crisis:{case.id}:{case.loop}:{case.step}"
    context = ActionContext(case.community, text.platform, at, key, reason=text.reason)
    actions = tuple(
        notify.plan(
            notify.Config(
                platform=platform,
                to=target,
                text=body,
                case=case.id,
                role=role_id,
                person=person.name,
                deadline=case.deadline,
            ),
            context,
        )
        for platform, target in person.channels().items()
    )
    event = _event(
        case,
        ev.NOTIFY,
        at,
        role=role_id,
        who=who,
        person=person.name,
        level=case.level,
        deadline=isoformat(case.deadline),
        loop=case.loop,
    )
    return replace(event, actions=actions)


def first_step(case: Case, playbook: Playbook, at: datetime) -> int:
    """The first step to call: the holder, or the backup if the holder is off duty."""
    role_id, who = case.chain[0]
    role = playbook.role(role_id)
    off = not on_call(role, at, playbook.meta.timezone)
    return (
        1 if off and who == "holder" and len(case.chain) > 1 and case.chain[1][0] == role_id else 0
    )


def _next_step(case: Case) -> bool:
    """Move to the next person (or the next loop); False when the chain is exhausted."""
    if case.step + 1 < len(case.chain):
        case.step += 1
    elif case.loop < case.loops:
        case.loop, case.step = case.loop + 1, 0
    else:
        return False
    return True


def expire(case: Case, playbook: Playbook, text: CaseText) -> list[CrisisEvent]:
    """The deadline passed without acknowledgement: record it and call the next person."""
    assert case.deadline is not None and case.active
    at = case.deadline
    role_id, who = case.chain[case.step]
    person = _person(playbook, role_id, who).name
    events = [_event(case, ev.ACK_MISSED, at, role=role_id, who=who, person=person, loop=case.loop)]
    if not _next_step(case):
        case.status, case.deadline = EXHAUSTED, None
        events.append(_event(case, ev.EXHAUSTED, at, role=case.role, loops=case.loops))
        return events
    to_role, to_who = case.chain[case.step]
    reason = f"no acknowledgement within {_minutes(case.ack_within)}"
    events.append(
        _event(
            case,
            ev.ESCALATE,
            at,
            **{"from": f"{role_id}/{who}"},
            to=f"{to_role}/{to_who}",
            loop=case.loop,
            reason=reason,
        )
    )
    events.append(notify_current(case, playbook, at, text))
    return events


def acknowledge(case: Case, by: str, at: datetime) -> CrisisEvent:
    """Someone took the case: the escalation stops. Raises ValueError if it is not open."""
    if not case.active:
        raise ValueError(f"case {case.id} is {case.status}, not open")
    case.status, case.acked_by, case.acked_at, case.deadline = ACKNOWLEDGED, by, at, None
    waited = at - case.opened_at
    data = {
        "case": case.id,
        "role": case.role,
        "by": by,
        "after_s": int(waited.total_seconds()),
        "step": case.step,
        "loop": case.loop,
    }
    return CrisisEvent(ev.ACK, case.community, at, case.incident, data)


def resolve(case: Case, at: datetime, reason: str) -> CrisisEvent:
    """The incident is over (or a human closed the case)."""
    case.status, case.resolved_at, case.deadline = RESOLVED, at, None
    return CrisisEvent(
        ev.CASE_RESOLVED,
        case.community,
        at,
        case.incident,
        {"case": case.id, "role": case.role, "reason": reason},
    )


def _minutes(delta: timedelta) -> str:
    return f"{int(delta.total_seconds() // 60)} min"
