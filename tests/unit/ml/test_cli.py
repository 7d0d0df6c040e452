"""`vigie score` and the argument parsers of the `model` commands."""

from __future__ import annotations

import argparse
import json

import pytest

from bot.ml.artifact import save_model
from bot.ml.cli import register


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="vigie")
    register(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    return args.handler(args)


@pytest.fixture
def models(tmp_path, tiny_model):
    save_model(tiny_model, tmp_path / "models" / "tiny")
    return tmp_path / "models"


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


MESSAGE = {
    "id": "m1",
    "ts": "2026-03-01T09:00:00Z",
    "author": {"id": "u1"},
    "text": "you are an idiot",
}


def test_score_writes_one_line_per_message(tmp_path, models):
    source = _write(tmp_path / "in.jsonl", [MESSAGE, {**MESSAGE, "id": "m2", "text": "merci"}])
    out = tmp_path / "out.jsonl"
    assert (
        run(
            "score",
            str(source),
            "--out",
            str(out),
            "--models",
            str(models),
            "--only",
            "tiny",
            "--explain",
            "2",
        )
        == 0
    )
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["m1", "m2"]
    assert set(lines[0]["scores"]) == {"toxic", "spam"}
    assert lines[0]["scores"]["toxic"] > lines[1]["scores"]["toxic"]
    assert "toxic" in lines[0]["explain"]


@pytest.mark.parametrize("content", ['{"id": "m1"}\n', "not json\n"], ids=["no-text", "not-json"])
def test_bad_input_exits_2_naming_the_line(tmp_path, models, capsys, content):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(MESSAGE) + "\n" + content)
    assert run("score", str(source), "--models", str(models), "--only", "tiny") == 2
    assert f"{source}:2:" in capsys.readouterr().err


def test_missing_input_exits_2(tmp_path, models):
    assert (
        run("score", str(tmp_path / "nope.jsonl"), "--models", str(models), "--only", "tiny") == 2
    )


def test_missing_models_exit_1_with_the_reason(tmp_path, capsys):
    source = _write(tmp_path / "in.jsonl", [MESSAGE])
    assert run("score", str(source), "--models", str(tmp_path / "none")) == 1
    assert "models unavailable" in capsys.readouterr().err


def test_train_and_eval_refuse_a_missing_data_folder(tmp_path, capsys):
    assert (
        run("model", "train", "--data", str(tmp_path / "nodata"), "--out", str(tmp_path / "m")) == 2
    )
    assert run("model", "eval", "--data", str(tmp_path / "nodata")) == 2
    assert "data folder not found" in capsys.readouterr().err


def test_train_with_too_little_feedback_is_refused(tmp_path, monkeypatch, capsys):
    from bot.ml.datasets import TRAIN, Example

    one_click = [Example("t'es nul", {"toxic": 1}, "fr", "feedback", TRAIN)]
    monkeypatch.setattr("bot.ml.cli._feedback_examples", lambda db: one_click)
    out = tmp_path / "models"
    assert run("model", "train", "--data", str(tmp_path), "--out", str(out), "--with-feedback") == 1
    assert "too few verdicts" in capsys.readouterr().err
    assert not out.exists()


def test_suites_reports_every_functionality_without_a_model(capsys):
    from pathlib import Path

    charter = Path(__file__).resolve().parents[3] / "charters/fr/opalia.yaml"
    assert run("model", "suites", "--charter", str(charter)) == 0
    lines = capsys.readouterr().out.splitlines()
    names = {line.split()[0] for line in lines if line.strip() and not line.startswith(" ")}
    assert {"threats_direct", "complaints", "counter_speech", "holdout_threats"} <= names
    # The blind hate set: decisions per functionality, and its table per language.
    assert {"blind_hate_d_slurs", "blind_hate_d_identity_positive"} <= names
    assert [line.split()[:2] for line in lines if line.startswith("all ")] == [
        ["all", "fr"],
        ["all", "en"],
    ] * 2


def test_suites_says_which_charter_it_cannot_read(tmp_path, capsys):
    missing = tmp_path / "nope.yaml"
    assert run("model", "suites", "--charter", str(missing)) == 2
    assert str(missing) in capsys.readouterr().err
