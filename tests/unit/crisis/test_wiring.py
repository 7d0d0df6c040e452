"""Integration: the runner writes events.jsonl, applies profile switches to the engine, returns the
planned actions and writes the reports; the console commands (report, ack, status, declare) work
on a SQLite database from another process's point of view."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.crisis.cli import register
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.wiring import CrisisRunner, missing_profiles, open_store
from bot.store.database import open_database
from bot.store.tables import ACTIONS
from tests.unit.crisis.helpers import PLAYBOOK, T0, calm, complaints, feed, playbook

SURGE = T0 + timedelta(hours=1)


class FakeEngine:
    """Records the profiles it is switched to; knows only 'crise'."""

    def __init__(self) -> None:
        self.profiles: list[str | None] = []

    def use_profile(self, profile: str | None) -> None:
        if profile not in (None, "crise"):
            raise KeyError(profile)
        self.profiles.append(profile)


def _stream() -> list:
    return sorted([*calm(T0, 240), *complaints(SURGE, 7)], key=lambda d: d.message.ts)


def test_the_runner_writes_events_switches_profiles_and_reports(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAYBOOK, encoding="utf-8")
    runner = CrisisRunner.for_replay(plan, tmp_path)
    engine = FakeEngine()
    actions = [a for d in _stream() for a in runner.on_decision(d, engine)]
    files = runner.finish(tmp_path)
    lines = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert lines[0]["type"] == "crisis.incident.opened"
    level = next(line for line in lines if line["type"] == "crisis.level")
    assert set(level) >= {"type", "community", "level", "at", "reason"}
    assert engine.profiles == ["crise", None]
    assert {"notify", "slow_mode"} <= {a.kind for a in actions}
    assert any(f.suffix == ".html" for f in files) and any(f.suffix == ".md" for f in files)


def test_a_profile_the_charter_lacks_is_reported_not_fatal() -> None:
    text = PLAYBOOK.replace("profile: crise", "profile: absent")
    runner = CrisisRunner(CrisisMonitor(playbook(text)))
    engine = FakeEngine()
    for item in _stream():
        runner.on_decision(item, engine)
    assert engine.profiles == [None]  # 'absent' refused, back to normal accepted
    assert missing_profiles(playbook(text), type("C", (), {"profiles": {"crise": 1}})()) == [
        "absent"
    ]


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return int(args.handler(args))


def test_console_commands_on_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAYBOOK, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'vigie.db'}"
    at = T0.isoformat()
    common = ("--playbook", str(plan), "--db", db)
    declare = ("crisis", "declare", "c1", "2", "--by", "claire", "--reason", "rumeur", *common)
    assert _cli(*declare, "--at", at) == 2  # nothing in the database knows c1
    assert "Communauté inconnue « c1 »" in capsys.readouterr().err
    seen = CrisisMonitor(playbook(), open_store(db))
    feed(seen, calm(T0 - timedelta(minutes=30), 20))
    seen.checkpoint()

    assert _cli(*declare, "--at", at) == 0
    declared = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    case = next(e["case"] for e in declared if e["type"] == "crisis.notify")
    with open_database(db).read() as connection:  # the notifications are queued, not just planned
        queued = connection.execute(select(ACTIONS.c.key).where(ACTIONS.c.kind == "notify"))
        assert any(case in row.key for row in queued)
    incident = next(e["incident"] for e in declared if e["type"] == "crisis.incident.opened")
    later = (T0 + timedelta(minutes=3)).isoformat()
    ack = ("ack", case, "--by", "claire", *common, "--at", later)
    assert _cli(*ack) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["by"] == "claire"
    assert _cli(*ack) == 1  # not open now
    capsys.readouterr()
    assert _cli("crisis", "status", *common, "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["level"] == 2 and case not in [c["case"] for c in status["cases"]]
    assert _cli("crisis", "status", *common) == 0
    table = capsys.readouterr().out
    assert "c1" in table and "2 Alerte" in table and "approbation" in table
    assert _cli("crisis", "incidents", "--db", db) == 0
    assert incident in capsys.readouterr().out
    out = tmp_path / "reports"
    assert (
        _cli(
            "report",
            "incident",
            incident,
            "--db",
            db,
            "--out",
            str(out),
            "--format",
            "html",
            "--playbook",
            str(plan),
        )
        == 0
    )
    assert "pris en compte par claire" in (out / f"incident-{incident}.html").read_text()
    assert _cli("report", "incident", "nope", "--db", db, "--out", str(out)) == 1
