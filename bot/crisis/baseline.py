"""The normal level of each indicator, learned per community as an exponentially weighted moving
average (mean and variance), or fixed by the playbook; and the deviation of a reading from it.

Guards that keep a quiet community from raising false alarms:
- nothing relative is said before `min_history` of event time has been seen;
- the spread has a floor (Poisson for counts, binomial for shares, plus the playbook's floors), so
  a zero-variance quiet baseline does not make one message a 10-sigma event;
- the baseline's mean has a floor, so "3 × baseline" of an empty channel is not "3 × 0";
- learning stops while the level is raised and clips outliers, so a crisis does not teach the
  baseline that a crisis is normal (and the exit criteria keep comparing with the calm).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from statistics import NormalDist
from typing import Any

from bot.crisis.schema import SHARE_INDICATORS, Baseline

CLIP_SIGMAS = 4.0  # a learned sample is clipped to mean + 4 spreads


@dataclass(slots=True)
class Ewma:
    """Exponentially weighted mean and variance of a series sampled once per step."""

    mean: float = 0.0
    var: float = 0.0
    samples: int = 0

    def update(self, value: float, alpha: float) -> None:
        """Fold one sample in. Until the window is full the weight is 1/n (a plain mean), so the
        first samples do not weigh for a whole window (the usual EWMA start-up bias)."""
        if self.samples == 0:
            self.mean, self.var = value, 0.0
        else:
            diff = value - self.mean
            increment = max(alpha, 1 / (self.samples + 1)) * diff
            self.mean += increment
            self.var = (1 - max(alpha, 1 / (self.samples + 1))) * (self.var + diff * increment)
        self.samples += 1


@dataclass(frozen=True, slots=True)
class Reading:
    """An indicator's value with its baseline and spread (None where not known yet).

    `observed` is the history's own spread when it is wider than Poisson (bursty counts).
    """

    value: float | None
    baseline: float | None
    spread: float | None
    share: bool = False
    observed: float | None = None

    @property
    def z(self) -> float | None:
        """How unusual the value is, in normal-equivalent deviations (computed on demand: it is
        only needed once the threshold itself is met)."""
        if self.value is None or self.baseline is None or not self.spread:
            return None
        if self.share:
            return (self.value - self.baseline) / self.spread
        z = poisson_z(self.value, self.baseline)
        if self.observed:
            z = min(z, (self.value - self.baseline) / self.observed)
        return z


_NORMAL = NormalDist()
_SMALLEST_TAIL = 1e-12


def poisson_z(count: float, mean: float) -> float:
    """The normal-equivalent deviation of seeing `count` or more events where `mean` are expected.

    A plain z-score, (count - mean) / sqrt(mean), says a quiet channel's third message in ten
    minutes is a 10-sigma event, or (with a floor on the spread) that it is nothing; the Poisson
    tail is right at both ends: calibrated on small counts, the usual z on large ones.
    """
    if count <= mean:
        return (count - mean) / math.sqrt(mean)
    if mean > 200 or count > 400:  # the normal approximation is exact enough there
        return (count - mean) / math.sqrt(mean)
    term = total = math.exp(-mean)
    for k in range(1, math.ceil(count)):
        term *= mean / k
        total += term
    tail = max(1.0 - total, 0.0)
    if tail < _SMALLEST_TAIL:
        return max(_NORMAL.inv_cdf(1 - _SMALLEST_TAIL), (count - mean) / math.sqrt(mean))
    return _NORMAL.inv_cdf(1 - tail)


class BaselineBook:
    """The baselines of one community, one per (indicator, window) pair the playbook compares."""

    def __init__(self, config: Baseline, step: timedelta) -> None:
        self.config = config
        self.alpha = 1 - math.exp(-(step / config.window))
        self.ready_after = max(1, math.ceil(config.min_history / step))
        self.steps_seen = 0
        self.values: dict[str, Ewma] = {}  # count indicators: EWMA of the windowed value
        self.parts: dict[str, tuple[Ewma, Ewma]] = {}  # shares: EWMA of numerator and volume
        # Counts also get a profile per hour of the day (UTC), each slot remembering about
        # `seasonal_window` of days: the afternoon peak is normal in the afternoon.
        self.hourly: dict[str, list[Ewma]] = {}
        self.slot_alpha = 1 - math.exp(-(24 * step) / config.seasonal_window)
        self.slot_ready = max(1, round(timedelta(hours=1) / step))
        # Hours-long windows compared with the same window on the usual day ("same_day"): one
        # EWMA per hour of the day at which the window ends, remembering about `seasonal_window`
        # (a small community's evening peak is its normal), so that two days of a slow surge
        # barely move it.
        self.slow: dict[str, list[Ewma]] = {}
        self.slow_ready = 2 * self.slot_ready  # two days of that hour

    @property
    def ready(self) -> bool:
        """Whether enough history has been seen to compare with the baseline."""
        return self.steps_seen >= self.ready_after

    def learn(
        self,
        key: str,
        indicator: str,
        value: float | None,
        parts: tuple[int, int],
        hour: int = 0,
        modes: frozenset[str] = frozenset(),
    ) -> None:
        """Fold one step's reading in (the caller skips this while the level is frozen);
        `hour` is the hour of the day (UTC) of the step, for the seasonal profile; `modes` the
        other baselines a condition compares this key with ("same_hour", "same_day")."""
        if indicator in SHARE_INDICATORS:
            numerator, volume = self.parts.setdefault(key, (Ewma(), Ewma()))
            if volume.samples and self.ready:
                # Clip a burst of negatives in a calm volume, as for counts.
                cap = max(volume.mean, 1.0) * (1 + CLIP_SIGMAS)
                numerator.update(min(parts[0], cap), self.alpha)
                volume.update(min(parts[1], cap), self.alpha)
            else:
                numerator.update(parts[0], self.alpha)
                volume.update(parts[1], self.alpha)
            return
        if value is None:
            return
        if "same_day" in modes:
            slow = self.slow.setdefault(key, [Ewma() for _ in range(24)])[hour]
            if slow.samples >= self.slow_ready:
                # Clipped against its own normal with the Poisson spread (the day/night swing
                # would let a surge through): two days of a surge barely move a week's memory.
                value_slow = min(value, slow.mean + CLIP_SIGMAS * math.sqrt(max(slow.mean, 1.0)))
            else:
                value_slow = value
            slow.update(value_slow, self.slot_alpha)
        ewma = self.values.setdefault(key, Ewma())
        if self.ready and ewma.samples:
            value = min(
                value, self._expected(key, ewma, hour) + CLIP_SIGMAS * self._count_spread(ewma)
            )
        ewma.update(value, self.alpha)
        if self.config.seasonal or "same_hour" in modes:
            slot = self.hourly.setdefault(key, [Ewma() for _ in range(24)])[hour]
            if "same_hour" in modes and slot.samples >= 2 * self.slot_ready:
                value = min(value, slot.mean + CLIP_SIGMAS * math.sqrt(max(slot.mean, 1.0)))
            slot.update(value, self.slot_alpha)

    def _expected(self, key: str, ewma: Ewma, hour: int) -> float:
        """The larger of the overall mean and this hour's mean (once the hour was seen)."""
        slots = self.hourly.get(key)
        if slots is None or slots[hour].samples < self.slot_ready:
            return ewma.mean
        return max(ewma.mean, slots[hour].mean)

    def tick(self) -> None:
        """Count one more step of history."""
        self.steps_seen += 1

    def reading(
        self,
        key: str,
        indicator: str,
        value: float | None,
        volume: int,
        hours: float,
        hour: int = 0,
        against: str = "recent",
    ) -> Reading:
        """`value` with its baseline: learned once ready; before that the plan's prior, if any;
        always the plan's fixed value if it gives one, else None. `against` "same_hour" or
        "same_day" compares with that learned baseline only (None until it has seen a day).

        `hours` is the window's length: fixed values, priors and floors of counts are per hour.
        """
        if against != "recent":
            return self._seasonal_reading(key, value, hours, hour, against)
        fixed = self.config.fixed.get(indicator)
        if fixed is None and not self.ready:
            fixed = self.config.prior.get(indicator)
            if fixed is None:
                return Reading(value, None, None)
        share = indicator in SHARE_INDICATORS
        if fixed is not None and not share:
            fixed *= hours
        if share:
            mean = fixed if fixed is not None else self._share_mean(key)
            floor = self.config.share_floor
            mean = max(mean, floor)
            spread = max(floor, math.sqrt(mean * (1 - min(mean, 0.99)) / max(volume, 1)))
            return Reading(value, mean, spread, share=True)
        ewma = self.values.get(key)
        learned = self._expected(key, ewma, hour) if ewma else 0.0
        mean = max(fixed if fixed is not None else learned, self.config.count_floor * hours)
        # Burstier than Poisson (it usually is): the observed spread is the honest one.
        observed = math.sqrt(ewma.var) if fixed is None and ewma and ewma.var > mean else None
        return Reading(value, mean, observed or math.sqrt(mean), observed=observed)

    def _seasonal_reading(
        self, key: str, value: float | None, hours: float, hour: int, against: str
    ) -> Reading:
        if against == "same_hour":
            slots = self.hourly.get(key)
            # One day of an hour is one sample of it: wait for two before calling it normal.
            enough = 2 * self.slot_ready
            found = slots[hour] if slots and slots[hour].samples >= enough else None
        else:
            days = self.slow.get(key)
            found = days[hour] if days and days[hour].samples >= self.slow_ready else None
        if found is None:
            return Reading(value, None, None)
        mean = max(found.mean, self.config.count_floor * hours)
        observed = math.sqrt(found.var) if found.var > mean else None
        return Reading(value, mean, observed or math.sqrt(mean), observed=observed)

    def _share_mean(self, key: str) -> float:
        found = self.parts.get(key)
        if not found or found[1].mean <= 0:
            return 0.0
        return found[0].mean / found[1].mean

    @staticmethod
    def _count_spread(ewma: Ewma) -> float:
        # Poisson floor: a count of mean m varies by about sqrt(m) even when the history is flat.
        return max(math.sqrt(max(ewma.var, 0.0)), math.sqrt(max(ewma.mean, 1.0)))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        return {
            "steps": self.steps_seen,
            "values": {k: [e.mean, e.var, e.samples] for k, e in self.values.items()},
            "parts": {
                k: [[a.mean, a.var, a.samples], [b.mean, b.var, b.samples]]
                for k, (a, b) in self.parts.items()
            },
            "hourly": {
                k: [[e.mean, e.var, e.samples] for e in slots] for k, slots in self.hourly.items()
            },
            "slow": {
                k: [[e.mean, e.var, e.samples] for e in slots] for k, slots in self.slow.items()
            },
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Load a snapshot made by `to_dict`."""
        self.steps_seen = int(data.get("steps", 0))
        self.values = {k: Ewma(*v) for k, v in data.get("values", {}).items()}
        self.parts = {k: (Ewma(*a), Ewma(*b)) for k, (a, b) in data.get("parts", {}).items()}
        self.hourly = {k: [Ewma(*e) for e in slots] for k, slots in data.get("hourly", {}).items()}
        self.slow = {k: [Ewma(*e) for e in slots] for k, slots in data.get("slow", {}).items()}
