"""Text the database can store: what a platform or a JSONL line may carry but neither SQLite nor
PostgreSQL takes (NUL characters, lone surrogates), and fields longer than their columns, are
coerced here, before the engine and the store see the message, and each change is said."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.message import Author, Message

TRUNCATED = "…"
# Column widths of the store (bot/store/tables.py) for the fields that may be shortened; ids are
# never shortened (two ids could become one): an over-long id is quarantined by the store.
_LIMITS = {"author.name": 256, "channel": 128, "reply_to": 128}
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(value: str) -> str:
    """`value` without NUL characters and with lone surrogates replaced by U+FFFD."""
    if _UNSTORABLE.search(value) is None:
        return value
    return value.replace("\x00", "").encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _fit(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - len(TRUNCATED)] + TRUNCATED


def _storable(message: Message) -> bool:
    """Whether nothing in the message needs a change (almost always: one search, no copy)."""
    author = message.author
    if len(author.name) > _LIMITS["author.name"] or len(message.channel) > _LIMITS["channel"]:
        return False
    reply_to = message.reply_to or ""
    if len(reply_to) > _LIMITS["reply_to"]:
        return False
    fields = (message.id, message.text, message.platform, message.community, message.channel)
    joined = "".join((*fields, reply_to, author.id, author.name, *author.roles))
    return _UNSTORABLE.search(joined) is None


def sanitized(message: Message) -> tuple[Message, list[str]]:
    """The message with every text field storable, and what was changed (empty if nothing)."""
    if _storable(message):
        return message, []
    changes: list[str] = []

    def field(name: str, value: str) -> str:
        cleaned = clean_text(value)
        if cleaned != value:
            changes.append(f"{name}: NUL or lone surrogate characters replaced")
        limit = _LIMITS.get(name)
        if limit is not None and len(cleaned) > limit:
            changes.append(f"{name}: longer than {limit} characters, truncated")
            cleaned = _fit(cleaned, limit)
        return cleaned

    author = message.author
    new_author = Author(
        id=field("author.id", author.id),
        name=field("author.name", author.name),
        roles=tuple(field("author.roles", role) for role in author.roles),
        joined=author.joined,
        created=author.created,
        is_bot=author.is_bot,
    )
    cleaned = replace(
        message,
        id=field("id", message.id),
        text=field("text", message.text),
        platform=field("platform", message.platform),
        community=field("community", message.community),
        channel=field("channel", message.channel),
        reply_to=None if message.reply_to is None else field("reply_to", message.reply_to),
        author=new_author,
    )
    return (cleaned, changes) if changes else (message, [])
