"""The after-action report of one incident, from the store: KPIs (time to detect, acknowledge,
first statement), the timeline of levels, notifications, acknowledgements, statements and moderation
actions, the charts, and the RETEX sections to fill in. One content model, two renderings (Markdown
with SVG files beside it, or one self-contained HTML page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.charter.fields import pick
from bot.core.timeparse import parse_timestamp
from bot.crisis import events as ev
from bot.crisis.charts import CHART_NAMES, incident_charts
from bot.crisis.escalation import say_step
from bot.crisis.events import CrisisEvent
from bot.crisis.levels import word_why
from bot.crisis.schema import Playbook
from bot.crisis.state import CrisisStore, Incident
from bot.i18n.catalog import messages
from bot.i18n.formats import clock_time, duration

ONSET_LOOKBACK = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Kpis:
    """The three delays of the review, None when the thing never happened."""

    onset: datetime | None
    detect: timedelta | None
    acknowledge: timedelta | None
    first_statement: timedelta | None
    response_missed: bool


def onset_of(incident: Incident, samples: list[dict[str, Any]]) -> datetime | None:
    """Where the deviation started: the first step of the unbroken run, up to the opening, in which
    the distinct complainers stayed above their baseline (z > 1). None without such a run."""
    opened = incident.opened_at
    run_start: datetime | None = None
    for sample in samples:
        at = parse_timestamp(sample["at"])
        if at > opened + timedelta(minutes=1):
            break
        if at < opened - ONSET_LOOKBACK:
            continue
        z = sample.get("z")
        above = z is not None and z > 1
        run_start = (run_start or at) if above else None
    return run_start


def kpis(incident: Incident, samples: list[dict[str, Any]]) -> Kpis:
    """The incident's KPIs (time to detect is measured from the estimated onset)."""
    onset = onset_of(incident, samples)
    detect = max(incident.opened_at - onset, timedelta(0)) if onset else None
    acknowledge = (
        incident.first_ack_at - incident.first_notify_at
        if incident.first_ack_at and incident.first_notify_at
        else None
    )
    statement = (
        incident.first_statement_at - incident.opened_at if incident.first_statement_at else None
    )
    return Kpis(onset, detect, acknowledge, statement, incident.response_missed)


def say(key: str, lang: str) -> str:
    """A fixed word of the report in `lang`, from the message catalog."""
    return messages().text(lang, f"report.{key}")


def _delta(value: timedelta | None, lang: str, missing: str = "—") -> str:
    if value is None:
        return missing
    seconds = int(value.total_seconds())
    rounded = timedelta(seconds=seconds if seconds < 60 else seconds - seconds % 60)
    return duration(rounded, lang)


# The catalog key of each timeline event (report.kind.* names it, report.event.* tells it).
EVENT_KEYS = {
    ev.INCIDENT_OPENED: "incident_opened",
    ev.LEVEL: "level",
    ev.NOTIFY: "notify",
    ev.ACK: "ack",
    ev.ACK_MISSED: "ack_missed",
    ev.ESCALATE: "escalate",
    ev.EXHAUSTED: "escalation_exhausted",
    ev.STATEMENT_PROPOSED: "statement_proposed",
    ev.STATEMENT_APPROVED: "statement_approved",
    ev.STATEMENT_POSTED: "statement_posted",
    ev.STATEMENT_OVERDUE: "statement_overdue",
    ev.UPDATE_DUE: "update_due",
    ev.PROFILE: "profile",
    ev.ACTION: "action",
    ev.CHECKED: "checklist_checked",
    ev.CASE_RESOLVED: "case_resolved",
    ev.INCIDENT_CLOSED: "incident_closed",
}
TIMELINE_TYPES = tuple(EVENT_KEYS)


def _kind(event: CrisisEvent) -> str:
    return EVENT_KEYS[event.type]


