"""`vigie replay --workers N`: the communities of a stream shared out among processes give the
decisions (decisions.jsonl and the database) of one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.adapters.jsonl import InputError, iter_messages
from bot.adapters.replay import ReplaySummary
from bot.adapters.replay_workers import ReplaySetup, WorkerFailed, replay_in_workers, worker_of
from bot.cli import main
from bot.store.database import open_database
from bot.store.tables import DECISIONS, STRIKES

ROOT = Path(__file__).resolve().parents[2]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
SAMPLES = ROOT / "charters" / "samples"
# Four sample streams, each its own community, interleaved by time.
COMMUNITIES = {
    "opalia_day": "alpha",
    "badbuzz_wave": "beta",
    "calm_day": "gamma",
    "opalia_day_en": "delta",
}


@pytest.fixture(scope="module")
def stream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = []
    for name, community in COMMUNITIES.items():
        for line in (SAMPLES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            rows.append(json.loads(line) | {"community": community})
    rows.sort(key=lambda row: row["ts"])
    path = tmp_path_factory.mktemp("stream") / "four.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _replay(stream: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    argv = ["replay", stream, "--charter", CHARTER, "--models", ROOT / "models", "--out", out]
    code = main([str(a) for a in [*argv, "--db", f"sqlite:///{out}/vigie.db", "--quiet", *extra]])
    printed = capsys.readouterr().out
    assert code == 0, printed
    return printed


def _stored(db_path: Path) -> list[tuple[object, ...]]:
    db = open_database(f"sqlite:///{db_path}")
    with db.read() as connection:
        decisions = connection.execute(
            select(
                DECISIONS.c.community,
                DECISIONS.c.message_id,
                DECISIONS.c.matched,
                DECISIONS.c.strikes,
                DECISIONS.c.actions,
            ).order_by(DECISIONS.c.message_id)
        ).all()
        strikes = connection.execute(
            select(STRIKES.c.community, STRIKES.c.user_id, STRIKES.c.weight, STRIKES.c.at).order_by(
                STRIKES.c.community, STRIKES.c.user_id, STRIKES.c.at
            )
        ).all()
    db.dispose()
    return [tuple(row) for row in [*decisions, *strikes]]


def test_workers_decide_and_record_as_one_process(
    stream: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with stream.open("rb") as lines:
        messages = list(iter_messages(lines, str(stream), print))
    assert {worker_of(m, 2) for m in messages} == {0, 1}  # both workers have work
    one = _replay(stream, tmp_path / "one", capsys)
    two = _replay(stream, tmp_path / "two", capsys, "--workers", "2")
    assert sorted(one.splitlines()) == sorted(two.replace("two/", "one/").splitlines())
    expected = (tmp_path / "one" / "decisions.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "two" / "decisions.jsonl").read_text(encoding="utf-8") == expected
    assert len(expected.splitlines()) == len(messages)
    assert _stored(tmp_path / "two" / "vigie.db") == _stored(tmp_path / "one" / "vigie.db")
    assert any(row[3] and row[3] > 1 for row in _stored(tmp_path / "one" / "vigie.db"))
    assert list((tmp_path / "two").glob("*.part")) == []  # the scratch files are gone


def test_a_malformed_line_under_strict_stops_after_the_lines_before_it(
    stream: Path, tmp_path: Path
) -> None:
    lines = stream.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join([*lines[:30], "{not json\n", *lines[30:40]]), encoding="utf-8")

    def refuse(error: object) -> None:
        raise AssertionError(error)

    setup = ReplaySetup(str(CHARTER), None, None, batch_size=8)
    summary = ReplaySummary()
    with broken.open("rb") as source, (tmp_path / "out.jsonl").open("w") as out:
        messages = iter_messages(source, str(broken), refuse, strict=True)
        with pytest.raises(InputError, match=":31:"):
            replay_in_workers(messages, setup, 2, out, summary, tmp_path)
    decided = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert summary.messages == len(decided) == 30


def test_a_worker_that_cannot_start_is_reported_not_waited_for(tmp_path: Path) -> None:
    setup = ReplaySetup(str(tmp_path / "missing.yaml"))
    with pytest.raises(WorkerFailed, match=r"missing\.yaml"):
        replay_in_workers([], setup, 2, None, ReplaySummary())


def test_workers_and_a_playbook_are_refused_with_a_reason(
    stream: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    playbook = ROOT / "playbooks" / "fr" / "badbuzz.yaml"
    argv = ["replay", stream, "--charter", CHARTER, "--playbook", playbook, "--workers", "2"]
    code = main([str(a) for a in [*argv, "--out", tmp_path, "--no-models"]])
    assert code == 2 and "--playbook" in capsys.readouterr().err
