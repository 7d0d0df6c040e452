"""Database faults: a server that is down or silent gives one line and an exit code, never a hang
nor a traceback with the statement's values; PostgreSQL statements have a timeout."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.cli import main
from bot.store.database import is_unreachable, open_database, postgres_connect_args, store_error

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "charters" / "samples" / "tiny.jsonl"
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word (a hung database)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def _replay(capsys, url: str, tmp_path: Path) -> tuple[int, str]:
    argv = ["replay", TINY, "--charter", CHARTER, "--no-models", "--db", url, "--out", tmp_path]
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def test_a_database_that_is_down_is_one_line_and_exit_3(tmp_path: Path, capsys) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, err = _replay(capsys, f"postgresql+psycopg://vigie:s3cret@127.0.0.1:{port}/x", tmp_path)
    assert code == 3 and "Traceback" not in err and "s3cret" not in err
    [line] = [line for line in err.splitlines() if line.startswith("vigie:")]
    assert "cannot open database" in line and "Connection refused" in line


def test_a_silent_database_times_out_instead_of_hanging(
    tmp_path: Path, capsys, silent_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGIE_DB_CONNECT_TIMEOUT_S", "1")
    url = f"postgresql+psycopg://vigie:s3cret@127.0.0.1:{silent_server}/x"
    code, err = _replay(capsys, url, tmp_path)
    assert code == 3 and "Traceback" not in err and "s3cret" not in err


def test_postgres_sessions_carry_connect_and_statement_timeouts() -> None:
    args = postgres_connect_args("s1", {"VIGIE_DB_STATEMENT_TIMEOUT_S": "5"})
    assert args == {"connect_timeout": 10, "options": "-c statement_timeout=5000 -csearch_path=s1"}


def test_a_statement_over_the_timeout_is_cancelled(
    postgres_backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGIE_DB_STATEMENT_TIMEOUT_S", "1")
    db = open_database(postgres_backend.url, schema=postgres_backend.schema)
    try:
        with pytest.raises(OperationalError) as caught, db.begin() as connection:
            connection.execute(text("SELECT pg_sleep(3)"))
    finally:
        db.dispose()
    assert "statement timeout" in store_error(caught.value)
    assert is_unreachable(caught.value)  # retried later, not quarantined


def test_a_store_error_never_shows_the_values() -> None:
    exc = OperationalError("INSERT INTO messages ...", {"text": "private words"}, OSError("gone"))
    assert store_error(exc) == "OSError: gone"
