"""The operators' commands: the database's schema is checked (never silently migrated by a
service), upgraded and backed up on request; the purge applies each community's retention and
shows what would go with --dry-run; a broken file stops start-up with exit 2 and file:line."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from bot.cli import main
from bot.deploy.runtime import database_problem
from bot.store.audit import AuditLog
from bot.store.database import DatabaseError, SchemaBehind, open_database, upgrade
from bot.store.operations import migration_heads

ROOT = Path(__file__).resolve().parents[2]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
SAMPLE = ROOT / "charters" / "samples" / "opalia_day.jsonl"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def behind(path: Path) -> str:
    """A database with data whose schema is one migration older than this version's."""
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    upgrade(engine, "0003")
    engine.dispose()
    return url


def test_a_service_refuses_a_database_behind_the_migrations(tmp_path: Path) -> None:
    url = behind(tmp_path / "old.db")
    with pytest.raises(SchemaBehind, match=r"vigie db backup.*vigie db upgrade"):
        open_database(url, migrate=False)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr_FR.UTF-8", "est au schéma 0003, cette version demande {heads} : sauvegardez-la"),
        ("en_US.UTF-8", "is at schema 0003, this version needs {heads}: back it up"),
    ],
)
def test_a_bot_says_its_database_is_behind_in_the_locales_language(
    tmp_path: Path, locale: str, expected: str
) -> None:
    with pytest.raises(SchemaBehind) as refused:
        open_database(behind(tmp_path / "old.db"), migrate=False)
    said = database_problem(refused.value, {"LANG": locale})
    assert expected.format(heads=migration_heads()[0]) in said


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr_FR.UTF-8", "impossible d’ouvrir la base de données : disque plein"),
        ("C", "impossible d’ouvrir la base de données : disque plein"),
        ("en_US.UTF-8", "cannot open the database: disque plein"),
    ],
)
def test_a_bot_says_its_database_cannot_be_opened_in_the_locales_language(
    locale: str, expected: str
) -> None:
    problem = DatabaseError("cannot open database sqlite:///x.db: disque plein", "disque plein")
    assert database_problem(problem, {"LANG": locale}) == expected


def test_an_empty_database_gets_its_tables_at_start(tmp_path: Path) -> None:
    open_database(f"sqlite:///{tmp_path / 'new.db'}", migrate=False).dispose()
    with sqlite3.connect(tmp_path / "new.db") as connection:
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert (version,) == migration_heads()


def test_db_status_says_behind_then_upgrade_brings_it_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = behind(tmp_path / "old.db")
    code, out, err = run(capsys, "db", "status", "--db", url, "--lang", "en")
    assert code == 1 and "schema 0003" in out and "vigie db upgrade" in err
    code, out, _ = run(capsys, "db", "upgrade", "--db", url, "--lang", "en")
    assert code == 0 and migration_heads()[0] in out
    assert run(capsys, "db", "status", "--db", url)[0] == 0


