"""Who is at the keyboard and what they may do: password hashing (argon2id), the role permissions,
the session middleware (no page without logging in, except the login page and static files;
sessions expire when idle and after a maximum age), and the login rate limit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from bot.core.clock import Clock
from bot.review.web.csrf import SESSION_COOKIE as SESSION_COOKIE
from bot.review.web.csrf import ASGIApp, Receive, Scope, Send
from bot.review.web.settings import ConsoleSettings
from bot.store.web_repo import Account, ConsoleAccounts
from bot.store.web_tables import Role

# /healthz and /metrics: for load balancers and Prometheus, no personal data (see operations.py).
# /reset/<token>: a one-time password reset link, the token being the credential (reset.py).
PUBLIC_PREFIXES = ("/login", "/static/", "/healthz", "/metrics", "/reset/")
TOUCH_EVERY_SECONDS = 60  # the idle clock is refreshed at most once a minute per session


class Permission(StrEnum):
    """What a page or an action requires."""

    VIEW_CASES = "view_cases"
    PERSONAL_DATA = "personal_data"
    DECIDE = "decide"
    CRISIS = "crisis"
    CRISIS_ACK = "crisis_ack"
    CRISIS_MANAGE = "crisis_manage"
    REPORTS = "reports"
    WHATIF = "whatif"
    DRILLS = "drills"
    AUDIT = "audit"


_STAFF = {Role.ADMIN, Role.MANAGER, Role.MODERATOR}
GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_CASES: frozenset(Role),
    Permission.PERSONAL_DATA: frozenset(_STAFF),
    Permission.DECIDE: frozenset(_STAFF),
    Permission.CRISIS: frozenset(_STAFF),
    Permission.CRISIS_ACK: frozenset(_STAFF),
    Permission.CRISIS_MANAGE: frozenset({Role.ADMIN, Role.MANAGER}),
    Permission.REPORTS: frozenset(_STAFF),
    Permission.WHATIF: frozenset({Role.ADMIN, Role.MANAGER}),
    Permission.DRILLS: frozenset(Role),
    Permission.AUDIT: frozenset({Role.ADMIN}),
}


def allowed(role: Role, permission: Permission) -> bool:
    """Whether an account of `role` has `permission`."""
    return role in GRANTS[permission]


class Forbidden(PermissionError):
    """The logged-in account lacks the permission a page or an action needs."""


class NotYourCommunity(Forbidden):
    """The page or action is about a community the account does not moderate (deployment file's
    `access` section)."""


class AllCommunitiesOnly(Forbidden):
    """The page spans every community and the account moderates only some of them."""


class Passwords:
    """argon2id hashing with the library's current recommended parameters (RFC 9106)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        # Tests pass cheaper parameters; production keeps the library's defaults.
        self._hasher = hasher or PasswordHasher()
        # Verifying against this when the account does not exist takes as long as a real check:
        # the response time does not tell which names exist.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        """The hash to store."""
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """Whether `password` matches `stored` (always spends the time of one check)."""
        try:
            return self._hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """Whether the hash was made with older parameters than today's."""
        return self._hasher.check_needs_rehash(stored)


@dataclass(frozen=True, slots=True)
class User:
    """The logged-in account of a request."""

    account: Account
    token: str

    @property
    def name(self) -> str:
        """The account name, as written in the audit log and on cases."""
        return self.account.name

    @property
    def role(self) -> Role:
        """The account's role."""
        return self.account.role

    def can(self, permission: Permission) -> bool:
        """Whether this user has `permission`."""
        return allowed(self.account.role, permission)


def current_user(connection: HTTPConnection) -> User:
    """The logged-in user (the middleware guarantees one on every non-public page)."""
    user = connection.scope.get("vigie_user")
    if user is None:
        raise Forbidden("not logged in")
    return user  # type: ignore[no-any-return]


def require(connection: HTTPConnection, permission: Permission) -> User:
    """The user, if they have `permission`; Forbidden otherwise."""
    user = current_user(connection)
    if not user.can(permission):
        raise Forbidden(f"{user.role.value} may not {permission.value}")
    return user


def new_token() -> str:
    """A session token (256 bits from the OS's CSPRNG)."""
    return secrets.token_urlsafe(32)


def session_state(
    found: tuple[Account, datetime, datetime] | None, now: datetime, settings: ConsoleSettings
) -> str:
    """ "ok", "expired" or "none" for a looked-up session at `now`."""
    if found is None:
        return "none"
    account, last_seen, expires_at = found
    if not account.active or now >= expires_at or now - last_seen > settings.session_idle:
        return "expired"
    return "ok"


class SessionMiddleware:
    """Resolves the session cookie to a User; sends everyone else to the login page."""

    def __init__(
        self, app: ASGIApp, accounts: ConsoleAccounts, clock: Clock, settings: ConsoleSettings
    ) -> None:
        self.app = app
        self._accounts, self._clock, self._settings = accounts, clock, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        token = connection.cookies.get(SESSION_COOKIE)
        state = "none"
        if token:
            state = await run_in_threadpool(self._resolve, scope, token)
        if scope.get("vigie_user") is None and not _public(scope["path"]):
            await _to_login(connection, expired=state == "expired")(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _resolve(self, scope: Scope, token: str) -> str:
        now = self._clock.now()
        found = self._accounts.session(token)
        state = session_state(found, now, self._settings)
        if state == "expired" and found is not None:
            self._accounts.close_session(token, now, found[0].name, "expired")
        if state != "ok" or found is None:
            return state
        account, last_seen, _ = found
        if (now - last_seen).total_seconds() >= TOUCH_EVERY_SECONDS:
            self._accounts.touch(token, now)
        scope["vigie_user"] = User(account, token)
        return state


def _public(path: str) -> bool:
    return any(path == p or path.startswith(p) for p in PUBLIC_PREFIXES)


def _to_login(connection: HTTPConnection, expired: bool) -> Response:
    target = "/login" + ("?expired=1" if expired else "")
    if connection.headers.get("hx-request") == "true":
        # htmx follows this header with a full page load instead of swapping a fragment.
        return PlainTextResponse("login required", 401, headers={"HX-Redirect": target})
    if connection.scope["method"] not in ("GET", "HEAD"):
        return PlainTextResponse("login required", 401)
    path = connection.url.path
    query = f"?{connection.url.query}" if connection.url.query else ""
    next_part = ("&" if expired else "?") + "next=" + quote(path + query, safe="")
    return RedirectResponse(target + (next_part if path != "/" else ""), 303)
