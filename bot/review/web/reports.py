"""The reports pages: the weekly view with its charts, its CSV export and its printable page, and
the after-action report of each incident (on the page, or as the standalone HTML and Markdown
files `vigie report incident` writes)."""

from __future__ import annotations

from datetime import date, timedelta

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.crisis.report import build_report, render_html, render_markdown, sections
from bot.i18n import formats
from bot.review.web.auth import Permission, require
from bot.review.web.charts import bar_chart
from bot.review.web.render import console_of, language, page, render, text, timezone_of
from bot.review.web.scope import in_scope, require_community
from bot.review.web.weekly import (
    WeekFigures,
    compute_week,
    default_week,
    parse_week,
    to_csv,
    week_label,
)
from bot.store.audit import AuditLog
from bot.store.crisis_repo import SqlCrisisStore


def _figures(request: Request) -> WeekFigures:
    console = console_of(request)
    zone = timezone_of(request)
    chosen = parse_week(request.query_params.get("week"))
    year, week = chosen or default_week(console.db, console.clock.now(), zone)
    return compute_week(console.db, year, week, zone)


def week_page(request: Request, form: FormData) -> Response:
    """The weekly view (or its printable page)."""
    require(request, Permission.REPORTS)
    figures = _figures(request)
    lang = language(request)
    charts = [
        bar_chart(
            [(formats.day_month(date.fromisoformat(day), lang), n) for day, n in figures.volume],
            text(lang, "chart_per_day"),
        ),
        bar_chart(
            [(rule, n) for rule, n, _ in figures.actions_per_rule],
            text(lang, "chart_per_rule"),
        ),
    ]
    printable = request.url.path.endswith("/print")
    monday = date.fromisocalendar(figures.year, figures.week, 1)
    return render(
        request,
        "report_week.html",
        figures=figures,
        charts=charts,
        printable=printable,
        first_day=figures.volume[0][0],
        last_day=figures.volume[-1][0],
        previous=week_label(monday - timedelta(days=7)),
        following=week_label(monday + timedelta(days=7)),
    )


def week_csv(request: Request, form: FormData) -> Response:
    """The weekly figures as a CSV file."""
    user = require(request, Permission.REPORTS)
    console = console_of(request)
    figures = _figures(request)
    AuditLog(console.db).append(
        user.name, "console.export", f"week:{figures.label}", {"format": "csv"}, console.clock.now()
    )
    headers = {"Content-Disposition": f'attachment; filename="vigie-{figures.label}.csv"'}
    return PlainTextResponse(to_csv(figures), media_type="text/csv; charset=utf-8", headers=headers)


def incidents(request: Request, form: FormData) -> Response:
    """Every incident, newest first."""
    require(request, Permission.REPORTS)
    store = SqlCrisisStore(console_of(request).db)
    found = [i for i in reversed(store.incidents()) if in_scope(request, i.community)]
    return render(request, "incidents.html", incidents=found)


def _zone(request: Request, store: SqlCrisisStore, incident_id: str) -> str:
    """The timezone of the incident's community (the deployment file's, else the plan's), for an
    account that moderates it (else a 403 page)."""
    found = store.incident(incident_id)
    if found is None:
        raise KeyError(f"no incident {incident_id!r}")
    require_community(request, found.community)
    return timezone_of(request, found.community)


def incident(request: Request, form: FormData) -> Response:
    """The after-action report of one incident, in the console's layout."""
    require(request, Permission.REPORTS)
    console = console_of(request)
    store, incident_id = SqlCrisisStore(console.db), request.path_params["incident"]
    zone = _zone(request, store, incident_id)
    report = build_report(store, incident_id, console.playbook_or_none(), language(request), zone)
    return render(request, "incident.html", report=report, sections=sections(report))


def incident_file(request: Request, form: FormData) -> Response:
    """The standalone report (.html or .md), as `vigie report incident` writes it."""
    require(request, Permission.REPORTS)
    console = console_of(request)
    incident_id, fmt = request.path_params["incident"], request.path_params["fmt"]
    store = SqlCrisisStore(console.db)
    zone = _zone(request, store, incident_id)
    report = build_report(store, incident_id, console.playbook_or_none(), language(request), zone)
    if fmt == "html":
        response: Response = HTMLResponse(render_html(report))
        # The standalone page carries its own <style>: allow it on this response only.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        )
        return response
    if fmt == "md":
        return PlainTextResponse(render_markdown(report, {}), media_type="text/markdown")
    raise KeyError(f"no format {fmt!r}")


def routes() -> list[Route]:
    """The report routes."""
    return [
        Route("/reports", page(week_page), methods=["GET"]),
        Route("/reports/print", page(week_page), methods=["GET"]),
        Route("/reports/week.csv", page(week_csv), methods=["GET"]),
        Route("/reports/incidents", page(incidents), methods=["GET"]),
        Route("/reports/incidents/{incident}", page(incident), methods=["GET"]),
        Route("/reports/incidents/{incident}/report.{fmt}", page(incident_file), methods=["GET"]),
    ]
