"""Turning handlers into pages: the Jinja2 environment (autoescaped), the per-request template
globals (the user's language, their permissions, the CSRF token), full pages or htmx fragments,
and the wrapper that runs a handler's database work in a worker thread and turns the typed errors
of the store into readable pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

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
from bot.i18n import formats
from bot.i18n.catalog import messages
from bot.review.web.auth import (
    AllCommunitiesOnly,
    Forbidden,
    NotYourCommunity,
    Permission,
    require,
)
from bot.review.web.context import Console, NotConfigured
from bot.review.web.csrf import binding_of, csrf_token
from bot.review.web.mentions import shown
from bot.store.casefile import CaseConflict, CaseNotFound, FourEyesViolation

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_LANGUAGE = "fr"
DEFAULT_TIMEZONE = "Europe/Paris"
Handler = Callable[[Request, FormData], Response]


def environment() -> Environment:
    """The template environment of one application. Its filters write times, durations and
    numbers as the page's reader does (`lang`) in the community's timezone (`timezone`), both
    read from the page's context."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a typo in a template fails the tests, not silently
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["clock"] = _clock
    env.filters["day"] = _day
    env.filters["duration"] = _duration
    env.filters["countdown"] = _countdown
    env.filters["pct"] = _percent
    env.filters["num"] = _number
    env.filters["mentions"] = _mentions
    return env


@pass_context
def _mentions(context: Context, value: str) -> str:
    return shown(value, context.get("names") or {})


@pass_context
def _when(context: Context, value: datetime | None) -> str:
    if value is None:
        return "—"
    return formats.moment(value, context["lang"], context["timezone"], "short")


@pass_context
def _clock(context: Context, value: datetime | None) -> str:
    return "—" if value is None else formats.clock_time(value, context["lang"], context["timezone"])


@pass_context
def _day(context: Context, value: datetime | date | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return formats.day(value, context["lang"], context["timezone"])


@pass_context
def _duration(context: Context, value: timedelta | None) -> str:
    if value is None:
        return "—"
    lang = context["lang"]
    spelt = formats.duration(_two_units(abs(value)), lang)
    return spelt if value >= timedelta(0) else text(lang, "late_by", duration=spelt)


def _two_units(span: timedelta) -> timedelta:
    # A waiting time reads in its two largest units ("270 jours et 3 heures"), not to the second.
    for unit in (timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)):
        if span >= unit:
            return span - span % (unit / (24 if unit.days else 60))
    return span


