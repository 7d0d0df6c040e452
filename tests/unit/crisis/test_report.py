"""The after-action report: KPIs, timeline, escalations, statements, charts (valid SVG, inline in
HTML), checklist and the RETEX sections, from the memory store and from SQLite alike."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from bot.crisis.monitor import CrisisMonitor
from bot.crisis.report import build_report, kpis, render_html, write_report
from bot.crisis.state import MemoryCrisisStore
from tests.unit.crisis.helpers import T0, calm, complaints, feed, playbook

SURGE = T0 + timedelta(hours=1)


def _incident(store: MemoryCrisisStore | None = None) -> tuple[CrisisMonitor, str]:
    monitor = CrisisMonitor(playbook(), store)
    events = feed(monitor, [*calm(T0, 60), *complaints(SURGE, 7)])
    incident = next(e.incident for e in events if e.type == "crisis.incident.opened")
    case = next(e.data["case"] for e in events if e.type == "crisis.notify")
    statement = next(e.data["statement"] for e in events if e.type == "crisis.statement.proposed")
    monitor.ack(case, "claire", SURGE + timedelta(minutes=6))
    monitor.approve_statement(statement, "helene", SURGE + timedelta(minutes=12))
    monitor.check_item(incident, 0, "claire", SURGE + timedelta(minutes=3))  # type: ignore[arg-type]
    feed(monitor, calm(SURGE + timedelta(minutes=10), 180))
    return monitor, incident  # type: ignore[return-value]


def test_kpis_measure_detection_acknowledgement_and_first_statement() -> None:
    monitor, incident_id = _incident()
    incident = monitor.store.incident(incident_id)
    assert incident is not None and incident.closed_at is not None
    result = kpis(incident, monitor.store.samples(incident_id))
    assert result.acknowledge == timedelta(minutes=5, seconds=20)
    assert result.first_statement == timedelta(minutes=11, seconds=20)
    assert result.detect is not None and result.detect <= timedelta(minutes=2)
    assert not result.response_missed


KPI_WORDS = {
    "en": (
        "time to detect",
        "time to acknowledge",
        "time to first statement",
        "Timeline",
        "Facts",
        "acknowledged by claire",
        "approved by helene",
        "slow mode (level",
        "time (Europe/Paris)",
    ),
    "fr": (
        "délai de détection",
        "délai de prise en compte",
        "délai de première déclaration",
        "Chronologie",
        "Faits",
        "pris en compte par claire",
        "approuvée par helene",
        "mode lent (niveau",
        "heure (Europe/Paris)",
    ),
}
# What the French report must not show: English words of the timeline, states and charts, and
# times in ISO form or UTC.
NOT_IN_FRENCH = (
    "acknowledged by",
    "notified",
    "ack before",
    "did not acknowledge",
    "charter profile",
    "exhausted",
    "proposed",
    "Crisis level",
    "window)",
    ":00Z",
    "+00:00",
    "(UTC)",
)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_has_every_section(fmt: str, lang: str, tmp_path: Path) -> None:
    monitor, incident_id = _incident()
    report = build_report(monitor.store, incident_id, playbook(), lang=lang)
    files = write_report(report, tmp_path, fmt)
    text = files[0].read_text(encoding="utf-8")
    for needle in (*KPI_WORDS[lang], "Lire les messages", "RETEX"):
        assert needle in text, needle
    if lang == "fr":
        svgs = "".join(f.read_text(encoding="utf-8") for f in files if f.suffix == ".svg")
        assert [w for w in NOT_IN_FRENCH if w in text + svgs] == []
    for svg in [f for f in files if f.suffix == ".svg"]:
        ET.parse(svg)  # well-formed


def test_html_embeds_the_four_charts() -> None:
    monitor, incident_id = _incident()
    html = render_html(build_report(monitor.store, incident_id, playbook()))
    assert html.count("<svg") == 4


def test_an_unknown_incident_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        build_report(MemoryCrisisStore(), "nope")
