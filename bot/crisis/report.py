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

from bot.charter.fields import pick
from bot.core.timeparse import isoformat, parse_timestamp
from bot.crisis import events as ev
from bot.crisis.charts import incident_charts
from bot.crisis.events import CrisisEvent
from bot.crisis.report_words import say
from bot.crisis.schema import Playbook
from bot.crisis.state import CrisisStore, Incident

ONSET_LOOKBACK = timedelta(hours=1)
TIMELINE_TYPES = (
    ev.INCIDENT_OPENED,
    ev.LEVEL,
    ev.NOTIFY,
    ev.ACK,
    ev.ACK_MISSED,
    ev.ESCALATE,
    ev.EXHAUSTED,
    ev.STATEMENT_PROPOSED,
    ev.STATEMENT_APPROVED,
    ev.STATEMENT_POSTED,
    ev.STATEMENT_OVERDUE,
    ev.UPDATE_DUE,
    ev.PROFILE,
    ev.ACTION,
    ev.CHECKED,
    ev.CASE_RESOLVED,
    ev.INCIDENT_CLOSED,
)


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


def _delta(value: timedelta | None, missing: str = "—") -> str:
    if value is None:
        return missing
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min {rest % 60:02d} s"


def _describe(event: CrisisEvent) -> str:
    d = event.data
    kind = event.type.removeprefix("crisis.")
    details = {
        ev.LEVEL: lambda: (
            f"level {d.get('from')} → {d.get('level')} ({d.get('name')}): {d.get('reason')}"
        ),
        ev.NOTIFY: lambda: (
            f"{d.get('person')} ({d.get('role')}/{d.get('who')}) notified, "
            f"case {d.get('case')}, ack before {d.get('deadline')}"
        ),
        ev.ACK: lambda: f"case {d.get('case')} acknowledged by {d.get('by')}",
        ev.ACK_MISSED: lambda: (
            f"{d.get('person')} ({d.get('role')}) did not acknowledge {d.get('case')}"
        ),
        ev.ESCALATE: lambda: (
            f"case {d.get('case')}: {d.get('from')} → {d.get('to')} (loop {d.get('loop')})"
        ),
        ev.STATEMENT_PROPOSED: lambda: (
            f"statement {d.get('statement')} ({d.get('template')}) proposed to {d.get('approver')}"
        ),
        ev.STATEMENT_APPROVED: lambda: f"statement {d.get('statement')} approved by {d.get('by')}",
        ev.STATEMENT_POSTED: lambda: f"statement {d.get('statement')} posted",
        ev.PROFILE: lambda: f"charter profile → {d.get('profile') or 'normal'}",
        ev.ACTION: lambda: (
            f"{d.get('action')}{' undone' if d.get('undo') else ''} (level {d.get('level')})"
        ),
    }
    found = details.get(event.type)
    if found is not None:
        return found()
    rest = ", ".join(f"{k}: {v}" for k, v in d.items() if k not in ("actions", "texts"))
    return f"{kind}: {rest}" if rest else kind


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


def build_report(
    store: CrisisStore, incident_id: str, playbook: Playbook | None = None, lang: str | None = None
) -> Report:
    """Gather everything about one incident (KeyError if the store does not know it)."""
    incident = store.incident(incident_id)
    if incident is None:
        raise KeyError(f"no incident {incident_id!r}")
    samples = store.samples(incident_id)
    timeline = [e for e in store.events(incident_id) if e.type in TIMELINE_TYPES]
    language = lang or (playbook.meta.languages[0] if playbook else "en")
    top = playbook.top if playbook else max(incident.max_level, 1)
    return Report(
        incident,
        playbook,
        kpis(incident, samples),
        timeline,
        sorted(store.cases(incident_id), key=lambda c: c.opened_at),
        sorted(store.statements(incident_id), key=lambda s: s.proposed_at),
        incident_charts(samples, top),
        language,
    )


Table = tuple[list[str], list[list[str]]]


def _summary(report: Report) -> Table:
    i, k = report.incident, report.kpis
    w = report.lang
    closed = isoformat(i.closed_at) if i.closed_at else say("still open", w)
    duration = _delta((i.closed_at - i.opened_at) if i.closed_at else None, "—")
    rows = [
        [say("community", w), i.community],
        [say("opened", w), isoformat(i.opened_at)],
        [say("closed", w), closed],
        [say("duration", w), duration],
        [say("highest level", w), str(i.max_level)],
        [say("declared by", w), i.declared_by or say("the indicators", w)],
        [say("first reason", w), i.reason],
        [say("estimated onset", w), isoformat(k.onset) if k.onset else "—"],
        [say("time to detect", w), _delta(k.detect, say("— (no deviation before the opening)", w))],
        [say("time to acknowledge", w), _delta(k.acknowledge, say("never acknowledged", w))],
        [
            say("time to first statement", w),
            _delta(k.first_statement, say("no statement posted", w)),
        ],
        [
            say("first-response deadline", w),
            say("missed" if k.response_missed else "met or not set", w),
        ],
    ]
    if i.degraded:
        rows.append([say("degraded", w), "; ".join(i.degraded)])
    return _headers(report, "", ""), rows


