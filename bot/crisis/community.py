"""The running measurements of one community: its step clock, its scopes (the community and, when
the playbook compares channels, each channel), their baselines, the readings of one step, and the
snapshot that lets a restarted monitor resume exactly there."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import EPOCH
from bot.crisis.baseline import BaselineBook, Reading
from bot.crisis.indicators import Scope, steps_of
from bot.crisis.levels import LevelState
from bot.crisis.schema import Condition, Playbook
from bot.crisis.triggers import conditions_of

REPORT_WINDOW = timedelta(minutes=15)  # the window of the charts and of `status`
PREROLL = timedelta(hours=3)  # indicator history kept before an incident, for its charts
REPORT_KEYS = ("volume", "negative_share", "toxic_share", "complainers")


@dataclass(frozen=True, slots=True)
class Layout:
    """Which windows (in steps) to maintain, from the playbook's conditions."""

    step: timedelta
    lengths: tuple[int, ...]
    keys: tuple[tuple[str, int], ...]  # (indicator, steps) compared with a baseline
    channel_lengths: tuple[int, ...]  # empty: no channel is compared
    report: int
    modes: dict[
        tuple[str, int], frozenset[str]
    ]  # key -> the seasonal baselines it is compared with

    @classmethod
    def of(cls, playbook: Playbook) -> Layout:
        """The layout a playbook needs."""
        step = playbook.baseline.resolution
        conditions = [
            c
            for level in playbook.levels
            for c in (*conditions_of(level.enter), *conditions_of(level.exit))
        ]
        report = steps_of(REPORT_WINDOW, step)
        lengths = {steps_of(c.window, step) for c in conditions} | {report}
        keys = {(c.indicator, steps_of(c.window, step)) for c in conditions}
        keys |= {(name, report) for name in REPORT_KEYS}
        channel = {steps_of(c.window, step) for c in conditions if c.channel is not None}
        modes: dict[tuple[str, int], set[str]] = {}
        for c in conditions:
            if c.against != "recent":
                modes.setdefault((c.indicator, steps_of(c.window, step)), set()).add(c.against)
        return cls(
            step,
            tuple(sorted(lengths)),
            tuple(sorted(keys)),
            tuple(sorted(channel)),
            report,
            {key: frozenset(found) for key, found in modes.items()},
        )


def key_of(indicator: str, steps: int) -> str:
    """The baseline key of an indicator over a window."""
    return f"{indicator}/{steps}"


@dataclass
class Channel:
    """A channel compared on its own: its scope and baselines."""

    scope: Scope
    baselines: BaselineBook


