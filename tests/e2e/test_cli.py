"""The `vigie` command end to end, in process: validate, render, schema, check, replay, purge and
per-user data, on the example charter and the bundled streams."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.charter.loader import load_charter
from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHARTER_FR = ROOT / "charters" / "fr" / "opalia.yaml"
CHARTER_EN = ROOT / "charters" / "en" / "opalia.yaml"
TINY = ROOT / "charters" / "samples" / "tiny.jsonl"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_accepts_the_example_charters(capsys) -> None:
    code, out, _ = run(capsys, "validate", CHARTER_FR, CHARTER_EN)
    # Each file's verdict in its own language (the charter's first).
    assert code == 0 and out.splitlines() == [f"{CHARTER_FR} : valide", f"{CHARTER_EN}: ok"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("meta: {id: x\n", ":2:1: malformed YAML here"),
        ("meta: {}\n", ":1:1: meta.id: required field missing"),
        ("", ":1:1: the file is empty"),
    ],
    ids=["broken-yaml", "missing-fields", "empty"],
)
def test_validate_reports_errors_with_exit_2_and_no_traceback(
    tmp_path, capsys, content, expected
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "validate", "--lang", "en", path)
    assert code == 2 and f"{path}{expected}" in err and "Traceback" not in err


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_render_prints_the_public_charter(capsys, lang) -> None:
    code, out, _ = run(capsys, "charter", "render", CHARTER_FR, "--lang", lang)
    heading = {
        "fr": "# Charte de modération — Communauté Opalia",
        "en": "# Moderation charter — Communauté Opalia",
    }
    assert code == 0 and out.startswith(heading[lang])
    assert ("Contester une décision" if lang == "fr" else "Appealing a decision") in out


def test_schema_is_json_with_the_detectors(capsys) -> None:
    code, out, _ = run(capsys, "charter", "schema")
    assert code == 0 and "personal_data" in json.loads(out)["$defs"]["DetectorClause"]["properties"]


def test_check_shows_the_whole_trace(capsys) -> None:
    code, out, _ = run(
        capsys, "check", "--no-models", "--charter", CHARTER_FR, "--json", "t'es qu'un c0nn4rd"
    )
    decision = json.loads(out)
    assert code == 0 and decision["matched"] == ["insultes"]
    assert len(decision["trace"]) == len(load_charter(CHARTER_FR).rules)  # fired or not
    assert "Pas d'insultes" in decision["notice"]  # the rule's title, in the author's language


def test_replay_writes_one_decision_per_message(tmp_path, capsys) -> None:
    code, out, _ = run(
        capsys, "replay", TINY, "--charter", CHARTER_FR, "--no-models", "--out", tmp_path
    )
    lines = [json.loads(line) for line in (tmp_path / "decisions.jsonl").read_text().splitlines()]
    ids = [json.loads(line)["id"] for line in TINY.read_text().splitlines()]
    assert code == 0 and [d["id"] for d in lines] == ids
    assert all({"id", "actions", "matched", "scores"} <= set(d) for d in lines)
    assert any(a["type"] == "delete" and a["rule"] for d in lines for a in d["actions"])
    assert "20 messages" in out


def broken_stream(tmp_path: Path) -> Path:
    good = TINY.read_text().splitlines()[:3]
    path = tmp_path / "broken.jsonl"
    path.write_text(
        "\n".join(
            [good[0], "{not json", good[1], '{"id": "x", "ts": "2026-01-01T00:00:00Z"}', good[2]]
        )
        + "\n"
    )
    return path


def test_replay_reports_and_skips_malformed_lines(tmp_path, capsys) -> None:
    code, out, err = run(
        capsys,
        "replay",
        broken_stream(tmp_path),
        "--charter",
        CHARTER_FR,
        "--no-models",
        "--out",
        tmp_path / "out",
    )
    decisions = (tmp_path / "out" / "decisions.jsonl").read_text().splitlines()
    assert code == 0 and len(decisions) == 3
    # Worded for the French charter's reader, each after its `file:line:` place.
    assert "broken.jsonl:2: JSON mal formé (colonne 2)" in err
    assert "broken.jsonl:4: champ « text » manquant" in err
    assert "2 lignes mal formées ignorées" in out  # the French charter: French


def test_replay_strict_stops_at_the_first_malformed_line(tmp_path, capsys) -> None:
    code, _, err = run(
        capsys,
        "replay",
        broken_stream(tmp_path),
        "--charter",
        CHARTER_FR,
        "--no-models",
        "--strict",
        "--out",
        tmp_path / "out",
    )
    assert code == 2 and "broken.jsonl:2:" in err and "--strict" in err


def test_replay_into_a_database_then_export_and_delete_a_member(tmp_path, capsys) -> None:
    db = f"sqlite:///{tmp_path}/v.db"
    assert (
        run(
            capsys,
            "replay",
            TINY,
            "--charter",
            CHARTER_FR,
            "--no-models",
            "--db",
            db,
            "--out",
            tmp_path,
        )[0]
        == 0
    )
    author = json.loads(TINY.read_text().splitlines()[0])["author"]["id"]
    code, out, _ = run(capsys, "user-data", "export", author, "--db", db)
    exported = json.loads(out)
    assert (
        code == 0
        and exported["messages"]
        and all(m["author_id"] == author for m in exported["messages"])
    )
    assert run(capsys, "user-data", "delete", author, "--db", db)[0] == 2  # asks for --yes
    code, out, _ = run(capsys, "user-data", "delete", author, "--db", db, "--yes")
    assert code == 0 and json.loads(out)["messages_erased"] >= 1
    _, out, _ = run(capsys, "user-data", "export", author, "--db", db)
    assert all(m["text"] is None for m in json.loads(out)["messages"])


def test_purge_erases_text_past_the_charter_retention(tmp_path, capsys) -> None:
    db = f"sqlite:///{tmp_path}/v.db"
    run(
        capsys,
        "replay",
        TINY,
        "--charter",
        CHARTER_FR,
        "--no-models",
        "--db",
        db,
        "--out",
        tmp_path,
    )
    code, out, _ = run(
        capsys, "purge", "--charter", CHARTER_FR, "--db", db, "--now", "2026-03-13T00:00:00Z"
    )
    assert code == 0 and json.loads(out)["texts_erased"] == 0  # a day later: within 30 days
    code, out, _ = run(
        capsys, "purge", "--charter", CHARTER_FR, "--db", db, "--now", "2026-05-01T00:00:00Z"
    )
    erased = json.loads(out)["texts_erased"]
    # Evidence stays: messages under an open case, and the threat (severity 4) for 3 years.
    threat = next(json.loads(line) for line in TINY.read_text().splitlines() if '"threat"' in line)
    _, exported, _ = run(capsys, "user-data", "export", threat["author"]["id"], "--db", db)
    kept = [m["text"] for m in json.loads(exported)["messages"] if m["message_id"] == threat["id"]]
    assert code == 0 and 10 <= erased < 20 and kept == [threat["text"]]
    _, out, _ = run(
        capsys, "purge", "--charter", CHARTER_FR, "--db", db, "--now", "2029-06-01T00:00:00Z"
    )
    # Past the evidence period, only what open cases still need is left.
    assert json.loads(out)["texts_erased"] == 0


def test_missing_input_file_is_a_clear_error(tmp_path, capsys) -> None:
    code, _, err = run(
        capsys, "replay", tmp_path / "nope.jsonl", "--charter", CHARTER_FR, "--no-models"
    )
    assert code == 2 and "nope.jsonl" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "playbooks").rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(ROOT / "playbooks")),
)
def test_every_bundled_plan_scenario_and_responses_file_validates(capsys, path: Path) -> None:
    code, out, err = run(capsys, "validate", "--lang", "en", path)
    assert code == 0 and out.strip() == f"{path}: ok", err


CUT = """meta: {id: cut}
rules:
  - text:
      fr: Les ventes vont dans #hors-sujet.
      en: "Sales go in #off-topic."
    threshold: 0.9  # a comment after a number is fine
    name: two words  # but after prose it may have cut a text
