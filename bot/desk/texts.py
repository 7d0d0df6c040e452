"""The desk's texts, from the message catalog (`bot/i18n`, keys `desk.*`): refusals,
confirmations, the statement of reasons of a moderator's sanction and the mod-log lines, with the
icons of the mod-log. Front ends render these; they do not write their own."""

from __future__ import annotations

from bot.i18n.catalog import MissingMessage, messages

PREFIX = "desk."
ICONS = {
    "warn": "⚠️",
    "timeout": "🔇",
    "kick": "👢",
    "ban": "⛔",
    "unban": "✅",
    "delete": "🗑️",
    "purge": "🧹",
    "note": "📝",
}


def known(key: str) -> bool:
    """Whether the catalog has the desk's text `key`."""
    return PREFIX + key in messages().keys("en")


def say(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang` (the catalog's fallback language for one it does not have); a
    plural text agrees with `count` when it is among the values."""
    n = values.get("count")
    if isinstance(n, int):
        others = {name: value for name, value in values.items() if name != "count"}
        try:
            return messages().plural(lang, PREFIX + key, n, **others)
        except MissingMessage:
            pass  # not a plural text: the count is just a value
    return messages().text(lang, PREFIX + key, **values)


def count(key: str, lang: str, n: int, **values: object) -> str:
    """The plural text `key` that agrees with `n`, in `lang`."""
    return messages().plural(lang, PREFIX + key, n, **values)


def action_name(action: str, lang: str) -> str:
    """The name of an action kind or a verdict, in `lang` (the kind itself if it has none)."""
    try:
        return messages().text(lang, PREFIX + f"action_{action}")
    except MissingMessage:
        return action
