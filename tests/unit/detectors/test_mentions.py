"""The mentions detector: mass mentions counted once per person, and @everyone / @here."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.detectors import mentions

from .support import message, run

CASES = [
    # (text, platform count, config, matched, observed)
    ("@alice @bob @carol", 0, {"max": 3}, False, 3),
    ("@alice @bob @carol @dave", 0, {"max": 3}, True, 4),
    ("<@1> <@!2> <@&3> <@4>", 0, {"max": 3}, True, 4),
    ("<@1> <@1> <@1> <@1>", 0, {"max": 3}, False, 1),
    ("<@123456789012345678> <@!223456789012345678>", 0, {"max": 1}, True, 2),
    ("@Alice @alice @ALICE", 0, {"max": 1}, False, 1),
    ("salut tout le monde", 6, {"max": 5}, True, 6),
    ("<@1> <@2>", 2, {"max": 5}, False, 2),
    ("écris à jean@example.com", 0, {"max": 0}, False, 0),
    ("@everyone venez voir", 0, {}, True, 0),
    ("@here !", 0, {}, True, 0),
    ("@everyone venez voir", 0, {"everyone": False}, False, 0),
    ("rien de spécial", 0, {}, False, 0),
]
IDS = [
    "at-the-limit",
    "over-the-limit",
    "discord-users-and-roles",
    "same-person-counts-once",
    "snowflake-ids-count-once-each",
    "handles-ignore-case",
    "platform-count",
    "platform-and-text-not-added",
    "email-is-not-a-mention",
    "everyone",
    "here",
    "everyone-allowed",
    "none",
]


@pytest.mark.parametrize(("text", "count", "config", "matched", "observed"), CASES, ids=IDS)
def test_detect(text: str, count: int, config: dict, matched: bool, observed: int) -> None:
    detection = run(mentions, message(text, mentions=count), config)
    assert detection.matched is matched
    assert detection.observed == observed


def test_everyone_is_the_excerpt() -> None:
    detection = run(mentions, "@Everyone regardez", {})
    assert detection.excerpt == "@everyone"
    assert detection.detail["everyone"] == "@everyone"


def test_max_cannot_be_negative() -> None:
    with pytest.raises(ValidationError):
        mentions.Config(max=-1)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("@everyone", "fr", "Le message mentionne @everyone, qui alerte tout le monde."),
        ("@here", "en", "The message mentions @here, which alerts everyone."),
        ("@alice @bob @carol", "fr", "Le message mentionne 3 personnes ou rôles (limite : 2)."),
        ("@alice @bob @carol", "en", "The message mentions 3 people or roles (limit: 2)."),
        ("@alice", "fr", "1 mention, dans la limite de 2."),
        ("@alice @bob", "en", "2 mentions, within the limit of 2."),
    ],
    ids=["everyone-fr", "here-en", "mass-fr", "mass-en", "fine-fr", "fine-en"],
)
def test_explain(text: str, lang: str, expected: str) -> None:
    assert mentions.explain(run(mentions, text, {"max": 2}), lang) == expected
