"""The sliding-window memory of recent messages, read by the stateful detectors (flood,
duplicates).

Per community it keeps, for each author, the times of their recent messages, and for each text
fingerprint, its recent copies: when, by whom, how new that author's account was (`arrived`) and
whether they had posted within the horizon before (the
duplicates detector tells a raid of new accounts from members repeating a grievance by them).
It also keeps each author's last few texts for a short while (`texts_window`): a complaint typed
over several messages is one complaint, read as a whole when volume alone would sanction a line
of it (see `bot.moderation.protected`). The engine calls `observe` after each
decision; detectors only read. Time is the messages' own `ts` (event time), never the wall clock,
so a replay gives the same answers as the live bot.

Memory stays bounded: entries older than `horizon` (behind the latest message seen) are dropped as
messages arrive, the number of authors and fingerprints tracked is capped (the least recently active
go first), and each author or fingerprint keeps at most `max_per_key` times. Every operation costs
O(1) amortised, plus the number of entries inside the window being counted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict, deque
from collections.abc import Iterator, Reversible
from datetime import datetime, timedelta
from functools import lru_cache
from hashlib import blake2b
from typing import Any

from bot.core.message import Message
from bot.text.normalize import NormalizedText

_AuthorKey = tuple[str, str]  # (community, author id)
_CopyKey = tuple[str, str]  # (community, fingerprint)
# (time, author id, when the author's account was made (`arrived`), had posted before)
Copy = tuple[datetime, str, datetime | None, bool]


def fingerprint_basis(text: NormalizedText) -> str:
    """The text a fingerprint is computed from: the skeleton words without bare numbers.

    Numbers are left out because raids number their copies ("join now 1", "join now 2") and
    Discord mentions are numbers (`<@123>`); punctuation and emoji are already gone.
    """
    return _basis(text.skeleton_words)


def fingerprint(text: NormalizedText) -> str:
    """A short stable key for "the same text", or "" for a text with nothing to compare."""
    return _fingerprint(text.skeleton_words)


# The duplicates detector and the history both ask, for each message and each engine: the
# answers are kept for the last messages (a tuple of words hashes fast, its strings cache theirs).
@lru_cache(maxsize=4096)
def _basis(skeleton_words: tuple[str, ...]) -> str:
    return " ".join(word for word in skeleton_words if not word.isdigit())


@lru_cache(maxsize=4096)
def _fingerprint(skeleton_words: tuple[str, ...]) -> str:
    basis = _basis(skeleton_words)
    if not basis:
        return ""
    return blake2b(basis.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


class History:
    """Recent messages per author and per text fingerprint, within a time horizon."""

    def __init__(
        self,
        horizon: timedelta = timedelta(hours=1),
        max_authors: int = 100_000,
        max_fingerprints: int = 100_000,
        max_per_key: int = 1_000,
        texts_window: timedelta = timedelta(minutes=2),
        texts_per_author: int = 8,
    ) -> None:
        self.horizon = horizon
        self.max_authors = max_authors
        self.max_fingerprints = max_fingerprints
        self.max_per_key = max_per_key
        # Least recently observed first, so eviction only ever looks at the front.
        self._authors: OrderedDict[_AuthorKey, deque[datetime]] = OrderedDict()
        self._copies: OrderedDict[_CopyKey, deque[Copy]] = OrderedDict()
        self._latest: datetime | None = None
        self.texts_window, self.texts_per_author = texts_window, texts_per_author
        # Authors who wrote within `texts_window`, least recent first: memory holds only them.
        self._texts: OrderedDict[_AuthorKey, deque[tuple[datetime, NormalizedText]]] = OrderedDict()

    # `History.fingerprint(text)`: the key that `copies` and `copies_by` expect.
    fingerprint = staticmethod(fingerprint)

    def observe(self, message: Message, text: NormalizedText) -> None:
        """Record a message once it has been decided on."""
        ts = message.ts
        self._latest = ts if self._latest is None else max(self._latest, ts)
        cutoff = self._latest - self.horizon
        author_key = (message.community, message.author.id)
        known = any(True for _ in _newer(self._authors.get(author_key, ()), cutoff))
        self._remember(self._authors, author_key, ts, cutoff)
        key = self.fingerprint(text)
        if key:
            copy = (ts, message.author.id, arrived(message), known)
            self._remember(self._copies, (message.community, key), copy, cutoff)
        _evict(self._authors, self.max_authors, cutoff)
        _evict(self._copies, self.max_fingerprints, cutoff)
        self._keep_text(author_key, ts, text)

    def _keep_text(self, author_key: _AuthorKey, ts: datetime, text: NormalizedText) -> None:
        entries = self._texts.pop(author_key, None)
        if entries is None:
            entries = deque(maxlen=self.texts_per_author)
        entries.append((ts, text))
        self._texts[author_key] = entries
        assert self._latest is not None
        cutoff = self._latest - self.texts_window
        while self._texts and (
            len(self._texts) > self.max_authors or next(iter(self._texts.values()))[-1][0] < cutoff
        ):
            self._texts.popitem(last=False)

    def recent_texts(self, community: str, author_id: str, since: datetime) -> list[NormalizedText]:
        """This author's last texts observed at or after `since` (within `texts_window` of the
        latest message), newest first."""
        entries = self._texts.get((community, author_id), ())
        return [text for _, text in _newer(entries, since)]

    def author_count(self, community: str, author_id: str, since: datetime) -> int:
        """How many messages of this author were observed at or after `since`."""
        times = self._authors.get((community, author_id), ())
        return sum(1 for _ in _newer(times, since))

    def copies(self, community: str, fingerprint: str, since: datetime) -> tuple[int, int]:
        """(distinct authors, total copies) of a fingerprint observed at or after `since`."""
        seen = list(_newer(self._copies.get((community, fingerprint), ()), since))
        return len({copy[1] for copy in seen}), len(seen)

    def copies_by(self, community: str, fingerprint: str, author_id: str, since: datetime) -> int:
        """How many copies of a fingerprint this author posted at or after `since`."""
        entries = self._copies.get((community, fingerprint), ())
        return sum(1 for copy in _newer(entries, since) if copy[1] == author_id)

    def copiers(self, community: str, fingerprint: str, since: datetime) -> list[Copy]:
        """Each distinct author's latest copy of a fingerprint observed at or after `since`."""
        latest: dict[str, Copy] = {}
        for copy in _newer(self._copies.get((community, fingerprint), ()), since):
            latest.setdefault(copy[1], copy)
        return list(latest.values())

    def __len__(self) -> int:
        """The number of authors and fingerprints tracked (for tests and metrics)."""
        return len(self._authors) + len(self._copies)

    def _remember(
        self, table: OrderedDict[Any, deque[Any]], key: Any, item: Any, cutoff: datetime
    ) -> None:
        entries = table.get(key)
        if entries is None:
            entries = table[key] = deque(maxlen=self.max_per_key)
        else:
            table.move_to_end(key)
        _insert_in_order(entries, item)
        while entries and _time(entries[0]) < cutoff:
            entries.popleft()
        if not entries:  # the message itself was older than the horizon
            del table[key]


