"""Benchmark of the moderation core, side by side in one run with the code path before the speed
work (issue 18): per-message decision latency with the example French charter (no storage), replay
throughput with SQLite persistence, one by one and in batches, and resident memory.

    python -m bench.bench_core [--copies 20] [--baseline REV | --no-baseline] [--json]

Two streams: the sample day repeated (`repeated`: the texts come back every day, as in the first
benchmarks) and the same days where every message carries a text never seen in the run (`new text`,
texts of the labelled data sets in VIGIE_DATA_DIR, or the sample texts with a made-up word each
when the data is missing). Latency is wall-clock per message (p50, p99) and CPU time per message
(mean): on a machine shared with others the CPU time moves less. The load average is printed.

The baseline is the same measurement run by a fresh process on the tree of revision `--baseline`
(`bot/`, `charters/`, `models/` taken from git), so today's numbers and the previous ones come from
one run on one machine state.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from bench.stats import p50_p99, sample_day
from bot.core.message import Message

ROOT = Path(__file__).resolve().parent.parent
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
# The last commit before the speed work of issue 18: "today's code path" of the issue.
BASELINE = "c0c3695"
BATCH = 1000


def sample_messages(copies: int) -> list[Message]:
    """The sample day repeated `copies` times, shifted one day per copy, distinct ids."""
    base = sample_day()
    return [
        replace(m, id=f"{m.id}-{n}", ts=m.ts + timedelta(days=n))
        for n in range(copies)
        for m in base
    ]


def _new_texts(count: int) -> list[str]:
    """`count` distinct texts from the labelled data sets (shuffled), or made-up variants."""
    data = Path(os.environ.get("VIGIE_DATA_DIR", ROOT.parent / "shared" / "data"))
    texts: list[str] = []
    if data.is_dir():
        try:
            from bot.ml.datasets import load_sources

            for name in ("caa", "mlma", "olid", "sms", "tg", "airline"):
                texts.extend(e.text for e in load_sources(data, (name,)))
        except Exception:  # a missing or changed data set only narrows the mix
            pass
    texts = list(dict.fromkeys(t for t in texts if t.strip()))
    random.Random(18).shuffle(texts)
    if len(texts) < count:
        day = [m.text for m in sample_day()]
        texts += [f"{day[n % len(day)]} zorbiq{n}" for n in range(count - len(texts))]
    return texts[:count]


def new_text_messages(copies: int) -> list[Message]:
    """The repeated days, every message with a text of its own."""
    messages = sample_messages(copies)
    texts = _new_texts(len(messages))
    return [replace(m, text=t) for m, t in zip(messages, texts, strict=True)]


def community_messages(copies: int, communities: int = 8) -> list[Message]:
    """The `new text` days with each day's messages in one of `communities` communities (as a
    host of several servers replays them): what `--workers` shares out."""
    messages = new_text_messages(copies)
    per_day = len(messages) // copies
    return [
        replace(m, community=f"opalia-{n // per_day % communities}") for n, m in enumerate(messages)
    ]


def _engine(root: Path, with_models: bool) -> Any:
    from bot.app import build_engine, load_scorer
    from bot.charter.loader import load_charter

    scorer, _ = load_scorer(root / "models" if with_models else None)
    return build_engine(load_charter(root / "charters" / "fr" / "opalia.yaml"), scorer)


def latency(root: Path, with_models: bool, messages: list[Message]) -> dict[str, float]:
    """Per-message `process` latency (ms, wall clock) and mean CPU time (µs), no storage."""
    engine = _engine(root, with_models)
    for message in sample_day()[:200]:  # warm the tables built on first use, not the texts
        engine.decide(message)
    timings = []
    cpu = time.process_time()
    for message in messages:
        start = time.perf_counter_ns()
        engine.process(message)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    cpu_us = (time.process_time() - cpu) / len(messages) * 1e6
    p50, p99 = p50_p99(timings)
    return {"p50": p50, "p99": p99, "cpu_us": cpu_us, "n": len(timings)}


def replay_throughput(
    root: Path, with_models: bool, messages: list[Message], batch: int
) -> dict[str, float]:
    """Messages per second through engine + SQLite recorder (commits of 1000), by wall clock
    and by CPU time; `batch` > 1 uses the batch path (normalise and score `batch` at a time)."""
    from bot.app import ModerationPipeline, attach_store
    from bot.store.database import open_database

    engine = _engine(root, with_models)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.db")
        pipeline = ModerationPipeline(engine, batch_size=1000)
        attach_store(pipeline, db, engine.charter)
        cpu, start = time.process_time(), time.perf_counter()
        if batch > 1:
            from bot.moderation.batch import prepared_batches

            expect = getattr(pipeline, "expect", None)  # one look-up per batch, if it exists
            for message, prepared in prepared_batches(messages, engine.scorer, batch, expect):
                pipeline.handle(message, prepared)
        else:
            for message in messages:
                pipeline.handle(message)
        pipeline.flush()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        db.dispose()
    return {"msgs_per_s": len(messages) / elapsed, "cpu_msgs_per_s": len(messages) / cpu}


def replay_workers(root: Path, messages: list[Message], workers: int) -> dict[str, float]:
    """Messages per second of `replay_in_workers` (one community per process, SQLite), by wall
    clock from the start of the workers (their start and model loading included); and the CPU
    time of the parent (reading and handing out) and of the workers, per message."""
    import resource

    from bot.adapters.replay import ReplaySummary
    from bot.adapters.replay_workers import ReplaySetup, replay_in_workers

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        from bot.store.database import open_database

        open_database(url).dispose()  # migrated once, before the workers open it
        setup = ReplaySetup(str(CHARTER), str(root / "models"), url, BATCH)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu, start = time.process_time(), time.perf_counter()
        summary = replay_in_workers(messages, setup, workers, None, ReplaySummary())
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert summary.messages == len(messages), summary
    workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return {
        "msgs_per_s": len(messages) / elapsed,
        "parent_cpu_us": cpu / len(messages) * 1e6,
        "workers_cpu_us": workers_cpu / len(messages) * 1e6,
    }


def _own_rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


def resident_mb(root: Path) -> float:
    """VmRSS (MB) of a fresh process once every model is loaded and the sample day decided."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_core", "--rss", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.split()[-1])


