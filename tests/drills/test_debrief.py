"""The debrief: the files are written, the Markdown shows the score and every criterion with its
points and reasons, the timeline chart is valid SVG, the expectations and the moderation are
tabled, the advice follows from the mistakes, and score.json holds the same figures."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bot.drills.debrief import write_debrief
from tests.drills.helpers import PANNE, SCENARIOS, drill, play_file

FILES = {"debrief.md", "debrief.html", "timeline.svg", "score.json", "events.jsonl"}


@pytest.fixture(scope="module")
def poor(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("poor")
    record, card = play_file(PANNE, "poor")
    write_debrief(drill(PANNE), record, card, out)
    return out, card


def test_every_file_is_written(poor) -> None:
    out, _ = poor
    assert {p.name for p in out.iterdir()} >= FILES


def test_the_markdown_has_the_score_and_each_criterion_with_its_reasons(poor) -> None:
    out, card = poor
    text = (out / "debrief.md").read_text(encoding="utf-8")
    assert f"**Note : {card.score:g}/100 — non réussi (seuil : 60)**" in text
    for criterion in card.criteria:
        assert f"| {criterion.title} | {criterion.points:g} | {criterion.max:g} |" in text
        assert f"### {criterion.title} — {criterion.points:g} / {criterion.max:g}" in text
    assert "✘ Troll nourri : réponse à m18 (Zorg_du_93)" in text
    assert "![Chronologie de l'exercice](timeline.svg)" in text


def test_the_markdown_tables_expectations_moderation_and_statements(poor) -> None:
    out, _ = poor
    text = (out / "debrief.md").read_text(encoding="utf-8")
    assert "## Ce que le plan attendait, ce qui s'est passé" in text
    assert "| niveau 2 | 15:34 | — | ✘ manqué |" in text
    assert "| m04 | complaint | — | garder | delete | ✘ |" in text
    assert "| m10 | complaint, insult | delete, warn | retirer | — | ✘ |" in text
    assert "> Mise au point : nous ne sommes pas responsables" in text


def test_the_advice_follows_from_the_mistakes(poor) -> None:
    out, _ = poor
    advice = (out / "debrief.md").read_text(encoding="utf-8").split("## Conseils")[1]
    assert "Ne supprimez jamais une critique" in advice
    assert "Ne répondez pas à un troll" in advice
    assert "Une rumeur se corrige par des faits" in advice  # the scenario's own 'why'
    assert "Ne rejetez pas la faute" in advice


def test_the_chart_is_valid_svg_with_the_four_lanes(poor) -> None:
    out, _ = poor
    root = ET.fromstring((out / "timeline.svg").read_text(encoding="utf-8"))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"Foule", "Presse, réseaux, cellule", "Attendu", "Stagiaire"} <= set(texts)
    assert "15:00" in texts and "17:30" in texts


def test_the_html_page_inlines_the_chart(poor) -> None:
    out, card = poor
    html = (out / "debrief.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "<svg" in html and f"Note : {card.score:g}/100" in html


def test_score_json_holds_the_figures(poor) -> None:
    out, card = poor
    data = json.loads((out / "score.json").read_text(encoding="utf-8"))
    assert data["score"] == card.score and data["passed"] is False
    assert {c["id"]: c["points"] for c in data["criteria"]} == {
        c.id: round(c.points, 2) for c in card.criteria
    }
    assert {f["code"] for f in data["failures"]} >= {"bulk_delete", "troll_fed"}
    assert data["moderation"]["missed"] == card.removals.missed


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_a_debrief_is_written_for_every_scenario_in_its_language(
    tmp_path: Path, path: Path
) -> None:
    record, card = play_file(path, "reference")
    write_debrief(drill(path), record, card, tmp_path)
    text = (tmp_path / "debrief.md").read_text(encoding="utf-8")
    heading = "# Debrief" if drill(path).lang == "en" else "# Débriefing"
    assert text.startswith(heading)
    ET.fromstring((tmp_path / "timeline.svg").read_text(encoding="utf-8"))