def _countdown(value: timedelta | None) -> str:
    # A ticking countdown, in the same unit symbols as the script that counts it on in the page
    # (static/console.js): "3 min 17 s", "1 h 05 min" read the same in French and English.
    if value is None:
        return "—"
    seconds = round(value.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    hours, minutes, rest = seconds // 3600, seconds % 3600 // 60, seconds % 60
    return f"{sign}{hours} h {minutes:02d} min" if hours else f"{sign}{minutes} min {rest:02d} s"


@pass_context
def _percent(context: Context, value: float | None) -> str:
    return "—" if value is None else formats.percent(value, context["lang"])


@pass_context
def _number(context: Context, value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return formats.number(round(value, 2), context["lang"])
    return str(value)


def text(lang: str, key: str, /, **values: Any) -> str:
    """The console's text `key` in `lang`, from the catalog (`console.<key>`)."""
    return messages().text(lang, f"console.{key}", **values)


@cache
def _keys(lang: str) -> frozenset[str]:
    return frozenset(messages().keys(lang))


def name_of(lang: str, key: str) -> str:
    """The name of a stored code in `lang`, `key` being its family and the code ("score_toxic",
    "done_delete"): `console.<key>`, or the bare code for one the catalog does not name (a label
    of a newer model, an action kind added since)."""
    full = f"console.{key}"
    return messages().text(lang, full) if full in _keys(lang) else key.split("_", 1)[-1]


def supported(lang: str | None) -> str:
    """`lang` if the catalog has it, else French."""
    code = (lang or "").lower()[:2]
    return code if code in messages().languages else DEFAULT_LANGUAGE


def _texts(lang: str) -> tuple[Callable[..., str], Callable[..., str]]:
    """The templates' `t` (a text) and `tn` (the form of a text that agrees with a count)."""

    def t(key: str, **values: Any) -> str:
        return text(lang, key, **values)

    def tn(key: str, count: int, **values: Any) -> str:
        return messages().plural(lang, f"console.{key}", count, **values)

    return t, tn


def _name(lang: str) -> Callable[[str], str]:
    """The templates' `name("score_" + label)`."""

    def name(key: str) -> str:
        return name_of(lang, key)

    return name


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
        return supported(user.account.lang)
    asked = request.query_params.get("lang") or request.headers.get("accept-language", "")
    return supported(asked[:2])


def is_htmx(request: Request) -> bool:
    """Whether htmx asked for a fragment (not a full page)."""
    return request.headers.get("hx-request") == "true"


def timezone_of(request: Request, community: str | None = None) -> str:
    """The timezone a page's times are read in: the community's (deployment file), else the
    contingency plan's, else Paris time."""
    deployment = getattr(request.app.state, "deployment", None)
    for known in getattr(deployment, "communities", ()):
        if community is not None and known.key == community:
            return str(known.timezone)
    playbook = console_of(request).playbook_or_none()
    return str(playbook.meta.timezone) if playbook is not None else DEFAULT_TIMEZONE


def community_language(console: Console) -> str:
    """The language the community writes in (its charter's first), which the console marks on the
    texts it quotes: messages, the notices members received."""
    try:
        return str(console.charter.meta.languages[0])
    except NotConfigured:
        return DEFAULT_LANGUAGE


def render(
    request: Request,
    template: str,
    status: int = 200,
    community: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """A template rendered for this request's user, in their language and, for a page about one
    `community`, in its timezone."""
    console = console_of(request)
    lang = language(request)
    user = request.scope.get("vigie_user")
    binding = binding_of(request) or request.scope.get("vigie_pre", "")
    t, tn = _texts(lang)
    values = {
        "lang": lang,
        "timezone": timezone_of(request, community),
        "community_lang": community_language(console),
        "t": t,
        "tn": tn,
        "name": _name(lang),
        "user": user,
        "can": (lambda p: user is not None and user.can(Permission(p))),
        "csrf": csrf_token(console.settings.secret_key, binding) if binding else "",
        "path": request.url.path,
        "now": console.clock.now(),
        "poll_seconds": console.settings.crisis_poll_seconds,
        **context,
    }
    if community is not None:
        values["community"] = community
    html = console.templates.get_template(template).render(values)
    return HTMLResponse(html, status)


# The HTTP status of the desk's refusals (anything else is a conflict with the case's state).
REFUSAL_STATUS = {"not_staff": 403, "not_manager": 403, "four_eyes": 403, "unknown_case": 404}
# The page each typed error of the store shows, first match wins: its HTTP status and its kind,
# whose heading and explanation are in the catalog (console.error_<kind>, error_<kind>_detail);
# the exception's own message is for developers, in English, and is not shown.
ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (NotYourCommunity, 403, "not_your_community"),
    (AllCommunitiesOnly, 403, "all_communities_only"),
    (Forbidden, 403, "forbidden"),
    (CaseNotFound, 404, "not_found"),
    (KeyError, 404, "not_found"),
    (FourEyesViolation, 403, "four_eyes"),
    (CaseConflict, 409, "conflict"),
    (NotConfigured, 503, "not_configured"),
    (ValueError, 400, "bad_request"),  # a form value outside its choices
)
HTTP_ERRORS = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "bad_request"}


def page(handler: Handler) -> Callable[[Request], Any]:
    """An endpoint that reads the form (if any), runs `handler` in a worker thread (the store is
    synchronous) and shows the store's refusals as pages instead of server errors."""

    async def endpoint(request: Request) -> Response:
        form = await request.form() if request.method == "POST" else FormData()
        try:
            return await run_in_threadpool(handler, request, form)
        except Refusal as refusal:
            status = REFUSAL_STATUS.get(refusal.code, 409)
            kind = "not_found" if status == 404 else "refused"
            return error_page(request, status, kind, refusal.text(language(request)))
        except tuple(error for error, _, _ in ERRORS) as exc:
            status, kind = next((s, k) for error, s, k in ERRORS if isinstance(exc, error))
            return error_page(request, status, kind, _explained(request, kind))

    endpoint.__name__ = handler.__name__
    return endpoint


def _explained(request: Request, kind: str) -> str:
    return text(language(request), f"error_{kind}_detail")


async def http_error(request: Request, exc: Exception) -> Response:
    """The console's page for an HTTP error raised outside the pages (an unknown address, a
    method a page does not take) and for a server error: styled, in the reader's language."""
    status = int(getattr(exc, "status_code", 500))
    kind = HTTP_ERRORS.get(status, "server_error")
    return error_page(request, status, kind, _explained(request, kind))


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
