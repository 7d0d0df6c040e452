"""Accounts and sessions: no page without logging in, argon2id hashes, failed logins counted and
rate limited, sessions that expire when idle and after their maximum age, logout, the audit log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from starlette.routing import Route

from bot.review.web import operations, reset
from bot.review.web.auth import Passwords
from bot.store.audit import AuditLog
from bot.store.web_repo import ConsoleAccounts
from tests.review.conftest import Console, csrf_of

PARAMS = {
    "case_id": "1",
    "community": "opalia",
    "incident": "x",
    "fmt": "html",
    "job": "x",
    "platform": "discord",
    "user_id": "u1",
    "name": "julien",
}


def _paths(console: Console) -> list[tuple[str, str]]:
    """Every route of the application with its parameters filled in."""
    found = []
    for route in console.client.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, Route) or route.path.startswith("/login"):
            continue
        if route.path in operations.PATHS:  # /healthz and /metrics: public by design
            continue
        if route.path.startswith(reset.PREFIX):  # a one-time link: its token is the credential
            continue
        path = re.sub(r"{(\w+)(:\w+)?}", lambda m: PARAMS[m.group(1)], route.path)
        found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def test_no_page_is_reachable_without_logging_in(console: Console) -> None:
    paths = _paths(console)
    assert len(paths) >= 20
    for method, path in paths:
        response = console.client.request(method, path, follow_redirects=False)
        if method == "GET":
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/login"), path
        else:
            assert response.status_code in (401, 403), (method, path)


def test_only_the_login_page_static_files_and_health_are_public(console: Console) -> None:
    assert console.client.get("/login").status_code == 200
    assert console.client.get("/static/htmx.min.js").status_code == 200
    assert console.client.get("/healthz").status_code == 200
    assert console.client.get("/metrics").status_code == 200
    page = console.client.get("/queue", follow_redirects=True)
    assert page.url.path == "/login"
    assert "next=%2Fqueue" in str(page.url)


def test_an_htmx_request_without_session_is_sent_to_the_login_page(console: Console) -> None:
    response = console.client.get("/queue", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login"


def test_passwords_are_stored_as_argon2id_hashes(console: Console) -> None:
    found = ConsoleAccounts(console.db).get("julien")
    assert found is not None
    assert found[1].startswith("$argon2id$")
    passwords = Passwords()  # the production parameters verify any argon2id hash
    assert passwords.verify(found[1], "correct horse battery")
    assert not passwords.verify(found[1], "wrong")
    assert not passwords.verify(None, "correct horse battery")
    assert Passwords().hash("x").startswith("$argon2id$v=19$m=65536")


def test_login_opens_a_session_and_is_audited(console: Console) -> None:
    client = console.login("julien")
    assert client.get("/queue").status_code == 200
    cookie = client.cookies.get("vigie_session")
    assert cookie and len(cookie) >= 40
    actions = [e.action for e in AuditLog(console.db).entries(actor="julien")]
    assert "console.login" in actions


def test_a_wrong_password_is_refused_and_recorded(console: Console) -> None:
    token = csrf_of(console.client.get("/login").text)
    response = console.client.post(
        "/login", data={"name": "julien", "password": "nope", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "incorrect" in response.text
    assert AuditLog(console.db).entries(action="console.login_failed")[0].target == "user:julien"


def test_too_many_failures_lock_the_name_even_with_the_right_password(console: Console) -> None:
    token = csrf_of(console.client.get("/login").text)
    for _ in range(5):
        console.client.post("/login", data={"name": "julien", "password": "x", "csrf_token": token})
    right = {"name": "julien", "password": "correct horse battery", "csrf_token": token}
    assert console.client.post("/login", data=right).status_code == 429
    console.clock.advance(timedelta(minutes=16))  # the window has passed
    assert console.client.post("/login", data=right, follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    ("idle", "expired"),
    [(timedelta(minutes=29), False), (timedelta(minutes=31), True)],
    ids=["still-active", "idle-too-long"],
)
def test_sessions_expire_when_idle(console: Console, idle: timedelta, expired: bool) -> None:
    client = console.login("julien")
    console.clock.advance(idle)
    response = client.get("/queue", follow_redirects=False)
    assert (response.status_code == 303) is expired
    if expired:
        assert response.headers["location"].startswith("/login?expired=1")
        assert AuditLog(console.db).entries(action="console.expired")


def test_sessions_end_after_their_maximum_age_even_when_used(console: Console) -> None:
    client = console.login("julien")
    for _ in range(12 * 3):  # every 20 minutes for 12 hours
        console.clock.advance(timedelta(minutes=20))
        response = client.get("/queue", follow_redirects=False)
    assert response.status_code == 303


def test_logout_ends_the_session(console: Console) -> None:
    client = console.login("julien")
    token = console.csrf()
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.clear()
    # The old cookie is dead on the server side too, not only forgotten by the browser.
    assert console.client.get("/queue", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "https://evil.example/", "javascript:alert(1)"],
    ids=["scheme-relative", "absolute", "javascript"],
)
def test_login_never_redirects_off_site(console: Console, target: str) -> None:
    token = csrf_of(console.client.get("/login").text)
    data = {
        "name": "julien",
        "password": "correct horse battery",
        "csrf_token": token,
        "next": target,
    }
    response = console.client.post("/login", data=data, follow_redirects=False)
    assert response.headers["location"] == "/queue"


def test_pages_carry_security_headers(console: Console) -> None:
    response = console.login("julien").get("/queue")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
