"""The bad-buzz wave (charters/samples/badbuzz_wave.jsonl) through the example charter: hundreds of
members repeating the same complaints and slogans, a spam raid at the same time, insults, threats
and hate inside complaints. No legitimate message is sanctioned, nobody innocent is banned, every
violation is acted on and every threat deleted or escalated. Also the sample days, and Vigie's own
suites (threats, hyperbole, counter-speech, complaints) against the issue's targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.charter.loader import load_charter
from bot.core.message import message_from_dict
from bot.ml.suites import SUITES, evaluate_suites
from bot.moderation.audit import StreamAudit
from bot.moderation.engine import ModerationEngine

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "charters/samples"


def replay(charter: str, stream: str) -> StreamAudit:
    engine = ModerationEngine(load_charter(ROOT / charter))
    audit = StreamAudit()
    for line in (SAMPLES / stream).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        audit.add(engine.process(message_from_dict(record)), record["labels"])
    return audit


def test_the_wave_sanctions_no_complaint_and_acts_on_every_violation() -> None:
    audit = replay("charters/fr/opalia.yaml", "badbuzz_wave.jsonl")
    assert audit.legitimate > 800
    assert audit.sanctioned == []
    assert audit.banned_innocents == set()
    assert set(audit.violations) == {"insult", "threat", "hate", "spam", "personal_data"}
    assert audit.missed == []
    assert audit.threats_unhandled == []


@pytest.mark.parametrize(
    ("charter", "stream"),
    [
        ("charters/fr/opalia.yaml", "opalia_day.jsonl"),
        ("charters/fr/opalia.yaml", "calm_day.jsonl"),
        ("charters/en/opalia.yaml", "opalia_day_en.jsonl"),
    ],
    ids=["opalia-day", "calm-day", "opalia-day-en"],
)
def test_sample_days_sanction_no_legitimate_message(charter: str, stream: str) -> None:
    audit = replay(charter, stream)
    assert audit.sanctioned == []
    assert audit.banned_innocents == set()


def test_the_wave_is_what_the_generator_writes() -> None:
    """The .jsonl is generated: a hand edit would make the test above measure something else."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_badbuzz", SAMPLES / "make_badbuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import random

    records = module.build(random.Random(module.SEED))
    written = [json.loads(line) for line in (SAMPLES / "badbuzz_wave.jsonl").open(encoding="utf-8")]
    assert records == written


# The targets on Vigie's own suites (rules and detectors only, no model loaded).
TARGETS = {
    "threats_direct": 0.95,
    "threats_conditional": 0.95,
    "threats_staff_places": 0.95,
    "threats_groups": 0.95,
    "hyperbole_gaming_quoting_news": 0.99,
    "counter_speech": 0.95,
    "complaints": 1.0,
    "derogation": 0.95,
    "dehumanisation": 0.95,
    "slurs_and_evasions": 0.95,
    "targeted_profanity": 0.95,
    "untargeted_profanity": 0.95,
    "positive_group_statements": 0.95,
    "negation_and_neutral_group_talk": 0.95,
}
TARGETS.update({f"{name}_blind": TARGETS[name] for name in list(TARGETS) if "threats" in name})
# The held-out suites were never tuned on: only the protection promise is asserted on them (the
# threat and hate figures are reported by `vigie model suites`, see the note of issue 12).
TARGETS.update({"holdout_complaints": 1.0, "holdout_group_neutral": 0.95})
# Blind set A of the second round: measured before the changes, then tuned on (the note of issue
# 12 has its before and after figures; sets B and C are reported, not asserted).
TARGETS.update(
    {
        f"blind_a_{name}": target
        for name, target in {
            "threats_direct": 0.95,
            "threats_conditional": 0.95,
            "threats_third_person_staff": 0.95,
            "threats_groups_places": 0.95,
            "hyperbole_gaming_quoting_news": 0.99,
            "counter_speech": 0.95,
            "negation": 0.95,
            "positive_neutral_groups": 0.95,
            "derogation": 0.95,
            "dehumanisation": 0.95,
        }.items()
    }
)


def test_own_suites_meet_the_targets() -> None:
    charter = load_charter(ROOT / "charters/fr/opalia.yaml")
    results = evaluate_suites(lambda message: ModerationEngine(charter).decide(message))
    assert set(TARGETS) <= {r.name for r in results}
    for result in (r for r in results if r.name in TARGETS):
        assert result.cases >= (40 if result.name in SUITES else 6)
        assert result.rate >= TARGETS[result.name], (result.name, result.failures)
