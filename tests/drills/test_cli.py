"""`vigie drill …` end to end, in process: run a responses file (debrief written, result stored),
results per trainee, validate with located errors and exit 2, list, and a trainer's manual score."""

from __future__ import annotations

import json
from pathlib import Path

from bot.cli import main
from tests.drills.helpers import DRILLS, PANNE

CAMPAGNE = DRILLS / "fr" / "campagne-pub.yaml"


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_scores_writes_the_debrief_and_stores_the_result(tmp_path: Path, capsys) -> None:
    db = f"sqlite:///{tmp_path}/vigie.db"
    responses = PANNE.with_name("panne-reseau.reference.yaml")
    code, out, _ = run(
        capsys, "drill", "run", PANNE, "--responses", responses, "--out", tmp_path / "d",
        "--trainee", "Alice", "--db", db,
    )  # fmt: skip
    assert code == 0 and "panne-reseau : 100/100 (réussi) — Alice" in out  # the drill speaks French
    assert {"debrief.md", "debrief.html", "score.json", "responses.yaml", "run.json"} <= {
        p.name for p in (tmp_path / "d").iterdir()
    }
    code, out, _ = run(capsys, "drill", "results", "--db", db, "--trainee", "Alice")
    assert code == 0 and out.startswith("Alice — 1 exercice, moyenne 100")
    code, out, _ = run(capsys, "drill", "results", "--db", db, "--json")
    assert json.loads(out)[0]["drills"][0]["scenario"] == "panne-reseau"


def test_run_without_a_trainee_or_database_stores_nothing(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("VIGIE_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    responses = PANNE.with_name("panne-reseau.poor.yaml")
    code, out, _ = run(capsys, "drill", "run", PANNE, "--responses", responses, "--out", "d")
    assert code == 0 and "(non réussi)" in out and "✘ Troll nourri" in out
    assert not (tmp_path / "var").exists()


def test_validate_reports_located_errors_and_exits_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "panne-reseau.broken.yaml"
    bad.write_text("scenario: panne-reseau\nactions:\n  - {at: 5m, do: delete, message: m99}\n")
    good = PANNE.with_name("panne-reseau.reference.yaml")
    (tmp_path / "panne-reseau.yaml").write_text(_absolute(PANNE), encoding="utf-8")
    code, out, err = run(capsys, "drill", "validate", PANNE, good, bad)
    assert code == 2
    assert out.count(": ok") == 2
    assert f"{bad}:3:26: actions[0].message: no message 'm99' in the scenario" in err


def test_list_shows_every_scenario(capsys) -> None:
    code, out, _ = run(capsys, "drill", "list", DRILLS)
    assert code == 0
    for name in ("panne-reseau", "campagne-pub", "rumeur-fuite", "influencer-callout"):
        assert name in out


def test_a_trainer_adds_a_manual_score(tmp_path: Path, capsys) -> None:
    responses = CAMPAGNE.with_name("campagne-pub.reference.yaml")
    out_dir = tmp_path / "d"
    run(capsys, "drill", "run", CAMPAGNE, "--responses", responses, "--out", out_dir)
    before = json.loads((out_dir / "score.json").read_text(encoding="utf-8"))
    code, _, _ = run(
        capsys, "drill", "grade", out_dir, "--score", "posture=7", "--reason", "clair", "--by", "Léa",
    )  # fmt: skip
    after = json.loads((out_dir / "score.json").read_text(encoding="utf-8"))
    posture = next(c for c in after["criteria"] if c["id"] == "posture")
    assert code == 0 and posture["points"] == 7 and posture["by"] == "Léa"
    assert after["max"] == before["max"] + 10
    assert "Noté par Léa" in (out_dir / "debrief.md").read_text(encoding="utf-8")
    code, _, err = run(capsys, "drill", "grade", out_dir, "--score", "charisme=3")
    assert code == 2 and "no manual criterion charisme" in err


def _absolute(scenario: Path) -> str:
    """The scenario's text with its charter and plan named by absolute paths (to copy it)."""
    text = scenario.read_text(encoding="utf-8")
    for key in ("charter", "playbook"):
        line = next(li for li in text.splitlines() if li.strip().startswith(f"{key}:"))
        relative = line.split(":", 1)[1].strip()
        text = text.replace(line, f"  {key}: {(scenario.parent / relative).resolve()}")
    return text
