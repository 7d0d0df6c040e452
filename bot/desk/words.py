"""The words people type to Vigie in a chat (command names, `rule:`, "oui"), from the catalog.

One catalog entry per command or word (`command.report`: "signaler" in French, "report" in
English); an entry may hold several words separated by spaces, the first being the one menus
show ("mute timeout"). Every language's words are accepted wherever Vigie listens, so a command
typed in English works in a French community, and a new `.po` file adds its words everywhere.
"""

from __future__ import annotations

from bot.i18n.catalog import messages


def spoken(key: str, lang: str) -> tuple[str, ...]:
    """The words of `key` in `lang` (the catalog's fallback language for one it does not have)."""
    return tuple(messages().text(lang, key).lower().split())


def every(key: str) -> tuple[str, ...]:
    """The words of `key` in every language of the catalog, each once."""
    found: dict[str, None] = {}
    for lang in messages().languages:
        found.update(dict.fromkeys(spoken(key, lang)))
    return tuple(found)


def language_of(key: str, word: str) -> str | None:
    """The one language whose words for `key` include `word` (None if several or none do: "ack"
    and "note" are the same in French and English)."""
    langs = [lang for lang in messages().languages if word.lower() in spoken(key, lang)]
    return langs[0] if len(langs) == 1 else None
