"""After `user-data delete`, nothing on disk still holds the member: the whole database file (with
its write-ahead log) and the replay's output folder are searched for their id, name and texts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.cli import main
from bot.store.cases import CaseRepository
from bot.store.database import open_database
from bot.store.tables import CASES

ROOT = Path(__file__).resolve().parents[2]
CHARTER_FR = ROOT / "charters" / "fr" / "opalia.yaml"
MEMBER, NAME = "zx-member-4242", "Gaspard Zorglub"
TEXTS = ["espèce de connard zorglubien", "sale con de zorglubette", "je vais te tuer zorglub"]


def _stream(path: Path) -> Path:
    records = [
        {"id": f"z{i}", "ts": f"2026-03-01T09:0{i}:00Z", "community": "c1", "text": text,
         "author": {"id": MEMBER, "name": NAME}}
        for i, text in enumerate(TEXTS)
    ] + [
        {"id": "o1", "ts": "2026-03-01T09:05:00Z", "community": "c1", "text": "espèce de connard",
         "author": {"id": "other-1", "name": "Autre Membre"}}
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


def _found(paths: list[Path]) -> list[tuple[str, str]]:
    needles = [MEMBER, NAME, *TEXTS]
    hits = []
    for path in paths:
        data = path.read_bytes()
        for needle in needles:
            for encoded in {needle.encode("utf-8"), json.dumps(needle).encode()[1:-1]}:
                if encoded in data:
                    hits.append((path.name, needle))
    return hits


def test_an_erased_member_is_nowhere_on_disk(tmp_path: Path, capsys) -> None:
    url, out = f"sqlite:///{tmp_path}/v.db", tmp_path / "out"
    argv = ["replay", _stream(tmp_path / "in.jsonl"), "--charter", CHARTER_FR, "--no-models"]
    assert main([str(a) for a in [*argv, "--db", url, "--out", out]]) == 0
    db = open_database(url)
    with db.read() as connection:
        case_ids = (
            connection.execute(select(CASES.c.id).where(CASES.c.author_id == MEMBER))
            .scalars()
            .all()
        )
    assert case_ids, "the threat opens a case"
    at = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    CaseRepository(db).add_note(case_ids[0], "julien", f"{NAME} a écrit « {TEXTS[2]} »", at)
    db.dispose()
    files = [tmp_path / "v.db", *sorted(p for p in out.rglob("*") if p.is_file())]
    assert _found(files), "the member is on disk before the erasure"
    capsys.readouterr()
    code = main(["user-data", "delete", MEMBER, "--yes", "--db", url, "--out", str(out)])
    captured = capsys.readouterr()
    assert captured.out, captured.err
    report = json.loads(captured.out)
    assert code == 0 and report["messages_erased"] == 3 and report["notes_erased"] == 1
    on_disk = sorted(p for p in tmp_path.glob("v.db*")) + sorted(
        p for p in out.rglob("*") if p.is_file()
    )
    assert _found(on_disk) == []
    decisions = (out / "decisions.jsonl").read_text().splitlines()
    assert len(decisions) == 4 and "Autre Membre" in decisions[-1]  # others stay
