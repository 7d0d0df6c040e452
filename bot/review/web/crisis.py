"""The crisis room pages: the communities and their levels, one community's room (refreshed by
htmx polling, so the level, the charts and the countdowns follow the crisis as it unfolds), and
its commands: acknowledge an escalation, edit and approve a statement, tick the checklist."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.crisis.cell import CONFIRM
from bot.crisis.commands import NotApprover
from bot.review.web.auth import Forbidden, Permission, require
from bot.review.web.crisis_actions import CrisisCommands
from bot.review.web.crisis_view import build_crisis_view
from bot.review.web.render import console_of, is_htmx, language, page, render
from bot.review.web.scope import in_scope, require_community
from bot.store import console_queries as queries


def crisis_index(request: Request, form: FormData) -> Response:
    """Every watched community and its level (straight to the room when there is one)."""
    require(request, Permission.CRISIS)
    communities = queries.crisis_communities(console_of(request).db)
    communities = [c for c in communities if in_scope(request, str(c[0]))]
    if len(communities) == 1:
        return RedirectResponse(f"/crisis/{communities[0][0]}", 303)
    return render(request, "crisis_index.html", communities=communities)


def room(request: Request, form: FormData) -> Response:
    """The room of one community (the live fragment for htmx polling)."""
    require(request, Permission.CRISIS)
    console = console_of(request)
    community = request.path_params["community"]
    require_community(request, community)
    view = build_crisis_view(
        console.playbook, console.db, community, console.clock.now(), language(request)
    )
    template = "_crisis_live.html" if is_htmx(request) else "crisis.html"
    return render(request, template, view=view, community=community)


def _back(request: Request, community: str) -> Response:
    if is_htmx(request):
        return room(request, FormData())
    return RedirectResponse(f"/crisis/{community}", 303)


def _commands(request: Request) -> CrisisCommands:
    """The crisis commands, for a community the account moderates (else a 403 page)."""
    require_community(request, request.path_params["community"])
    console = console_of(request)
    return CrisisCommands(console.db, console.playbook)


def ack(request: Request, form: FormData) -> Response:
    """Acknowledge an escalation case."""
    user = require(request, Permission.CRISIS_ACK)
    community, now = request.path_params["community"], console_of(request).clock.now()
    _commands(request).ack(community, str(form.get("case", "")), user.name, now)
    return _back(request, community)


def edit_statement(request: Request, form: FormData) -> Response:
    """Save new words for a proposed statement (one field per language)."""
    user = require(request, Permission.CRISIS_MANAGE)
    community, now = request.path_params["community"], console_of(request).clock.now()
    texts = {key[5:]: str(value) for key, value in form.items() if key.startswith("text_")}
    statement = str(form.get("statement", ""))
    _commands(request).edit_statement(community, statement, texts, user.name, now)
    return _back(request, community)


def approve_statement(request: Request, form: FormData) -> Response:
    """Approve a statement: first a confirmation page showing what will be published, then it is
    posted (only for the plan's approver role, or a role above it)."""
    user = require(request, Permission.CRISIS_MANAGE)
    community, now = request.path_params["community"], console_of(request).clock.now()
    statement = str(form.get("statement", ""))
    confirmed = form.get("confirm") == "yes"
    try:
        outcome = _commands(request).approve(community, statement, user.name, now, confirmed)
    except NotApprover as exc:
        raise Forbidden(str(exc)) from exc
    if outcome.status == CONFIRM:
        return render(
            request,
            "crisis_confirm.html",
            community=community,
            statement=statement,
            texts=outcome.texts,
        )
    return RedirectResponse(f"/crisis/{community}", 303)


def check_item(request: Request, form: FormData) -> Response:
    """Tick a checklist item of the running incident."""
    user = require(request, Permission.CRISIS_MANAGE)
    community, now = request.path_params["community"], console_of(request).clock.now()
    index = int(str(form.get("index", "-1")))
    incident = str(form.get("incident", ""))
    _commands(request).check(community, incident, index, user.name, now)
    return _back(request, community)


def routes() -> list[Route]:
    """The crisis room routes."""
    base = "/crisis/{community}"
    return [
        Route("/crisis", page(crisis_index), methods=["GET"]),
        Route(base, page(room), methods=["GET"]),
        Route(base + "/ack", page(ack), methods=["POST"]),
        Route(base + "/statements/edit", page(edit_statement), methods=["POST"]),
        Route(base + "/statements/approve", page(approve_statement), methods=["POST"]),
        Route(base + "/checklist", page(check_item), methods=["POST"]),
    ]
