"""The application factory of the moderators' console: one Starlette application per call, built
from a database, a clock and settings (no global state), with its layers from the outside in:
security headers, sessions (login required everywhere but the login page), CSRF, then the pages."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from bot.core.clock import Clock
from bot.deploy.health import Health
from bot.deploy.metrics import Metrics
from bot.review.web import (
    admin,
    cases,
    communities,
    crisis,
    login,
    members,
    operations,
    queue,
    reports,
    reset,
    whatif,
)
from bot.review.web.auth import Passwords, SessionMiddleware
from bot.review.web.communities import DeploymentView
from bot.review.web.context import Console
from bot.review.web.csrf import ASGIApp, CsrfMiddleware, Message, Receive, Scope, Send
from bot.review.web.render import environment, http_error
from bot.review.web.settings import ConsoleSettings
from bot.store.database import Database

STATIC = Path(__file__).resolve().parent / "static"
# Scripts and styles only from this server: an injected <script> or inline handler does not run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds the security headers to every response, and keeps pages (personal data) out of
    caches; a response that set its own policy keeps it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if not static:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for module in (
        login,
        reset,
        operations,
        queue,
        communities,
        cases,
        members,
        crisis,
        reports,
        whatif,
        admin,
    ):
        routes += module.routes()
    routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    return routes


def create_app(
    db: Database, clock: Clock, settings: ConsoleSettings, passwords: Passwords | None = None
) -> Starlette:
    """The console application on `db`, telling time with `clock`."""
    console = Console(db, clock, settings, passwords or Passwords())
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(SessionMiddleware, accounts=console.accounts, clock=clock, settings=settings),
        Middleware(CsrfMiddleware, secret=settings.secret_key),
    ]
    errors = {HTTPException: http_error, Exception: http_error}
    app = Starlette(routes=_routes(), middleware=middleware, exception_handlers=errors)
    app.state.console = console
    app.state.health = Health(db, Metrics(db))
    app.state.deployment = DeploymentView(settings.deployment_path)
    app.state.deployment.reload()
    console.templates = environment()
    return app
