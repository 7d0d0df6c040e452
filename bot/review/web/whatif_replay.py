"""The charter what-if: replay recorded messages through the charter in force and through another
one (or an edited copy), side by side, and list the messages whose decision would change: which
rules match, which actions follow. Both charters see the same messages in the same order with
fresh in-memory history and strikes, so the only difference is the charter."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from bot.app import build_engine
from bot.charter.schema import Charter
from bot.core.decision import Decision
from bot.core.message import Author, Message
from bot.core.ports import Scorer
from bot.moderation.batch import prepared_batches
from bot.moderation.engine import SharedWork
from bot.store.database import Database
from bot.store.report_queries import MessageWindow, latest_message_at


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a charter decided about one message, reduced to what a manager compares."""

    rules: tuple[str, ...]
    actions: tuple[str, ...]

    @classmethod
    def of(cls, decision: Decision) -> Outcome:
        """The outcome of a decision (action kinds sorted: their order is not a change)."""
        return cls(decision.matched, tuple(sorted({a.kind for a in decision.actions})))

    @property
    def empty(self) -> bool:
        """Nothing matched, nothing done."""
        return not self.rules and not self.actions


@dataclass(frozen=True, slots=True)
class Change:
    """One message whose decision differs between the two charters."""

    message: Message
    before: Outcome
    after: Outcome

    @property
    def kind(self) -> str:
        """ "new" (acted on only by the candidate), "dropped" (only by the current) or "changed"."""
        if self.before.empty:
            return "new"
        if self.after.empty:
            return "dropped"
        return "changed"


@dataclass
class WhatIf:
    """The result of a replay."""

    start: datetime | None
    end: datetime | None
    replayed: int
    skipped: int  # messages whose text retention already erased
    changes: list[Change]  # the first ones, at most the `keep` asked for
    truncated: bool = False
    changed: int = 0  # how many decisions change, kept or not


PROGRESS_EVERY = 1000  # messages between two progress reports (and two looks at a cancel)


class Cancelled(Exception):
    """The what-if was cancelled; `replayed` messages had been compared by then."""

    def __init__(self, replayed: int) -> None:
        super().__init__(f"cancelled after {replayed} messages")
        self.replayed = replayed


@dataclass(frozen=True, slots=True)
class Watch:
    """How a long what-if reports its progress and learns it was cancelled (both optional)."""

    progress: Callable[[int], None] = lambda replayed: None
    cancelled: Callable[[], bool] = lambda: False


@dataclass(frozen=True, slots=True)
class Comparison:
    """How many messages were replayed, the first `keep` changes in order, and how many changed."""

    replayed: int
    changes: list[Change]
    changed: int


def compare(
    messages: Iterable[Message],
    current: Charter,
    candidate: Charter,
    scorer: Scorer | None = None,
    watch: Watch = Watch(),
    keep: int | None = None,
) -> Comparison:
    """Replay `messages` through both charters and list the decisions that change.

    The batch path normalises and scores each message once for both charters, a clause or a rule
    the two charters share runs once (same message, same history, same result), and the
    two engines share one history (it depends on the messages only), fed once per message after
    both decided. Decisions are made without explanations: only the outcomes are compared.
    `keep` bounds the changes kept (a charter that changes everything must not fill memory)."""
    before = replace(build_engine(current, scorer), explain=False)
    after = replace(build_engine(candidate, scorer), explain=False, history=before.history)
    replayed, changed, changes = 0, 0, []
    for message, prepared in prepared_batches(messages, scorer):
        shared = SharedWork()
        text, scores = prepared.text, prepared.scores
        old = Outcome.of(before.process(message, text, scores, shared, observe=False))
        new = Outcome.of(after.process(message, text, scores, shared, observe=False))
        before.observe(message, text)
        if old != new:
            changed += 1
            if keep is None or len(changes) < keep:
                changes.append(Change(message, old, new))
        replayed += 1
        if replayed % PROGRESS_EVERY == 0:
            if watch.cancelled():
                raise Cancelled(replayed)
            watch.progress(replayed)
    watch.progress(replayed)
    return Comparison(replayed, changes, changed)


def window(db: Database, days: int) -> tuple[datetime, datetime] | None:
    """The last `days` days of recorded messages, ending at the latest one (None if none)."""
    latest = latest_message_at(db)
    if latest is None:
        return None
    return latest - timedelta(days=days), latest


@dataclass
class Recorded:
    """The stored messages of a window, read page by page as they are replayed: how many there
    are (for the progress bar), and, once read, how many had lost their text."""

    db: Database
    start: datetime
    end: datetime
    limit: int
    community: str | None = None
    page: int = 5000
    skipped: int = 0

    def _window(self) -> MessageWindow:
        return MessageWindow(self.db, self.start, self.end, self.community)

    def count(self) -> int:
        """How many messages the window holds (the limit not applied)."""
        return self._window().count()

    def __iter__(self) -> Iterator[Message]:
        """The messages with their text, oldest first, at most `limit` rows read, page by page."""
        for rows in self._window().pages(self.limit, self.page):
            for row in rows:
                if row["text"] is None:
                    self.skipped += 1
                else:
                    yield _message(row)


def recorded_messages(
    db: Database, start: datetime, end: datetime, limit: int, community: str | None = None
) -> tuple[list[Message], int, bool]:
    """The stored messages of [start, end] with their text, oldest first, as engine messages;
    also how many had lost their text, and whether `limit` cut the list."""
    recorded = Recorded(db, start, end, limit, community)
    messages = list(recorded)
    return messages, recorded.skipped, recorded.count() > limit


def _message(row: dict[str, Any]) -> Message:
    # Roles and join dates are not stored with messages: rules that depend on them are compared
    # as if every author were an ordinary member (the page says so).
    author = Author(id=row["author_id"], name=row["author_name"] or row["author_id"])
    return Message(
        id=row["message_id"],
        ts=row["ts"],
        author=author,
        text=row["text"],
        platform=row["platform"],
        community=row["community"],
        channel=row["channel"],
        reply_to=row["reply_to"],
        edited=bool(row["edited"]),
    )


def run_whatif(
    db: Database,
    current: Charter,
    candidate: Charter,
    days: int,
    limit: int,
    scorer: Scorer | None = None,
    community: str | None = None,
    watch: Watch = Watch(),
    on_total: Callable[[int], None] = lambda total: None,
    keep: int | None = None,
) -> WhatIf:
    """Replay the last `days` days (at most `limit` messages) through both charters; `on_total`
    learns how many messages that is before the replay starts (Cancelled if cancelled)."""
    span = window(db, days)
    if span is None:
        return WhatIf(None, None, 0, 0, [])
    recorded = Recorded(db, span[0], span[1], limit, community)
    total = recorded.count()
    on_total(min(total, limit))
    done = compare(recorded, current, candidate, scorer, watch, keep)
    return WhatIf(
        span[0], span[1], done.replayed, recorded.skipped, done.changes, total > limit, done.changed
    )
