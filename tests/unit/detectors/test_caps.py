"""The caps detector: share of capitals among cased letters, for messages long enough to judge."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.detectors import caps

from .support import run

CASES = [
    # (text, config, matched, score)
    ("ARRÊTEZ DE SPAMMER LE SALON", {}, True, 1.0),
    ("Arrêtez de spammer le salon", {}, False, 1 / 23),
    ("OK LOL", {}, False, 1.0),
    ("ABCDEFGhij", {"ratio": 0.7, "min_letters": 10}, True, 0.7),
    ("ABCDEFghij", {"ratio": 0.7, "min_letters": 10}, False, 0.6),
    ("REGARDEZ https://example.com/ABCDEFGHIJ", {"min_letters": 5}, True, 1.0),
    ("regardez https://example.com/ABCDEFGHIJKLMNOP", {"min_letters": 5}, False, 0.0),
    ("salut <@123> <:KEKW:456> :PEPE_LAUGH: ça va", {"min_letters": 5}, False, 0.0),
    ("ПРЕКРАТИТЕ НЕМЕДЛЕННО", {}, True, 1.0),
    ("1234 !!! 🎉🎉", {"min_letters": 1}, False, 0.0),
    ("", {}, False, 0.0),
]
IDS = [
    "shouting",
    "normal",
    "too-short",
    "at-the-ratio",
    "under-the-ratio",
    "link-ignored-shouting",
    "link-ignored-normal",
    "mentions-and-emoji-codes-ignored",
    "cyrillic-capitals",
    "no-letters",
    "empty",
]


@pytest.mark.parametrize(("text", "config", "matched", "score"), CASES, ids=IDS)
def test_detect(text: str, config: dict, matched: bool, score: float) -> None:
    detection = run(caps, text, config)
    assert detection.matched is matched
    assert detection.score == pytest.approx(score, abs=1e-4)


@pytest.mark.parametrize(
    "config",
    [{"ratio": 0}, {"ratio": 1.5}, {"min_letters": 0}],
    ids=["zero-ratio", "ratio-over-one", "no-letters"],
)
def test_invalid_config(config: dict) -> None:
    with pytest.raises(ValidationError):
        caps.Config.model_validate(config)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "ARRÊTEZ DE SPAMMER LE SALON",
            "fr",
            "100\xa0% de majuscules sur 23 lettres, ce qui atteint le seuil de 70\xa0%.",
        ),
        (
            "ARRÊTEZ DE SPAMMER LE SALON",
            "en",
            "100% capitals over 23 letters, which reaches the threshold of 70%.",
        ),
        (
            "Arrêtez De Spammer",
            "fr",
            "19\xa0% de majuscules sur 16 lettres, ce qui reste sous le seuil de 70\xa0%.",
        ),
        ("OK LOL", "fr", "Message trop court pour juger des majuscules (5 lettres, minimum 12)."),
        ("OK LOL", "en", "Message too short to judge capitals (5 letters, minimum 12)."),
    ],
    ids=["match-fr", "match-en", "under-fr", "short-fr", "short-en"],
)
def test_explain(text: str, lang: str, expected: str) -> None:
    assert caps.explain(run(caps, text, {}), lang) == expected
