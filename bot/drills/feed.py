"""The feed a trainee sees, and where it goes. The runner emits `FeedItem`s (a persona's message,
Vigie's suggestion, a call from the plan, an answer from the cell, the brand's own posts, the result
of an action) to a `FeedSink`. The memory sink keeps them (tests, non-interactive runs) and the
terminal sink prints them; a platform sandbox implements the same Protocol to post each persona's
messages (Discord webhooks give each persona its own name) and to execute the planned actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.core.decision import ActionRequest


class Kind(StrEnum):
    """What a feed item is, which decides how a sink shows it."""

    MESSAGE = "message"  # a persona posts in the community
    EXTERNAL = "external"  # a post on another network, a press e-mail: seen, not moderable
    INFO = "info"  # a fact from the cell or the story (network operations, legal…)
    SUGGESTION = "suggestion"  # what Vigie's engine would do with a message
    PLAN = "plan"  # the contingency plan: levels, calls, drafts, deadlines
    CELL = "cell"  # a member of the crisis cell answers
    BRAND = "brand"  # the trainee's public post or reply, as the brand
    ACTION = "action"  # the result of a trainee's action (moderation, note…)
    ERROR = "error"  # an action that could not be done, and why


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One line of the feed, on story time."""

    at: datetime
    kind: Kind
    text: str
    author: str = ""
    channel: str | None = None
    message_id: str | None = None
    reply_to: str | None = None
    actions: tuple[ActionRequest, ...] = field(default=(), compare=False)


class FeedSink(Protocol):
    """Where the feed goes: memory, a terminal, a platform's sandbox channel."""

    def show(self, item: FeedItem) -> None: ...


class MemorySink:
    """Keeps every item, for tests and non-interactive runs."""

    def __init__(self) -> None:
        self.items: list[FeedItem] = []

    def show(self, item: FeedItem) -> None:
        """Keep the item."""
        self.items.append(item)

    def of(self, kind: Kind) -> list[FeedItem]:
        """The items of one kind, in order."""
        return [item for item in self.items if item.kind is kind]


class FanOut:
    """Shows each item on several sinks (a terminal and the memory kept for the debrief)."""

    def __init__(self, *sinks: FeedSink) -> None:
        self.sinks = sinks

    def show(self, item: FeedItem) -> None:
        """Show the item on every sink."""
        for sink in self.sinks:
            sink.show(item)
