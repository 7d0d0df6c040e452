"""The evasions people use to slip an insult past a filter, applied to one word of a message.

Used by the evaluation: the word that contributes most to a toxic score is disguised, the message
is folded and scored again, and the drop in score says how much each evasion still costs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})
_HOMOGLYPH = str.maketrans(
    {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у", "i": "і"}
)
_ACCENT = str.maketrans({"a": "à", "e": "é", "i": "ï", "o": "ö", "u": "ü", "c": "ç"})


def leetspeak(word: str) -> str:
    """idiot -> 1d107."""
    return word.translate(_LEET)


def spaced(word: str) -> str:
    """idiot -> i d i o t."""
    return " ".join(word)


def dotted(word: str) -> str:
    """idiot -> i.d.i.o.t."""
    return ".".join(word)


def homoglyphs(word: str) -> str:
    """idiot -> іdіоt with Cyrillic letters that look Latin."""
    return word.translate(_HOMOGLYPH)


def zero_width(word: str) -> str:
    """idiot with a zero-width space between letters (invisible on screen)."""
    return "\u200b".join(word)


def stretched(word: str) -> str:
    """idiot -> iiidiiiooot: every vowel tripled."""
    return re.sub(r"([aeiouy])", r"\1\1\1", word)


def accented(word: str) -> str:
    """idiot -> ïdïöt."""
    return word.translate(_ACCENT)


def mixed_case(word: str) -> str:
    """idiot -> IdIoT."""
    return "".join(c.upper() if i % 2 == 0 else c.lower() for i, c in enumerate(word))


def masked(word: str) -> str:
    """idiot -> id*ot: the middle letter hidden by an asterisk."""
    middle = len(word) // 2
    return word[:middle] + "*" + word[middle + 1 :] if len(word) > 3 else word


def misspelt(word: str) -> str:
    """idiot -> idot: one interior letter dropped (normalisation cannot undo it)."""
    middle = len(word) // 2
    return word[:middle] + word[middle + 1 :] if len(word) > 3 else word


EVASIONS: dict[str, Callable[[str], str]] = {
    "leetspeak": leetspeak,
    "spaced": spaced,
    "dotted": dotted,
    "homoglyphs": homoglyphs,
    "zero_width": zero_width,
    "stretched": stretched,
    "accented": accented,
    "mixed_case": mixed_case,
    "masked": masked,
    "misspelt": misspelt,
}


def disguise(text: str, target: str, evasion: Callable[[str], str]) -> str | None:
    """`text` with every occurrence of the word `target` (case-insensitive) disguised, or None
    if the word does not occur as such."""
    pattern = re.compile(rf"(?<!\w){re.escape(target)}(?!\w)", re.IGNORECASE)
    if not pattern.search(text):
        return None
    return pattern.sub(lambda m: evasion(m.group(0)), text)
