"""Telegram messages → Vigie's platform-neutral `Message`, as pure functions (no Bot API calls).

Conventions: platform "telegram"; community = the chat id; channel = the forum topic's thread id
in a forum supergroup, else the chat id (so a topic can be exempted or locked on its own); author
id = the Telegram user id (or the sender chat's id for anonymous admins and channels). Telegram has
no roles: the caller resolves the author's Vigie identities and roles (see `roster`) and passes
them in. The time of an edit is its `edit_date`, so an edit is decided again as a new version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import Message as TgMessage
from telegram import (
    MessageEntity,
    MessageOrigin,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)

from bot.core.message import Author, Message

PLATFORM = "telegram"
GROUP_TYPES = frozenset({"group", "supergroup"})
_MENTIONS = (MessageEntity.MENTION, MessageEntity.TEXT_MENTION)


def user_identity(user_id: int | str) -> str:
    """The identity a playbook or charter uses for a Telegram user ("user:ID")."""
    return f"user:{user_id}"


def chat_identity(chat_id: int | str) -> str:
    """The identity a playbook uses for a Telegram chat ("chat:ID")."""
    return f"chat:{chat_id}"


def actor(user_id: int | str) -> str:
    """How a Telegram user is named in verdicts, reports and the audit log."""
    return f"{PLATFORM}:{user_id}"


@dataclass(frozen=True, slots=True)
class Join:
    """A member who joined a group (from a `new_chat_members` service message)."""

    community: str
    user_id: str
    name: str
    at: datetime
    is_bot: bool


def channel_of(message: TgMessage) -> str:
    """The forum topic's thread id, or the chat id outside forum topics."""
    if message.is_topic_message and message.message_thread_id is not None:
        return str(message.message_thread_id)
    return str(message.chat.id)


def _entities(message: TgMessage) -> dict[MessageEntity, str]:
    """The entities of the text or of the caption, with the text each covers."""
    if message.text is not None:
        return message.parse_entities()
    return message.parse_caption_entities()


def links_of(message: TgMessage) -> list[str]:
    """Every link: written in the text, and hidden behind words (`text_link` entities)."""
    links = []
    for entity, covered in _entities(message).items():
        if entity.type == MessageEntity.URL:
            links.append(covered)
        elif entity.type == MessageEntity.TEXT_LINK and entity.url:
            links.append(entity.url)
    return links


def text_of(message: TgMessage) -> str:
    """The text or caption, plus the links hidden behind words, which the detectors must see
    (a scam hides its address behind "click here")."""
    text = message.text if message.text is not None else (message.caption or "")
    hidden = [
        entity.url
        for entity in _entities(message)
        if entity.type == MessageEntity.TEXT_LINK and entity.url and entity.url not in text
    ]
    return "\n".join([text, *hidden]) if hidden else text


def forward_of(origin: MessageOrigin | None) -> str | None:
    """Where a forwarded message comes from ("user:ID", "chat:ID", "hidden:Name"), or None."""
    if origin is None:
        return None
    if isinstance(origin, MessageOriginUser):
        return user_identity(origin.sender_user.id)
    if isinstance(origin, MessageOriginChat):
        return chat_identity(origin.sender_chat.id)
    if isinstance(origin, MessageOriginChannel):
        return chat_identity(origin.chat.id)
    if isinstance(origin, MessageOriginHiddenUser):
        return f"hidden:{origin.sender_user_name}"
    return origin.type


def sender_id(message: TgMessage) -> str:
    """The author's id: the user's, or the sender chat's (anonymous admins, channels)."""
    if message.sender_chat is not None:
        return str(message.sender_chat.id)
    return str(message.from_user.id) if message.from_user is not None else ""


def _author(message: TgMessage, roles: tuple[str, ...], joined: datetime | None) -> Author:
    sender = message.sender_chat
    if sender is not None:  # an anonymous admin (the group itself) or a channel
        return Author(str(sender.id), sender.title or "", roles, joined, None, False)
    user = message.from_user
    assert user is not None  # Telegram sets one of the two on group messages
    # Telegram never says when an account was created: `created` stays unknown.
    return Author(str(user.id), user.full_name, roles, joined, None, user.is_bot)


def _reply_to(message: TgMessage) -> str | None:
    replied = message.reply_to_message
    # In a forum, a message outside any reply "replies" to its topic's creation message.
    if replied is None or replied.forum_topic_created is not None:
        return None
    return str(replied.message_id)


def _extra(message: TgMessage) -> dict[str, Any]:
    user = message.from_user
    extra: dict[str, Any] = {
        "lang": user.language_code if user is not None else None,
        "forwarded": forward_of(message.forward_origin),
        "links": links_of(message),
    }
    return {key: value for key, value in extra.items() if value}


def to_message(
    message: TgMessage, roles: tuple[str, ...] = (), joined: datetime | None = None
) -> Message:
    """The Vigie message for a Telegram group message or its edit; `roles` are the author's
    identities and Vigie roles, `joined` when the author joined the group, if known."""
    edited = message.edit_date is not None
    return Message(
        id=str(message.message_id),
        ts=message.edit_date if edited and message.edit_date else message.date,
        author=_author(message, roles, joined),
        text=text_of(message),
        platform=PLATFORM,
        community=str(message.chat.id),
        channel=channel_of(message),
        reply_to=_reply_to(message),
        edited=edited,
        mentions=sum(1 for entity in _entities(message) if entity.type in _MENTIONS),
        extra=_extra(message),
    )


def is_decidable(message: TgMessage, bot_id: int) -> bool:
    """Whether a message is for the engine: a group message with text or a caption, neither the
    bot's own nor a channel post Telegram copied into its discussion group."""
    return (
        message.chat.type in GROUP_TYPES
        and (message.text is not None or message.caption is not None)
        and not message.is_automatic_forward
        and (message.from_user is None or message.from_user.id != bot_id)
    )


def joins_of(message: TgMessage) -> list[Join]:
    """The members a `new_chat_members` service message announces."""
    return [
        Join(str(message.chat.id), str(user.id), user.full_name, message.date, user.is_bot)
        for user in message.new_chat_members
    ]


def pick_language(language_code: str | None, languages: Sequence[str]) -> str:
    """The language to answer in: the member's own (Telegram's `language_code`) when the charter
    speaks it, else the charter's first."""
    code = (language_code or "").split("-")[0].lower()
    return code if code in languages else languages[0]
