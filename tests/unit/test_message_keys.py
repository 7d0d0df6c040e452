"""Message keys and versions: no two messages share a key, whatever their ids hold; text the
database cannot store is cleaned and said."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.actions.base import ActionContext
from bot.core.message import Author, Message
from bot.core.sanitize import sanitized

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _message(community: str, mid: str, platform: str = "discord", **fields: object) -> Message:
    fields.setdefault("text", "x")
    return Message(mid, T0, Author("u1"), platform=platform, community=community, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(("a:b", "c"), ("a", "b:c"), id="colon-moves"),
        pytest.param(("a", "b@1"), ("a", "b"), id="at-sign"),
        pytest.param(("a%3Ab", "c"), ("a:b", "c"), id="escape-itself"),
    ],
)
def test_keys_of_different_messages_never_collide(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    one, two = _message(*first), _message(*second)
    assert one.key != two.key
    assert ActionContext.for_message(one, T0).key != ActionContext.for_message(two, T0).key


def test_a_very_long_key_is_hashed_to_fit_the_outbox() -> None:
    one, two = _message("c" * 200, "m" * 200), _message("c" * 200, "m" * 199 + "n")
    keys = {ActionContext.for_message(m, T0).key for m in (one, two)}
    assert len(keys) == 2 and all(len(k) <= 200 for k in keys)


def test_an_edit_is_a_new_version_and_a_repost_is_not() -> None:
    original = _message("c1", "m1")
    repost = Message("m1", T0 + timedelta(hours=1), Author("u1"), "y", "discord", "c1")
    edit = _message("c1", "m1", edited=True)
    assert original.version == repost.version == 0
    assert edit.version == int(T0.timestamp() * 1000)


@pytest.mark.parametrize(
    ("fields", "expected", "change"),
    [
        pytest.param({"text": "a\x00b"}, {"text": "ab"}, "text: NUL", id="nul"),
        pytest.param(
            {"text": "a\ud800b"}, {"text": "a\ufffdb"}, "text: NUL or lone", id="surrogate"
        ),
        pytest.param(
            {"channel": "c" * 300}, {"channel": "c" * 127 + "…"}, "channel: longer", id="channel"
        ),
    ],
)
def test_unstorable_text_is_cleaned_and_said(
    fields: dict[str, str], expected: dict[str, str], change: str
) -> None:
    cleaned, changes = sanitized(_message("c1", "m1", **fields))
    assert {name: getattr(cleaned, name) for name in expected} == expected
    assert changes and changes[0].startswith(change)


def test_a_long_author_name_is_truncated_with_a_mark() -> None:
    message = Message("m1", T0, Author("u1", name="N" * 1000), "x")
    cleaned, changes = sanitized(message)
    assert cleaned.author.name == "N" * 255 + "…" and changes


def test_a_clean_message_is_left_alone() -> None:
    message = _message("c1", "m1")
    assert sanitized(message) == (message, [])
