"""The console's commands (`vigie user add | list`, `vigie serve --help`), the session secret
kept in var/secret_key with 0600, and the two languages."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.cli import main
from bot.review.web.render import supported, text
from bot.review.web.settings import load_secret_key
from bot.store.database import open_database
from bot.store.web_repo import ConsoleAccounts
from tests.review.conftest import Console


def test_user_add_takes_the_password_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/v.db"
    monkeypatch.setenv("VIGIE_NEW_PASSWORD", "a long enough password")
    assert main(["user", "add", "claire", "--role", "manager", "--lang", "en", "--db", url]) == 0
    assert main(["user", "add", "claire", "--role", "manager", "--db", url]) == 1  # exists
    assert main(["user", "list", "--db", url]) == 0
    assert "claire\tmanager\ten" in capsys.readouterr().out
    found = ConsoleAccounts(open_database(url)).get("claire")
    assert found is not None and found[1].startswith("$argon2id$")


@pytest.mark.parametrize(("password", "code"), [("", 2), ("short", 2)], ids=["none", "short"])
def test_user_add_refuses_a_missing_or_short_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, password: str, code: int
) -> None:
    monkeypatch.setenv("VIGIE_NEW_PASSWORD", password)
    url = f"sqlite:///{tmp_path}/v.db"
    assert main(["user", "add", "x", "--role", "trainee", "--db", url]) == code


def test_the_password_is_never_a_command_line_argument() -> None:
    with pytest.raises(SystemExit):
        main(["user", "add", "x", "--role", "trainee", "--password", "secret123456"])


def test_serve_has_the_documented_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert "--port" in capsys.readouterr().out


def test_the_secret_key_is_generated_once_with_owner_only_permissions(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    first = load_secret_key({}, path)
    assert len(first) >= 32 and load_secret_key({}, path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key({"VIGIE_SECRET_KEY": "k" * 40}, path) == "k" * 40
    with pytest.raises(ValueError, match="too short"):
        load_secret_key({"VIGIE_SECRET_KEY": "short"}, path)


def test_the_console_reads_its_texts_from_the_catalog() -> None:
    assert text("en", "case_title", id=3) == "Case 3"
    assert text(supported("de"), "case_title", id=3) == "Cas 3"  # unsupported: French


def test_each_account_reads_the_console_in_its_language(console: Console) -> None:
    assert "Review queue" in console.login("sandra").get("/queue").text
    console.client.cookies.clear()
    page = console.login("julien").get("/queue").text
    assert "File d&#39;examen" in page and '<html lang="fr">' in page
    assert 'lang="en"' in console.client.get("/login?lang=en").text
