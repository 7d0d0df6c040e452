"""Slash command names, descriptions and options from the message catalog.

Discord takes one default text per name or description, then one per client locale from a
translator when the commands are synced. The default is the catalog's fallback language; every
other language the catalog has is given to the clients of that language (`fr` for French
clients, `es` would serve `es-ES` and `es-419`), so a new `.po` file is all a language needs.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.i18n.catalog import FALLBACK, messages


def slash(key: str) -> app_commands.locale_str:
    """The default text of `key`, carrying the key so the translator can find its translations."""
    return app_commands.locale_str(messages().text(FALLBACK, key), key=key)


def options(*names: str) -> dict[str, app_commands.locale_str]:
    """The shown names of a command's options (for `app_commands.rename`), by parameter name."""
    return {name: slash(f"discord.slash.option.{name}") for name in names}


def language_of(locale: discord.Locale) -> str:
    """The catalog language of a Discord locale ("en-US" → "en")."""
    return locale.value.split("-")[0].lower()


class CatalogNames(app_commands.Translator):
    """Every name and description in the language of each client the catalog speaks."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The text of `string` in `locale`'s language; None where the default already is it."""
        key, lang = string.extras.get("key"), language_of(locale)
        if key is None or lang == FALLBACK or lang not in messages().languages:
            return None
        return messages().text(lang, key)
