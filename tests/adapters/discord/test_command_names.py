"""The slash commands as Discord receives them at sync: every name, description and option from the
message catalog, the default in the catalog's fallback language and each other catalog language
given to its clients, every name one Discord accepts."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.adapters.discord.commands import MemberCommands, build_tree
from bot.adapters.discord.localized import CatalogNames, language_of
from bot.adapters.discord.moderation_commands import ModerationCommands
from bot.i18n.catalog import FALLBACK, messages

# Discord's rule for chat-input command and option names (its API reference, "Application
# Command Naming"): 1-32 characters, letters of any script, digits, "-" and "_", lowercase.
_NAME = re.compile(r"^[-_\w]{1,32}$")
OTHERS = [lang for lang in messages().languages if lang != FALLBACK]


def _locale(lang: str) -> discord.Locale:
    return next(locale for locale in discord.Locale if language_of(locale) == lang)


async def _payloads() -> list[dict[str, Any]]:
    client = discord.Client(intents=discord.Intents.none())
    unused: Any = None
    tree = build_tree(
        client,
        MemberCommands(unused, unused, lambda: None),
        ModerationCommands(unused, unused, lambda: None),
    )
    translator = CatalogNames()
    commands: list[Any] = [
        *tree.get_commands(),
        *tree.get_commands(type=discord.AppCommandType.user),
    ]
    commands += tree.get_commands(type=discord.AppCommandType.message)
    return [await command.get_translated_payload(tree, translator) for command in commands]


def _walk(payload: dict[str, Any], path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every named item (command, subcommand, option) with where it is, for failure messages."""
    here = f"{path}/{payload['name']}"
    found = [(here, payload)]
    for option in payload.get("options", ()):
        found += _walk(option, here)
    return found


async def test_every_name_and_description_is_given_in_every_other_catalog_language() -> None:
    missing = [
        (where, field, lang)
        for payload in await _payloads()
        for where, item in _walk(payload)
        for field in ("name", "description")
        if item.get(field)
        for lang in OTHERS
        if _locale(lang).value not in (item.get(f"{field}_localizations") or {})
    ]
    assert missing == []


async def test_every_name_is_one_discord_accepts_in_every_language() -> None:
    bad = []
    for payload in await _payloads():
        chat_input = payload.get("type", 1) == 1
        for where, item in _walk(payload):
            names = [item["name"], *(item.get("name_localizations") or {}).values()]
            descriptions = [
                item.get("description", ""),
                *(item.get("description_localizations") or {}).values(),
            ]
            if chat_input:
                bad += [(where, n) for n in names if not _NAME.match(n) or n != n.lower()]
            bad += [(where, d) for d in descriptions if len(d) > 100]
    assert bad == []


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("rules", "regles"),
        ("report", "signaler"),
        ("appeal", "recours"),
        ("crisis", "crise"),
        ("ack", "pris-en-charge"),
        ("warn", "avertir"),
        ("timeout", "sourdine"),
        ("ban", "bannir"),
        ("infractions", "casier"),
        ("Report message", "Signaler le message"),
        ("Delete message", "Supprimer le message"),
    ],
)
async def test_french_clients_see_the_french_names(english: str, french: str) -> None:
    found = {p["name"]: p.get("name_localizations", {}).get("fr") for p in await _payloads()}
    assert found[english] == french


async def test_french_clients_see_french_options_and_subcommands() -> None:
    ban = next(p for p in await _payloads() if p["name"] == "ban")
    options = {o["name"]: o["name_localizations"]["fr"] for o in ban["options"]}
    assert options == {
        "member": "membre",
        "reason": "motif",
        "duration": "duree",
        "clean": "nettoyer",
        "rule": "regle",
    }
    crisis = next(p for p in await _payloads() if p["name"] == "crisis")
    assert {o["name_localizations"]["fr"] for o in crisis["options"]} == {
        "etat",
        "niveau",
        "approuver",
    }


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (discord.Locale.french, "regles"),
        (discord.Locale.american_english, None),
        (discord.Locale.japanese, None),
    ],
    ids=["catalog-language", "fallback-is-the-default", "no-catalog-no-localization"],
)
async def test_the_translator_answers_for_catalog_languages_only(
    locale: discord.Locale, expected: str | None
) -> None:
    string = app_commands.locale_str("rules", key="discord.slash.rules")
    context = app_commands.TranslationContext(app_commands.TranslationContextLocation.other, None)
    assert await CatalogNames().translate(string, locale, context) == expected


def test_a_discord_locale_reads_as_its_language() -> None:
    assert [
        language_of(locale)
        for locale in (
            discord.Locale.spain_spanish,
            discord.Locale.latin_american_spanish,
            discord.Locale.french,
        )
    ] == ["es", "es", "fr"]
