"""Holding statements and updates: rendered from the playbook's templates with the incident's
variables, proposed to an approver role, posted once approved (or at once where the level allows),
and the clocks of the first public response and of the update cadence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.actions import post_statement
from bot.actions.base import ActionContext
from bot.charter.fields import pick
from bot.core.timeparse import isoformat, parse_timestamp
from bot.crisis import events as ev
from bot.crisis.events import CrisisEvent
from bot.crisis.schema import Playbook

PROPOSED, APPROVED, POSTED = "proposed", "approved", "posted"


@dataclass
class Statement:
    """A public statement from a template, and where it stands."""

    id: str
    incident: str
    community: str
    template: str
    approver: str
    texts: dict[str, str]
    channels: list[str]
    proposed_at: datetime
    level: int
    auto: bool = False
    status: str = PROPOSED
    approved_by: str | None = None
    approved_at: datetime | None = None
    posted_at: datetime | None = None
    platform: str = "memory"
    history: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        data = asdict(self)
        for name in ("proposed_at", "approved_at", "posted_at"):
            data[name] = isoformat(data[name]) if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        """The inverse of `to_dict`."""
        values = dict(data)
        for name in ("proposed_at", "approved_at", "posted_at"):
            values[name] = parse_timestamp(data[name]) if data.get(name) else None
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Situation:
    """What the built-in variables are made of."""

    community: str
    incident: str
    level: int
    started_at: datetime
    at: datetime
    next_update: datetime | None


def variables(
    playbook: Playbook, situation: Situation, lang: str, extra: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Every variable a template may use, in one language (names: see checks.BUILTIN_VARIABLES)."""
    zone = ZoneInfo(playbook.meta.timezone)
    level = playbook.level(situation.level)
    values = {
        "community": playbook.meta.community,
        "level": str(situation.level),
        "level_name": pick(level.name, lang),
        "incident": situation.incident,
        "started_at": situation.started_at.astimezone(zone).strftime("%H:%M"),
        "now": situation.at.astimezone(zone).strftime("%H:%M"),
        "date": situation.at.astimezone(zone).strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"),
        "next_update": (
            situation.next_update.astimezone(zone).strftime("%H:%M")
            if situation.next_update
            else ("bientôt" if lang == "fr" else "soon")
        ),
    }
    values.update({name: pick(text, lang) for name, text in playbook.variables.items()})
    values.update({name: pick(text, lang) for name, text in extra.items()})
    return values


def render(
    playbook: Playbook, template_id: str, situation: Situation, extra: dict[str, dict[str, str]]
) -> dict[str, str]:
    """The template's text in every language of the plan."""
    template = playbook.template(template_id)
    return {
        lang: pick(template.text, lang).format_map(variables(playbook, situation, lang, extra))
        for lang in playbook.meta.languages
    }


def proposed_event(statement: Statement) -> CrisisEvent:
    """The event of a new proposal (the approver is asked to approve it)."""
    data = {
        "statement": statement.id,
        "template": statement.template,
        "approver": statement.approver,
        "auto": statement.auto,
        "level": statement.level,
        "texts": statement.texts,
    }
    return CrisisEvent(
        ev.STATEMENT_PROPOSED, statement.community, statement.proposed_at, statement.incident, data
    )


def approve(statement: Statement, by: str, at: datetime) -> list[CrisisEvent]:
    """Approve and post a proposed statement. Raises ValueError if it is not waiting."""
    if statement.status != PROPOSED:
        raise ValueError(f"statement {statement.id} is {statement.status}, not proposed")
    statement.status, statement.approved_by, statement.approved_at = APPROVED, by, at
    approved = CrisisEvent(
        ev.STATEMENT_APPROVED,
        statement.community,
        at,
        statement.incident,
        {"statement": statement.id, "by": by, "approver": statement.approver},
    )
    return [approved, post(statement, at)]


def post(statement: Statement, at: datetime) -> CrisisEvent:
    """The statement goes out: plan the post on the community's platform."""
    statement.status, statement.posted_at = POSTED, at
    context = ActionContext(
        statement.community,
        statement.platform,
        at,
        f"crisis:{statement.id}",
        reason=f"statement {statement.template}",
    )
    action = post_statement.plan(
        post_statement.Config(
            statement=statement.id, texts=statement.texts, channels=statement.channels
        ),
        context,
    )
    data = {
        "statement": statement.id,
        "template": statement.template,
        "auto": statement.auto,
        "after_s": int((at - statement.proposed_at).total_seconds()),
    }
    return CrisisEvent(
        ev.STATEMENT_POSTED, statement.community, at, statement.incident, data, (action,)
    )
