"""The terminal session's own texts (help, prompt, status lines), in French and English."""

from __future__ import annotations

from typing import Any

from bot.i18n.catalog import messages


def line(lang: str, key: str, **values: Any) -> str:
    """One of the terminal's texts in `lang` (from the message catalog)."""
    return messages().text(lang, f"drills.terminal.{key}", **values)


def help_text(lang: str) -> str:
    """The terminal's list of commands in `lang`."""
    return messages().text(lang, "drills.terminal.help")
