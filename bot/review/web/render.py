"""Turning handlers into pages: the Jinja2 environment (autoescaped), the per-request template
globals (the user's language, their permissions, the CSRF token), full pages or htmx fragments,
and the wrapper that runs a handler's database work in a worker thread and turns the typed errors
of the store into readable pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot.desk import Actor, Refusal
from bot.review.web import i18n
from bot.review.web.auth import Forbidden, Permission, require
from bot.review.web.context import Console, NotConfigured
from bot.review.web.csrf import binding_of, csrf_token
from bot.store.casefile import CaseConflict, CaseNotFound, FourEyesViolation

TEMPLATES = Path(__file__).resolve().parent / "templates"
Handler = Callable[[Request, FormData], Response]


def environment() -> Environment:
    """The template environment of one application."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a typo in a template fails the tests, not silently
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["utc"] = _utc
    env.filters["duration"] = _duration
    env.filters["pct"] = lambda v: "—" if v is None else f"{v:.0%}"
    env.filters["num"] = lambda v: (
        "—" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))
    )
    return env


@pass_context
def _utc(context: Context, value: datetime | None) -> str:
    """A time as the page's reader reads it: in the community's timezone on a page of one
    community whose deployment file gives it one (`zone` in the page's values), else UTC."""
    if value is None:
        return "—"
    zone = context.get("zone")
    if zone:
        return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _duration(value: timedelta | None) -> str:
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days} d {hours} h"
    if hours:
        return f"{sign}{hours} h {minutes:02d} min"
    return f"{sign}{minutes} min {secs:02d} s"


def console_of(request: Request) -> Console:
    """The console context of the application serving `request`."""
    return request.app.state.console  # type: ignore[no-any-return]


def actor_of(request: Request) -> Actor:
    """The logged-in account as the desk knows it (its console role decides what it may do)."""
    user = require(request, Permission.VIEW_CASES)
    return Actor(user.name, lang=language(request), console_role=str(user.role))


def language(request: Request) -> str:
    """The user's language, or the login page's (?lang=, then the browser's preference)."""
    user = request.scope.get("vigie_user")
    if user is not None:
        return i18n.supported(user.account.lang)
    asked = request.query_params.get("lang") or request.headers.get("accept-language", "")
    return i18n.supported(asked[:2])


def is_htmx(request: Request) -> bool:
    """Whether htmx asked for a fragment (not a full page)."""
    return request.headers.get("hx-request") == "true"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered for this request's user, in their language."""
    console = console_of(request)
    lang = language(request)
    user = request.scope.get("vigie_user")
    binding = binding_of(request) or request.scope.get("vigie_pre", "")
    values = {
        "lang": lang,
        "t": i18n.translator(lang),
        "user": user,
        "can": (lambda p: user is not None and user.can(Permission(p))),
        "csrf": csrf_token(console.settings.secret_key, binding) if binding else "",
        "path": request.url.path,
        "now": console.clock.now(),
        "poll_seconds": console.settings.crisis_poll_seconds,
        **context,
    }
    html = console.templates.get_template(template).render(values)
    return HTMLResponse(html, status)


# The HTTP status of the desk's refusals (anything else is a conflict with the case's state).
REFUSAL_STATUS = {"not_staff": 403, "not_manager": 403, "four_eyes": 403, "unknown_case": 404}


def page(handler: Handler) -> Callable[[Request], Any]:
    """An endpoint that reads the form (if any), runs `handler` in a worker thread (the store is
    synchronous) and shows the store's refusals as pages instead of server errors."""

    async def endpoint(request: Request) -> Response:
        form = await request.form() if request.method == "POST" else FormData()
        try:
            return await run_in_threadpool(handler, request, form)
        except Refusal as refusal:
            status = REFUSAL_STATUS.get(refusal.code, 409)
            return error_page(request, status, "refused", refusal.text(language(request)))
        except Forbidden as exc:
            return error_page(request, 403, "forbidden", str(exc))
        except (CaseNotFound, KeyError) as exc:
            return error_page(request, 404, "not_found", str(exc.args[0] if exc.args else exc))
        except FourEyesViolation as exc:
            return error_page(request, 403, "four_eyes", str(exc))
        except CaseConflict as exc:
            return error_page(request, 409, "conflict", str(exc))
        except NotConfigured as exc:
            return error_page(request, 503, "not_configured", str(exc))
        except ValueError as exc:  # a form value outside its choices
            return error_page(request, 400, "bad_request", str(exc))

    endpoint.__name__ = handler.__name__
    return endpoint


def error_page(request: Request, status: int, kind: str, detail: str) -> HTMLResponse:
    """A readable refusal: a fragment for htmx (swapped into the page's message area), else a
    full page."""
    name = "_error.html" if is_htmx(request) else "error.html"
    response = render(request, name, status, kind=kind, detail=detail)
    if is_htmx(request):
        # htmx does not swap error responses by default: retarget to the message area.
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
    return response
