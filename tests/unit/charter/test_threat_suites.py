"""The threat side of Vigie's own suites (issue 12, threats round), rules and detectors only.

Sets D and E were measured blind, then tuned on: their figures are asserted so the mechanisms
that closed them stay. Set F is the round's blind measure, reported by `vigie model suites`, not
asserted. The grammar's trigger is checked against every suite message: a row that would match a
message the trigger lets through unread is a threat missed for speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.charter.loader import load_charter
from bot.detectors.speech import joined_words
from bot.detectors.threat_patterns import ANY_PATTERN, GRAMMAR_TRIGGER, PATTERNS
from bot.ml.suite_blind import BLIND_A, BLIND_B, BLIND_C
from bot.ml.suite_blind_threats_d import BLIND_D
from bot.ml.suite_blind_threats_e import BLIND_E
from bot.ml.suite_blind_threats_f import BLIND_F
from bot.ml.suites import evaluate_suites
from bot.moderation.engine import ModerationEngine
from bot.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[3]
TARGETS = {
    # Rules only: with the shipped models D and E reach 1.0 on every threat functionality.
    "blind_d_threats_direct": 0.95,
    "blind_d_threats_conditional": 0.95,
    "blind_d_threats_third_person_staff": 0.95,
    "blind_d_threats_groups_places": 0.95,
    "blind_d_hyperbole_gaming_quoting_news": 1.0,
    "blind_d_counter_speech": 0.95,
    "blind_d_negation": 0.95,
    "blind_e_threats_direct": 0.9,
    "blind_e_threats_conditional": 0.95,
    "blind_e_threats_third_person_staff": 0.9,
    "blind_e_threats_groups_places": 0.95,
    "blind_e_hyperbole_gaming_quoting_news": 1.0,
    "blind_e_counter_speech": 0.95,
    "blind_e_negation": 0.95,
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_tuned_threat_sets_meet_their_targets(lang: str) -> None:
    charter = load_charter(ROOT / f"charters/{lang}/opalia.yaml")
    results = evaluate_suites(lambda message: ModerationEngine(charter).decide(message))
    found = {r.name: r for r in results}
    assert set(TARGETS) <= set(found)
    for name, target in TARGETS.items():
        assert found[name].rate >= target, (name, found[name].failures)
    assert {"blind_f_threats_direct", "blind_f_negation"} <= set(found)  # reported


def test_no_threat_row_matches_what_the_trigger_skips() -> None:
    texts = [
        text
        for blind in (BLIND_A, BLIND_B, BLIND_C, BLIND_D, BLIND_E, BLIND_F)
        for _, cases in blind.values()
        for text in cases
    ]
    for text in texts:
        words = joined_words(normalize(text))
        if ANY_PATTERN.search(words) or GRAMMAR_TRIGGER.search(words):
            continue
        assert not [p for p in PATTERNS if p.regex.search(words)], text
