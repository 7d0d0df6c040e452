"""The regex detector: RE2 patterns on the folded or original text, rejected when RE2 cannot
run them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.detectors import regex

from .support import run

CASES = [
    # (text, config, matched, excerpt)
    ("Gagnez 500€ par jour", {"patterns": [r"gagnez \d+"]}, True, "gagnez 500"),
    ("G4GNEZ 500€ par jour", {"patterns": [r"gagnez \d+"]}, True, "gagnez 500"),
    ("Gagnez 500€ par jour", {"patterns": [r"Gagnez"], "on": "original"}, True, "Gagnez"),
    ("gagnez 500€", {"patterns": [r"Gagnez"], "on": "original", "ignore_case": False}, False, None),
    ("GAGNEZ 500€", {"patterns": [r"gagnez"], "on": "original"}, True, "GAGNEZ"),
    ("un café crème", {"patterns": [r"cafe"]}, True, "cafe"),
    ("un café crème", {"patterns": [r"cafe"], "on": "original"}, False, None),
    ("rien à voir", {"patterns": [r"crypto", r"nitro"]}, False, None),
    ("free nitro", {"patterns": [r"crypto", r"nitro"]}, True, "nitro"),
    ("a\ud800b nitro", {"patterns": [r"nitro"], "on": "original"}, True, "nitro"),
    ("a" * 50_000 + "!", {"patterns": [r"(a+)+$"]}, False, None),
]
IDS = [
    "folded",
    "folded-undoes-leetspeak",
    "original",
    "case-sensitive",
    "case-insensitive-by-default",
    "folded-has-no-accents",
    "original-keeps-accents",
    "none-of-several",
    "second-of-several",
    "lone-surrogate",
    "catastrophic-pattern-is-linear",
]


@pytest.mark.parametrize(("text", "config", "matched", "excerpt"), CASES, ids=IDS)
def test_detect(text: str, config: dict, matched: bool, excerpt: str | None) -> None:
    detection = run(regex, text, config)
    assert detection.matched is matched
    assert detection.excerpt == excerpt


def test_evidence_names_the_pattern_and_span() -> None:
    detection = run(
        regex, "Bonjour, free nitro ici", {"patterns": ["crypto", "free (nitro|robux)"]}
    )
    assert detection.detail == {"pattern": "free (nitro|robux)", "on": "folded"}
    assert detection.span == (9, 19)


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1", "invalid escape sequence"),
        (r"(?=a)b", "invalid perl operator"),
        (r"(?<=a)b", "invalid perl operator"),
        (r"(?!a)b", "invalid perl operator"),
        (r"[abc", "missing ]"),
        (r"a{2,1}", "invalid repetition size"),
    ],
    ids=[
        "backreference",
        "lookahead",
        "lookbehind",
        "negative-lookahead",
        "unclosed-class",
        "bad-repeat",
    ],
)
def test_patterns_re2_cannot_run_are_rejected(pattern: str, reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        regex.Config(patterns=["fine", pattern])
    text = str(error.value)
    assert "RE2 cannot compile this pattern" in text
    assert reason in text


def test_at_least_one_pattern() -> None:
    with pytest.raises(ValidationError):
        regex.Config(patterns=[])


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("free nitro", "fr", "Le motif « nitro » correspond à « nitro »."),
        ("free nitro", "en", "The pattern “nitro” matches “nitro”."),
        ("bonjour", "fr", "Aucun motif de la charte ne correspond."),
        ("bonjour", "en", "No pattern of the charter matches."),
    ],
    ids=["match-fr", "match-en", "none-fr", "none-en"],
)
def test_explain(text: str, lang: str, expected: str) -> None:
    assert regex.explain(run(regex, text, {"patterns": ["nitro"]}), lang) == expected
