"""Telegram messages → Vigie messages: the pure translation, table by table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Message as TgMessage

from bot.adapters.telegram.translate import is_decidable, joins_of, sender_id, to_message

DATE = 1_772_445_600  # 2026-03-02 10:00:00 UTC
GROUP = {"id": -1001, "type": "supergroup", "title": "Opalia"}
ALICE = {"id": 11, "is_bot": False, "first_name": "Alice", "last_name": "Martin"}
BOT_ID = 99


def tg(**fields: Any) -> TgMessage:
    """A PTB message from Bot API fields (a group text message from Alice by default)."""
    data = {"message_id": 5, "date": DATE, "chat": GROUP, "from": ALICE, "text": "bonjour"}
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    return TgMessage.de_json(data, None)


def entity(kind: str, offset: int, length: int, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


TOPIC_ROOT = {
    "message_id": 2,
    "date": DATE,
    "chat": GROUP,
    "forum_topic_created": {"name": "support", "icon_color": 0},
}
REPLIED = {"message_id": 3, "date": DATE, "chat": GROUP, "from": ALICE, "text": "avant"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, {"id": "5", "community": "-1001", "channel": "-1001", "text": "bonjour"}),
        ({"text": None, "caption": "photo légende"}, {"text": "photo légende"}),
        ({"edit_date": DATE + 60}, {"edited": True, "ts": datetime.fromtimestamp(DATE + 60, UTC)}),
        ({}, {"edited": False, "ts": datetime.fromtimestamp(DATE, UTC)}),
        (
            {"is_topic_message": True, "message_thread_id": 2, "reply_to_message": TOPIC_ROOT},
            {"channel": "2", "reply_to": None},
        ),
        ({"reply_to_message": REPLIED}, {"reply_to": "3"}),
        (
            {
                "text": "@bob @carol salut",
                "entities": [entity("mention", 0, 4), entity("mention", 5, 6)],
            },
            {"mentions": 2},
        ),
        (
            {
                "sender_chat": GROUP,
                "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
            },
            {"author_id": "-1001", "author_name": "Opalia"},
        ),
    ],
    ids=[
        "text",
        "caption",
        "edit",
        "not-edited",
        "forum-topic",
        "reply",
        "mentions",
        "anonymous-admin",
    ],
)
def test_message_fields(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    message = to_message(tg(**fields), roles=("user:11",))
    seen = {
        "id": message.id,
        "community": message.community,
        "channel": message.channel,
        "text": message.text,
        "edited": message.edited,
        "ts": message.ts,
        "reply_to": message.reply_to,
        "mentions": message.mentions,
        "author_id": message.author.id,
        "author_name": message.author.name,
    }
    assert {key: seen[key] for key in expected} == expected
    assert message.platform == "telegram" and message.author.roles == ("user:11",)


HIDDEN = "https://grabify.link/x"


@pytest.mark.parametrize(
    ("fields", "text", "extra"),
    [
        (
            {"text": "voir https://opalia.example/aide", "entities": [entity("url", 5, 28)]},
            "voir https://opalia.example/aide",
            {"links": ["https://opalia.example/aide"]},
        ),
        (
            {"text": "cliquez ici", "entities": [entity("text_link", 8, 3, url=HIDDEN)]},
            f"cliquez ici\n{HIDDEN}",
            {"links": [HIDDEN]},
        ),
        (
            {"forward_origin": {"type": "user", "date": DATE, "sender_user": {**ALICE, "id": 12}}},
            "bonjour",
            {"forwarded": "user:12"},
        ),
        (
            {
                "forward_origin": {
                    "type": "channel",
                    "date": DATE,
                    "message_id": 1,
                    "chat": {"id": -1002, "type": "channel", "title": "Promo"},
                }
            },
            "bonjour",
            {"forwarded": "chat:-1002"},
        ),
        (
            {"forward_origin": {"type": "hidden_user", "date": DATE, "sender_user_name": "X"}},
            "bonjour",
            {"forwarded": "hidden:X"},
        ),
        ({"from": {**ALICE, "language_code": "en"}}, "bonjour", {"lang": "en"}),
    ],
    ids=["url", "hidden-link", "forward-user", "forward-channel", "forward-hidden", "language"],
)
def test_links_forwards_and_language(
    fields: dict[str, Any], text: str, extra: dict[str, Any]
) -> None:
    message = to_message(tg(**fields))
    assert message.text == text and message.extra == extra


def test_join_date_and_unknown_account_age() -> None:
    joined = datetime(2026, 3, 1, tzinfo=UTC)
    author = to_message(tg(), joined=joined).author
    assert author.joined == joined and author.created is None  # Telegram never tells


@pytest.mark.parametrize(
    ("fields", "decidable"),
    [
        ({}, True),
        ({"text": None, "caption": "légende"}, True),
        ({"chat": {"id": 11, "type": "private", "first_name": "Alice"}}, False),
        ({"from": {"id": BOT_ID, "is_bot": True, "first_name": "Vigie"}}, False),
        ({"is_automatic_forward": True}, False),
        ({"text": None, "sticker": None}, False),
    ],
    ids=["group-text", "caption", "private", "own-message", "channel-copy", "no-text"],
)
def test_what_is_decided(fields: dict[str, Any], decidable: bool) -> None:
    assert is_decidable(tg(**fields), BOT_ID) is decidable


def test_new_members() -> None:
    newcomers = [
        {"id": 21, "is_bot": False, "first_name": "Zoé"},
        {"id": 22, "is_bot": True, "first_name": "Spam"},
    ]
    joins = joins_of(tg(text=None, new_chat_members=newcomers))
    assert [(j.community, j.user_id, j.name, j.is_bot) for j in joins] == [
        ("-1001", "21", "Zoé", False),
        ("-1001", "22", "Spam", True),
    ]
    assert joins[0].at == datetime.fromtimestamp(DATE, UTC)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [({}, "11"), ({"sender_chat": GROUP}, "-1001"), ({"from": None}, "")],
    ids=["user", "sender-chat", "nobody"],
)
def test_sender_id(fields: dict[str, Any], expected: str) -> None:
    assert sender_id(tg(**fields)) == expected