def timeline(report: Report) -> Table:
    """The incident's events in order, as (header, rows) (the console shows the rows)."""
    rows = [
        [isoformat(e.at), e.type.removeprefix("crisis."), _describe(e)] for e in report.timeline
    ]
    return _headers(report, "time (UTC)", "event", "detail"), rows


def _cases(report: Report) -> Table:
    rows = [
        [
            c.id,
            c.role,
            c.status,
            str(len(c.notified)),
            c.acked_by or "—",
            isoformat(c.acked_at) if c.acked_at else "—",
        ]
        for c in report.cases
    ]
    return _headers(
        report, "case", "role", "status", "notifications", "acknowledged by", "at"
    ), rows


def _statements(report: Report) -> Table:
    rows = [
        [
            s.id,
            s.template,
            s.status,
            isoformat(s.proposed_at),
            s.approved_by or "—",
            isoformat(s.posted_at) if s.posted_at else "—",
            s.texts.get(report.lang) or next(iter(s.texts.values()), ""),
        ]
        for s in report.statements
    ]
    return _headers(
        report, "statement", "template", "status", "proposed", "approved by", "posted", "text"
    ), rows


def _moderation(report: Report) -> Table:
    rows = [[kind, str(count)] for kind, count in sorted(report.incident.moderation.items())]
    return _headers(report, "moderation action", "count during the incident"), rows


def _checklist(report: Report) -> Table:
    rows = [
        [
            str(item["level"]),
            item["text"],
            item.get("checked_by") or "☐",
            item.get("checked_at") or "",
        ]
        for item in report.incident.checklist
    ]
    return _headers(report, "level", "step", "done by", "at"), rows


def _retex(report: Report) -> list[tuple[str, str]]:
    if report.playbook is None:
        defaults = ("What happened", "What worked", "What to change", "Actions and owners")
        return [(say(title, report.lang), "") for title in defaults]
    return [
        (pick(s.title, report.lang), pick(s.prompt, report.lang))
        for s in report.playbook.retex.sections
    ]


def sections(report: Report) -> list[tuple[str, Table | str | None]]:
    """(title, table or text) in reading order; charts are rendered separately."""
    parts = [
        ("Summary and KPIs", _summary(report)),
        ("Timeline", timeline(report)),
        ("Escalations", _cases(report)),
        ("Statements", _statements(report)),
        ("Moderation", _moderation(report)),
        ("Checklist", _checklist(report)),
    ]
    return [(say(title, report.lang), table) for title, table in parts]


def _headers(report: Report, *names: str) -> list[str]:
    return [say(name, report.lang) for name in names]


def _md_table(table: Table, lang: str) -> list[str]:
    header, rows = table
    if not rows:
        return [say("(none)", lang), ""]
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
    lines = [f"# {say('Incident', lang)} {report.incident.id}", ""]
    for title, table in sections(report):
        lines += [f"## {title}", ""]
        lines += _md_table(table, lang) if isinstance(table, tuple) else [str(table or ""), ""]
        if title == say("Summary and KPIs", lang):
            lines += [
                f"## {say('Charts', lang)}",
                "",
                *(f"![{name}]({path})" for name, path in chart_files.items()),
                "",
            ]
    lines += [f"## {say('RETEX (to fill in)', lang)}", ""]
    for title, prompt in _retex(report):
        lines += [f"### {title}", "", f"_{prompt}_" if prompt else "", "", "…", ""]
    action, owner, due = _headers(report, "action", "owner", "due")
    lines += [f"| {action} | {owner} | {due} |", "|---|---|---|", "|  |  |  |", ""]
    return "\n".join(lines)


def _html_table(table: Table, lang: str) -> str:
    header, rows = table
    if not rows:
        return f"<p>{say('(none)', lang)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in header) if any(header) else ""
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{f'<tr>{head}</tr>' if head else ''}{body}</table>"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (charts inline)."""
    lang = report.lang
    title = f"{say('Incident', lang)} {escape(report.incident.id)}"
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
        if heading == say("Summary and KPIs", lang):
            parts += [f"<h2>{say('Charts', lang)}</h2>", *report.charts.values()]
    parts.append(f"<h2>{say('RETEX (to fill in)', lang)}</h2>")
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
