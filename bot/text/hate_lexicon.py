"""Vigie's identity-target and hate lexicon (`lexicons/hate.txt`): one parser for every reader.

The normaliser unmasks slurs with it, the targeted-hate detector takes its group words from it,
and the toxicity model turns every kind into lexicon and conjunction features. Terms are folded
once here (case, accents), so readers compare them with folded text directly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PATH = Path(__file__).with_name("lexicons") / "hate.txt"
KINDS = (
    "group",
    "slur",
    "attack",
    "dehumanise",
    "hatred",
    "violence",
    "exclude",
    "counter",
    "profanity",
)
LANGS = ("fr", "en")
_HEADER = re.compile(r"\[(\w+) (\w+)\]")


class LexiconError(ValueError):
    """A malformed lexicon file (the message names the line)."""


@dataclass(frozen=True, slots=True)
class HateLexicon:
    """Folded terms by (kind, language), in file order."""

    entries: dict[tuple[str, str], tuple[str, ...]]

    def terms(self, kind: str, lang: str | None = None) -> tuple[str, ...]:
        """The terms of one kind, in one language or (None) both, without duplicates."""
        langs = LANGS if lang is None else (lang,)
        return tuple(dict.fromkeys(t for g in langs for t in self.entries.get((kind, g), ())))


def fold_term(term: str) -> str:
    """A term as folded text writes it: case and accents folded, apostrophes and hyphens as
    spaces, single spaces."""
    text = unicodedata.normalize("NFKD", term.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w ]", " ", text).split())


def parse(text: str, source: str = "hate.txt") -> HateLexicon:
    """The lexicon in `text`; a term before any header, an unknown kind or language, or a term
    of more than two words is an error naming `source` and the line."""
    entries: dict[tuple[str, str], list[str]] = {}
    section: tuple[str, str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _HEADER.fullmatch(line)
        if header:
            section = (header.group(1), header.group(2))
            if section[0] not in KINDS or section[1] not in LANGS:
                raise LexiconError(f"{source}:{number}: unknown section [{line[1:-1]}]")
            entries.setdefault(section, [])
            continue
        term = fold_term(line)
        if section is None or not term or len(term.split()) > 2:
            raise LexiconError(f"{source}:{number}: not a term of one or two words in a section")
        entries[section].append(term)
    return HateLexicon({k: tuple(dict.fromkeys(v)) for k, v in entries.items()})


@cache
def hate_lexicon() -> HateLexicon:
    """The shipped lexicon (read once: it is package data, never changed at run time)."""
    return parse(PATH.read_text(encoding="utf-8"), str(PATH))
