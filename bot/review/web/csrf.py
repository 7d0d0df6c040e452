"""CSRF protection for every state-changing request, forms and htmx alike.

A token is the HMAC of the browser's session token (or, before login, of a random pre-session
cookie) under the server secret: a page on another site can make the browser send the cookie but
can neither read nor compute the token. Forms carry it in a hidden `csrf_token` field; htmx sends
it in the `X-CSRF-Token` header (set once on <body>). The check is an ASGI middleware, so no route
can forget it: it reads the body of a POST, checks the token, then replays the body to the app.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse

SESSION_COOKIE = "vigie_session"
PRE_SESSION_COOKIE = "vigie_pre"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_BODY = 2 * 1024 * 1024  # an edited charter is the largest form: well under this

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def csrf_token(secret: str, binding: str) -> str:
    """The token of a browser bound to `binding` (its session or pre-session cookie)."""
    return hmac.new(secret.encode(), f"csrf:{binding}".encode(), hashlib.sha256).hexdigest()


def valid_token(secret: str, binding: str | None, token: str | None) -> bool:
    """Whether `token` belongs to `binding` (constant-time comparison)."""
    if not binding or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, binding), token)


def binding_of(connection: HTTPConnection) -> str | None:
    """The cookie a token is bound to: the session once logged in, else the pre-session one."""
    return connection.cookies.get(SESSION_COOKIE) or connection.cookies.get(PRE_SESSION_COOKIE)


class CsrfMiddleware:
    """Refuses (403) every unsafe request without a valid token; see the module docstring."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self._secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        body = await _read_body(receive)
        if body is None:
            await PlainTextResponse("request too large", 413)(scope, receive, send)
            return
        token = connection.headers.get(HEADER) or _form_token(connection, body)
        if not valid_token(self._secret, binding_of(connection), token):
            response = PlainTextResponse("CSRF check failed: reload the page and try again", 403)
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _form_token(connection: HTTPConnection, body: bytes) -> str | None:
    # Only urlencoded forms: the console never uploads files, so multipart is not accepted.
    content_type = connection.headers.get("content-type", "")
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return None
    values = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).get(FIELD)
    return values[0] if values else None


def _replay(body: bytes, upstream: Receive) -> Receive:
    """The body once, then the real channel (so a disconnect is still seen when it happens)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await upstream()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
