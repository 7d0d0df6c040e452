"""Vigie's curated word lists, which charters refer to by name (`lists: [insults_fr]`).

Each list is a UTF-8 text file in this package, one entry per line, `#` starting a comment line.
Entries use the keywords detector's syntax: a word, a phrase, `word*` for a prefix, and
`(a|b)` for alternatives; a line starting with `!` is an exception, where a match is not
reported. Lists are read once and cached: they never change while the bot runs.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from bot.i18n.catalog import messages

_PACKAGE = files(__name__)

LIST_NAMES: tuple[str, ...] = tuple(
    sorted(
        entry.name.removesuffix(".txt")
        for entry in _PACKAGE.iterdir()
        if entry.name.endswith(".txt")
    )
)

# The themes of the lists (the part of the name before the language): the catalog names each
# one (`detectors.list.<theme>`) for explanations.
THEMES = ("insults", "sms", "hate", "threats", "sexual", "scam")


@cache
def load(name: str) -> tuple[str, ...]:
    """The entries of the list `name`; raises KeyError with the valid names if there is none."""
    if name not in LIST_NAMES:
        raise KeyError(f"no word list named {name!r}; lists: {', '.join(LIST_NAMES)}")
    content = _PACKAGE.joinpath(f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in content.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def title(name: str, lang: str) -> str:
    """How a sentence names the list: "des insultes" / "of insults", or the list's own name."""
    theme = name.split("_", 1)[0]
    if theme in THEMES:
        return messages().text(lang, f"detectors.list.{theme}")
    return messages().text(lang, "detectors.list_named", name=name)
