"""The member pages: search by name or id, and one member's page with every message kept, case,
strike, note and sanction (read through the desk; personal data, so staff only)."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.review.web.auth import Permission, require
from bot.review.web.mentions import names_for
from bot.review.web.render import console_of, page, render
from bot.review.web.scope import in_scope, require_community

MIN_SEARCH = 2


def search(request: Request, form: FormData) -> Response:
    """Members whose name or id contains the query."""
    require(request, Permission.PERSONAL_DATA)
    text = (request.query_params.get("q") or "").strip()
    found = console_of(request).desk.search_members(text) if len(text) >= MIN_SEARCH else []
    found = [member for member in found if in_scope(request, str(member["community"]))]
    return render(request, "members.html", q=text, found=found)


def member_page(request: Request, form: FormData) -> Response:
    """Everything kept about one member of one community."""
    require(request, Permission.PERSONAL_DATA)
    params = request.path_params
    desk = console_of(request).desk
    require_community(request, params["community"])
    member = desk.member_file(params["platform"], params["community"], params["user_id"])
    return render(
        request,
        "member.html",
        member=member,
        names=names_for(
            console_of(request).db, params["community"], [m.get("text") for m in member.messages]
        ),
        platform=params["platform"],
        community=params["community"],
    )


def routes() -> list[Route]:
    """The member routes."""
    return [
        Route("/members", page(search), methods=["GET"]),
        Route("/members/{platform}/{community}/{user_id}", page(member_page), methods=["GET"]),
    ]
