"""A process of the multi-process crisis test: a bot with `--playbook` (its runner, monitor and
cell) or the console (a cell without a monitor), driven by JSON lines on stdin, one JSON answer
per line on stdout. Time comes with each order (a pinned clock), never from the wall clock.

Orders: {"op": "observe", "at": iso, "author": a, "text": t} · {"op": "tick", "at": iso} ·
{"op": "submit", "command": {...Command.to_dict()}} · {"op": "quit"}.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.core.clock import ManualClock
from bot.core.timeparse import parse_timestamp
from bot.crisis.cell import CrisisCell
from bot.crisis.commands import Command, Refused
from bot.service import crisis_runner
from bot.store.crisis_inbox import SqlCommandInbox, SqlLeases
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import open_database
from tests.unit.crisis.helpers import T0, decision, playbook


def _answer(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def main() -> None:
    """Serve orders until "quit" or the end of stdin."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--schema")
    parser.add_argument("--role", choices=("bot", "console"), required=True)
    args = parser.parse_args()
    db = open_database(args.db, schema=args.schema)
    clock = ManualClock(T0)
    runner = crisis_runner(playbook(), db, clock, "discord") if args.role == "bot" else None
    cell = runner.cell if runner is not None else None
    if cell is None:
        store = SqlCrisisStore(db)
        cell = CrisisCell(playbook(), store, SqlCommandInbox(db), SqlLeases(db), "console")
    _answer({"ready": True})
    for line in sys.stdin:
        order = json.loads(line)
        if order["op"] == "quit":
            break
        clock.set(parse_timestamp(order.get("at") or order.get("command", {}).get("at")))
        if order["op"] == "observe":
            assert runner is not None
            made = decision(clock.now(), order["author"], order["text"])
            _answer({"actions": [a.key for a in runner.on_decision(made)]})
        elif order["op"] == "tick":
            assert runner is not None
            _answer({"actions": [a.key for a in runner.tick(clock.now())]})
        else:
            try:
                outcome = cell.submit(Command.from_dict(order["command"]))
                _answer({"status": outcome.status, "command": outcome.command})
            except (Refused, KeyError) as exc:
                _answer({"status": "refused", "error": str(exc)})


if __name__ == "__main__":
    main()
