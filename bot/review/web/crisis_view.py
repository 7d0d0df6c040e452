"""What the crisis room shows of one community, read from the stored crisis state: the level and
why, the indicators against their baselines (table and charts), the timeline, the escalations
waiting for an acknowledgement with the time left, the statements waiting for approval and the
checklist of the current level, and the commands given here that the bot has not applied yet. Read
from the stored state of this one community (`bot.crisis.status.read_status`): the cost of a refresh
does not grow with the number of communities."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.charter.fields import pick
from bot.crisis import events as ev
from bot.crisis.cell import lease_name
from bot.crisis.escalation import say_step
from bot.crisis.levels import word_why
from bot.crisis.report import build_report, timeline
from bot.crisis.schema import Playbook
from bot.crisis.state import Incident
from bot.crisis.status import CrisisStatus, read_status
from bot.review.web.charts import Series, line_chart
from bot.review.web.render import name_of, text
from bot.store.crisis_inbox import SqlCommandInbox, SqlLeases
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database

SAMPLES_SHOWN = 240  # the last four hours of one-minute steps


@dataclass
class Countdown:
    """An escalation waiting for its acknowledgement."""

    case: str
    role: str
    calling: str
    deadline: datetime | None
    remaining: timedelta | None
    status: str


@dataclass
class CrisisView:
    """The crisis room of one community."""

    community: str
    level: int
    level_name: str
    since: datetime | None
    why: str
    incident: Incident | None
    indicators: list[dict[str, Any]]
    charts: list[str]
    timeline: list[list[str]]
    countdowns: list[Countdown]
    statements: list[Any]
    checklist: list[dict[str, Any]]
    avoid: list[str]
    last_incidents: list[Incident] = field(default_factory=list)
    timeline_header: list[str] = field(default_factory=list)  # the report's, with its timezone
    pending: list[str] = field(default_factory=list)  # commands the owner has not applied yet
    owner: str | None = None
    plan_lang: str = "fr"  # the language `why` reads in (the plan's for a reason stored as text)


def _why(
    store: SqlCrisisStore, incident: Incident | None, lang: str, plan_lang: str
) -> tuple[str, str]:
    """Why the level is what it is, and the language it reads in: the reader's when the monitor
    stored its reason as data, the plan's for a reason stored only as its sentence."""
    if incident is None:
        return "", lang
    levels = [e for e in store.events(incident.id) if e.type == ev.LEVEL]
    if not levels:
        return incident.reason, plan_lang
    data = levels[-1].data
    if isinstance(data.get("why"), dict):
        return word_why(data["why"], lang), lang
    return str(data.get("reason", "")), plan_lang


def _countdowns(status: CrisisStatus, now: datetime, lang: str) -> list[Countdown]:
    return [
        Countdown(
            c.case,
            c.role,
            say_step(c.calling, lang),
            c.deadline,
            c.deadline - now if c.deadline else None,
            c.status,
        )
        for c in status.cases
    ]


def _charts(samples: list[dict[str, Any]], lang: str) -> list[str]:
    recent = samples[-SAMPLES_SHOWN:]

    def say(key: str) -> str:
        return text(lang, f"chart_{key}")

    return [
        line_chart(
            recent,
            [
                Series("complainers", say("complainers")),
                Series("baseline", say("baseline"), dashed=True),
            ],
            say("complainers_title"),
        ),
        line_chart(recent, [Series("volume", say("messages"))], say("volume_title")),
        line_chart(
            recent,
            [
                Series("negative_share", say("negative")),
                Series("toxic_share", say("toxic"), dashed=True),
            ],
            say("shares_title"),
            unit="%",
        ),
    ]


def _indicators(status: CrisisStatus) -> list[dict[str, Any]]:
    return [
        {"name": i.name, "value": i.value, "baseline": i.baseline, "z": i.z}
        for i in status.indicators
    ]


def _checklist(
    playbook: Playbook, incident: Incident | None, level: int, lang: str
) -> list[dict[str, Any]]:
    if incident is not None:  # the steps as the incident stored them, in the plan's language
        return [
            {**item, "index": i, "lang": playbook.meta.languages[0]}
            for i, item in enumerate(incident.checklist)
            if int(item.get("level", 0)) == level
        ]
    steps = playbook.level(level).checklist
    return [{"text": pick(text, lang), "index": None, "lang": lang} for text in steps]


def build_crisis_view(
    playbook: Playbook, db: Database, community: str, now: datetime, lang: str
) -> CrisisView:
    """The room of `community` (KeyError if nothing was stored for it)."""
    store = SqlCrisisStore(db)
    status = read_status(playbook, store, community)
    incident = store.incident(status.incident) if status.incident else None
    report = build_report(store, incident.id, playbook, lang) if incident else None
    header, events = timeline(report) if report else ([], [])
    pending = [
        text(
            lang,
            "pending_command",
            id=q.id,
            what=name_of(lang, f"command_{q.command.kind}"),
            by=q.command.by,
        )
        for q in SqlCommandInbox(db).pending([community])
    ]
    why, why_lang = _why(store, incident, lang, playbook.meta.languages[0])
    return CrisisView(
        community=community,
        level=status.level,
        level_name=pick(playbook.level(status.level).name, lang),
        since=status.since,
        why=why,
        incident=incident,
        indicators=_indicators(status),
        charts=_charts(store.samples(incident.id), lang) if incident else [],
        timeline=list(reversed(events)),
        countdowns=_countdowns(status, now, lang),
        statements=[
            s for s in (store.statements(incident.id) if incident else []) if s.status == "proposed"
        ],
        checklist=_checklist(playbook, incident, status.level, lang),
        avoid=[pick(text, lang) for text in playbook.level(status.level).avoid],
        last_incidents=list(reversed(store.incidents(community)))[:5],
        timeline_header=header,
        pending=pending,
        owner=SqlLeases(db).holder(lease_name(community), now),
        plan_lang=why_lang,
    )
