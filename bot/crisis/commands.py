"""The crisis cell's commands, each implemented once: acknowledge an escalation, approve or edit a
statement, tick a checklist item (declaring a level is the level machine's `declare`, applied by
the monitor). Pure functions over the domain records that return the events carrying their
actions; `account` is the one place where the incident's KPIs follow those events (first
acknowledgement, first statement, next update due).

Every front end (chat commands, the console, the CLI, a desk) builds a `Command` and hands it to
`bot.crisis.cell.CrisisCell`, which applies it through the community's one owner."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.timeparse import isoformat, parse_timestamp
from bot.crisis import escalation
from bot.crisis import events as ev
from bot.crisis.escalation import Case
from bot.crisis.events import CrisisEvent
from bot.crisis.schema import Playbook
from bot.crisis.state import Incident
from bot.crisis.statements import PROPOSED, Statement, post, update_every

DECLARE, ACK, APPROVE, EDIT, CHECK = "declare", "ack", "approve", "edit", "check"
# Not a person's: the process that sees a community's messages asks for its lease back from the
# process that took the community over while it was away (`bot.crisis.cell`).
HANDBACK = "handback"
KINDS = (DECLARE, ACK, APPROVE, EDIT, CHECK, HANDBACK)
MAX_STATEMENT = 4000  # characters of one language of an edited statement


class Refused(ValueError):
    """A command the plan or the state does not allow; the message says why."""


class NotApprover(Refused):
    """The person holds none of the roles that may approve this statement."""


class NeedsConfirmation(Exception):
    """Publishing asks for an explicit confirmation; `texts` is what would be posted."""

    def __init__(self, statement: str, texts: dict[str, str]) -> None:
        super().__init__(f"confirm the publication of statement {statement}")
        self.statement = statement
        self.texts = texts


@dataclass(frozen=True, slots=True)
class Command:
    """One command of a person: what, on which community, by whom, when, in which plan roles."""

    kind: str
    community: str
    by: str
    at: datetime
    args: Mapping[str, Any] = field(default_factory=dict)
    roles: tuple[str, ...] = ()  # the person's roles in the plan (see `roles_of`)
    confirmed: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown crisis command {self.kind!r}; known: {', '.join(KINDS)}")

    def to_dict(self) -> dict[str, Any]:
        """The inbox row's payload."""
        return {
            "kind": self.kind,
            "community": self.community,
            "by": self.by,
            "at": isoformat(self.at),
            "args": dict(self.args),
            "roles": list(self.roles),
            "confirmed": self.confirmed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Command:
        """The inverse of `to_dict`."""
        return cls(
            str(data["kind"]),
            str(data["community"]),
            str(data["by"]),
            parse_timestamp(data["at"]),
            dict(data.get("args") or {}),
            tuple(data.get("roles") or ()),
            bool(data.get("confirmed")),
        )


# --- who may do what ---------------------------------------------------------------------------


def roles_of(playbook: Playbook, platform: str, identities: Iterable[str]) -> tuple[str, ...]:
    """The plan roles of a person known by `identities` on `platform` ("discord", "telegram":
    user/role/chat ids as in the plan's contacts; "console": the console account name)."""
    mine = set(identities)
    found = []
    for role in playbook.roles:
        for contact in (role.holder, role.backup):
            if contact is not None and _reaches(contact, platform, mine):
                found.append(role.id)
                break
    return tuple(found)


def _reaches(contact: Any, platform: str, identities: set[str]) -> bool:
    if platform == "console":
        return contact.console is not None and contact.console in identities
    target = contact.channels().get(platform)
    return target is not None and target in identities


def approvers(playbook: Playbook, approver: str) -> list[str]:
    """The approver role and the roles above it in the plan's escalation, in order."""
    chain: list[str] = []
    current: str | None = approver
    while current is not None and current not in chain:
        chain.append(current)
        try:
            current = playbook.role(current).escalates_to
        except KeyError:
            break
    return chain


def require_approver(playbook: Playbook, statement: Statement, roles: Iterable[str]) -> None:
    """Refused unless one of `roles` is the statement's approver or above it."""
    allowed = approvers(playbook, statement.approver)
    if set(roles).isdisjoint(allowed):
        raise NotApprover(
            f"statement {statement.id} needs the approval of {' or '.join(allowed)} "
            f"(your roles in the plan: {', '.join(roles) or 'none'})"
        )


def check_declare(playbook: Playbook, level: int) -> None:
    """Refused unless the plan has `level` and lets a person declare it."""
    numbers = sorted(lvl.level for lvl in playbook.levels)
    if level not in numbers:
        raise Refused(f"no level {level}; levels are {numbers[0]}..{numbers[-1]}")
    enter = playbook.level(level).enter
    if level and not (enter and enter.manual):
        raise Refused(f"level {level} cannot be declared manually (enter.manual is false)")


# --- the commands ------------------------------------------------------------------------------


def acknowledge(case: Case, by: str, at: datetime) -> list[CrisisEvent]:
    """Acknowledge an escalation case (a late acknowledgement still counts, and says so)."""
    if case.status == escalation.EXHAUSTED:
        case.status = escalation.OPEN
    if case.status != escalation.OPEN:
        raise Refused(f"case {case.id} is {case.status}, not waiting for an acknowledgement")
    return [escalation.acknowledge(case, by, at)]


def approve(playbook: Playbook, statement: Statement, command: Command) -> list[CrisisEvent]:
    """The approver agrees: the statement is approved and posted. Refused for another role;
    NeedsConfirmation until the person confirmed having read what will be published."""
    if statement.status != PROPOSED:
        raise Refused(f"statement {statement.id} is {statement.status}, not waiting for approval")
    require_approver(playbook, statement, command.roles)
    if not command.confirmed:
        raise NeedsConfirmation(statement.id, dict(statement.texts))
    at, by = command.at, command.by
    statement.status, statement.approved_by, statement.approved_at = "approved", by, at
    approved = CrisisEvent(
        ev.STATEMENT_APPROVED,
        statement.community,
        at,
        statement.incident,
        {"statement": statement.id, "by": by, "approver": statement.approver},
    )
    return [approved, post(statement, at)]


def edit(
    statement: Statement, texts: Mapping[str, str], by: str, at: datetime
) -> list[CrisisEvent]:
    """New words for a proposed statement; the previous words stay in its history."""
    if statement.status != PROPOSED:
        raise Refused(f"statement {statement.id} is {statement.status}: it can no longer change")
    changed = {
        lang: text.strip()[:MAX_STATEMENT]
        for lang, text in texts.items()
        if lang in statement.texts and text.strip() and text.strip() != statement.texts[lang]
    }
    if not changed:
        return []
    statement.history.append({"at": isoformat(at), "by": by, **statement.texts})
    statement.texts = {**statement.texts, **changed}
    data = {"statement": statement.id, "by": by, "languages": sorted(changed)}
    return [CrisisEvent(ev.STATEMENT_EDITED, statement.community, at, statement.incident, data)]


def check(incident: Incident, index: int, by: str, at: datetime) -> list[CrisisEvent]:
    """Tick an item of the incident's checklist (ticking it twice changes nothing)."""
    if not 0 <= index < len(incident.checklist):
        raise Refused(f"no checklist item {index} in incident {incident.id}")
    item = incident.checklist[index]
    if item.get("checked_by"):
        return []
    item["checked_by"], item["checked_at"] = by, isoformat(at)
    data = {"index": index, "text": item["text"], "by": by}
    return [CrisisEvent(ev.CHECKED, incident.community, at, incident.id, data)]


# --- the KPIs ----------------------------------------------------------------------------------


def account(playbook: Playbook, incident: Incident, event: CrisisEvent) -> None:
    """Follow one event in the incident's KPIs: the first acknowledgement, the first statement and
    the update cadence it starts (the next update is due when the statement promised it)."""
    if event.type == ev.ACK and incident.first_ack_at is None:
        incident.first_ack_at = event.at
    elif event.type == ev.STATEMENT_POSTED:
        incident.first_statement_at = incident.first_statement_at or event.at
        if incident.closed_at is None:
            incident.next_update_due = next_update_due(playbook, incident.level, event)


def next_update_due(playbook: Playbook, level: int, posted: CrisisEvent) -> datetime | None:
    """When the next update is due after a post: the time its text promised if still ahead,
    else one cadence after the post; None when no level up to `level` has a cadence."""
    every = update_every(playbook, level)
    if every is None:
        return None
    promised = posted.data.get("next_update")
    if promised:
        when = parse_timestamp(promised)
        if when > posted.at:
            return when
    return posted.at + every
