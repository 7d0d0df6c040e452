"""Failover time of an active/standby pair of `vigie run telegram` processes: kill -9 of the active
one → the standby polls Telegram → the standby has taken in a message sent after the kill. Median
and max over N runs (real processes, a local fake Bot API, one database per run).

Run: `python -m bench.bench_failover [--runs 10]`. Each run uses a fresh SQLite file shared by
the two processes (the lease works the same on PostgreSQL; see tests/store/test_standby.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bot.store.crisis_tables import LEASES
from bot.store.database import open_database
from tests.fakes.telegram_server import ALICE_ID, GROUP_CHAT_ID, FakeTelegramServer

ROOT = Path(__file__).resolve().parents[1]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
WAIT = 90.0  # seconds: a failover slower than this is a failure, not a measurement


async def _start(env: dict[str, str], db_url: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "telegram", "--charter", str(CHARTER),
        "--no-models", "--db", db_url, "--metrics-port", "0",  # two processes: no fixed port
        env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _said(process: asyncio.subprocess.Process, words: str) -> None:
    """Wait until the process writes a line containing `words` on stderr."""
    assert process.stderr is not None
    while True:
        line = await process.stderr.readline()
        if not line:
            raise RuntimeError(f"the bot exited before saying {words!r}")
        if words in line.decode(errors="replace"):
            return


async def _drain(process: asyncio.subprocess.Process) -> None:
    assert process.stderr is not None
    while await process.stderr.readline():
        pass


def _active_pid(db_url: str) -> int:
    """The pid in the holder name of the bot lease (`telegram:<host>:<pid>`)."""
    db = open_database(db_url)
    try:
        with db.read() as connection:
            row = connection.execute(
                select(LEASES.c.holder).where(LEASES.c.name.like("bot:telegram:%"))
            ).first()
    finally:
        db.dispose()
    assert row is not None, "no process holds the bot lease"
    return int(row[0].rsplit(":", 1)[1])


async def one_run(server: FakeTelegramServer, db_url: str) -> tuple[float, float]:
    """Seconds from kill -9 to the standby's first poll, and to the message being taken in."""
    env = {**os.environ, "TELEGRAM_TOKEN": server.token, "TELEGRAM_API_URL": server.origin}
    first = await _start(env, db_url)
    await asyncio.wait_for(_said(first, "Vigie is running"), WAIT)
    second = await _start(env, db_url)
    await asyncio.wait_for(_said(second, "standby"), WAIT)
    drains = [asyncio.create_task(_drain(p)) for p in (first, second)]
    active, standby = (first, second) if _active_pid(db_url) == first.pid else (second, first)
    server.calls.clear()
    killed = time.perf_counter()
    active.send_signal(signal.SIGKILL)
    await server.wait_for_call("getUpdates", timeout=WAIT)
    polled = time.perf_counter() - killed
    sent = await server.push_message(GROUP_CHAT_ID, ALICE_ID, "toujours en panne ?")
    assert sent is not None
    mine = sent["message_id"]
    while any(u.get("message", {}).get("message_id") == mine for u in server.pending_updates):
        await server.wait_for_call("getUpdates", timeout=WAIT)
    taken = time.perf_counter() - killed
    standby.send_signal(signal.SIGTERM)
    await asyncio.wait_for(standby.wait(), WAIT)
    await active.wait()
    for task in drains:
        task.cancel()
    return polled, taken


async def measure(runs: int) -> list[tuple[float, float]]:
    """Every run's (first poll, message taken in) in seconds."""
    server = FakeTelegramServer(can_read_all_group_messages=True)
    await server.start()
    results = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for run in range(runs):
                url = f"sqlite:///{Path(folder) / f'vigie-{run}.db'}"
                open_database(url).dispose()  # migrated once, before two processes start
                results.append(await one_run(server, url))
                print(f"  run {run + 1}: poll after {results[-1][0]:.1f} s, "
                      f"message after {results[-1][1]:.1f} s", file=sys.stderr)  # fmt: skip
    finally:
        await server.close()
    return results


def main(argv: list[str] | None = None) -> int:
    """Print the median and max failover times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    results = asyncio.run(measure(args.runs))
    polls, taken = [r[0] for r in results], [r[1] for r in results]
    print(
        f"standby failover after kill -9 ({len(results)} runs): first poll median "
        f"{statistics.median(polls):.1f} s, max {max(polls):.1f} s; message taken in median "
        f"{statistics.median(taken):.1f} s, max {max(taken):.1f} s (target 30 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