def arrived(message: Message) -> datetime | None:
    """When the author's account was made, else (not given, as on Telegram) when they joined;
    None: unknown. An old account that just joined is a member come to speak (a bad buzz brings
    many); an account made an hour ago is what a raid is made of."""
    author = message.author
    return author.created if author.created is not None else author.joined


def _time(item: datetime | Copy) -> datetime:
    return item[0] if isinstance(item, tuple) else item


def _insert_in_order(entries: deque[Any], item: Any) -> None:
    """Append `item`, keeping the deque sorted by time when messages arrive out of order."""
    if not entries or _time(item) >= _time(entries[-1]):
        entries.append(item)
        return
    index = bisect_right([_time(entry) for entry in entries], _time(item))
    if len(entries) == entries.maxlen:
        if index == 0:
            return  # older than everything kept: it would be dropped first anyway
        entries.popleft()
        index -= 1
    entries.insert(index, item)


def _newer(entries: Reversible[Any], since: datetime) -> Iterator[Any]:
    """The entries at or after `since`, newest first (entries are sorted by time)."""
    for entry in reversed(entries):
        if _time(entry) < since:
            return
        yield entry


def _evict(table: OrderedDict[Any, deque[Any]], cap: int, cutoff: datetime) -> None:
    """Drop keys whose newest entry is behind the horizon, and the least active beyond `cap`."""
    while table:
        key, entries = next(iter(table.items()))
        if len(table) <= cap and _time(entries[-1]) >= cutoff:
            return
        del table[key]
