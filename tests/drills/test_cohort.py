"""Results per trainee in the database (SQLite in a temporary folder): stored after each drill,
listed per trainee in the order played, with the mean and the progress from first to last."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.drills.cohort import progress, record_result, results_text, trainee_line
from bot.store.database import Database, open_database
from bot.store.drill_repo import DrillResults
from tests.drills.helpers import PANNE, SCENARIOS, play_file

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(f"sqlite:///{tmp_path}/vigie.db")
    yield database
    database.dispose()


def test_results_are_stored_and_listed_per_trainee_in_order(db: Database) -> None:
    _, poor = play_file(PANNE, "poor")
    _, good = play_file(PANNE, "reference")
    poor.trainee = good.trainee = "Alice"
    record_result(db, good, T0 + timedelta(days=7), Path("out/b"))
    record_result(db, poor, T0, Path("out/a"))
    english = next(p for p in SCENARIOS if p.stem == "influencer-callout")
    _, other = play_file(english, "reference")
    other.trainee = "Bob"
    record_result(db, other, T0)
    rows = DrillResults(db).list("Alice")
    assert [r.score for r in rows] == [poor.score, good.score]
    assert rows[0].failures and rows[0].played_at == T0 and rows[0].out_dir == "out/a"
    assert rows[1].criteria["detection"]["max"] == 20
    assert [r.trainee for r in DrillResults(db).list()] == ["Alice", "Alice", "Bob"]


def test_progress_is_the_change_from_the_first_drill_to_the_last(db: Database) -> None:
    _, poor = play_file(PANNE, "poor")
    _, good = play_file(PANNE, "reference")
    for n, card in enumerate([poor, good]):
        card.trainee = "Chloé"
        record_result(db, card, T0 + timedelta(days=n))
    (entry,) = progress(DrillResults(db).list())
    assert entry["trend"] == round(good.score - poor.score, 1)
    text = results_text(DrillResults(db).list(), "fr", "Europe/Paris")
    assert text.startswith("Chloé — 2 exercices, moyenne")
    assert "panne-reseau" in text and "critiques supprimées" in text and "bulk_delete" not in text
    assert "01/05/2026 11:00" in text  # 09:00 UTC, in Paris time and French order


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("fr", 1, "1 exercice,"),
        ("fr", 3, "3 exercices,"),
        ("en", 1, "1 drill,"),
        ("en", 2, "2 drills,"),
    ],
    ids=["fr-one", "fr-many", "en-one", "en-many"],
)
def test_the_header_agrees_with_the_number_of_drills(lang: str, count: int, expected: str) -> None:
    entry = {"trainee": "Chloé", "drills": [None] * count, "mean": 50.0, "trend": 0.0}
    assert expected in trainee_line(entry, lang)


def test_no_results_says_so() -> None:
    assert results_text([], "en") == "No results stored yet.\n"
