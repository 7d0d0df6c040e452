"""Telegram's command menu and command names, from the catalog: each language's menu shows that
language's names, and a name only one language uses answers in that language."""

from __future__ import annotations

import pytest

from bot.adapters.telegram.commands import COMMANDS, menu
from bot.desk.parse import NAMES

FRENCH_MENU = [
    ("regles", "La charte de la communauté"),
    ("signaler", "En réponse à un message : le signaler aux modérateurs"),
    ("recours", "Contester une décision (son numéro, puis vos raisons)"),
    ("crise", "Le niveau de crise (équipe : /crise <niveau> pour le déclarer)"),
    ("ack", "Équipe : acquitter une alerte de crise"),
    ("approuver", "Équipe : approuver une déclaration"),
    ("avertir", "Équipe, en réponse : avertir [regle:id] motif"),
    ("sourdine", "Équipe, en réponse : sourdine 1h motif"),
    ("expulser", "Équipe, en réponse : expulser motif"),
    ("bannir", "Équipe, en réponse : bannir [7d] [nettoyer:1d] motif"),
    ("debannir", "Équipe : debannir <id> motif"),
    ("supprimer", "Équipe, en réponse : supprimer motif"),
    ("nettoyer", "Équipe, en réponse : nettoyer 20 motif"),
    ("note", "Équipe, en réponse : une note sur le membre"),
    ("casier", "Équipe, en réponse : l'historique du membre"),
]
ENGLISH_NAMES = [
    "rules", "report", "appeal", "crisis", "ack", "approve", "warn", "mute", "kick", "ban",
    "unban", "delete", "purge", "note", "infractions",
]  # fmt: skip


def test_the_french_menu() -> None:
    assert menu("fr") == FRENCH_MENU


@pytest.mark.parametrize("lang", ["en", "de"], ids=["english", "no-catalog-reads-english"])
def test_the_english_menu(lang: str) -> None:
    assert [name for name, _ in menu(lang)] == ENGLISH_NAMES
    assert dict(menu(lang))["ban"] == "Staff, in reply: ban [7d] [clean:1d] reason"


def test_menu_names_are_ones_telegram_accepts() -> None:
    # Telegram's BotCommand: 1-32 characters, lowercase letters, digits and underscores.
    names = [name for lang in ("fr", "en") for name, _ in menu(lang)]
    assert [
        n for n in names if not (n.isascii() and n.replace("_", "").isalnum() and n.islower())
    ] == []


@pytest.mark.parametrize(
    ("command", "names"),
    [
        ("report", {"signaler", "report"}),
        ("crisis", {"crise", "crisis"}),
        ("ack", {"ack"}),
    ],
)
def test_member_commands_answer_to_every_languages_names(command: str, names: set[str]) -> None:
    assert set(COMMANDS[command]) == names


def test_moderator_commands_answer_to_every_languages_names() -> None:
    assert set(NAMES["timeout"]) == {"sourdine", "timeout", "mute"}
    assert set(NAMES["infractions"]) == {"casier", "infractions"}
