"""Wording helpers: the language picked for a member, the charter as Telegram text."""

from __future__ import annotations

import pytest

from bot.adapters.telegram.commands import chunks, plain_text
from bot.adapters.telegram.translate import pick_language


@pytest.mark.parametrize(
    ("code", "languages", "expected"),
    [
        ("fr", ("fr", "en"), "fr"),
        ("en-GB", ("fr", "en"), "en"),
        ("de", ("fr", "en"), "fr"),
        (None, ("en", "fr"), "en"),
        ("EN", ("fr", "en"), "en"),
    ],
    ids=["fr", "regional-en", "unspoken", "unknown", "upper-case"],
)
def test_pick_language(code: str | None, languages: tuple[str, ...], expected: str) -> None:
    assert pick_language(code, languages) == expected


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("# Charte\n\n## Les règles", "Charte\n\nLes règles"),
        ("*Gravité 2/4* — texte", "Gravité 2/4 — texte"),
        ("- un\n- deux", "• un\n• deux"),
        ("**gras** et *italique*", "gras et italique"),
    ],
    ids=["headings", "emphasis", "bullets", "bold"],
)
def test_plain_text(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("a\n\nb", 10, ["a\n\nb"]),
        ("aaaa\n\nbbbb", 6, ["aaaa", "bbbb"]),
        ("abcdefgh", 3, ["abc", "def", "gh"]),
        ("", 10, []),
    ],
    ids=["fits", "between-paragraphs", "long-paragraph", "empty"],
)
def test_chunks(text: str, limit: int, expected: list[str]) -> None:
    assert chunks(text, limit) == expected
