"""Kill -9 campaign: does a replay killed at random points, then restarted, leave the database a
single clean run leaves? (decisions, strikes, cases, outbox; ids aside)

    python -m bench.kill_campaign --kills 20 [--copies 20] [--db-url postgresql+psycopg://.../db]

It builds a stream of `--copies` days of the sample day (ids and times shifted), replays it once
into a fresh database (the reference), then into another: `--kills` times a `vigie replay` is
started and killed with SIGKILL after a random delay, then one last replay runs to its end. The
two databases are compared row by row; the figures say how many rows are missing or extra, and
how many bans. `--code DIR` runs another checkout of the project (e.g. the code before a fix).
Seeded: the same arguments give the same kill points.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "charters" / "samples" / "opalia_day.jsonl"
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"

# Rows as a run leaves them, without the ids the database hands out (strikes and cases name the
# message of their decision instead).
QUERIES = {
    "decisions": "SELECT platform, community, message_id, at, mode, severity, strikes, "
    "strike_weight, actions FROM decisions",
    "strikes": "SELECT s.community, s.user_id, s.rule, s.weight, s.at, d.message_id "
    "FROM strikes s LEFT JOIN decisions d ON d.id = s.decision_id",
    "cases": "SELECT c.kind, c.community, c.message_id, c.rule, c.severity, c.reason FROM cases c",
    "outbox": "SELECT key, kind, community, user_id, status FROM actions",
}


def build_stream(path: Path, copies: int) -> int:
    """`copies` days of the sample day, one after the other; returns the number of lines."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for day in range(copies):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}-d{day}"
                ts = datetime.fromisoformat(record["ts"].replace("Z", "+00:00"))
                record["ts"] = (ts + timedelta(days=day)).isoformat()
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def replay_command(stream: Path, db_url: str, out: Path, code: Path) -> list[str]:
    """The `vigie replay` of the campaign (no models: start-up time would dominate)."""
    return [
        sys.executable, "-m", "bot", "replay", str(stream), "--charter", str(CHARTER),
        "--no-models", "--db", db_url, "--out", str(out), "--quiet",
    ]  # fmt: skip


def run(command: list[str], code: Path, kill_after: float | None) -> tuple[bool, float]:
    """Run the replay; kill it with SIGKILL after `kill_after` s. (killed?, seconds)"""
    env = dict(os.environ, PYTHONPATH=str(code))
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True, time.perf_counter() - started
    return False, time.perf_counter() - started


def snapshot(db_url: str) -> dict[str, Counter[tuple[object, ...]]]:
    """Every row of the compared tables, as multisets."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return {
                name: Counter(tuple(map(str, row)) for row in connection.execute(text(query)))
                for name, query in QUERIES.items()
            }
    finally:
        engine.dispose()


def compare(clean: dict, tried: dict) -> dict[str, dict[str, int]]:
    """Per table: rows in the clean run, in the campaign's, missing and extra."""
    figures = {}
    for name in QUERIES:
        missing = clean[name] - tried[name]
        extra = tried[name] - clean[name]
        figures[name] = {
            "clean": sum(clean[name].values()),
            "campaign": sum(tried[name].values()),
            "missing": sum(missing.values()),
            "extra": sum(extra.values()),
        }
    bans = [sum(1 for row in s["outbox"].elements() if row[1] == "ban") for s in (clean, tried)]
    figures["bans"] = {"clean": bans[0], "campaign": bans[1], "extra": bans[1] - bans[0]}
    return figures


def fresh_database(base_url: str | None, folder: Path, name: str) -> str:
    """A new empty database: a SQLite file, or a new PostgreSQL database on `base_url`'s server."""
    if base_url is None:
        return f"sqlite:///{folder / name}.db"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    database = f"vigie_campaign_{name}_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + "/" + database


def drop_database(base_url: str | None, url: str) -> None:
    """Remove a PostgreSQL database made by `fresh_database`."""
    if base_url is None:
        return
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def campaign(args: argparse.Namespace) -> dict[str, object]:
    """Run the clean replay and the killed ones; return the figures."""
    rng = random.Random(args.seed)
    code = Path(args.code).resolve()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        stream = work / "stream.jsonl"
        messages = build_stream(stream, args.copies)
        clean_url = fresh_database(args.db_url, work, "clean")
        tried_url = fresh_database(args.db_url, work, "killed")
        try:
            _, clean_time = run(replay_command(stream, clean_url, work / "o1", code), code, None)
            kills = 0
            for _ in range(args.kills):
                delay = rng.uniform(0.3, clean_time)
                command = replay_command(stream, tried_url, work / "o2", code)
                kills += run(command, code, delay)[0]
            run(replay_command(stream, tried_url, work / "o2", code), code, None)
            figures = compare(snapshot(clean_url), snapshot(tried_url))
        finally:
            drop_database(args.db_url, clean_url)
            drop_database(args.db_url, tried_url)
    return {
        "backend": "postgresql" if args.db_url else "sqlite",
        "messages": messages,
        "clean_run_s": round(clean_time, 1),
        "tries": args.kills,
        "killed_mid_run": kills,
        **figures,
    }


def main(argv: list[str] | None = None) -> int:
    """Run one campaign and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--copies", type=int, default=20, help="days of the sample day")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--db-url", help="a PostgreSQL server URL (default: SQLite files)")
    parser.add_argument("--code", default=str(ROOT), help="the checkout to run (default: this)")
    args = parser.parse_args(argv)
    print(json.dumps(campaign(args), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
