"""Reports: the week's figures (volume, actions per rule, overturned share, time to first action,
appeals) on the page, as CSV and printable; the after-action report of the incident."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.review.web.weekly import compute_week, parse_week
from bot.store.cases import CaseRepository
from tests.review.conftest import Console


def _review_some(console: Console) -> None:
    repo, at = CaseRepository(console.db), console.clock.now()
    repo.decide(1, "julien", "confirm", at)
    repo.decide(8, "julien", "overturn", at + timedelta(minutes=5))
    repo.appeal("u141", "pas du spam", at, decision_id=49)


def test_the_week_figures(console: Console) -> None:
    _review_some(console)
    figures = compute_week(console.db, 2026, 11, "Europe/Paris")
    assert figures.label == "2026-W11"
    assert dict(figures.volume)["2026-03-12"] > 200
    rules = {rule: count for rule, count, _ in figures.actions_per_rule}
    assert rules["nouveaux-comptes-liens"] >= 7 and rules["harcelement"] == 1
    assert (figures.reviewed, figures.overturned, figures.overturn_share) == (2, 1, 0.5)
    assert figures.appeals == {"open": 1}
    assert figures.first_action_median is not None


def test_the_report_page_csv_and_printable_page(console: Console) -> None:
    _review_some(console)
    client = console.login("claire")
    page = client.get("/reports").text
    assert "Rapport de la semaine 2026-W11" in page and "50\xa0%" in page and "<svg" in page
    response = client.get("/reports/week.csv?week=2026-W11")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["week", "section", "item", "value"]
    assert ["2026-W11", "review", "overturn_share", "0.5000"] in rows
    printable = client.get("/reports/print?week=2026-W11").text
    assert 'class="printable"' in printable and "Exporter en CSV" not in printable


def test_an_empty_week_and_a_bad_week_label(console: Console) -> None:
    client = console.login("claire")
    assert "2026-W02" in client.get("/reports?week=2026-W02").text
    assert parse_week("last week") is None and parse_week("2026-W99") is None


def test_the_after_action_report_of_the_incident(console: Console) -> None:
    client = console.login("claire")
    listing = client.get("/reports/incidents").text
    assert "opalia-20260312-1409" in listing
    page = client.get("/reports/incidents/opalia-20260312-1409").text
    assert "Chronologie" in page and "<svg" in page  # the report in the account's language
    standalone = client.get("/reports/incidents/opalia-20260312-1409/report.html")
    assert standalone.status_code == 200 and "<h1>Incident" in standalone.text
    assert client.get("/reports/incidents/nope").status_code == 404
