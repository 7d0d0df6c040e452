"""Every text a trainee or a trainer reads in a drill (the feed, the results of actions, the
scoring's reasons, the debrief's headings), looked up in the message catalog under `drills.`; the
scenario's language picks the translation."""

from __future__ import annotations

from typing import Any

from bot.i18n.catalog import messages


def say(lang: str, key: str, **values: Any) -> str:
    """The drills' text `key` in `lang`, filled with `values` (from the message catalog)."""
    return messages().text(lang, f"drills.{key}", **values)
