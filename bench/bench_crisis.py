"""Cost per message of the crisis monitor: the indicator update alone (flags + bucket) and the
whole `observe` (which also closes steps and evaluates the levels, amortised over the messages).

Run: `python -m bench.bench_crisis [--messages N]`. Synthetic stream: the bundled Opalia day's
texts replayed at several messages per second over many hours, with a surge in the middle.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.stats import p50_p99, sample_day
from bot.core.decision import Decision
from bot.core.message import Author, Message
from bot.crisis.indicators import Bucket, Signals
from bot.crisis.loader import load_playbook
from bot.crisis.monitor import CrisisMonitor, MonitorOptions

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2026, 3, 12, tzinfo=UTC)


def _texts() -> list[str]:
    return [message.text for message in sample_day()]


def stream(count: int, seed: int = 7) -> list[Decision]:
    """`count` decisions, about 3 per second, with scores, a surge of negatives in the middle."""
    rng = random.Random(seed)
    texts = _texts()
    decisions = []
    at = START
    for i in range(count):
        surge = count // 2 <= i < count // 2 + count // 10
        at += timedelta(seconds=rng.expovariate(3.0 if not surge else 12.0))
        author = Author(
            f"u{rng.randrange(2000)}", joined=START - timedelta(days=rng.randrange(400))
        )
        message = Message(
            f"m{i}",
            at,
            author,
            rng.choice(texts),
            platform="discord",
            community="opalia",
            channel=rng.choice(("general", "support")),
        )
        negative = rng.random() < (0.7 if surge else 0.1)
        scores = {"negative": 0.9 if negative else 0.1, "toxic": rng.random() * 0.8}
        decisions.append(Decision(message, at, (), (), scores=scores))
    return decisions


def _percentiles(samples: list[int]) -> tuple[float, float]:
    """p50 and p99 in microseconds of timings taken in nanoseconds."""
    return p50_p99([ns / 1000 for ns in samples])


def measure(count: int) -> dict[str, tuple[float, float]]:
    """p50 and p99 in microseconds, per message, of the indicator update and of `observe`."""
    playbook = load_playbook(ROOT / "playbooks" / "fr" / "opalia.yaml")
    decisions = stream(count)
    signals, bucket = Signals(playbook.watch), Bucket()
    clock = time.perf_counter_ns
    indicator = []
    for decision in decisions:
        begin = clock()
        bucket.add(signals.flags(decision), decision.message.author.id)
        indicator.append(clock() - begin)
    monitor = CrisisMonitor(playbook, options=MonitorOptions(timedelta(hours=1)))
    observe = []
    for decision in decisions:
        begin = clock()
        monitor.observe(decision)
        observe.append(clock() - begin)
    return {
        "indicators": _percentiles(indicator),
        "observe": _percentiles(observe),
        "observe_mean": (sum(observe) / len(observe) / 1000, 0.0),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the per-message cost (µs, p50 and p99)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args(argv)
    results = measure(args.messages)
    p50, p99 = results["indicators"]
    print(f"crisis indicators per message: p50 {p50:.1f} µs, p99 {p99:.1f} µs (budget 20 µs)")
    p50, p99 = results["observe"]
    mean = results["observe_mean"][0]
    print(
        f"crisis observe per message:    p50 {p50:.1f} µs, p99 {p99:.1f} µs, mean {mean:.1f} µs "
        "(includes step closes and level evaluation)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
