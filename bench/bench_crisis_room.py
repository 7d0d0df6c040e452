"""Cost of one crisis-room refresh (the htmx poll) with 1, 100 and 1,000 communities in the
database: the room reads the stored state of its one community (`build_crisis_view`), where it
used to rebuild a whole monitor of every community and open incident on every poll (shown for
comparison).

Run: `python -m bench.bench_crisis_room [--communities 1,100,1000] [--repeat 30]`. The database is
a SQLite file in a temporary folder: the Opalia sample day replayed for "opalia" (a level-2
incident with its cases, statements and charts), and N-1 other communities with a real snapshot.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.bench_crisis import stream
from bench.stats import p50_p99
from bot.crisis.loader import load_playbook
from bot.crisis.monitor import CrisisMonitor, MonitorOptions
from bot.crisis.state import Batch
from bot.review.web.crisis_view import build_crisis_view
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database, open_database

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOK = ROOT / "playbooks" / "fr" / "opalia.yaml"


def _database(folder: Path, communities: int) -> tuple[Database, object]:
    """A database with `communities` communities; and the time the replay ended."""
    db = open_database(f"sqlite:///{folder / 'vigie.db'}")
    store = SqlCrisisStore(db)
    monitor = CrisisMonitor(
        load_playbook(PLAYBOOK), store, options=MonitorOptions(timedelta(hours=1))
    )
    decisions = stream(20_000)
    for decision in decisions:
        monitor.observe(decision)
    monitor.checkpoint()
    snapshot = store.restore("opalia").snapshots["opalia"]
    others = {f"community-{i:04d}": snapshot for i in range(1, communities)}
    for start in range(0, len(others), 100):
        names = list(others)[start : start + 100]
        store.write(Batch(snapshots={name: others[name] for name in names}))
    return db, decisions[-1].message.ts


def measure(communities: int, repeat: int) -> dict[str, tuple[float, float]]:
    """p50 and p99 in milliseconds of a room refresh, and of the old whole-monitor rebuild."""
    playbook = load_playbook(PLAYBOOK)
    with tempfile.TemporaryDirectory() as folder:
        db, now = _database(Path(folder), communities)
        store = SqlCrisisStore(db)
        room, rebuild = [], []
        for _ in range(repeat):
            begin = time.perf_counter_ns()
            build_crisis_view(playbook, db, "opalia", now, "fr")  # type: ignore[arg-type]
            room.append((time.perf_counter_ns() - begin) / 1e6)
        for _ in range(max(3, repeat // 10)):
            begin = time.perf_counter_ns()
            CrisisMonitor(playbook, store).status("opalia")
            rebuild.append((time.perf_counter_ns() - begin) / 1e6)
        db.dispose()
    return {"room": p50_p99(room), "rebuild": p50_p99(rebuild)}


def main(argv: list[str] | None = None) -> int:
    """Print the refresh cost for each number of communities."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", default="1,100,1000")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    for count in (int(part) for part in args.communities.split(",")):
        results = measure(count, args.repeat)
        room, rebuild = results["room"], results["rebuild"]
        print(
            f"crisis room refresh, {count:>5} communities: p50 {room[0]:.1f} ms, "
            f"p99 {room[1]:.1f} ms (whole-monitor rebuild, as before: p50 {rebuild[0]:.1f} ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
