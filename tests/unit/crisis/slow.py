"""A small support community's stream with a slow surge: a few complaints an hour (more by day
than by night, from distinct members), then a fault that multiplies the complaints by ten for two
days. Deterministic (seeded); built to test the hourly and daily windows, not to fit one stream."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.decision import Decision
from bot.core.message import Author, Message
from bot.crisis.events import CrisisEvent
from bot.crisis.monitor import CrisisMonitor, MonitorOptions
from bot.crisis.schema import Playbook

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday, midnight UTC
COMPLAINTS = {
    "fr": (
        "toujours en panne chez moi",
        "remboursement svp, ça ne marche plus",
        "encore une coupure",
    ),
    "en": ("still down here", "no internet again, refund please", "outage again?"),
}
CHATTER = {
    "fr": ("merci pour l'info", "quelqu'un a testé la nouvelle box ?", "bonne journée"),
    "en": ("thanks for the info", "anyone tried the new router?", "have a nice day"),
}


def slow_surge(
    lang: str,
    calm_days: int = 7,
    surge_days: int = 2,
    after_days: int = 1,
    factor: float = 10.0,
    complaints_per_hour: float = 3.0,
    seed: int = 11,
    weekend: float = 1.0,
    day_noise: float = 0.0,
    surge_hour: int = 0,
) -> Iterator[Decision]:
    """Decisions of `calm_days`, then `surge_days` at `factor` times the complaints (from
    `surge_hour` of the next day), then calm. `complaints_per_hour` is the daytime rate (a
    quarter of it at night); `weekend` multiplies Saturdays and Sundays; each day's rate is
    drawn around its mean with a log-normal spread of `day_noise`."""
    rng = random.Random(seed)
    surge_from = START + timedelta(days=calm_days, hours=surge_hour)
    surge_to = surge_from + timedelta(days=surge_days)
    end = surge_to + timedelta(days=after_days)
    at, count, day_factor = START, 0, 1.0
    while at < end:
        if at.hour == 0:
            day_factor = math.exp(rng.gauss(0.0, day_noise)) if day_noise else 1.0
        hour_end = at + timedelta(hours=1)
        shape = (1.0 if 7 <= at.hour < 21 else 0.25) * (weekend if at.weekday() >= 5 else 1.0)
        fault = factor if surge_from <= at < surge_to else 1
        complaints = complaints_per_hour * shape * day_factor * fault
        events = [(rng.random(), True) for _ in range(_poisson(rng, complaints))]
        chatter = (12 + 2 * complaints_per_hour) * shape * day_factor
        events += [(rng.random(), False) for _ in range(_poisson(rng, chatter))]
        for offset, complaining in sorted(events):
            count += 1
            ts = at + timedelta(seconds=int(offset * 3600))
            author = f"m{rng.randrange(800)}"
            text = rng.choice(COMPLAINTS[lang] if complaining else CHATTER[lang])
            message = Message(f"s{count}", ts, Author(author, author), text, community="support")
            scores = {"negative": 0.9 if complaining else 0.1}
            yield Decision(message, ts, (), (), scores=scores)
        at = hour_end


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth; the means here are small)."""
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count


