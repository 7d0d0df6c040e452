"""Any text at all (control characters, lone surrogates, emoji, 100 kB) never makes a detector
raise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.detectors import wordlists
from bot.detectors.history import History
from bot.detectors.registry import DETECTORS
from bot.text.normalize import normalize

from .support import context, message

# A typical charter's configuration of every detector.
TYPICAL = {
    "keywords": {
        "lists": list(wordlists.LIST_NAMES),
        "words": ["encul*", "je vais (te|vous) tuer"],
    },
    "regex": {"patterns": [r"(?i)free\s+nitro", r"\d{4,}"]},
    "links": {"deny": ["grabify.link"], "allow": ["discord.gg/vigie"], "max_links": 3},
    "mentions": {"max": 5},
    "caps": {"ratio": 0.7, "min_letters": 12},
    "flood": {"count": 5, "window": "10s"},
    "duplicates": {
        "min_authors": 3,
        "same_author_repeats": 3,
        "window": "5m",
        "raids_only": True,
    },
    "personal_data": {},
    "newcomer": {"max_account_age": "7d", "max_member_age": "24h"},
    "classifier": {"label": "toxic", "threshold": 0.8},
    "threats": {"level": "clear"},
    "hate_target": {},
}
CONFIGS = {name: DETECTORS[name].Config.model_validate(config) for name, config in TYPICAL.items()}

ANY_CHARACTER = st.characters(codec=None, exclude_categories=())  # surrogates and controls too
TRICKY = st.sampled_from(
    [
        "\x00",
        "\u200b",
        "\ufeff",
        "\u202e",
        "\ud800",
        "🤬",
        "👨\u200d👩\u200d👧",
        "é",
        "е",
        "@",
        "<@123>",
        "@everyone",
        "discord.gg/",
        "http://",
        "06 12 34 56 78",
        "FR76 ",
        "4111 1111 1111 1111",
        "c o n",
        "(",
        "*",
        "\n",
        " ",
        "1",
    ]
)
TEXTS = st.lists(st.one_of(st.text(ANY_CHARACTER, max_size=20), TRICKY), max_size=30).map("".join)


def scores():
    return {"toxic": 0.5, "hate": 0.1}


def check_all(text: str, history: History) -> None:
    msg = message(text, at=1, mentions=3)
    ctx = context(msg, history, scores)
    for name, module in DETECTORS.items():
        detection = module.detect(msg, CONFIGS[name], ctx)
        assert detection.detector == name
        assert module.explain(detection, "fr") and module.explain(detection, "en")
    history.observe(msg, ctx.text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_random_text_never_raises(text: str) -> None:
    history = History()
    for seconds in range(3):  # a little history, so that flood and duplicates compare
        history.observe(message(text, author="u2", at=seconds), normalize(text))
    check_all(text, history)


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "c0nn4rd " * 12_500,
        "🤬" * 50_000,
        "@everyone <@1> " * 7_000,
        "06 12 34 56 78 " * 7_000,
        "https://discord.gg/abc " * 4_500,
        "\x00\u200b\ud800" * 33_000,
        "c o n n a r d " * 7_000,
        ("Salut tout le monde ! " * 5_000)[:100_000],
    ],
    ids=[
        "letters",
        "leet-words",
        "emoji",
        "mentions",
        "phones",
        "invites",
        "controls",
        "spaced",
        "sentences",
    ],
)
def test_hundred_kilobytes(text: str) -> None:
    check_all(text, History())
