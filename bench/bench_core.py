"""Benchmark of the moderation core: per-message decision latency with the example charter (no
storage), and replay throughput with SQLite persistence (batched commits), from one run.

Run with `make bench` (all benchmarks) or `python -m bench.bench_core`.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bench.stats import p50_p99, sample_day
from bot.app import ModerationPipeline, attach_store, build_engine, load_scorer
from bot.charter.loader import load_charter
from bot.core.message import Message

ROOT = Path(__file__).resolve().parent.parent
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"


def sample_messages(copies: int) -> list[Message]:
    """The sample day repeated `copies` times, shifted one day per copy, distinct ids."""
    base = sample_day()
    return [
        replace(m, id=f"{m.id}-{n}", ts=m.ts + timedelta(days=n))
        for n in range(copies)
        for m in base
    ]


def latency(models: Path | None, messages: list[Message]) -> dict[str, float]:
    """Per-message `process` latency in milliseconds, without storage."""
    scorer, _ = load_scorer(models)
    engine = build_engine(load_charter(CHARTER), scorer)
    for message in messages[:200]:  # warm caches (keyword tables, regexes)
        engine.decide(message)
    timings = []
    for message in messages:
        start = time.perf_counter_ns()
        engine.process(message)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    p50, p99 = p50_p99(timings)
    return {
        "p50": p50,
        "p99": p99,
        "max": max(timings),
        "n": len(timings),
    }


def replay_throughput(models: Path | None, messages: list[Message]) -> dict[str, float]:
    """Messages per second through engine + SQLite recorder, batches of 1000."""
    from bot.store.database import open_database

    scorer, _ = load_scorer(models)
    charter = load_charter(CHARTER)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.db")
        pipeline = ModerationPipeline(build_engine(charter, scorer), batch_size=1000)
        attach_store(pipeline, db, charter)
        start = time.perf_counter()
        for message in messages:
            pipeline.handle(message)
        pipeline.flush()
        elapsed = time.perf_counter() - start
        db.dispose()
    return {"msgs_per_s": len(messages) / elapsed, "n": len(messages), "seconds": elapsed}


def main() -> None:
    """Print the core's figures, with and without the classifiers, side by side."""
    messages = sample_messages(20)
    rows = []
    for name, models in (("rules only", None), ("rules + classifiers", ROOT / "models")):
        lat = latency(models, messages)
        thr = replay_throughput(models, messages)
        rows.append((name, lat, thr))
    print("\n== moderation core (example French charter, sample day x20) ==")
    print(
        f"{'configuration':22} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'replay+SQLite msg/s':>20}"
    )
    for name, lat, thr in rows:
        print(
            f"{name:22} {lat['p50']:8.3f} {lat['p99']:8.3f} {lat['max']:8.2f} {thr['msgs_per_s']:20,.0f}"
        )
    print("targets: p99 <= 1 ms per decision without storage; replay with SQLite >= 10,000 msg/s")


if __name__ == "__main__":
    main()