@dataclass(frozen=True, slots=True)
class Stream:
    """One synthetic support community of the family: its daytime complaint rate, its weekly
    and day-to-day variation, whether a 2-day 10x fault starts on day `calm_days` at 09:00."""

    lang: str
    per_hour: float
    fault: bool = True
    weekend: float = 0.5
    day_noise: float = 0.3
    seed: int = 1
    calm_days: int = 8

    @property
    def name(self) -> str:
        """A readable id: language, rate, fault or control."""
        kind = "fault" if self.fault else "control"
        return f"{self.lang}-{self.per_hour:g}-an-hour-{kind}-seed{self.seed}"

    @property
    def fault_at(self) -> datetime:
        """When the fault starts (the stream goes on as before without one)."""
        return START + timedelta(days=self.calm_days, hours=9)

    def decisions(self) -> Iterator[Decision]:
        """The stream: `calm_days`, two days of fault (or not), a day after."""
        return slow_surge(
            self.lang,
            calm_days=self.calm_days,
            factor=10.0 if self.fault else 1.0,
            complaints_per_hour=self.per_hour,
            seed=self.seed,
            weekend=self.weekend,
            day_noise=self.day_noise,
            surge_hour=9,
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the shipped plan made of a stream: when level 2 was first reached after the fault
    started (None: never), which share of the fault's two days it spent at level 2 or above,
    how many times level 2 (false alerts) and level 1 were entered before the fault (or in the
    whole control stream) after the first day, and the level changes. The first day is left
    out: the plan's prior (its own community's rates) stands until 12 h of history."""

    delay: timedelta | None
    held: float
    false_level2: int
    level1_before: int
    changes: list[tuple[datetime, int]]


WARM_UP = timedelta(days=1)


def replay_levels(playbook: Playbook, stream: Stream) -> Outcome:
    """Replay `stream` through a monitor of `playbook` (its state written once a month: the
    replay has no use for checkpoints) and sum the level changes up."""
    monitor = CrisisMonitor(playbook, options=MonitorOptions(timedelta(days=30)))
    changes: list[tuple[datetime, int]] = []
    last = START
    for item in stream.decisions():
        changes += _levels(monitor.observe(item))
        last = item.message.ts
    changes += _levels(monitor.tick(last))
    start = stream.fault_at
    ends = start + timedelta(days=2)
    up = [at for at, level in changes if level >= 2 and start <= at < ends]
    control_end = start if stream.fault else last + timedelta(seconds=1)
    return Outcome(
        delay=(up[0] - start) if stream.fault and up else None,
        held=_share_at(changes, 2, start, ends) if stream.fault else 0.0,
        false_level2=_entries(changes, 2, START + WARM_UP, control_end),
        level1_before=_entries(changes, 1, START + WARM_UP, control_end, top=1),
        changes=changes,
    )


def _levels(events: list[CrisisEvent]) -> list[tuple[datetime, int]]:
    return [(e.at, int(e.data["level"])) for e in events if e.type == "crisis.level"]


def _entries(
    changes: list[tuple[datetime, int]], level: int, since: datetime, until: datetime, top: int = 9
) -> int:
    """How many times the level went from under `level` to `level`..`top` in [since, until)."""
    count, current = 0, 0
    for at, new in changes:
        if since <= at < until and current < level <= new <= top:
            count += 1
        current = new
    return count


def _share_at(
    changes: list[tuple[datetime, int]], level: int, since: datetime, until: datetime
) -> float:
    """The share of [since, until) spent at `level` or above."""
    inside, current, mark = timedelta(0), 0, since
    for at, new in [*changes, (until, 0)]:
        at = min(max(at, since), until)
        if current >= level:
            inside += at - mark
        mark, current = at, new
    return inside / (until - since)


def family() -> list[Stream]:
    """The whole family: both plans' languages, three rates, two seeds, fault and control."""
    return [
        Stream(lang, rate, fault, seed=seed)
        for lang in ("fr", "en")
        for rate in (1.0, 3.0, 10.0)
        for fault in (True, False)
        for seed in (1, 2)
    ]


def main() -> None:
    """Print the family's table (for the notes): delay to level 2, time held, false alerts."""
    from pathlib import Path

    from bot.crisis.loader import load_playbook

    root = Path(__file__).resolve().parents[3]
    print("| stream | to level 2 | at level >= 2 during the fault | false level 2 | level 1 |")
    print("| --- | --- | --- | --- | --- |")
    for stream in family():
        plan = load_playbook(root / "playbooks" / stream.lang / "opalia.yaml")
        found = replay_levels(plan, stream)
        delay = "—" if found.delay is None else str(found.delay)
        held = f"{found.held:.0%}" if stream.fault else "—"
        row = (stream.name, delay, held, found.false_level2, found.level1_before)
        print("| " + " | ".join(str(cell) for cell in row) + " |", flush=True)


if __name__ == "__main__":
    main()
