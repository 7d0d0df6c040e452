"""The review queue page: open cases (escalations, reports, appeals) sorted by severity then age,
filtered by community, rule, channel, platform, kind, status and member, each with the message's
excerpt, its author, the scores, what was already done, its deadline and who holds it; taking a
case assigns it (an htmx swap of its row)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.review.web.auth import Permission, require
from bot.review.web.mentions import names_in_cases
from bot.review.web.render import actor_of, console_of, is_htmx, page, render
from bot.review.web.scope import in_scope, require_community
from bot.store import console_queries as queries
from bot.store.tables import CaseKind, CaseStatus

FILTER_NAMES = (*queries.FILTERS, "kind", "status", "author_id")


def _filters(request: Request) -> dict[str, str]:
    """The filters of the query string, only known names and non-empty values."""
    params = request.query_params
    chosen = {name: params[name] for name in FILTER_NAMES if params.get(name)}
    if "kind" in chosen and chosen["kind"] not in {k.value for k in CaseKind}:
        chosen.pop("kind")
    if "status" in chosen and chosen["status"] not in {s.value for s in CaseStatus}:
        chosen.pop("status")
    return chosen


def queue_page(request: Request, form: FormData) -> Response:
    """The queue (a fragment of rows when htmx refreshes it after a filter change)."""
    require(request, Permission.VIEW_CASES)
    console = console_of(request)
    chosen = _filters(request)
    cases = [c for c in console.desk.list_cases(**chosen) if in_scope(request, c.community)]
    lines = console.desk.queue_lines(cases)
    excerpts = [(c.community, lines[c.id].excerpt) for c in cases if c.id in lines]
    context: dict[str, Any] = {
        "cases": cases,
        "lines": lines,
        "names": names_in_cases(console.db, excerpts),
        "chosen": chosen,
        "values": _visible_values(request, queries.filter_values(console.db)),
        "kinds": [k.value for k in CaseKind],
        "statuses": [s.value for s in CaseStatus],
    }
    template = "_queue_rows.html" if is_htmx(request) else "queue.html"
    return render(request, template, **context)


def _visible_values(request: Request, values: dict[str, list[str]]) -> dict[str, list[str]]:
    """The filters' choices, the communities limited to the account's own."""
    if "community" in values:
        values = {**values, "community": [c for c in values["community"] if in_scope(request, c)]}
    return values


def take(request: Request, form: FormData) -> Response:
    """Assign the case to the current moderator (CaseConflict if someone was faster)."""
    require(request, Permission.DECIDE)
    console = console_of(request)
    case_id = int(request.path_params["case_id"])
    require_community(request, console.desk.case(case_id).community)
    console.desk.take(case_id, actor_of(request))
    if is_htmx(request):
        case = console.desk.case(case_id)
        lines = console.desk.queue_lines([case])
        names = names_in_cases(console.db, [(case.community, lines[case.id].excerpt)])
        return render(request, "_queue_row.html", case=case, lines=lines, names=names)
    return RedirectResponse(f"/cases/{case_id}", 303)


def home(request: Request, form: FormData) -> Response:
    """The start page is the queue."""
    return RedirectResponse("/queue", 303)


def routes() -> list[Route]:
    """The queue routes."""
    return [
        Route("/", page(home), methods=["GET"]),
        Route("/queue", page(queue_page), methods=["GET"]),
        Route("/cases/{case_id:int}/take", page(take), methods=["POST"]),
    ]
