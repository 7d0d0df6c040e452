"""The case file page and its actions: confirm (the decision stands), overturn (what can be undone
is: unban, end of the timeout, strike removed, and the member is told), escalate, a note, and a
moderator's own sanction from the case (delete, warn, timeout, kick, ban, unban with a reason, or
the sanction the rule proposes). Everything goes through the desk, the same path as the chat
commands and buttons: four eyes on appeals, the outbox to the case's platform, and the verdict
stored where the classifiers' feedback loop reads it (`bot.store.feedback`)."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.core.timeparse import parse_duration
from bot.desk import Refusal, Sanction, Unban
from bot.review.web.auth import Permission, require
from bot.review.web.casefile_view import CaseView, build_view, redacted
from bot.review.web.mentions import names_for
from bot.review.web.redact import Redactor
from bot.review.web.render import actor_of, console_of, is_htmx, language, page, render
from bot.review.web.scope import require_community
from bot.store import console_queries as queries
from bot.store.casefile import Case, Verdict

MAX_NOTE = 4000
ACTIONS = ("delete", "warn", "timeout", "kick", "ban", "unban")


def case_page(request: Request, form: FormData, notice: str | None = None) -> Response:
    """The whole case file; a trainee gets it read-only and without personal data."""
    user = require(request, Permission.VIEW_CASES)
    console = console_of(request)
    case_id = int(request.path_params["case_id"])
    case_file = console.desk.case_file(case_id)
    require_community(request, case_file.case.community)
    view = build_view(console, case_file, language(request))
    if not user.can(Permission.PERSONAL_DATA):
        names = queries.author_names(console.db, view.case.community)
        view = redacted(view, Redactor(console.settings.secret_key, names))
    own_appeal = view.case.kind == "appeal" and view.case.original_moderator == user.name
    proposed = console.desk.proposed(view.case) if not view.redacted else None
    return render(
        request,
        "case.html",
        community=view.case.community,
        view=view,
        names={} if view.redacted else names_for(console.db, view.case.community, _texts(view)),
        verdicts=[v.value for v in Verdict],
        own_appeal=own_appeal,
        notice=notice or request.query_params.get("done"),
        proposed=proposed,
        actions=ACTIONS,
        rules=[] if view.redacted else console.desk.rule_ids(),
    )


def decide(request: Request, form: FormData) -> Response:
    """Record a verdict (the desk's refusals become readable pages)."""
    require(request, Permission.DECIDE)
    console = console_of(request)
    case_id = int(request.path_params["case_id"])
    require_community(request, console.desk.case(case_id).community)
    verdict = Verdict(str(form.get("verdict", "")))
    note = str(form.get("note", "")).strip()[:MAX_NOTE] or None
    console.desk.review(case_id, verdict, actor_of(request), note)
    return RedirectResponse(f"/cases/{case_id}?done={verdict.value}", 303)


def act(request: Request, form: FormData) -> Response:
    """A moderator's sanction from the case file, on the case's author and message."""
    require(request, Permission.DECIDE)
    console = console_of(request)
    case_id = int(request.path_params["case_id"])
    case = console.desk.case(case_id)
    require_community(request, case.community)
    action = str(form.get("action", ""))
    reason = str(form.get("reason", "")).strip()[:1000]
    who = actor_of(request)
    if action == "proposed":
        result = console.desk.take_proposed(case_id, who, reason)
    elif action == "unban":
        command = Unban(case.community, case.author_id or "", reason, case.platform)
        result = console.desk.unban(command, who)
    elif action in ACTIONS:
        result = console.desk.sanction(_sanction(case, action, form, reason), who)
    else:
        raise ValueError(f"unknown action {action!r}")
    return RedirectResponse(f"/cases/{result.case_id}?done=sanction", 303)


def _sanction(case: Case, action: str, form: FormData, reason: str) -> Sanction:
    duration = str(form.get("duration", "")).strip()
    clean = str(form.get("clean", "")).strip()
    rule = str(form.get("rule", "")).strip() or None
    try:
        length = parse_duration(duration) if duration else None
        window = parse_duration(clean) if clean else None
    except ValueError as exc:
        raise Refusal("duration_required") from exc
    return Sanction(
        action=action,
        community=case.community,
        user_id=case.author_id,
        reason=reason,
        channel=case.channel,
        message_id=case.message_id,
        rule=rule,
        duration=length,
        clean=window,
        delete_message=bool(form.get("delete_message")) and action != "delete",
        platform=case.platform,
    )


def add_note(request: Request, form: FormData) -> Response:
    """Add a moderator's note (an htmx fragment of the notes, or back to the page)."""
    require(request, Permission.DECIDE)
    console = console_of(request)
    case_id = int(request.path_params["case_id"])
    require_community(request, console.desk.case(case_id).community)
    text = str(form.get("text", "")).strip()[:MAX_NOTE]
    if text:
        console.desk.add_note(case_id, text, actor_of(request))
    if is_htmx(request):
        notes = list(console.desk.case_file(case_id).notes)
        return render(request, "_notes.html", notes=notes)
    return RedirectResponse(f"/cases/{case_id}#notes", 303)


def _texts(view: CaseView) -> list[str | None]:
    return [(view.message or {}).get("text"), *(m.get("text") for m in view.context)]


def routes() -> list[Route]:
    """The case file routes."""
    return [
        Route("/cases/{case_id:int}", page(case_page), methods=["GET"]),
        Route("/cases/{case_id:int}/decide", page(decide), methods=["POST"]),
        Route("/cases/{case_id:int}/act", page(act), methods=["POST"]),
        Route("/cases/{case_id:int}/notes", page(add_note), methods=["POST"]),
    ]