"""


def test_cut_texts_are_found_where_the_comment_starts(tmp_path) -> None:
    from bot.cuttexts import cut_texts

    found = cut_texts("c.yaml", CUT)
    assert [(c.line, c.column, c.kept, c.comment) for c in found] == [
        (4, 32, "Les ventes vont dans", "#hors-sujet."),
        (7, 22, "two words", "# but after prose it may have cut a text"),
    ]


@pytest.mark.parametrize(("strict", "code"), [(False, 0), (True, 2)], ids=["warns", "strict"])
def test_validate_warns_about_a_text_cut_by_a_comment(tmp_path, capsys, strict, code) -> None:
    charter = tmp_path / "opalia.yaml"
    text = CHARTER_FR.read_text(encoding="utf-8")
    quoted = '"Les ventes, échanges et sujets sans rapport avec Opalia vont dans #hors-sujet."'
    charter.write_text(text.replace(quoted, quoted.strip('"')), encoding="utf-8")
    argv = ["validate", charter, *(["--strict"] if strict else [])]
    got, out, err = run(capsys, *argv)
    assert got == code and "attention, le texte s’arrête à « Les ventes" in err  # French charter
    assert ("valide" in out) is not strict


def test_the_example_charters_render_whole(capsys) -> None:
    for charter in (CHARTER_FR, CHARTER_EN):
        code, _, err = run(capsys, "validate", "--strict", charter)
        assert code == 0 and "warning" not in err
        _, rendered, _ = run(capsys, "charter", "render", charter, "--lang", "fr")
        assert "vont dans #hors-sujet." in rendered
