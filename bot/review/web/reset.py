"""Password reset by a one-time link: an administrator (the console's admin page, or
`vigie user reset-link NAME`) issues it; whoever holds it opens /reset/<token> without a session,
chooses a new password (CSRF-checked, same policy as `vigie user add`), and the link is then dead,
the account's sessions are ended and the audit log has it (`bot.store.reset_links`).

The token (256 bits) lives only in the link; the database keeps its SHA-256 and its expiry, read
from the console's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.i18n.catalog import messages
from bot.review.web.auth import new_token
from bot.review.web.login import with_pre_session
from bot.review.web.render import console_of, language, page, render
from bot.review.web.settings import MIN_PASSWORD
from bot.store.database import Database
from bot.store.reset_links import LinkState, ResetLinks

PREFIX = "/reset/"
# The page's words (catalog keys console_reset.*), looked up once per page.
WORDS = ("title", "for_account", "new_password", "again", "submit", "done", "to_login")
# How a dead link answers: its HTTP status and the catalog key that says why.
DEAD = {
    LinkState.UNKNOWN: (404, "link_unknown"),
    LinkState.USED: (410, "link_used"),
    LinkState.EXPIRED: (410, "link_expired"),
    LinkState.DISABLED: (403, "link_disabled"),
}


@dataclass(frozen=True, slots=True)
class IssuedLink:
    """A reset link just issued: the address to hand to the account's owner, and until when."""

    url: str
    expires_at: datetime


def issue_link(
    db: Database, name: str, now: datetime, ttl: timedelta, by: str, base_url: str
) -> IssuedLink | None:
    """A new one-time link for the account `name` (None if there is none); older links die."""
    token = new_token()
    expires_at = now + ttl
    if not ResetLinks(db).issue(name, token, now, expires_at, by):
        return None
    return IssuedLink(f"{base_url.rstrip('/')}{PREFIX}{token}", expires_at)


def password_problem(password: str, again: str) -> str | None:
    """Why a new password is refused (a catalog key), or None: the console's one policy."""
    if len(password) < MIN_PASSWORD:
        return "too_short"
    if password != again:
        return "differ"
    return None


def text(lang: str, key: str, **values: object) -> str:
    """One of the reset page's texts (catalog `console_reset.<key>`)."""
    return messages().text(lang, f"console_reset.{key}", **values)


def _page(
    request: Request,
    status: int,
    *,
    name: str | None = None,
    token: str = "",
    problem: str | None = None,
    dead: str | None = None,
    done: bool = False,
) -> Response:
    """The reset page: the form (with the problem of the last try), the end, or a dead link."""
    lang = language(request)
    words = {key: text(lang, key) for key in WORDS if key != "for_account"}
    if name:
        words["for_account"] = text(lang, "for_account", name=name)
    response = render(
        request,
        "reset.html",
        status,
        words=words,
        name=name or "",
        token=token,
        problem=text(lang, problem, min=MIN_PASSWORD) if problem else None,
        dead=text(lang, dead) if dead else None,
        done=done,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def reset_form(request: Request, form: FormData) -> Response:
    """The form to choose a new password, or why the link no longer works."""
    console = console_of(request)
    token = str(request.path_params["token"])
    found = ResetLinks(console.db).check(token, console.clock.now())
    if found.state is not LinkState.VALID:
        status, key = DEAD[found.state]
        return _page(request, status, dead=key)
    return _page(request, 200, name=found.name, token=token)


def reset(request: Request, form: FormData) -> Response:
    """Set the new password through the link (once), or say why not."""
    console = console_of(request)
    token = str(request.path_params["token"])
    now = console.clock.now()
    links = ResetLinks(console.db)
    password, again = str(form.get("password", "")), str(form.get("again", ""))
    problem = password_problem(password, again)
    if problem is not None:
        found = links.check(token, now)
        if found.state is LinkState.VALID:
            return _page(request, 400, name=found.name, token=token, problem=problem)
    else:
        found = links.use(token, console.passwords.hash(password), now)
        if found.state is LinkState.VALID:
            return _page(request, 200, done=True)
    status, key = DEAD[found.state]
    return _page(request, status, dead=key)


def routes() -> list[Route]:
    """The reset page (public: the link is the credential)."""
    return [
        Route(PREFIX + "{token}", with_pre_session(reset_form), methods=["GET"]),
        Route(PREFIX + "{token}", page(reset), methods=["POST"]),
    ]