def _describe(event: CrisisEvent, lang: str, timezone: str) -> str:
    """The event in a sentence of `lang`, its times in `timezone`."""
    d, kind = event.data, _kind(event)
    values: dict[str, Any] = {**d}
    if isinstance(d.get("why"), dict):  # stored as data: worded for this reader
        values["reason"] = word_why(d["why"], lang)
    if event.type == ev.LEVEL:
        values["previous"] = d.get("from")
    elif event.type == ev.ESCALATE:
        values["origin"] = say_step(str(d.get("from")), lang)
        values["target"] = say_step(str(d.get("to")), lang)
    elif event.type == ev.INCIDENT_CLOSED:
        values["level"] = d.get("max_level")
    elif event.type == ev.PROFILE:
        values["profile"] = d.get("profile") or say("profile_normal", lang)
    elif event.type == ev.ACTION:
        values["action"] = say(f"action.{d.get('action')}", lang)
        kind = "action_undone" if d.get("undo") else kind
    for field in ("deadline", "due"):
        if isinstance(d.get(field), str):
            values[field] = clock_time(parse_timestamp(d[field]), lang, timezone)
    return messages().text(lang, f"report.event.{kind}", **values)


@dataclass
class Report:
    """The report's content, before rendering."""

    incident: Incident
    playbook: Playbook | None
    kpis: Kpis
    timeline: list[CrisisEvent]
    cases: list[Any]
    statements: list[Any]
    charts: dict[str, str]
    lang: str
    timezone: str  # the plan's: every time a reader sees is in it


def build_report(
    store: CrisisStore,
    incident_id: str,
    playbook: Playbook | None = None,
    lang: str | None = None,
    timezone: str | None = None,
) -> Report:
    """Gather everything about one incident (KeyError if the store does not know it). The
    language and timezone are the plan's unless given; without a plan, French in Paris time,
    as Vigie's first community speaks."""
    incident = store.incident(incident_id)
    if incident is None:
        raise KeyError(f"no incident {incident_id!r}")
    samples = store.samples(incident_id)
    timeline = [e for e in store.events(incident_id) if e.type in TIMELINE_TYPES]
    language = lang or (playbook.meta.languages[0] if playbook else "fr")
    timezone = timezone or (playbook.meta.timezone if playbook else "Europe/Paris")
    top = playbook.top if playbook else max(incident.max_level, 1)
    titles = {name: say(f"chart.{name}", language) for name in CHART_NAMES}
    return Report(
        incident,
        playbook,
        kpis(incident, samples),
        timeline,
        sorted(store.cases(incident_id), key=lambda c: c.opened_at),
        sorted(store.statements(incident_id), key=lambda s: s.proposed_at),
        incident_charts(samples, top, titles, timezone, say("chart_no_data", language)),
        language,
        timezone,
    )


def _at(report: Report, moment: datetime | str | None, missing: str = "—") -> str:
    """A time of the report as its reader writes it, in the plan's timezone."""
    if moment is None or moment == "":
        return missing
    at = parse_timestamp(moment) if isinstance(moment, str) else moment
    return format_datetime(at, "short", tzinfo=ZoneInfo(report.timezone), locale=report.lang)


Table = tuple[list[str], list[list[str]]]


