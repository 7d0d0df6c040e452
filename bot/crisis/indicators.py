"""Indicators over sliding windows: what one decision adds (its flags), per-step buckets, and the
running sums of every window length the playbook uses, per community and per channel.

The hot path is `Signals.flags` plus `Bucket.add`: a few dictionary reads, two regex searches and
integer increments per message. Windows are summed once per step (when a bucket closes), never per
message, so the cost per message does not grow with the number or length of windows.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.core.decision import Decision
from bot.crisis.schema import Watch

# Positions of the per-step counts (a list, not attributes: the hot path indexes it).
VOLUME, NEGATIVE, TOXIC, KEYWORDS, BRAND, JOINS, SCORED = range(7)
COUNTS = ("volume", "negative", "toxic", "keywords", "brand", "joins", "scored")
# Which count each share divides by the volume (a share's name is not always its count's).
SHARE_OF = {"negative_share": NEGATIVE, "toxic_share": TOXIC, "keyword_share": KEYWORDS}
_ACCENTS = {"a": "aàâä", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "c": "cç"}


def _fold(word: str) -> str:
    """Lowercase, French accents removed (keywords are stored this way)."""
    return "".join(
        next((b for b, forms in _ACCENTS.items() if c in forms), c) for c in word.lower()
    )


def _char(char: str) -> str:
    return f"[{_ACCENTS[char]}]" if char in _ACCENTS else re.escape(char)


def _trie_regex(node: dict[str, Any]) -> str:
    """A regex of the words of a trie, sharing their prefixes (re has no trie of its own: a flat
    alternation of 40 words retries every word at every position, three times slower)."""
    ends = "" in node
    branches = [_char(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


def word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One compiled pattern matching any of `words` at a word start, in lowercased text, with or
    without French accents."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in _fold(word.strip()):
            node = node.setdefault(char, {})
        if node is not trie:
            node[""] = {}
    if not trie:
        return None
    return re.compile(r"(?<!\w)" + _trie_regex(trie))


@dataclass(frozen=True, slots=True)
class Flags:
    """What one message contributes to the indicators."""

    negative: bool
    toxic: bool
    keyword: bool
    brand: bool
    scored: bool
    newcomer: bool

    @property
    def complaining(self) -> bool:
        """A message that complains: negative, or naming a watch-list word."""
        return self.negative or self.keyword


class Signals:
    """Turns a decision into flags, from the classifier scores or, without them, the decision."""

    def __init__(self, watch: Watch) -> None:
        self.keywords = word_pattern(watch.keywords)
        self.brand = word_pattern(watch.brand)
        self.negative_score = watch.negative_score
        self.toxic_score = watch.toxic_score
        self.spam_score = watch.spam_score
        self.toxic_severity = watch.toxic_severity
        self.newcomer_age = watch.newcomer_age

    def flags(self, decision: Decision) -> Flags:
        """The flags of one decision (pure, cheap: the hot path of the monitor)."""
        message = decision.message
        text = message.text.lower()
        keyword = self.keywords is not None and self.keywords.search(text) is not None
        brand = self.brand is not None and self.brand.search(text) is not None
        scores = decision.scores
        negative_score = scores.get("negative")
        # Without a sentiment model, a watch-list word is the complaint signal (degraded).
        negative = keyword if negative_score is None else negative_score >= self.negative_score
        if scores.get("spam", 0.0) >= self.spam_score:
            # A spam raid is not customers complaining ("earn $500 a week" reads as negative):
            # it counts in the volume and the newcomers, never among the complainers.
            negative = keyword = False
        toxic_score = scores.get("toxic")
        toxic = (
            decision.severity >= self.toxic_severity
            if toxic_score is None
            else toxic_score >= self.toxic_score
        )
        joined = message.author.joined
        newcomer = joined is not None and message.ts - joined <= self.newcomer_age
        return Flags(negative, toxic, keyword, brand, negative_score is not None, newcomer)


@dataclass(slots=True)
class Bucket:
    """The counts of one step (one resolution interval) of one scope."""

    counts: list[int] = field(default_factory=lambda: [0] * len(COUNTS))
    complainers: set[str] = field(default_factory=set)
    newcomers: set[str] = field(default_factory=set)

    def add(self, flags: Flags, author: str) -> None:
        """Count one message."""
        counts = self.counts
        counts[VOLUME] += 1
        if flags.negative:
            counts[NEGATIVE] += 1
        if flags.toxic:
            counts[TOXIC] += 1
        if flags.keyword:
            counts[KEYWORDS] += 1
        if flags.brand:
            counts[BRAND] += 1
        if flags.scored:
            counts[SCORED] += 1
        if flags.negative or flags.keyword:
            self.complainers.add(author)
        if flags.newcomer:
            self.newcomers.add(author)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        return {"c": self.counts, "p": sorted(self.complainers), "n": sorted(self.newcomers)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bucket:
        """The inverse of `to_dict`."""
        return cls(list(data["c"]), set(data["p"]), set(data["n"]))


@dataclass(slots=True)
class Window:
    """Running sums over the last `steps` closed buckets."""

    steps: int
    sums: list[int] = field(default_factory=lambda: [0] * len(COUNTS))
    complainers: Counter[str] = field(default_factory=Counter)
    newcomers: Counter[str] = field(default_factory=Counter)

    def push(self, bucket: Bucket, evicted: Bucket | None) -> None:
        """Add the newest bucket and remove the one that left the window."""
        for i, value in enumerate(bucket.counts):
            self.sums[i] += value
        self.complainers.update(bucket.complainers)
        self.newcomers.update(bucket.newcomers)
        if evicted is not None:
            for i, value in enumerate(evicted.counts):
                self.sums[i] -= value
            _subtract(self.complainers, evicted.complainers)
            _subtract(self.newcomers, evicted.newcomers)

    def value(self, indicator: str, min_messages: int) -> float | None:
        """The indicator over this window; None for a share over too few messages."""
        sums = self.sums
        if indicator == "complainers":
            return float(len(self.complainers))
        if indicator == "newcomers":
            return float(len(self.newcomers))
        if indicator.endswith("_share"):
            volume = sums[VOLUME]
            if volume < min_messages:
                return None
            return sums[SHARE_OF[indicator]] / volume
        return float(sums[COUNTS.index(indicator)])

    def value_with(self, indicator: str, min_messages: int, extra: Bucket) -> float | None:
        """The indicator over this window plus the open bucket (a provisional reading)."""
        if indicator == "complainers":
            known = self.complainers
            return float(len(known) + sum(1 for a in extra.complainers if a not in known))
        if indicator == "newcomers":
            known = self.newcomers
            return float(len(known) + sum(1 for a in extra.newcomers if a not in known))
        counts = extra.counts
        if indicator.endswith("_share"):
            volume = self.sums[VOLUME] + counts[VOLUME]
            if volume < min_messages:
                return None
            index = SHARE_OF[indicator]
            return (self.sums[index] + counts[index]) / volume
        index = COUNTS.index(indicator)
        return float(self.sums[index] + counts[index])

    def share_parts(self, indicator: str) -> tuple[int, int]:
        """(numerator, volume) of a share indicator, for the baseline of shares."""
        return self.sums[SHARE_OF[indicator]], self.sums[VOLUME]


def _subtract(counter: Counter[str], members: set[str]) -> None:
    for member in members:
        left = counter[member] - 1
        if left:
            counter[member] = left
        else:
            del counter[member]


@dataclass
class Scope:
    """One community or one channel: the open bucket, the closed ones still in a window, and the
    running sums of every window length in use."""

    lengths: tuple[int, ...]
    current: Bucket = field(default_factory=Bucket)
    history: deque[Bucket] = field(default_factory=deque)
    windows: dict[int, Window] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for steps in self.lengths:
            self.windows.setdefault(steps, Window(steps))

    def close(self) -> Bucket:
        """Close the open bucket: push it into every window, start a new one."""
        bucket = self.current
        self.history.append(bucket)
        for steps, window in self.windows.items():
            evicted = self.history[-steps - 1] if len(self.history) > steps else None
            window.push(bucket, evicted)
        longest = max(self.lengths)
        while len(self.history) > longest:
            self.history.popleft()
        self.current = Bucket()
        return bucket

    @property
    def quiet(self) -> bool:
        """Whether every window is empty (closing more empty buckets changes nothing)."""
        return all(not any(b.counts) and not b.complainers for b in self.history) and not any(
            self.current.counts
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot (the windows are rebuilt from the buckets)."""
        return {"current": self.current.to_dict(), "history": [b.to_dict() for b in self.history]}

    @classmethod
    def from_dict(cls, lengths: tuple[int, ...], data: dict[str, Any]) -> Scope:
        """Rebuild a scope, replaying its buckets into fresh windows."""
        scope = cls(lengths)
        for item in data.get("history", []):
            scope.current = Bucket.from_dict(item)
            scope.close()
        scope.current = Bucket.from_dict(data["current"]) if data.get("current") else Bucket()
        return scope


def steps_of(duration: timedelta, resolution: timedelta) -> int:
    """How many evaluation steps a window covers (at least one)."""
    return max(1, round(duration / resolution))
