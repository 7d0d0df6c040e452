"""Accounts: `vigie user disable | enable | role | password | reset-link | logout` and the
administrator's account actions in the console; a disabled account can no longer log in nor act
with an open session; a one-time reset link sets a password once, then is dead."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.cli import main
from bot.store.audit import AuditLog
from bot.store.database import open_database
from bot.store.web_repo import ConsoleAccounts
from tests.review.conftest import PASSWORD, Console, csrf_of
from tests.review.test_whole_language import TIME_IN_UTC_OR_ISO


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


def _issue_link(console: Console, name: str) -> str:
    """An administrator issues a reset link for `name` on the admin page; the link's path."""
    console.login("ada")
    page = _act(console, name, action="reset")
    found = re.search(r'id="reset-link">([^<]*)<code>([^<]+)</code>', page.text)  # type: ignore[attr-defined]
    assert found is not None
    assert TIME_IN_UTC_OR_ISO.search(found.group(1)) is None  # the expiry in the console's zone
    assert found.group(2).startswith("http://127.0.0.1/reset/")
    console.client.cookies.clear()
    return found.group(2).removeprefix("http://127.0.0.1")


def _use_link(client: TestClient, path: str, password: str, again: str | None = None) -> object:
    token = csrf_of(client.get("/login").text)  # a dead link's page has no form to read it from
    data = {"csrf_token": token, "password": password, "again": again or password}
    return client.post(path, data=data)


NEW = "a brand new passphrase"


def test_a_reset_link_works_once_and_ends_the_sessions(console: Console) -> None:
    julien = TestClient(console.client.app, base_url="http://127.0.0.1")
    token = csrf_of(julien.get("/login").text)
    julien.post("/login", data={"name": "julien", "password": PASSWORD, "csrf_token": token})
    assert julien.get("/queue", follow_redirects=False).status_code == 200
    path = _issue_link(console, "julien")

    stranger = TestClient(console.client.app, base_url="http://127.0.0.1")
    form = stranger.get(path)
    assert form.status_code == 200 and "« julien »" in form.text
    done = _use_link(stranger, path, NEW)
    assert done.status_code == 200 and 'id="reset-done"' in done.text  # type: ignore[attr-defined]
    assert julien.get("/queue", follow_redirects=False).status_code == 303  # its session ended
    console.login("julien", NEW)
    console.client.cookies.clear()
    again = _use_link(stranger, path, "yet another passphrase")  # reuse refused
    assert again.status_code == 410  # type: ignore[attr-defined]
    actions = [e.action for e in AuditLog(console.db).entries(actor=None, limit=50)]
    assert {"console.reset_link", "console.password_reset"} <= set(actions)


@pytest.mark.parametrize(
    ("setup", "status", "says"),
    [
        ("expired", 410, "expiré"),
        ("wrong", 404, "pas valable"),
        ("disabled", 403, "désactivé"),
        ("replaced", 404, "pas valable"),
    ],
    ids=str,
)
def test_a_dead_link_sets_no_password(console: Console, setup: str, status: int, says: str) -> None:
    path = _issue_link(console, "julien")
    if setup == "expired":
        console.clock.advance(timedelta(hours=24))
    elif setup == "wrong":
        path = path[:-4] + ("AAAA" if not path.endswith("AAAA") else "BBBB")
    elif setup == "disabled":
        ConsoleAccounts(console.db).set_disabled("julien", True, console.clock.now(), "test")
    else:
        _issue_link(console, "julien")  # a newer link kills the older one
    assert console.client.get(path).status_code == status
    refused = _use_link(console.client, path, NEW)
    assert refused.status_code == status and says in refused.text  # type: ignore[attr-defined]
    if setup == "disabled":
        ConsoleAccounts(console.db).set_disabled("julien", False, console.clock.now(), "test")
    console.login("julien")  # the old password still works


@pytest.mark.parametrize(
    ("password", "again", "says"),
    [("short", "short", "trop court"), (NEW, NEW + "!", "diffèrent")],
    ids=["too-short", "differ"],
)
def test_the_reset_page_keeps_the_password_policy(
    console: Console, password: str, again: str, says: str
) -> None:
    path = _issue_link(console, "julien")
    refused = _use_link(console.client, path, password, again)
    assert refused.status_code == 400 and says in refused.text  # type: ignore[attr-defined]
    assert _use_link(console.client, path, NEW).status_code == 200  # the link still works once


def test_the_reset_form_needs_its_csrf_token(console: Console) -> None:
    path = _issue_link(console, "julien")
    console.client.get(path)
    response = console.client.post(path, data={"password": NEW, "again": NEW})
    assert response.status_code == 403


def test_the_cli_prints_a_link_that_works(
    console: Console, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.review.web.cli.edge_clock", lambda: console.clock)
    url = str(console.db.engine.url)
    args = ["user", "reset-link", "julien", "--db", url, "--url", "http://127.0.0.1/"]
    assert main(args) == 0
    link = capsys.readouterr().out.splitlines()[-1]
    assert _use_link(console.client, link.removeprefix("http://127.0.0.1"), NEW).status_code == 200
    console.login("julien", NEW)
    assert main(["user", "reset-link", "nobody", "--db", url]) == 1


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
