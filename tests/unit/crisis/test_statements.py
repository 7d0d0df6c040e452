"""Statements are publishable as written: French articles contract and elide where a variable
meets the template ("de" + "des perturbations"), and the next update is a real time from the
plan's cadence, in the community's timezone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.crisis.french import fill
from bot.crisis.loader import load_playbook
from bot.crisis.statements import Situation, render
from bot.i18n.formats import clock_time
from tests.unit.crisis.helpers import T0

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("template", "value", "expected"),
    [
        ("connaissance de {s}.", "des perturbations", "connaissance des perturbations."),
        ("connaissance de {s}.", "une panne", "connaissance d'une panne."),
        ("connaissance de {s}.", "le réseau", "connaissance du réseau."),
        ("connaissance de {s}.", "les coupures", "connaissance des coupures."),
        ("Suite à {s}.", "les coupures", "Suite aux coupures."),
        ("Suite à {s}.", "le incident", "Suite à l'incident."),
        ("connaissance de {s}.", "la offre", "connaissance de l'offre."),
        ("De {s}.", "une panne", "D'une panne."),
        ("Nous pensons que {s}.", "il pleut", "Nous pensons qu'il pleut."),
        ("désolés pour {s}.", "des perturbations", "désolés pour des perturbations."),
        ("connaissance de {s}.", "perturbations", "connaissance de perturbations."),
        ("avant {s}.", "14:00", "avant 14:00."),
        ("code:{s}", "abc", "code:abc"),
    ],
    ids=[
        "de-des",
        "de-une",
        "de-le",
        "de-les",
        "a-les",
        "a-le-elided",
        "de-la-elided",
        "capital-de",
        "que-il",
        "other-preposition-untouched",
        "no-article",
        "time",
        "no-space",
    ],
)
def test_french_seams(template: str, value: str, expected: str) -> None:
    assert fill(template, {"s": value}) == expected


@pytest.mark.parametrize(
    ("plan", "template", "expected"),
    [
        (
            "playbooks/fr/opalia.yaml",
            "reponse-attente",
            "Nous avons connaissance des perturbations de nos services depuis 13:00.",
        ),
        (
            "playbooks/en/opalia.yaml",
            "holding",
            "We have been aware of disruptions to our services since 1:00\u202fPM.",
        ),
    ],
    ids=["fr", "en"],
)
def test_the_shipped_holding_statement_is_publishable(
    plan: str, template: str, expected: str
) -> None:
    """Regression: "Nous avons connaissance de des perturbations… avant bientôt"."""
    playbook = load_playbook(ROOT / plan)
    at = T0 + timedelta(minutes=12)  # 13:12 in Paris; the level-2 cadence is 2 h
    situation = Situation("c1", "c1-x", 2, T0, at, None)
    text = render(playbook, template, situation, {})[playbook.meta.languages[0]]
    assert expected in text
    assert "de des" not in text and "bientôt" not in text and "soon" not in text
    # The next update: 13:12 Paris time + 2 h, as the plan's language writes a time.
    lang, zone = playbook.meta.languages[0], playbook.meta.timezone
    assert clock_time(at + timedelta(hours=2), lang, zone) in text
    assert clock_time(at + timedelta(hours=2), "fr", "Europe/Paris") == "15:12"