def figures(
    root: Path, copies: int, batch_path: bool, workers: tuple[int, ...] = ()
) -> dict[str, Any]:
    """Every figure of one code tree (run in a fresh process for each tree)."""
    streams = {"repeated": sample_messages(copies), "new text": new_text_messages(copies)}
    result: dict[str, Any] = {"latency": {}, "replay": {}}
    for name, with_models in (("rules only", False), ("rules + classifiers", True)):
        for stream, messages in streams.items():
            result["latency"][f"{name}, {stream}"] = latency(root, with_models, messages)
        messages = streams["new text"]
        result["replay"][f"{name}, one by one"] = replay_throughput(root, with_models, messages, 1)
        if batch_path:
            result["replay"][f"{name}, batches of {BATCH}"] = replay_throughput(
                root, with_models, messages, BATCH
            )
    if workers:
        several = community_messages(copies)
        result["replay"]["rules + classifiers, 8 communities, batches"] = replay_throughput(
            root, True, several, BATCH
        )
        result["workers"] = {n: replay_workers(root, several, n) for n in workers}
    return result


def baseline_tree(revision: str, into: Path) -> Path:
    """`bot/`, `charters/` and `models/` of `revision`, extracted from git into `into`."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "bot", "charters", "models"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def baseline_figures(revision: str, copies: int) -> dict[str, Any] | None:
    """The figures of `revision`, measured by a fresh process whose `bot` is that revision's."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            tree = baseline_tree(revision, Path(tmp))
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"baseline {revision}: not available ({exc})", file=sys.stderr)
            return None
        # The child's working directory comes first on its path: its `bot` is the baseline's.
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.bench_core",
                "--child",
                str(tree),
                "--copies",
                str(copies),
            ],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        print(f"baseline {revision} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _print(now: dict[str, Any], before: dict[str, Any] | None, revision: str) -> None:
    print(f"\n== moderation core (example French charter, sample day x{now['copies']}) ==")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start")
    print(f"{'one decision, no storage':52} {'p50 ms':>8} {'p99 ms':>8} {'CPU µs/msg':>11}")
    for tree, result in (("now", now), (f"baseline {revision}", before)):
        if result is None:
            continue
        for name, lat in result["latency"].items():
            print(
                f"{tree + ': ' + name:52} {lat['p50']:8.3f} {lat['p99']:8.3f} {lat['cpu_us']:11.0f}"
            )
    print(f"\n{'replay + SQLite (new text)':52} {'msg/s':>8} {'msg/s by CPU':>13}")
    for tree, result in (("now", now), (f"baseline {revision}", before)):
        if result is None:
            continue
        for name, thr in result["replay"].items():
            print(
                f"{tree + ': ' + name:52} {thr['msgs_per_s']:8,.0f} {thr['cpu_msgs_per_s']:13,.0f}"
            )
    if now.get("workers"):
        print(
            f"\n{'replay --workers N, 8 communities, SQLite':52} {'msg/s':>8} "
            f"{'parent CPU µs/msg':>18} {'workers CPU µs/msg':>19}"
        )
        for count, w in now["workers"].items():
            print(
                f"{'now: ' + str(count) + ' worker(s)':52} {w['msgs_per_s']:8,.0f} "
                f"{w['parent_cpu_us']:18.0f} {w['workers_cpu_us']:19.0f}"
            )
    print(f"\nRSS with every model loaded, after the sample day: {now['rss_mb']:.0f} MB")
    print(
        "targets: p50 <= 0.1 ms, p99 <= 0.5 ms per decision (all classifiers, new text); "
        "replay with SQLite >= 20,000 msg/s; RSS <= 150 MB"
    )


def main(argv: list[str] | None = None) -> int:
    """Measure this tree (and the baseline's in a fresh process) and print them side by side."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_core", description=__doc__)
    parser.add_argument("--copies", type=int, default=20, help="days of the sample stream")
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--workers", type=int, nargs="*", default=[1, 2], help="replay --workers to measure"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # a baseline tree measuring itself
    parser.add_argument("--rss", help=argparse.SUPPRESS)  # a fresh process measuring its memory
    args = parser.parse_args(argv)
    if args.rss:
        engine = _engine(Path(args.rss), True)
        for message in sample_day():
            engine.process(message)
        print(f"{_own_rss_mb():.1f}")
        return 0
    if args.child:
        tree = Path(args.child)  # a tree with the batch path is measured on it too
        batch_path = (tree / "bot" / "moderation" / "batch.py").exists()
        print(json.dumps(figures(tree, args.copies, batch_path=batch_path)))
        return 0
    before = None if args.no_baseline else baseline_figures(args.baseline, args.copies)
    now = figures(ROOT, args.copies, batch_path=True, workers=tuple(args.workers))
    now["copies"], now["rss_mb"] = args.copies, resident_mb(ROOT)
    if args.json:
        print(json.dumps({"now": now, "baseline": before}))
    else:
        _print(now, before, args.baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
