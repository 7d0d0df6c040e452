"""Any text, however odd, is decided without error (empty, huge, control characters, emoji)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.charter.loader import load_charter
from bot.moderation.engine import ModerationEngine

CHARTER = load_charter(Path(__file__).resolve().parents[3] / "charters" / "fr" / "opalia.yaml")


@pytest.fixture(scope="module")
def engine() -> ModerationEngine:
    return ModerationEngine(CHARTER)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_random_text_never_raises(engine, message, text) -> None:
    decision = engine.process(message(text))
    assert len(decision.outcomes) == len(CHARTER.rules)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02\x1b[31m",
        "😀" * 500,
        "🔥💯👍",
        "a" * 100_000,
        "connard " * 12_000,
        "\u200b" * 50,
        "\ud7ff\ue000\U0010ffff",
        "https://" + "a." * 5000 + "com",
        "0" * 5000,
    ],
    ids=[
        "empty",
        "space",
        "control",
        "emoji-500",
        "emoji-only",
        "100kB",
        "100kB-insults",
        "zero-width",
        "edge-codepoints",
        "huge-url",
        "digits",
    ],
)
def test_odd_messages_are_decided(engine, message, text) -> None:
    decision = engine.process(message(text))
    assert decision.message.text == text
