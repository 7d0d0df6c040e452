"""Review cards and their buttons: the callback data codec, the keyboards and the card text."""

from __future__ import annotations

import pytest

from bot.adapters.telegram.review import (
    Press,
    ack_keyboard,
    callback_data,
    card_text,
    case_keyboard,
    message_link,
    parse_callback,
    verdict_line,
)
from bot.desk.cards import CaseCard
from tests.clocks import PINNED


@pytest.mark.parametrize(
    ("data", "press"),
    [
        ("v:c:12:confirm", Press("c", "12", "confirm")),
        ("v:c:12:overturn", Press("c", "12", "overturn")),
        ("v:c:12:escalate", Press("c", "12", "escalate")),
        ("v:c:12:take", Press("c", "12", "take")),
        ("v:k:1001-20260302-1004-k1:ack", Press("k", "1001-20260302-1004-k1", "ack")),
        ("v:c:12:ack", None),
        ("v:c:abc:confirm", None),
        ("v:k:x:confirm", None),
        ("x:c:12:confirm", None),
        ("v:c::confirm", None),
        ("", None),
        (None, None),
    ],
    ids=[
        "confirm",
        "overturn",
        "escalate",
        "take",
        "crisis-ack",
        "ack-on-case",
        "bad-case-id",
        "bad-crisis-verb",
        "not-vigie",
        "no-target",
        "empty",
        "none",
    ],
)
def test_parse_callback(data: str | None, press: Press | None) -> None:
    assert parse_callback(data) == press


def test_callback_data_round_trips_and_respects_64_bytes() -> None:
    assert parse_callback(callback_data("c", "7", "confirm")) == Press("c", "7", "confirm")
    assert callback_data("k", "x" * 60, "ack") is None
    assert ack_keyboard("x" * 60, "fr") is None  # /ack still works


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("fr", ["Confirmer", "Annuler", "Escalader", "Je prends"]),
        ("en", ["Confirm", "Overturn", "Escalate", "Acknowledge"]),
    ],
    ids=["fr", "en"],
)
def test_case_keyboard(lang: str, labels: list[str]) -> None:
    rows = case_keyboard(42, lang).inline_keyboard
    assert [button.text for row in rows for button in row] == labels
    assert [len(row) for row in rows] == [2, 2]
    assert rows[0][0].callback_data == "v:c:42:confirm"


@pytest.mark.parametrize(
    ("community", "message_id", "link"),
    [
        ("-1001000000001", "5", "https://t.me/c/1000000001/5"),
        ("-1001000000001", None, None),
        ("-4242", "5", None),  # a basic group has no message links
    ],
    ids=["supergroup", "no-message", "basic-group"],
)
def test_message_link(community: str, message_id: str | None, link: str | None) -> None:
    assert message_link(community, message_id) == link


def test_card_text_adds_context_and_link_and_fits_telegram() -> None:
    card = CaseCard(
        3, "escalation", "Cas à examiner", (("Règle", "insultes"),), "x" * 5000, None, "fr"
    )
    text = card_text(card, "fr", "le message d'avant", "https://t.me/c/1/5")
    assert text.startswith("#3 Cas à examiner") and len(text) <= 4096
    short = CaseCard(3, "report", "Signalement", (("Règle", "—"),), "texte", PINNED, "fr")
    text = card_text(short, "fr", "le message d'avant", "https://t.me/c/1/5")
    assert "En réponse à : « le message d'avant »" in text and "Lien : https://t.me/c/1/5" in text


def test_verdict_line() -> None:
    assert verdict_line("confirm", "Bob", "fr") == "✅ Confirmé par Bob"
    assert verdict_line("ack", "Hélène", "en") == "🆗 Acknowledged by Hélène"