@dataclass
class CommunityState:
    """Everything measured about one community, and its level."""

    name: str
    layout: Layout
    playbook: Playbook
    step_index: int
    platform: str = "memory"
    scope: Scope = field(init=False)
    baselines: BaselineBook = field(init=False)
    channels: dict[str, Channel] = field(default_factory=dict)
    level: LevelState = field(default_factory=LevelState)
    incident: str | None = None
    preroll: deque[dict[str, Any]] = field(default_factory=deque)
    scored: int = 0
    seen: int = 0
    last_live: datetime | None = None  # the last evaluation between two step closes
    _end: datetime = EPOCH
    _end_index: int = -1
    _cache: dict[tuple[str, int, str | None, str], Reading] = field(default_factory=dict)
    _live: dict[tuple[str, int, str | None, str], Reading] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.scope = Scope(self.layout.lengths)
        self.baselines = BaselineBook(self.playbook.baseline, self.layout.step)

    def step_end(self) -> datetime:
        """When the open step closes."""
        if self._end_index != self.step_index:
            self._end, self._end_index = (
                EPOCH + self.layout.step * (self.step_index + 1),
                self.step_index,
            )
        return self._end

    def channel(self, name: str) -> Channel:
        """The channel's measurements, created on first use."""
        found = self.channels.get(name)
        if found is None:
            found = Channel(
                Scope(self.layout.channel_lengths),
                BaselineBook(self.playbook.baseline, self.layout.step),
            )
            self.channels[name] = found
        return found

    def close_step(self) -> None:
        """Close the open buckets; readings are computed afresh for the new step."""
        self.scope.close()
        for channel in self.channels.values():
            channel.scope.close()
        self.step_index += 1
        self._cache.clear()
        self._live.clear()

    def skip(self, steps: int) -> None:
        """Jump over `steps` quiet steps: the baselines (the channels' too) have been watching."""
        self.step_index += steps
        self.baselines.steps_seen += steps
        for channel in self.channels.values():
            channel.baselines.steps_seen += steps

    def probe(self, condition: Condition, channel: str | None) -> Reading:
        """One condition's indicator over its window, with its baseline (cached per step)."""
        steps = max(1, round(condition.window / self.layout.step))
        return self.reading(condition.indicator, steps, channel, against=condition.against)

    def live_probe(self, condition: Condition, channel: str | None) -> Reading:
        """The same, counting the open step too (between two step closes)."""
        steps = max(1, round(condition.window / self.layout.step))
        return self.reading(
            condition.indicator, steps, channel, live=True, against=condition.against
        )

    def forget_live(self) -> None:
        """Drop the provisional readings (the open step has changed)."""
        self._live.clear()

    def reading(
        self,
        indicator: str,
        steps: int,
        channel: str | None = None,
        live: bool = False,
        against: str = "recent",
    ) -> Reading:
        """An indicator over `steps` with its baseline (`against`: see `Condition.against`), for
        the community or one channel; `live` adds the open step's counts to the closed window."""
        cache = self._live if live else self._cache
        cache_key = (indicator, steps, channel, against)
        found = cache.get(cache_key)
        if found is not None:
            return found
        if channel is None:
            scope, book = self.scope, self.baselines
        else:
            measured = self.channel(channel)
            scope, book = measured.scope, measured.baselines
        window = scope.windows[steps]
        minimum = self.playbook.baseline.min_messages
        if live:
            value = window.value_with(indicator, minimum, scope.current)
            volume = window.sums[0] + scope.current.counts[0]
        else:
            value = window.value(indicator, minimum)
            volume = window.sums[0]
        hours = steps * self.layout.step / timedelta(hours=1)
        hour = (EPOCH + self.layout.step * self.step_index).hour
        key = key_of(indicator, steps)
        result = book.reading(key, indicator, value, volume, hours, hour, against)
        cache[cache_key] = result
        return result

    def learn(self) -> None:
        """Fold the step just closed into the baselines (not while the level is frozen)."""
        hour = (EPOCH + self.layout.step * (self.step_index - 1)).hour
        books = [(self.scope, self.baselines, self.layout.keys)]
        books += [(c.scope, c.baselines, self._channel_keys()) for c in self.channels.values()]
        frozen = self.level.level >= self.playbook.baseline.freeze_from_level
        for scope, book, keys in books:
            if not frozen:
                for indicator, steps in keys:
                    window = scope.windows[steps]
                    value = window.value(indicator, 1)
                    parts = (
                        window.share_parts(indicator) if indicator.endswith("_share") else (0, 0)
                    )
                    # A seasonal baseline learns full windows only: a day-long window still
                    # filling up would teach it that a day is half a day.
                    modes = self.layout.modes.get((indicator, steps), frozenset())
                    modes = modes if book.steps_seen >= steps else frozenset()
                    book.learn(key_of(indicator, steps), indicator, value, parts, hour, modes)
            book.tick()

    def _channel_keys(self) -> tuple[tuple[str, int], ...]:
        return tuple(k for k in self.layout.keys if k[1] in self.layout.channel_lengths)

    def sample(self, at: datetime) -> dict[str, Any]:
        """The chart values of this step."""
        report = self.layout.report
        values: dict[str, Any] = {"at": at.isoformat(), "level": self.level.level}
        for name in REPORT_KEYS:
            reading = self.reading(name, report)
            values[name] = None if reading.value is None else round(reading.value, 4)
            if name == "complainers":
                values["baseline"] = (
                    None if reading.baseline is None else round(reading.baseline, 3)
                )
                values["z"] = None if reading.z is None else round(reading.z, 2)
        values["messages"] = self.scope.history[-1].counts[0] if self.scope.history else 0
        return values

    def remember(self, sample: dict[str, Any]) -> None:
        """Keep the sample in the pre-roll (what the charts show before an incident starts)."""
        self.preroll.append(sample)
        limit = max(1, round(PREROLL / self.layout.step))
        while len(self.preroll) > limit:
            self.preroll.popleft()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        return {
            "at": (EPOCH + self.layout.step * self.step_index).isoformat(),
            "platform": self.platform,
            "step_index": self.step_index,
            "scope": self.scope.to_dict(),
            "baselines": self.baselines.to_dict(),
            "channels": {
                n: {"scope": c.scope.to_dict(), "baselines": c.baselines.to_dict()}
                for n, c in self.channels.items()
            },
            "level": self.level.to_dict(),
            "incident": self.incident,
            "preroll": list(self.preroll),
            "scored": self.scored,
            "seen": self.seen,
            "last_live": self.last_live.isoformat() if self.last_live else None,
        }

    @classmethod
    def from_dict(
        cls, name: str, layout: Layout, playbook: Playbook, data: dict[str, Any]
    ) -> CommunityState:
        """The inverse of `to_dict`."""
        state = cls(name, layout, playbook, int(data["step_index"]), data.get("platform", "memory"))
        state.scope = Scope.from_dict(layout.lengths, data["scope"])
        state.baselines.restore(data["baselines"])
        for channel, saved in data.get("channels", {}).items():
            measured = state.channel(channel)
            measured.scope = Scope.from_dict(layout.channel_lengths, saved["scope"])
            measured.baselines.restore(saved["baselines"])
        state.level = LevelState.from_dict(data["level"])
        state.incident = data.get("incident")
        state.preroll = deque(data.get("preroll", []))
        state.scored, state.seen = int(data.get("scored", 0)), int(data.get("seen", 0))
        if data.get("last_live"):
            state.last_live = datetime.fromisoformat(data["last_live"])
        return state


def step_index(at: datetime, step: timedelta) -> int:
    """The index of the step that contains `at`."""
    return int((at - EPOCH) // step)
