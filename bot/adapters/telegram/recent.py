"""The recent messages of each member the bot saw, so that a ban can delete them.

Telegram's `revoke_messages` only decides whether the banned user keeps seeing the chat's history;
the member's messages stay for everyone else. A charter that asks a ban to remove the member's
recent messages is honoured by deleting the ones the bot saw (the Bot API cannot list a member's
messages). Bounded: the oldest authors and messages are forgotten first.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from datetime import datetime

AUTHORS_KEPT = 20_000
MESSAGES_KEPT = 200  # per author and chat


class RecentMessages:
    """Message ids and dates by (chat, author); see the module docstring."""

    def __init__(self, authors: int = AUTHORS_KEPT, per_author: int = MESSAGES_KEPT) -> None:
        self._authors = authors
        self._per_author = per_author
        self._seen: OrderedDict[tuple[int, str], deque[tuple[int, datetime]]] = OrderedDict()
        self._dates: OrderedDict[tuple[int, int], datetime] = OrderedDict()

    def remember(self, chat_id: int, author: str, message_id: int, at: datetime) -> None:
        """Record a message the bot received."""
        key = (chat_id, author)
        kept = self._seen.setdefault(key, deque(maxlen=self._per_author))
        kept.append((message_id, at))
        self._seen.move_to_end(key)
        while len(self._seen) > self._authors:
            self._seen.popitem(last=False)
        self._dates[(chat_id, message_id)] = at
        while len(self._dates) > self._authors * 5:
            self._dates.popitem(last=False)

    def date_of(self, chat_id: int, message_id: int) -> datetime | None:
        """When a message the bot saw was sent, if it still remembers it."""
        return self._dates.get((chat_id, message_id))

    def since(self, chat_id: int, author: str, start: datetime) -> list[int]:
        """The ids of the author's messages in the chat sent at or after `start`."""
        return [mid for mid, at in self._seen.get((chat_id, author), ()) if at >= start]

    def forget(self, chat_id: int, author: str) -> None:
        """Drop what is known of an author in a chat (their messages are gone)."""
        self._seen.pop((chat_id, author), None)
