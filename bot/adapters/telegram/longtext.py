"""Texts longer than Telegram takes (4096 characters a message) cut into messages that it does.

Telegram refuses a longer text outright ("message is too long"), so a statement, a notice or a
crisis status that grew past the limit would never reach anyone. The cut falls on the last
paragraph break, else line break, else space before the limit, and never inside an HTML tag or
entity; tags still open at a cut are closed at the end of the part and opened again at the start
of the next, so each part is valid Telegram HTML when the whole was.
"""

from __future__ import annotations

import re

MAX_MESSAGE = 4096  # characters, after Telegram parsed the entities
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^<>]*)>|&[#\w]+;")


def split_text(text: str, limit: int = MAX_MESSAGE, *, html: bool = False) -> list[str]:
    """`text` as parts of at most `limit` visible characters (see the module docstring)."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    reopen = ""
    rest = text
    while rest:
        head, rest, still_open = _cut(rest, limit - len(reopen), html)
        closing = "".join(f"</{name}>" for name, _ in reversed(still_open))
        parts.append((reopen + head).strip() + closing)
        reopen = "".join(f"<{name}{attrs}>" for name, attrs in still_open)
        rest = rest.lstrip()
    return [part for part in parts if part]


def _cut(text: str, budget: int, html: bool) -> tuple[str, str, list[tuple[str, str]]]:
    """The first part of `text` (at most `budget` characters), the rest, and the HTML tags
    still open at the cut (name, attributes)."""
    budget = max(budget - 64, 64) if html else budget  # room for the closing tags
    if len(text) <= budget:
        return text, "", []
    end = _boundary(text, budget, _protected(text) if html else [])
    return text[:end], text[end:], _open_tags(text[:end]) if html else []


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans a cut must not fall into: tags and entities."""
    return [match.span() for match in _TAG.finditer(text)]


def _boundary(text: str, budget: int, protected: list[tuple[int, int]]) -> int:
    """Where to cut: the last paragraph break, line break or space before `budget`, outside
    tags and entities; a hard cut at `budget` (outside them) when the text has none."""

    def allowed(index: int) -> bool:
        return all(not start < index < end for start, end in protected)

    window = text[:budget]
    for separator in ("\n\n", "\n", " "):
        index = window.rfind(separator)
        while index > 0 and not allowed(index):
            index = window.rfind(separator, 0, index)
        if index > budget // 2:
            return index
    index = budget
    while index > 1 and not allowed(index):
        index -= 1
    return index


def _open_tags(text: str) -> list[tuple[str, str]]:
    stack: list[tuple[str, str]] = []
    for match in _TAG.finditer(text):
        closing, name, attrs = match.group(1), match.group(2), match.group(3)
        if name is None:
            continue
        if closing:
            if stack and stack[-1][0] == name:
                stack.pop()
        else:
            stack.append((name, attrs or ""))
    return stack


def truncate(text: str, limit: int = MAX_MESSAGE, *, html: bool = False) -> str:
    """`text` cut to one message on the same boundaries as `split_text`, marked "…" when cut
    (tags still open at the cut are closed)."""
    parts = split_text(text, limit - 1, html=html)
    return parts[0] if len(parts) == 1 else f"{parts[0]}…"
