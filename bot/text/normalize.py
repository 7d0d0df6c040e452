"""Normalisation of message text against the evasions people use to slip past moderation.

Two forms come out of `normalize`:
- `folded`: NFKC, zero-width characters removed, homoglyphs of mixed-script words mapped to Latin,
  case, accents and ligatures folded, leetspeak decoded inside words that mix letters and digits,
  spaced or dotted letters joined, runs of three or more identical characters (not digits) cut to
  two, masked slurs written out ("n*gger", see `masked.py`), SMS abbreviations expanded. Regexes and the classifiers read this form.
- `skeleton` words: each folded word with every repeated letter collapsed to one, so that
  "connnnard", "conard" and "connard" meet. Keyword lists are compared in this form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.text.masked import unmask_slurs

# Characters that render as nothing and are used to split a word invisibly.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d"
        "\u206e\u206f\u3164\ufe0f\ufeff\uffa0",
    ),
    None,
)

# Cyrillic and Greek letters that look like Latin ones (lower case: applied after casefold).
_HOMOGLYPHS = str.maketrans(
    dict(
        zip(
            "аеорсухіјѕԁɡһкмтвнпьӏɑαβεηικμνοπρτυχωςѵ",
            "aeopcyxijsdghkmtbhnbiaabenikuvonptuxwcv",
            strict=True,
        )
    )
)
_LATIN = re.compile(r"[a-z]")
_HOMOGLYPH_CHARACTER = re.compile(
    "[" + "".join(chr(code) for code in _HOMOGLYPHS if chr(code).isalpha()) + "]"
)
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-z]")

_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "€": "e",
        "!": "i",
        "|": "l",
        "+": "t",
    }
)
# A word where a letter touches a leet character ("c0nn4rd", "$alope"; not a plain number like
# 2024, nor "rdv à 14h"): only those words pay for the decoding.
_LEET_CHARS = "0134578 9@$€!|+".replace(" ", "")
_LEET_WORD = re.compile(
    rf"(?<![\w@$€!|+])(?=[\w@$€!|+]*(?:[a-z][{_LEET_CHARS}]|[{_LEET_CHARS}][a-z]))"
    r"[\w@$€!|+]+(?![\w@$€!|+])"
)
_HAS_LEET = re.compile(r"[0134578 9@$€!|+]".replace(" ", ""))

# "c o n n a r d", "c.o.n", "c-o-n-n-a-r-d", "c🤬o🤬n": three or more single letters with
# separators (emoji included). Digits are left apart: "il y a 3 ans" is not a disguised word.
_SEPARATOR = r" .\-_*·•/\\\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
# One separator throughout: "ur a n-i-g-g-e-r" joins "n-i-g-g-e-r", not the "a" before it.
_SPACED = re.compile(rf"(?<!\w)[^\W\d_]([{_SEPARATOR}]+)(?:[^\W\d_]\1)+[^\W\d_](?!\w)")
_SEPARATORS = re.compile(rf"[{_SEPARATOR}]+")
# Runs of a repeated character other than a digit ("connnnard"; but 1000 stays 1000).
_LONG_RUNS = re.compile(r"(\D)\1{2,}")
# Ligatures that NFKC keeps but people type either way ("sœur" / "soeur"), and Latin letters
# that no accent folding reaches but that stand for a plain one ("bicøts", "łe").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
_REPEATS = re.compile(r"(\D)\1+")  # not digits: "100" and "10" are different numbers
_WORD = re.compile(r"\w+")
STEM = 3  # letters of a word that index prefix entries ("encul*" is found under "enc")

# Common French and English SMS spellings, expanded so lists and models see the full words.
SMS_ABBREVIATIONS: dict[str, str] = {
    "bcp": "beaucoup",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pcq": "parce que",
    "pck": "parce que",
    "stp": "s'il te plait",
    "svp": "s'il vous plait",
    "jsp": "je sais pas",
    "jpp": "j'en peux plus",
    "tkt": "t'inquiete",
    "mdr": "mort de rire",
    "ptdr": "mort de rire",
    "slt": "salut",
    "bjr": "bonjour",
    "cc": "coucou",
    "dsl": "desole",
    "qqn": "quelqu'un",
    "qq": "quelques",
    "tjr": "toujours",
    "tjrs": "toujours",
    "auj": "aujourd'hui",
    "ajd": "aujourd'hui",
    "mtn": "maintenant",
    "pr": "pour",
    "ds": "dans",
    "vs": "vous",
    "ns": "nous",
    "rdv": "rendez-vous",
    "kdo": "cadeau",
    "koi": "quoi",
    "keske": "qu'est-ce que",
    "chui": "je suis",
    "chuis": "je suis",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ppl": "people",
    "idk": "i don't know",
    "imo": "in my opinion",
    "b4": "before",
}
_SMS = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, SMS_ABBREVIATIONS), key=len, reverse=True)) + r")\b"
)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A message's text in the forms detectors and models read."""

    original: str
    folded: str
    words: tuple[str, ...]
    skeleton_words: tuple[str, ...]
    # Every word in both forms, and their first letters: a detector with no entry among them
    # can say "nothing here" with one set operation instead of a loop.
    vocabulary: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()
    vocabulary_text: str = ""  # the vocabulary joined by spaces, for patterns over words

    @property
    def skeleton(self) -> str:
        """The skeleton words joined by single spaces."""
        return " ".join(self.skeleton_words)


