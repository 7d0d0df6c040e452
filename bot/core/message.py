"""The platform-neutral message every adapter translates into, and its JSONL contract.

Contract (one JSON object per line): `{"id", "ts", "platform", "community", "channel",
"author": {"id", "name", "roles", "joined", "created"}, "text", "reply_to", "edited"}`;
only `id`, `ts`, `author.id` and `text` are required.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.timeparse import parse_timestamp


class MessageFormatError(ValueError):
    """A record that does not follow the message contract; the text says which field and why."""


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a message, as far as the platform tells."""

    id: str
    name: str = ""
    roles: tuple[str, ...] = ()
    joined: datetime | None = None  # joined the community
    created: datetime | None = None  # account created on the platform
    is_bot: bool = False


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a community, on any platform."""

    id: str
    ts: datetime
    author: Author
    text: str
    platform: str = "memory"
    community: str = "default"
    channel: str = "general"
    reply_to: str | None = None
    edited: bool = False
    mentions: int = 0  # users and roles mentioned, when the platform counts them
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        """A key unique across platforms and communities: each part is escaped, so that a `:` in
        an id cannot make two messages' keys (and so their actions' keys) the same."""
        return ":".join(key_part(part) for part in (self.platform, self.community, self.id))

    @property
    def version(self) -> int:
        """Which version of the message this is: 0 as first posted, the edit's time in
        milliseconds for an edit. (platform, community, id, version) is decided once."""
        return int(self.ts.timestamp() * 1000) if self.edited else 0


_KEY_ESCAPES = str.maketrans({"%": "%25", ":": "%3A", "@": "%40"})


def key_part(value: str) -> str:
    """`value` with the key separators (`:` and `@`, and `%` itself) percent-escaped."""
    return value.translate(_KEY_ESCAPES)


_EARLIEST, _LATEST = 1970, 2200


def _optional_time(record: dict[str, Any], name: str, where: str) -> datetime | None:
    value = record.get(name)
    if value in (None, ""):
        return None
    try:
        return parse_timestamp(value)
    except (TypeError, ValueError) as exc:
        raise MessageFormatError(f"{where}{name}: not an ISO 8601 time ({value!r})") from exc


def _author_from(record: Any) -> Author:
    if isinstance(record, str | int):
        return Author(id=str(record))
    if not isinstance(record, dict) or record.get("id") in (None, ""):
        raise MessageFormatError("author.id: required")
    roles = record.get("roles") or ()
    if not isinstance(roles, list | tuple):
        raise MessageFormatError("author.roles: must be a list")
    return Author(
        id=str(record["id"]),
        name=str(record.get("name") or ""),
        roles=tuple(str(role) for role in roles),
        joined=_optional_time(record, "joined", "author."),
        created=_optional_time(record, "created", "author."),
        is_bot=bool(record.get("bot", False)),
    )


def message_from_dict(record: Any) -> Message:
    """Build a Message from one decoded JSONL record; raise MessageFormatError if it is invalid."""
    if not isinstance(record, dict):
        raise MessageFormatError("a message must be a JSON object")
    for name in ("id", "ts", "text"):
        if name not in record or record[name] is None:
            raise MessageFormatError(f"{name}: required")
    if not isinstance(record["text"], str):
        raise MessageFormatError("text: must be a string")
    ts = _optional_time(record, "ts", "")
    assert ts is not None  # checked as required above
    if not _EARLIEST <= ts.year <= _LATEST:
        # Windows and strike expiries add days to it: year 1 or 9999 would overflow later.
        raise MessageFormatError(f"ts: the year must be between {_EARLIEST} and {_LATEST}")
    return Message(
        id=str(record["id"]),
        ts=ts,
        author=_author_from(record.get("author")),
        text=record["text"],
        platform=str(record.get("platform") or "memory"),
        community=str(record.get("community") or "default"),
        channel=str(record.get("channel") or "general"),
        reply_to=None if record.get("reply_to") is None else str(record["reply_to"]),
        edited=bool(record.get("edited", False)),
        mentions=int(record.get("mentions") or 0),
        extra={k: v for k, v in record.items() if k in ("labels", "lang", "event")},
    )
