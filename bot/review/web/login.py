"""The login and logout pages: a rate-limited password check, a new server-side session in an
HttpOnly cookie, and the audit log entry of each login, failure and logout."""

from __future__ import annotations

import math
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.review.web.auth import current_user, new_token
from bot.review.web.context import Console
from bot.review.web.csrf import PRE_SESSION_COOKIE, SESSION_COOKIE
from bot.review.web.render import Handler, console_of, page, render


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str | None) -> str:
    """Only a path of this site: a login link must not send anyone elsewhere (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/queue"
    parts = urlsplit(target)
    return "/queue" if parts.scheme or parts.netloc else target


# An unknown account name is never stored: it may be a password typed in the wrong field. All the
# unknown names tried from one address share this one lockout.
UNKNOWN = "?"


def login_form(request: Request, form: FormData) -> Response:
    """The login page (the only page reachable without a session)."""
    response = render(
        request,
        "login.html",
        error=None,
        expired=request.query_params.get("expired") == "1",
        next=_safe_next(request.query_params.get("next")),
        name="",
    )
    return response


def login(request: Request, form: FormData) -> Response:
    """Check the password (unless this account failed too often from this address lately) and
    open a session. The attempt is counted before the password is checked, atomically, so that
    parallel requests cannot all get through."""
    console = console_of(request)
    now = console.clock.now()
    name = str(form.get("name", "")).strip()[:64]
    password = str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    address = _address(request)
    found = console.accounts.get(name) if name else None
    counted = name if found is not None else UNKNOWN
    settings = console.settings
    gate = console.accounts.reserve_attempt(
        counted, address, now, settings.login_window, settings.max_failures_per_name
    )
    if not gate.allowed:
        return _refused(request, console, gate.retry_at, target, name)
    stored = found[1] if found else None
    if not console.passwords.verify(stored, password) or found is None or not found[0].active:
        console.accounts.failed_login(counted, address, now, gate.attempt)
        return render(
            request,
            "login.html",
            401,
            error="bad_credentials",
            expired=False,
            next=target,
            name=name,
        )
    account = found[0]
    if console.passwords.needs_rehash(found[1]):
        console.accounts.set_password_hash(name, console.passwords.hash(password), now, name)
    token = new_token()
    expires = now + settings.session_max
    console.accounts.open_session(account, token, now, expires, address, gate.attempt)
    response = RedirectResponse(target, 303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings.session_max.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
    )
    return response


def _refused(
    request: Request, console: Console, retry_at: datetime | None, target: str, name: str
) -> Response:
    """The login page saying when to try again (429, with Retry-After)."""
    now = console.clock.now()
    wait = max(retry_at - now, timedelta(0)) if retry_at else console.settings.login_window
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    response = render(
        request,
        "login.html",
        429,
        error="rate_limited",
        expired=False,
        next=target,
        name=name,
        retry_minutes=minutes,
    )
    response.headers["Retry-After"] = str(int(wait.total_seconds()) or 1)
    return response


def logout(request: Request, form: FormData) -> Response:
    """End the session (audited) and forget the cookie."""
    console = console_of(request)
    user = current_user(request)
    console.accounts.close_session(user.token, console.clock.now(), user.name, "logout")
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def with_pre_session(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A page reachable without a session whose form still needs a CSRF token: the token is bound
    to a random pre-session cookie, set here on first sight (the login and reset pages)."""

    async def endpoint(request: Request) -> Response:
        pre = request.cookies.get(PRE_SESSION_COOKIE)
        fresh = pre is None
        if fresh:
            pre = secrets.token_urlsafe(24)
            request.scope["vigie_pre"] = pre
        response: Response = await page(handler)(request)
        if fresh:
            response.set_cookie(
                PRE_SESSION_COOKIE,
                pre,
                httponly=True,
                samesite="strict",
                secure=console_of(request).settings.secure_cookies,
            )
        return response

    endpoint.__name__ = handler.__name__
    return endpoint


def routes() -> list[Route]:
    """The login routes."""
    return [
        Route("/login", with_pre_session(login_form), methods=["GET"]),
        Route("/login", page(login), methods=["POST"]),
        Route("/logout", page(logout), methods=["POST"]),
    ]