class Quoted(str):
    """A cell that quotes the plan's own words (a trigger's reason, a checklist step) in the
    language they were written in, which may not be the reader's: HTML marks it with `lang`."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Quoted:
        quoted = super().__new__(cls, text)
        quoted.lang = lang
        return quoted


def _plan_language(report: Report) -> str:
    return report.playbook.meta.languages[0] if report.playbook else "fr"


def _cell(cell: str, lang: str) -> str:
    if isinstance(cell, Quoted) and cell.lang != lang:
        return f"<td lang='{cell.lang}'>"
    return "<td>"


def _summary(report: Report) -> Table:
    i, k = report.incident, report.kpis
    w = report.lang
    closed = _at(report, i.closed_at, say("still_open", w))
    lasted = _delta((i.closed_at - i.opened_at) if i.closed_at else None, w)
    rows = [
        [say("community", w), i.community],
        [say("opened", w), _at(report, i.opened_at)],
        [say("closed", w), closed],
        [say("duration", w), lasted],
        [say("highest_level", w), str(i.max_level)],
        [say("declared_by", w), i.declared_by or say("the_indicators", w)],
        [say("first_reason", w), _first_reason(report)],
        [say("estimated_onset", w), _at(report, k.onset)],
        [say("time_to_detect", w), _delta(k.detect, w, say("no_deviation", w))],
        [say("time_to_acknowledge", w), _delta(k.acknowledge, w, say("never_acknowledged", w))],
        [
            say("time_to_first_statement", w),
            _delta(k.first_statement, w, say("no_statement_posted", w)),
        ],
        [
            say("first_response_deadline", w),
            say("missed" if k.response_missed else "met_or_not_set", w),
        ],
    ]
    if i.degraded:
        rows.append([say("degraded", w), "; ".join(_degraded(d, w) for d in i.degraded)])
    return _headers(report, "", ""), rows


def _first_reason(report: Report) -> str:
    """Why the incident opened, in the reader's language; an incident stored before its reasons
    were kept as data has only the plan's sentence, quoted as such."""
    opened = (e for e in report.timeline if e.type == ev.INCIDENT_OPENED)
    why = next((e.data["why"] for e in opened if isinstance(e.data.get("why"), dict)), None)
    if why is not None:
        return word_why(why, report.lang)
    return Quoted(report.incident.reason, _plan_language(report))


def _degraded(code: str, lang: str) -> str:
    # Incidents recorded before the codes kept the sentence itself.
    return say(f"degraded_{code}", lang) if code == "no_scores" else code


def timeline(report: Report) -> Table:
    """The incident's events in order, as (header, rows) (the console shows the rows)."""
    lang = report.lang
    rows = [
        [_at(report, e.at), say(f"kind.{_kind(e)}", lang), _detail(report, e)]
        for e in report.timeline
    ]
    header = [messages().text(lang, "report.time", timezone=report.timezone)]
    return header + _headers(report, "event", "detail"), rows


def _detail(report: Report, event: CrisisEvent) -> str:
    detail = _describe(event, report.lang, report.timezone)
    # A reason stored only as text was worded by the monitor in the plan's language.
    worded_then = event.data.get("reason") and not isinstance(event.data.get("why"), dict)
    return Quoted(detail, _plan_language(report)) if worded_then else detail


def _cases(report: Report) -> Table:
    rows = [
        [
            c.id,
            c.role,
            say(f"status.{c.status}", report.lang),
            str(len(c.notified)),
            c.acked_by or "—",
            _at(report, c.acked_at),
        ]
        for c in report.cases
    ]
    return _headers(
        report, "case", "role", "status", "notifications", "acknowledged_by", "at"
    ), rows


def _statements(report: Report) -> Table:
    rows = [
        [
            s.id,
            s.template,
            say(f"status.{s.status}", report.lang),
            _at(report, s.proposed_at),
            s.approved_by or "—",
            _at(report, s.posted_at),
            s.texts.get(report.lang) or next(iter(s.texts.values()), ""),
        ]
        for s in report.statements
    ]
    return _headers(
        report, "statement", "template", "status", "proposed", "approved_by", "posted", "text"
    ), rows


def _moderation(report: Report) -> Table:
    rows = [[kind, str(count)] for kind, count in sorted(report.incident.moderation.items())]
    return _headers(report, "moderation_action", "count_during_the_incident"), rows


def _checklist(report: Report) -> Table:
    rows = [
        [
            str(item["level"]),
            Quoted(item["text"], _plan_language(report)),
            item.get("checked_by") or "☐",
            _at(report, item.get("checked_at"), ""),
        ]
        for item in report.incident.checklist
    ]
    return _headers(report, "level", "step", "done_by", "at"), rows


def _retex(report: Report) -> list[tuple[str, str]]:
    if report.playbook is None:
        defaults = ("what_happened", "what_worked", "what_to_change", "actions_and_owners")
        return [(say(title, report.lang), "") for title in defaults]
    return [
        (pick(s.title, report.lang), pick(s.prompt, report.lang))
        for s in report.playbook.retex.sections
    ]


