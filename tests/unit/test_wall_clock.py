"""The guard that keeps the suite passing on any day: nothing reads the wall clock except the one
edge made for it.

`bot/core/clock.py` holds the only wall-clock reads of the product (`SystemClock`, and
`edge_clock()`, which the CLI commands, the bots and the console call at start-up to get theirs);
every other module gets time from events or from an injected `Clock`. The tests read no wall
clock at all: their harnesses start at `tests.clocks.PINNED`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EDGES = {"bot/core/clock.py"}

# (receiver's last name, method): calls that read the wall clock
# (any receiver spelling: `datetime`, `dt.datetime`), with time's `time`, date's `today` and
# discord.py's `utils.utcnow`. The samples below are marked for the before-stop hook's grep.
WALL_CLOCK_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("utils", "utcnow"),
}


def _receiver_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def wall_clock_reads(source: str) -> list[int]:
    """The line numbers of the wall-clock reads in `source`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            call = (_receiver_name(node.func.value), node.func.attr)
            if call in WALL_CLOCK_CALLS:
                lines.append(node.lineno)
    return lines


def _offenders(folder: str, allowed: set[str]) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in allowed:
            continue
        found += [f"{relative}:{line}" for line in wall_clock_reads(path.read_text("utf-8"))]
    return found


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        ("from datetime import datetime, UTC\ndatetime.now(UTC)", [2]),  # wall-clock ok
        ("import datetime as dt\nx = dt.datetime.now(dt.UTC)", [2]),  # wall-clock ok
        ("import datetime as dt\ndt.datetime.utcnow()", [2]),  # wall-clock ok
        ("from datetime import date\ndate.today()", [2]),  # wall-clock ok
        ("import time\nstamp = time.time()", [2]),  # wall-clock ok
        ("import discord\ndiscord.utils.utcnow()", [2]),
        ("clock.now()", []),
        ("import time\ntime.monotonic()", []),
        ("datetime.fromisoformat('2026-03-04T14:00:00+00:00')", []),
    ],
    ids=["now", "dt-now", "utcnow", "today", "time", "discord-utcnow", "clock", "monotonic", "iso"],
)
def test_the_guard_recognises_wall_clock_reads(source: str, reads: list[int]) -> None:
    assert wall_clock_reads(source) == reads


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    assert _offenders("bot", EDGES) == []


def test_no_test_reads_the_wall_clock() -> None:
    assert _offenders("tests", set()) == []
