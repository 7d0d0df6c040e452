"""The artifacts in models/ (made by `vigie model train`) load and behave on known examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ml.evasion import EVASIONS, disguise
from bot.ml.loader import load_scorer
from bot.ml.probes import COUNTER_PAIRS, PROBES
from bot.text.normalize import fold

MODELS = Path(__file__).resolve().parents[3] / "models"


@pytest.fixture(scope="module")
def scorer():
    return load_scorer(MODELS)


def score(scorer, text, label):
    return scorer.score(fold(text))[label]


def test_every_label_is_scored(scorer):
    assert set(scorer.labels) == {"toxic", "hate", "threat", "negative", "spam"}
    assert all(0.0 < t < 1.0 for t in scorer.thresholds.values())


@pytest.mark.parametrize(
    ("text", "label", "low", "high"), PROBES, ids=[f"{p[1]}:{p[0][:30]}" for p in PROBES]
)
def test_probe(scorer, text, label, low, high):
    assert low <= score(scorer, text, label) <= high


def test_polite_complaint_is_negative_not_toxic(scorer):
    text = "Bonjour, mon remboursement est en retard depuis deux semaines, merci de vérifier."
    assert score(scorer, text, "negative") > 0.6
    assert score(scorer, text, "toxic") < min(0.4, scorer.thresholds["toxic"])


def test_crypto_scam_is_spam(scorer):
    text = "🚀 Invest $100 and get $1000 in 24h! Crypto trading bot, join https://t.me/+xYz now"
    assert score(scorer, text, "spam") > 0.8


INSULTS = ["t'es vraiment un connard", "you are a fucking idiot", "ferme ta gueule salope"]
TARGETS = ["connard", "idiot", "salope"]


@pytest.mark.parametrize(
    "evasion",
    [
        "leetspeak",
        "spaced",
        "dotted",
        "homoglyphs",
        "zero_width",
        "stretched",
        "accented",
        "mixed_case",
    ],
)
@pytest.mark.parametrize(("text", "target"), list(zip(INSULTS, TARGETS, strict=True)), ids=TARGETS)
def test_evasion_costs_little(scorer, evasion, text, target):
    disguised = disguise(text, target, EVASIONS[evasion])
    assert disguised and disguised != text
    assert score(scorer, disguised, "toxic") >= score(scorer, text, "toxic") - 0.1
    assert score(scorer, disguised, "toxic") > 0.5


@pytest.mark.parametrize(
    ("insult", "other", "lang"), COUNTER_PAIRS, ids=[p[1][:40] for p in COUNTER_PAIRS]
)
def test_counter_speech_scores_lower_than_the_insult(scorer, insult, other, lang):
    assert score(scorer, other, "toxic") < score(scorer, insult, "toxic")


@pytest.mark.parametrize(
    ("insult", "other"),
    [
        ("you are an idiot", "calling someone an idiot is unacceptable"),
        ("t'es un connard", "traiter quelqu'un de connard, c'est inacceptable"),
    ],
    ids=["en", "fr"],
)
def test_counter_speech_is_below_the_threshold(scorer, insult, other):
    assert (
        score(scorer, other, "toxic") < scorer.thresholds["toxic"] < score(scorer, insult, "toxic")
    )


def test_explanation_names_the_insult(scorer):
    terms = [term for term, _ in scorer.explain(fold("t'es un gros c0nnard"), "toxic", 3)]
    assert "connard" in terms
