"""Integration: the runner writes events.jsonl, applies profile switches to the engine, returns the
planned actions and writes the reports; the console commands (report, ack, status, declare) work
on a SQLite database from another process's point of view."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.crisis.cli import register
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.wiring import CrisisRunner, missing_profiles
from tests.unit.crisis.helpers import PLAYBOOK, T0, calm, complaints, playbook

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
    assert (
        _cli(
            "crisis",
            "declare",
            "c1",
            "2",
            "--by",
            "claire",
            "--reason",
            "rumeur",
            "--playbook",
            str(plan),
            "--db",
            db,
            "--at",
            at,
        )
        == 0
    )
    declared = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    case = next(e["case"] for e in declared if e["type"] == "crisis.notify")
    incident = declared[0]["incident"]
    later = (T0 + timedelta(minutes=3)).isoformat()
    assert _cli("ack", case, "--by", "claire", "--db", db, "--at", later) == 0
    assert json.loads(capsys.readouterr().out)["by"] == "claire"
    assert _cli("ack", case, "--by", "claire", "--db", db, "--at", later) == 1  # not open now
    capsys.readouterr()
    assert _cli("crisis", "status", "--playbook", str(plan), "--db", db) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["level"] == 2 and case not in [c["case"] for c in status["cases"]]
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
