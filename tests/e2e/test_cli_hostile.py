"""`vigie replay` on a hostile stream, into a database: every bad line reported with its number,
every good one decided and recorded, and a second replay changes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHARTER_FR = ROOT / "charters" / "fr" / "opalia.yaml"


def _record(i: int, **fields: object) -> bytes:
    record = {
        "id": f"m{i}",
        "ts": f"2026-03-01T09:{i:02d}:00Z",
        "community": "c1",
        "author": {"id": f"u{i % 2}", "name": "Alice"},
        "text": "espèce de connard",
    }
    record.update(fields)
    return json.dumps(record).encode() + b"\n"


def _hostile_stream(path: Path) -> Path:
    lines = [
        _record(0),
        b"{broken\n",
        _record(2, text="nul \x00 connard"),
        _record(3, text="lone \ud800 surrogate connard"),
        _record(4, author={"id": "u4", "name": "N" * 5000}),
        b'{"id": "m5", "text": "a\rb"\n',  # raw CR: still line 6
        _record(6, community="a:b", id="c"),
        _record(7, community="a", id="b:c"),
        _record(0, text="replaced?"),  # duplicate id
        b"\xff\n",
        _record(10, mentions=1e400),
        _record(11, ts="0001-01-01T00:00:00Z"),
        _record(12),
    ]
    path.write_bytes(b"".join(lines))
    return path


def _replay(path: Path, db: str, out: Path, capsys) -> tuple[int, str]:
    argv = ["replay", path, "--charter", CHARTER_FR, "--no-models", "--db", db, "--out", out]
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def _counts(path: Path) -> tuple[int, ...]:
    with sqlite3.connect(path) as connection:
        tables = ("decisions", "strikes", "cases", "actions", "quarantine")
        return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def test_a_hostile_stream_is_replayed_whole_and_once(tmp_path: Path, capsys) -> None:
    stream = _hostile_stream(tmp_path / "hostile.jsonl")
    db = f"sqlite:///{tmp_path}/v.db"
    code, err = _replay(stream, db, tmp_path / "out", capsys)
    assert code == 0 and "Traceback" not in err
    for line in (2, 6, 9, 10, 11, 12):
        assert f"hostile.jsonl:{line}:" in err
    assert "identifiant m0 déjà lu à la ligne 1" in err  # worded for the French charter's reader
    decisions = (tmp_path / "out" / "decisions.jsonl").read_text().splitlines()
    assert len(decisions) == 7  # m0, m2, m3, m4, c, b:c, m12
    keys = {
        json.loads(a)["key"] for d in decisions for a in map(json.dumps, json.loads(d)["actions"])
    }
    assert len(keys) == sum(len(json.loads(d)["actions"]) for d in decisions)  # no collision
    first = _counts(tmp_path / "v.db")
    assert first[0] == 7
    with sqlite3.connect(tmp_path / "v.db") as connection:
        [text] = connection.execute("SELECT text FROM messages WHERE message_id = 'm0'").fetchone()
    assert text == "espèce de connard"
    code, err = _replay(stream, db, tmp_path / "out2", capsys)
    assert code == 0 and _counts(tmp_path / "v.db") == first


def test_the_database_file_is_private(tmp_path: Path, capsys) -> None:
    stream = _hostile_stream(tmp_path / "hostile.jsonl")
    _replay(stream, f"sqlite:///{tmp_path}/v.db", tmp_path / "out", capsys)
    assert (tmp_path / "v.db").stat().st_mode & 0o077 == 0


def test_validate_refuses_hostile_yaml_with_exit_2_and_no_traceback(tmp_path: Path, capsys) -> None:
    from tests.unit.test_yaml_bounds import ALIAS_BOMB

    files = {
        "bomb.yaml": ALIAS_BOMB,
        "deep.yaml": "a: " + "[" * 100_000 + "]" * 100_000,
        "nul.yaml": "meta:\n  id: a\x00b\n",
        "big.yaml": "a: '" + "x" * 2_000_000 + "'\n",
    }
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    code = main(["validate", *(str(tmp_path / name) for name in files)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    for name in files:
        assert f"{tmp_path / name}:" in err
