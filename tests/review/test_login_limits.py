"""The login limit under parallel requests, lockouts per account and address with an
administrator's override, a login page that says when to retry, and no password stored by
mistake as an account name."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from bot.store.audit import AuditLog
from bot.store.web_repo import ConsoleAccounts
from bot.store.web_tables import LOGIN_ATTEMPTS
from tests.review.conftest import PASSWORD, Console, csrf_of


def _post(console: Console, token: str, name: str, password: str) -> int:
    data = {"name": name, "password": password, "csrf_token": token}
    return console.client.post("/login", data=data, follow_redirects=False).status_code


def test_forty_parallel_wrong_passwords_check_only_five(console: Console) -> None:
    token = csrf_of(console.client.get("/login").text)
    with ThreadPoolExecutor(max_workers=40) as pool:
        codes = list(pool.map(lambda i: _post(console, token, "julien", f"guess{i}"), range(40)))
    assert sorted(codes).count(401) == 5 and codes.count(429) == 35
    with console.db.read() as connection:
        rows = connection.execute(select(LOGIN_ATTEMPTS.c.success)).scalars().all()
    assert rows == [False] * 5


def test_the_lockout_is_per_account_and_an_administrator_still_logs_in(console: Console) -> None:
    token = csrf_of(console.client.get("/login").text)
    for i in range(25):  # more than the old address-wide limit of 20
        _post(console, token, "julien", f"guess{i}")
    assert _post(console, token, "julien", PASSWORD) == 429
    assert _post(console, token, "ada", PASSWORD) == 303  # the administrator


def test_the_login_page_says_when_to_retry(console: Console) -> None:
    token = csrf_of(console.client.get("/login").text)
    for i in range(5):
        _post(console, token, "julien", f"guess{i}")
    console.clock.advance(timedelta(minutes=5))
    data = {"name": "julien", "password": PASSWORD, "csrf_token": token}
    response = console.client.post("/login", data=data)
    assert response.status_code == 429
    assert "réessayez dans 10 min" in response.text
    assert response.headers["Retry-After"] == "600"


def test_an_administrator_lifts_a_lockout(console: Console) -> None:
    token = csrf_of(console.client.get("/login").text)
    for i in range(5):
        _post(console, token, "julien", f"guess{i}")
    accounts = ConsoleAccounts(console.db)
    assert accounts.clear_lockout("julien", "admin", console.clock.now()) == 5
    assert _post(console, token, "julien", PASSWORD) == 303
    [entry] = AuditLog(console.db).entries(action="console.unlock")
    assert entry.actor == "admin" and entry.target == "user:julien"


def test_a_password_typed_as_an_account_name_is_not_stored(console: Console) -> None:
    token = csrf_of(console.client.get("/login").text)
    assert _post(console, token, "Tr0ub4dor&3-secret", "whatever") == 401
    with console.db.read() as connection:
        names = connection.execute(select(LOGIN_ATTEMPTS.c.name)).scalars().all()
    audit = AuditLog(console.db).entries(action="console.login_failed")
    assert names == ["?"] and "Tr0ub4dor" not in repr(audit)


def test_the_unlock_command_lifts_a_lockout(tmp_path, capsys, monkeypatch) -> None:
    from bot.cli import main
    from bot.store.database import open_database
    from tests.store.builders import T0

    url = f"sqlite:///{tmp_path}/v.db"
    db = open_database(url)
    for _ in range(5):
        ConsoleAccounts(db).reserve_attempt("julien", "10.0.0.1", T0, timedelta(days=9999), 5)
    db.dispose()
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # the operator's language
    assert main(["user", "unlock", "julien", "--db", url]) == 0
    assert "julien: 5 recent failed logins forgotten." in capsys.readouterr().out
