"""Accounts: `vigie user disable | enable | role | password | logout` and the administrator's
account actions in the console; a disabled account can no longer log in nor act with an open
session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.cli import main
from bot.store.database import open_database
from bot.store.web_repo import ConsoleAccounts
from tests.review.conftest import PASSWORD, Console, csrf_of


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/v.db"
    monkeypatch.setenv("VIGIE_NEW_PASSWORD", "a long enough password")
    assert main(["user", "add", "julien", "--role", "moderator", "--db", url]) == 0
    return url


@pytest.mark.parametrize(
    ("args", "code", "role", "active"),
    [
        (["disable", "julien"], 0, "moderator", False),
        (["role", "julien", "manager"], 0, "manager", True),
        (["logout", "julien"], 0, "moderator", True),
        (["password", "julien"], 0, "moderator", True),
        (["disable", "nobody"], 1, "moderator", True),
        (["role", "nobody", "admin"], 1, "moderator", True),
    ],
    ids=["disable", "role", "logout", "password", "disable-unknown", "role-unknown"],
)
def test_user_commands(url: str, args: list[str], code: int, role: str, active: bool) -> None:
    assert main(["user", *args, "--db", url]) == code
    found = ConsoleAccounts(open_database(url)).get("julien")
    assert found is not None
    assert (found[0].role.value, found[0].active) == (role, active)


def test_enable_after_disable(url: str) -> None:
    assert main(["user", "disable", "julien", "--db", url]) == 0
    assert main(["user", "enable", "julien", "--db", url]) == 0
    found = ConsoleAccounts(open_database(url)).get("julien")
    assert found is not None and found[0].active


def _act(console: Console, name: str, **form: str) -> object:
    token = console.csrf("/audit")
    return console.client.post(
        f"/admin/accounts/{name}", data={"csrf_token": token, **form}, follow_redirects=False
    )


def test_a_disabled_account_is_logged_out_and_cannot_log_in(console: Console) -> None:
    julien = TestClient(console.client.app, base_url="http://127.0.0.1")
    token = csrf_of(julien.get("/login").text)
    julien.post("/login", data={"name": "julien", "password": PASSWORD, "csrf_token": token})
    assert julien.get("/queue", follow_redirects=False).status_code == 200

    console.login("ada")
    assert _act(console, "julien", action="disable").status_code == 303
    assert julien.get("/queue", follow_redirects=False).status_code == 303  # session ended
    token = csrf_of(julien.get("/login").text)
    refused = julien.post(
        "/login", data={"name": "julien", "password": PASSWORD, "csrf_token": token}
    )
    assert "incorrect" in refused.text or "Wrong" in refused.text

    assert _act(console, "julien", action="enable").status_code == 303
    assert _act(console, "julien", action="role", role="manager").status_code == 303
    assert ConsoleAccounts(console.db).get("julien")[0].role.value == "manager"  # type: ignore[index]


def test_a_password_reset_shows_a_temporary_password_once(console: Console) -> None:
    console.login("ada")
    page = _act(console, "tom", action="reset")
    text = page.text  # type: ignore[attr-defined]
    password = re.search(r'id="one-time">[^<]*<code>([^<]+)</code>', text)
    assert password is not None
    console.client.cookies.clear()
    console.login("tom", password.group(1))


@pytest.mark.parametrize("name", ["julien", "claire", "tom"], ids=str)
def test_only_an_administrator_manages_accounts(console: Console, name: str) -> None:
    console.login(name)
    token = console.csrf("/queue")
    response = console.client.post(
        "/admin/accounts/ada", data={"csrf_token": token, "action": "disable"}
    )
    assert response.status_code == 403


def test_an_administrator_cannot_disable_themself(console: Console) -> None:
    console.login("ada")
    assert _act(console, "ada", action="disable").status_code == 400  # type: ignore[attr-defined]
