"""Holding statements and updates: rendered from the playbook's templates with the incident's
variables, proposed to an approver role, posted once approved (or at once where the level allows),
and the clocks of the first public response and of the update cadence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.actions import post_statement
from bot.actions.base import ActionContext
from bot.charter.fields import pick
from bot.core.timeparse import isoformat, parse_timestamp
from bot.crisis import events as ev
from bot.crisis.events import CrisisEvent
from bot.crisis.french import fill
from bot.crisis.schema import Playbook
from bot.i18n import formats
from bot.i18n.catalog import messages

PROPOSED, APPROVED, POSTED = "proposed", "approved", "posted"
_TIMES = ("proposed_at", "approved_at", "posted_at", "promised")


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
    promised: datetime | None = None  # the next update its text announces

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        data = asdict(self)
        for name in _TIMES:
            data[name] = isoformat(data[name]) if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        """The inverse of `to_dict`."""
        values = dict(data)
        for name in _TIMES:
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


def update_every(playbook: Playbook, level: int) -> timedelta | None:
    """The update cadence in force at `level` (the nearest level at or below that sets one)."""
    for number in range(level, 0, -1):
        every = playbook.level(number).update_every
        if every:
            return every
    return None


def next_update(playbook: Playbook, situation: Situation) -> datetime | None:
    """The next update a statement announces: the one already due, else one cadence from now."""
    if situation.next_update is not None and situation.next_update > situation.at:
        return situation.next_update
    every = update_every(playbook, situation.level)
    return situation.at + every if every is not None else None


def _clock_time(moment: datetime, at: datetime, timezone: str, lang: str) -> str:
    """ "14:30" in the community's timezone, with the day when it is not today's."""
    zone = ZoneInfo(timezone)
    if moment.astimezone(zone).date() == at.astimezone(zone).date():
        return formats.clock_time(moment, lang, timezone)
    return formats.day_and_time(moment, lang, timezone)


def variables(
    playbook: Playbook, situation: Situation, lang: str, extra: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Every variable a template may use, in one language (names: see checks.BUILTIN_VARIABLES)."""
    zone = playbook.meta.timezone
    level = playbook.level(situation.level)
    promised = next_update(playbook, situation)
    values = {
        "community": playbook.meta.community,
        "level": str(situation.level),
        "level_name": pick(level.name, lang),
        "incident": situation.incident,
        "started_at": _clock_time(situation.started_at, situation.at, zone, lang),
        "now": formats.clock_time(situation.at, lang, zone),
        "date": formats.day(situation.at, lang, zone, "long"),
        # A level without a cadence cannot announce a time: `checks` refuses such a template.
        "next_update": _clock_time(promised, situation.at, zone, lang) if promised else "",
    }
    values.update({name: pick(text, lang) for name, text in playbook.variables.items()})
    values.update({name: pick(text, lang) for name, text in extra.items()})
    return values


def render(
    playbook: Playbook, template_id: str, situation: Situation, extra: dict[str, dict[str, str]]
) -> dict[str, str]:
    """The template's text in every language of the plan (French articles fixed at the seams)."""
    template = playbook.template(template_id)
    texts = {}
    for lang in playbook.meta.languages:
        values = variables(playbook, situation, lang, extra)
        text = pick(template.text, lang)
        texts[lang] = fill(text, values, lang)
    return texts


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


def post(statement: Statement, at: datetime) -> CrisisEvent:
    """The statement goes out: plan the post on the community's platform."""
    statement.status, statement.posted_at = POSTED, at
    context = ActionContext(
        statement.community,
        statement.platform,
        at,
        f"crisis:{statement.id}",
        reason=messages().text(
            next(iter(statement.texts), "en"),
            "crisis.reason.statement",
            template=statement.template,
        ),
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
        "next_update": isoformat(statement.promised) if statement.promised else None,
    }
    return CrisisEvent(
        ev.STATEMENT_POSTED, statement.community, at, statement.incident, data, (action,)
    )