class _AccentFolding(dict[int, str]):
    """A `str.translate` table that learns each character's unaccented form on first sight.

    Decomposing and filtering the whole text character by character in Python costs more than
    the rest of the normalisation; a translate table runs in C and only new characters pay.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        self[code] = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return self[code]


_ACCENTS = _AccentFolding()


def strip_accents(text: str) -> str:
    """Remove combining marks after canonical decomposition ("é" -> "e", "ç" -> "c")."""
    return text if text.isascii() else text.translate(_ACCENTS)


_TYPOGRAPHY = str.maketrans({"œ": "oe", "æ": "ae", "’": "'"})


def plain(text: str) -> str:
    """Case and accents folded, ligatures spelt out, typographic apostrophes made plain:
    how commands, role names and phrases a person types are compared (no evasion handling)."""
    return strip_accents(unicodedata.normalize("NFKC", text).casefold()).translate(_TYPOGRAPHY)


def _unmask_homoglyphs(word: str) -> str:
    # Only words that mix Latin with other letters are evasions; a Russian word stays Russian.
    if _LATIN.search(word) and _NON_LATIN_LETTER.search(word):
        return word.translate(_HOMOGLYPHS)
    return word


def _unmask_text(text: str) -> str:
    # Accented Latin letters are "non-Latin" to the word test, but only a homoglyph changes a word.
    if text.isascii() or not _HOMOGLYPH_CHARACTER.search(text):
        return " ".join(text.split())  # nothing but Latin letters: no homoglyph to unmask
    return " ".join(_unmask_homoglyphs(word) for word in text.split())


def _decode_leet(match: re.Match[str]) -> str:
    word = match.group(0)
    # Trailing "!" or "+" is punctuation ("connard!!!"), not a letter in disguise.
    core = word.rstrip("!|+")
    if not _HAS_LEET.search(core):
        return word
    return core.translate(_LEET) + word[len(core) :]


def _join_spaced(match: re.Match[str]) -> str:
    return _SEPARATORS.sub("", match.group(0))


def fold(text: str) -> str:
    """The `folded` form of `text` (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    text = _unmask_text(text)
    text = strip_accents(text).translate(_LIGATURES)
    text = _LEET_WORD.sub(_decode_leet, text)
    text = unmask_slurs(text)
    text = _SPACED.sub(_join_spaced, text)
    text = _LONG_RUNS.sub(r"\1\1", text)
    return _SMS.sub(lambda m: SMS_ABBREVIATIONS[m.group(1)], text)


@lru_cache(maxsize=65536)
def skeleton_word(word: str) -> str:
    """A word with every run of a repeated letter collapsed to one ("connnard" -> "conard")."""
    return _REPEATS.sub(r"\1", word)


def normalize(text: str) -> NormalizedText:
    """Normalise a message's text once for every detector and model that reads it."""
    folded = fold(text)
    words = tuple(_WORD.findall(folded))
    skeletons = tuple(map(skeleton_word, words))
    vocabulary = frozenset(words).union(skeletons)
    stems = frozenset([word[:STEM] for word in vocabulary])
    return NormalizedText(text, folded, words, skeletons, vocabulary, stems, " ".join(vocabulary))


def skeleton_phrase(phrase: str) -> tuple[str, ...]:
    """A keyword or phrase from a charter in skeleton form, to compare with skeleton words."""
    return tuple(skeleton_word(w) for w in _WORD.findall(fold(phrase)))
