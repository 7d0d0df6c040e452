"""A small support community's stream with a slow surge: a few complaints an hour (more by day
than by night, from distinct members), then a fault that multiplies the complaints by ten for two
days. Deterministic (seeded); built to test the hourly and daily windows, not to fit one stream."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from bot.core.decision import Decision
from bot.core.message import Author, Message

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
) -> Iterator[Decision]:
    """Decisions of `calm_days`, then `surge_days` at `factor` times the complaints, then calm."""
    rng = random.Random(seed)
    surge_from = START + timedelta(days=calm_days)
    surge_to = surge_from + timedelta(days=surge_days)
    end = surge_to + timedelta(days=after_days)
    at, count = START, 0
    while at < end:
        hour_end = at + timedelta(hours=1)
        shape = 1.0 if 7 <= at.hour < 21 else 0.25
        complaints = complaints_per_hour * shape * (factor if surge_from <= at < surge_to else 1)
        events = [(rng.random(), True) for _ in range(_poisson(rng, complaints))]
        events += [(rng.random(), False) for _ in range(_poisson(rng, 12 * shape))]
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
