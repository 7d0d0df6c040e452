"""The case file page and its actions: confirm, overturn (the author is notified and the strike
removed), escalate, add a note. Verdicts go through `CommunityService.record_verdict`, the same
path as the chat buttons: four eyes on appeals, the author's notice queued in the outbox, and the
verdict stored where the classifiers' feedback loop reads it (`bot.store.feedback`)."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.review.web import queries
from bot.review.web.auth import Permission, require
from bot.review.web.casefile_view import build_view, redacted
from bot.review.web.redact import Redactor
from bot.review.web.render import console_of, is_htmx, language, page, render
from bot.store.casefile import Verdict

MAX_NOTE = 4000


def case_page(request: Request, form: FormData, notice: str | None = None) -> Response:
    """The whole case file; a trainee gets it read-only and without personal data."""
    user = require(request, Permission.VIEW_CASES)
    console = console_of(request)
    case_id = int(request.path_params["case_id"])
    view = build_view(console, console.cases.get(case_id), language(request))
    if not user.can(Permission.PERSONAL_DATA):
        names = queries.author_names(console.db, view.case.community)
        view = redacted(view, Redactor(console.settings.secret_key, names))
    own_appeal = view.case.kind == "appeal" and view.case.original_moderator == user.name
    return render(
        request,
        "case.html",
        view=view,
        verdicts=[v.value for v in Verdict],
        own_appeal=own_appeal,
        notice=notice or request.query_params.get("done"),
    )


def decide(request: Request, form: FormData) -> Response:
    """Record a verdict (FourEyesViolation and CaseConflict become readable refusals)."""
    user = require(request, Permission.DECIDE)
    console = console_of(request)
    case_id = int(request.path_params["case_id"])
    verdict = Verdict(str(form.get("verdict", "")))
    note = str(form.get("note", "")).strip()[:MAX_NOTE] or None
    console.service.record_verdict(case_id, verdict, user.name, note)
    return RedirectResponse(f"/cases/{case_id}?done={verdict.value}", 303)


def add_note(request: Request, form: FormData) -> Response:
    """Add a moderator's note (an htmx fragment of the notes, or back to the page)."""
    user = require(request, Permission.DECIDE)
    console = console_of(request)
    case_id = int(request.path_params["case_id"])
    text = str(form.get("text", "")).strip()[:MAX_NOTE]
    if text:
        console.cases.add_note(case_id, user.name, text, console.clock.now())
    if is_htmx(request):
        notes = list(console.cases.get(case_id).notes)
        return render(request, "_notes.html", notes=notes)
    return RedirectResponse(f"/cases/{case_id}#notes", 303)


def routes() -> list[Route]:
    """The case file routes."""
    return [
        Route("/cases/{case_id:int}", page(case_page), methods=["GET"]),
        Route("/cases/{case_id:int}/decide", page(decide), methods=["POST"]),
        Route("/cases/{case_id:int}/notes", page(add_note), methods=["POST"]),
    ]
