"""Masked slurs: "n*gger", "p*d*", "b*ugnoule", "nèg.re" read as the slur they hide.

A word that hides letters behind `*`, `#` or `%` (one letter each) or splits itself with `.`, `-`
or `_` (a letter or nothing) is compared with the slurs of Vigie's hate lexicon that start with
its first letter and have a possible length; it is replaced when exactly one slur fits and at
least two letters, and as many letters as masks, are visible. Only slurs are unmasked ("sh*t"
and "f*ck" are left as they are), so ordinary hyphenated words ("peut-être") never change: no
slur fits them.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bot.text.hate_lexicon import hate_lexicon

_HIDE = "*#%"
_SPLIT = "._-"
# A word with a mask or an inner split mark between letters ("n*gger", "p*d*", "neg.re").
_CANDIDATE = re.compile(
    r"(?<![\w*#%])(?=[a-z*#%._\-]*(?:[*#%]|[a-z][._\-]+[a-z]))"
    r"[a-z*#%][a-z*#%._\-]*[a-z*#%](?![\w*#%])"
)
_HAS_MARK = re.compile(r"[*#%]|[a-z][._\-]+[a-z]")
_LETTERS = re.compile(r"[a-z]+")


def _index() -> dict[str, tuple[str, ...]]:
    by_first: defaultdict[str, list[str]] = defaultdict(list)
    for slur in hate_lexicon().terms("slur"):
        if " " not in slur:
            by_first[slur[0]].append(slur)
    return {first: tuple(slurs) for first, slurs in by_first.items()}


_SLURS = _index()
_ALL = tuple(sorted({s for slurs in _SLURS.values() for s in slurs}))


def _pattern(word: str) -> re.Pattern[str]:
    parts = []
    for ch in word:
        if ch in _HIDE:
            parts.append("[a-z]")
        elif ch in _SPLIT:
            parts.append("[a-z]?")
        else:
            parts.append(ch)
    return re.compile("".join(parts))


def unmask_word(word: str) -> str | None:
    """The one slur a masked word hides, or None (no mask, too little shown, none or several)."""
    hidden = sum(word.count(ch) for ch in _HIDE)
    letters = sum(ch.isalpha() for ch in word)
    if (not hidden and not _HAS_MARK.search(word)) or letters < 2 or letters < hidden:
        return None
    if not hidden and max(map(len, _LETTERS.findall(word))) < 2:
        return None  # "c.o.n": a spaced-out word, which the normaliser joins as it stands
    splits = sum(word.count(ch) for ch in _SPLIT)
    shortest, longest = letters + hidden, letters + hidden + splits
    pool = _SLURS.get(word[0], ()) if word[0].isalpha() else _ALL
    pattern = _pattern(word)
    found = {s for s in pool if shortest <= len(s) <= longest and pattern.fullmatch(s)}
    return found.pop() if len(found) == 1 else None


def _replace(match: re.Match[str]) -> str:
    word = match.group(0)
    return unmask_word(word) or word


def unmask_slurs(text: str) -> str:
    """`text` (folded: lower case, no accents) with every masked slur written out."""
    if not any(ch in text for ch in "*#%._-"):
        return text
    return _CANDIDATE.sub(_replace, text)
