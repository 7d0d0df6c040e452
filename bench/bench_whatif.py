"""Benchmark of the console's charter what-if: a month of a busy community (600,000 stored messages
by default) replayed through the charter in force and an edited copy (the shouting rule switched
off), as the console runs it in the background; and the code before the speed work (issue 18) on the
first `--baseline-messages` of the same database, in a fresh process on that revision's tree.

    python -m bench.bench_whatif [--messages 600000] [--baseline-messages 20000] [--no-baseline]

The database is made once and kept in var/bench/ (the sample day, its authors renamed per copy,
spread over 30 days). The load average is printed: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.bench_core import BASELINE, ROOT, baseline_tree
from bench.stats import sample_day

DAYS = 30
CHUNK = 5000


def database(messages: int, tree: str = "") -> Path:
    """var/bench/whatif-N[-tree].db with `messages` stored messages over DAYS days (made once,
    by the code that reads it: an older tree cannot open a database of a newer schema)."""
    path = ROOT / "var" / "bench" / f"whatif-{messages}{'-' + tree if tree else ''}.db"
    if path.exists():
        return path
    from bot.core.decision import Decision
    from bot.store.database import open_database
    from bot.store.recorder import DecisionRecorder

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = open_database(f"sqlite:///{partial}")
    recorder = DecisionRecorder(db, timedelta(days=30))
    day = sample_day()
    copies = -(-messages // len(day))
    step = timedelta(days=DAYS) / copies
    batch: list[Decision] = []
    made = 0
    for n in range(copies):
        for m in day[: messages - made]:
            author = replace(m.author, id=f"{m.author.id}-{n}")
            message = replace(m, id=f"{m.id}-{n}", ts=m.ts + n * step, author=author)
            batch.append(Decision(message, message.ts, (), ()))
            made += 1
        if len(batch) >= CHUNK:
            recorder.record(batch)
            batch = []
    recorder.record(batch)
    db.dispose()
    partial.rename(path)
    return path


def run(root: Path, db_path: Path, limit: int) -> dict[str, Any]:
    """The what-if of `root`'s code over at most `limit` messages: seconds (wall and CPU)."""
    from bot.app import load_scorer
    from bot.charter.loader import load_charter, parse_charter
    from bot.review.web.whatif_replay import run_whatif
    from bot.store.database import open_database

    charter_path = root / "charters" / "fr" / "opalia.yaml"
    current = load_charter(charter_path)
    text = charter_path.read_text(encoding="utf-8")
    candidate = parse_charter(
        text.replace("id: majuscules", "id: majuscules\n    enabled: false", 1)
    )
    scorer, _ = load_scorer(root / "models")
    db = open_database(f"sqlite:///{db_path}")
    cpu, start = time.process_time(), time.perf_counter()
    result = run_whatif(db, current, candidate, DAYS + 1, limit, scorer)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    db.dispose()
    changed = getattr(result, "changed", len(result.changes))
    return {"replayed": result.replayed, "changed": changed, "seconds": elapsed, "cpu": cpu}


def baseline(revision: str, limit: int) -> dict[str, Any] | None:
    """`run` on the baseline revision's tree, in a fresh process, on a database it made."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = baseline_tree(revision, Path(tmp))
        done = subprocess.run(
            [
                *(sys.executable, "-m", "bench.bench_whatif", "--child", str(tree)),
                *("--db", revision, "--messages", str(limit)),
            ],
            cwd=tree,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        print(f"baseline {revision} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    """Make (or reuse) the database, time both what-ifs, print them."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_whatif", description=__doc__)
    parser.add_argument("--messages", type=int, default=600_000)
    parser.add_argument(
        "--limit", type=int, help="replay only the first LIMIT messages (a loaded machine)"
    )
    parser.add_argument("--baseline-messages", type=int, default=20_000)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        db_path = database(args.messages, tree=args.db)
        print(json.dumps(run(Path(args.child), db_path, args.messages)))
        return 0
    db_path = database(args.messages)
    print(f"\n== charter what-if ({args.messages:,} stored messages over {DAYS} days) ==")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start")
    rows = [("now", run(ROOT, db_path, args.limit or args.messages))]
    if not args.no_baseline:
        before = baseline(args.baseline, args.baseline_messages)
        if before is not None:
            rows.append((f"baseline {args.baseline}", before))
    print(
        f"{'code':18} {'messages':>9} {'changed':>8} {'seconds':>8} {'CPU s':>7} {'msg/s':>7} "
        f"{'600k in':>8}"
    )
    for name, r in rows:
        rate = r["replayed"] / r["seconds"]
        print(
            f"{name:18} {r['replayed']:9,} {r['changed']:8,} {r['seconds']:8.1f} {r['cpu']:7.1f} "
            f"{rate:7,.0f} {600_000 / rate:7.0f}s"
        )
    print("target: 600,000 messages in <= 60 s, with a progress bar, cancellable (the console)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