def test_db_backup_copies_a_sqlite_database_online(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    db = open_database(url)  # kept open: the bots are running
    try:
        AuditLog(db).append("test", "demo", "x", {}, datetime(2026, 1, 1, tzinfo=UTC))
        argv = ("db", "backup", "--db", url, "--out", tmp_path / "copy.db", "--lang", "fr")
        code, out, _ = run(capsys, *argv)
    finally:
        db.dispose()
    assert code == 0 and "sauvegarde écrite" in out and out.endswith("\xa0octets)\n")
    with sqlite3.connect(tmp_path / "copy.db") as connection:
        assert connection.execute("SELECT count(*) FROM audit_log").fetchone() == (1,)


def test_db_backup_of_postgresql_names_the_pg_dump_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    code, out, _ = run(
        capsys,
        "db",
        "backup",
        "--db",
        "postgresql+psycopg://vigie:s3cret@db/vigie",
        "--out",
        "x.dump",
    )
    assert code == 1
    assert "pg_dump --format=custom --file=x.dump postgresql://vigie@db/vigie" in out
    assert "s3cret" not in out


def deployment(tmp_path: Path, charter: Path = CHARTER) -> Path:
    path = tmp_path / "vigie.yaml"
    path.write_text(
        "database: var/vigie.db\n"
        "communities:\n"
        "  - name: Opalia\n"
        "    platform: discord\n"
        "    guild: 42\n"
        f"    charter: {charter}\n"
        "  - name: Opalia Telegram\n"
        "    platform: telegram\n"
        "    chat: -100123\n"
        f"    charter: {charter}\n",
        encoding="utf-8",
    )
    return path


def test_the_deployment_file_names_the_database_from_its_own_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIGIE_DATABASE_URL", raising=False)
    monkeypatch.chdir(ROOT)  # anywhere else than the file's folder
    code, _, _ = run(capsys, "db", "upgrade", "--deployment", deployment(tmp_path))
    assert code == 0 and (tmp_path / "var" / "vigie.db").is_file()


def three_communities(tmp_path: Path) -> Path:
    """Sample messages spread over the two communities of the file and one it does not name."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:30]
    out = []
    for number, line in enumerate(lines):
        data = json.loads(line)
        data["community"] = ("42", "-100123", "7")[number % 3]
        data["platform"] = "telegram" if data["community"] == "-100123" else "discord"
        out.append(json.dumps(data, ensure_ascii=False))
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def erased(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT community, count(*) FROM messages WHERE text IS NULL GROUP BY community"
        )
        return dict(rows.fetchall())


def test_purge_applies_each_communitys_retention_and_dry_run_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIGIE_DATABASE_URL", raising=False)
    path = tmp_path / "var" / "vigie.db"
    stream = three_communities(tmp_path)
    argv = ["replay", stream, "--charter", CHARTER, "--no-models", "--db", f"sqlite:///{path}"]
    assert run(capsys, *argv, "--out", tmp_path)[0] == 0
    file, later = deployment(tmp_path), "2026-06-01T00:00:00Z"

    argv = ["purge", "--deployment", file, "--now", later, "--dry-run", "--lang", "en"]
    code, out, err = run(capsys, *argv)
    would = json.loads(out)
    assert code == 0 and "dry run" in err and erased(path) == {}
    counts = {key: report["texts_erased"] for key, report in would.items()}
    assert counts["42"] > 0 and counts["-100123"] > 0  # open cases keep some as evidence

    code, out, _ = run(capsys, "purge", "--deployment", file, "--now", later)
    assert json.loads(out) == would  # the dry run counted what the purge then did
    assert erased(path) == counts  # community 7 is not this file's: untouched


def test_a_broken_charter_named_by_the_deployment_stops_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(CHARTER.read_text(encoding="utf-8").replace("severity: 2", "severity: 9", 1))
    code, _, err = run(capsys, "deployment", "check", "--deployment", deployment(tmp_path, broken))
    assert code == 2 and f"{broken}:" in err and "severity" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(["serve", "--charter", "nope.yaml"], "nope.yaml:1:1", id="console"),
        pytest.param(["run", "discord", "--charter", "nope.yaml"], "nope.yaml:1:1", id="discord"),
        pytest.param(["run", "telegram", "--charter", "nope.yaml"], "nope.yaml:1:1", id="telegram"),
        pytest.param(["run", "discord"], "--deployment", id="nothing-to-serve"),
    ],
)
def test_a_process_with_a_broken_configuration_does_not_start(
    argv: list[str],
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "t")
    monkeypatch.setenv("TELEGRAM_TOKEN", "1:t")
    monkeypatch.delenv("VIGIE_DEPLOYMENT", raising=False)
    code, _, err = run(capsys, *argv, "--db", f"sqlite:///{tmp_path / 'v.db'}")
    assert code == 2 and expected in err and "Traceback" not in err
