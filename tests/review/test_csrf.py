"""CSRF: every state-changing request needs the token of its own session, in the form or in the
htmx header; the login form is protected before there is a session."""

from __future__ import annotations

import pytest

from bot.review.web.csrf import csrf_token, valid_token
from bot.store.tables import CaseStatus
from tests.review.conftest import Console


@pytest.mark.parametrize(
    "token", [None, "", "0" * 64, "forged"], ids=["missing", "empty", "zeros", "forged"]
)
def test_a_post_without_the_right_token_is_refused(console: Console, token: str | None) -> None:
    client = console.login("julien")
    data = {"verdict": "confirm"} | ({"csrf_token": token} if token is not None else {})
    response = client.post("/cases/1/decide", data=data)
    assert response.status_code == 403
    assert console.client.app.state.console.cases.get(1).case.status == CaseStatus.OPEN


def test_the_token_of_another_session_is_refused(console: Console) -> None:
    console.login("sandra")
    sandra_token = console.csrf()
    console.client.cookies.clear()
    client = console.login("julien")
    response = client.post("/cases/1/take", data={"csrf_token": sandra_token})
    assert response.status_code == 403


def test_htmx_requests_carry_the_token_in_a_header(console: Console) -> None:
    client = console.login("julien")
    token = console.csrf()
    headers = {"HX-Request": "true", "X-CSRF-Token": token}
    response = client.post("/cases/1/take", headers=headers)
    assert response.status_code == 200
    assert 'id="case-1"' in response.text
    bad = client.post("/cases/2/take", headers={"HX-Request": "true", "X-CSRF-Token": "x"})
    assert bad.status_code == 403


def test_the_login_form_needs_a_token_too(console: Console) -> None:
    console.client.get("/login")
    response = console.client.post(
        "/login", data={"name": "julien", "password": "correct horse battery"}
    )
    assert response.status_code == 403


def test_tokens_are_bound_to_the_secret_and_the_session() -> None:
    token = csrf_token("secret-a", "session-1")
    assert valid_token("secret-a", "session-1", token)
    assert not valid_token("secret-b", "session-1", token)
    assert not valid_token("secret-a", "session-2", token)
    assert not valid_token("secret-a", None, token)
