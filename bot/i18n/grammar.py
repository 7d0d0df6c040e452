"""The few grammar rules a template cannot hold: elision before a name ("d’Opalia", "de Vigie"),
whose two forms are catalog entries, so a language without elision gives both the same text."""

from __future__ import annotations

import unicodedata

from bot.i18n.catalog import messages

_ELIDING = set("aeiouyh")


def _starts_with_vowel_sound(word: str) -> bool:
    first = unicodedata.normalize("NFD", word.strip()[:1].lower())[:1]
    return first in _ELIDING


def of_name(name: str, lang: str) -> str:
    """`name` as the complement of a noun: "d’Opalia", "de Vigie" in French, "of Opalia" in
    English."""
    elided = _starts_with_vowel_sound(name)
    return messages().text(
        lang, "grammar.of_name_elided" if elided else "grammar.of_name", name=name
    )
