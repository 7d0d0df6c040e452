"""The few grammar rules a template cannot hold: French elision before a name ("d'Opalia",
"de Vigie"), in the typographic apostrophe used by the catalog."""

from __future__ import annotations

import unicodedata

_ELIDING = set("aeiouyh")


def _starts_with_vowel_sound(word: str) -> bool:
    first = unicodedata.normalize("NFD", word.strip()[:1].lower())[:1]
    return first in _ELIDING


def of_name(name: str, lang: str) -> str:
    """`name` as the complement of a noun: "d’Opalia", "de Vigie" in French, "of Opalia" in
    English."""
    if lang != "fr":
        return f"of {name}"
    return f"d’{name}" if _starts_with_vowel_sound(name) else f"de {name}"
