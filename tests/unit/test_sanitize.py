"""Text the store cannot take is cleaned, field by field; a clean message is passed on as it is."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.core.message import Author, Message
from bot.core.sanitize import sanitized

CLEAN = Message(
    id="m1",
    ts=datetime(2026, 4, 2, 12, tzinfo=UTC),
    author=Author(id="u1", name="Zoé", roles=("membre",)),
    text="Bonjour à tous 👋",
    channel="général",
    reply_to="m0",
)


def test_a_clean_message_is_passed_on_untouched() -> None:
    message, changes = sanitized(CLEAN)
    assert message is CLEAN and changes == []


@pytest.mark.parametrize(
    ("poison", "said"),
    [
        ({"text": "nul \x00 dedans"}, "text: NUL"),
        ({"text": "surrogate \ud800 seul"}, "text: NUL"),
        ({"id": "m\x001"}, "id: NUL"),
        ({"platform": "disc\udc00ord"}, "platform: NUL"),
        ({"community": "op\x00alia"}, "community: NUL"),
        ({"channel": "c\ud800"}, "channel: NUL"),
        ({"channel": "c" * 129}, "channel: longer than 128"),
        ({"reply_to": "r\x00"}, "reply_to: NUL"),
        ({"reply_to": "r" * 129}, "reply_to: longer than 128"),
        ({"author": Author(id="u\x00")}, "author.id: NUL"),
        ({"author": Author(id="u1", name="N" * 257)}, "author.name: longer than 256"),
        ({"author": Author(id="u1", name="\ud800")}, "author.name: NUL"),
        ({"author": Author(id="u1", roles=("ok", "r\x00"))}, "author.roles: NUL"),
    ],
    ids=lambda value: str(value)[:30],
)
def test_each_field_the_store_cannot_take_is_cleaned_and_said(
    poison: dict[str, object], said: str
) -> None:
    message, changes = sanitized(replace(CLEAN, **poison))  # type: ignore[arg-type]
    assert [change for change in changes if change.startswith(said)], changes
    assert sanitized(message) == (message, [])  # once cleaned, nothing is left to clean