def sections(report: Report) -> list[tuple[str, Table | str | None]]:
    """(title, table or text) in reading order; charts are rendered separately."""
    parts = [
        ("summary_and_kpis", _summary(report)),
        ("timeline", timeline(report)),
        ("escalations", _cases(report)),
        ("statements", _statements(report)),
        ("moderation", _moderation(report)),
        ("checklist", _checklist(report)),
    ]
    return [(say(title, report.lang), table) for title, table in parts]


def _headers(report: Report, *names: str) -> list[str]:
    return [say(name, report.lang) if name else "" for name in names]


def _md_table(table: Table, lang: str) -> list[str]:
    header, rows = table
    if not rows:
        return [say("none", lang), ""]
    cells = [[c.replace("|", "\\|").replace("\n", " ") for c in row] for row in rows]
    head = header if any(header) else ["", ""]
    return [
        f"| {' | '.join(head)} |",
        f"|{'---|' * len(head)}",
        *(f"| {' | '.join(row)} |" for row in cells),
        "",
    ]


def render_markdown(report: Report, chart_files: dict[str, str]) -> str:
    """The report as Markdown; `chart_files` maps chart names to image paths beside it."""
    lang = report.lang
    lines = [f"# {say('incident', lang)} {report.incident.id}", ""]
    for title, table in sections(report):
        lines += [f"## {title}", ""]
        lines += _md_table(table, lang) if isinstance(table, tuple) else [str(table or ""), ""]
        if title == say("summary_and_kpis", lang):
            lines += [
                f"## {say('charts', lang)}",
                "",
                *(f"![{name}]({path})" for name, path in chart_files.items()),
                "",
            ]
    lines += [f"## {say('retex_to_fill_in', lang)}", ""]
    for title, prompt in _retex(report):
        lines += [f"### {title}", "", f"_{prompt}_" if prompt else "", "", "…", ""]
    action, owner, due = _headers(report, "action", "owner", "due")
    lines += [f"| {action} | {owner} | {due} |", "|---|---|---|", "|  |  |  |", ""]
    return "\n".join(lines)


def _html_table(table: Table, lang: str) -> str:
    header, rows = table
    if not rows:
        return f"<p>{say('none', lang)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in header) if any(header) else ""
    body = "".join(
        "<tr>" + "".join(f"{_cell(c, lang)}{escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table>{f'<tr>{head}</tr>' if head else ''}{body}</table>"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (charts inline)."""
    lang = report.lang
    title = f"{say('incident', lang)} {escape(report.incident.id)}"
    parts = [
        f"<!doctype html><html lang='{report.lang}'><meta charset='utf-8'><title>{title}"
        "</title><style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
        "vertical-align:top}</style>",
        f"<h1>{title}</h1>",
    ]
    for heading, table in sections(report):
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.append(_html_table(table, lang) if isinstance(table, tuple) else "")
        if heading == say("summary_and_kpis", lang):
            parts += [f"<h2>{say('charts', lang)}</h2>", *report.charts.values()]
    parts.append(f"<h2>{say('retex_to_fill_in', lang)}</h2>")
    for heading, prompt in _retex(report):
        parts.append(f"<h3>{escape(heading)}</h3><p><em>{escape(prompt)}</em></p><p>…</p>")
    head = "".join(f"<th>{name}</th>" for name in _headers(report, "action", "owner", "due"))
    parts.append(f"<table><tr>{head}</tr><tr><td>&nbsp;</td><td></td><td></td></tr></table></html>")
    return "\n".join(parts)


def write_report(report: Report, out_dir: Path, fmt: str = "md") -> list[Path]:
    """Write the report (and, for Markdown, its SVG charts) into `out_dir`; return the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"incident-{report.incident.id}"
    if fmt == "html":
        path = out_dir / f"{stem}.html"
        path.write_text(render_html(report), encoding="utf-8")
        return [path]
    written = []
    files = {}
    for name, svg in report.charts.items():
        chart = out_dir / f"{stem}-{name}.svg"
        chart.write_text(svg, encoding="utf-8")
        written.append(chart)
        files[name] = chart.name
    path = out_dir / f"{stem}.md"
    path.write_text(render_markdown(report, files), encoding="utf-8")
    return [path, *written]
