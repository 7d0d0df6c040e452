"""`vigie run telegram`'s start-up messages, worded in the reader's language (the locale's, else
French), rendered without the network."""

from __future__ import annotations

import pytest

from bot.adapters.telegram.cli import wording

DETAIL = {"detail": "x"}
WORDED = [
    ("no_token", {}, "fr", "TELEGRAM_TOKEN n’est pas défini : créez le bot avec @BotFather"),
    ("no_token", {}, "en", "TELEGRAM_TOKEN is not set: create the bot with @BotFather"),
    ("bad_token", {}, "fr", "Telegram a refusé TELEGRAM_TOKEN : vérifiez-le avec @BotFather"),
    ("bad_token", {}, "en", "Telegram refused TELEGRAM_TOKEN: check it with @BotFather"),
    ("unreachable", DETAIL, "fr", "impossible de joindre l’API Bot de Telegram"),
    ("unreachable", DETAIL, "en", "cannot reach the Telegram Bot API"),
    ("retrying", {**DETAIL, "seconds": "2"}, "fr", "(x) : nouvel essai dans 2 s"),
    ("retrying", {**DETAIL, "seconds": "2"}, "en", "(x): retrying in 2s"),
    ("conflict", {}, "fr", "un autre processus interroge déjà Telegram avec ce jeton"),
    ("conflict", {}, "en", "another process is already polling Telegram with this token"),
    ("degraded", DETAIL, "fr", "mode dégradé : les règles du classifieur sont désactivées (x)"),
    ("degraded", DETAIL, "en", "degraded: classifier rules are off (x)"),
    (
        "running",
        {"username": "vigie_bot"},
        "fr",
        "Vigie tourne sur Telegram sous le nom @vigie_bot",
    ),
    ("running", {"username": "vigie_bot"}, "en", "Vigie is running on Telegram as @vigie_bot"),
    ("setup_problem", {"problem": "x"}, "fr", "réglage à corriger : x"),
    ("setup_problem", {"problem": "x"}, "en", "setup: x"),
]
LOCALES = {"fr": "fr_FR.UTF-8", "en": "en_GB.UTF-8"}


@pytest.mark.parametrize(("key", "values", "lang", "expected"), WORDED)
def test_start_up_messages_read_in_the_locales_language(
    key: str, values: dict[str, str], lang: str, expected: str
) -> None:
    assert expected in wording(key, {"LANG": LOCALES[lang]}, **values)


def test_start_up_messages_are_french_without_a_known_locale() -> None:
    assert wording("conflict", {"LANG": "C"}).startswith("un autre processus")
    assert wording("conflict", {}).startswith("un autre processus")
