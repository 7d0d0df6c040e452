"""Measure the recorder's throughput (not a test: timings do not belong in assertions).

    .venv/bin/python -m tests.store.measure_recorder                       # SQLite, temp file
    .venv/bin/python -m tests.store.measure_recorder --url postgresql+psycopg://postgres@127.0.0.1:5432/test

Decisions look like a replay's: every message carries the trace of six rules, one in ten matches
(a delete, a strike, sometimes an escalation). PostgreSQL runs in a throwaway schema.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from datetime import timedelta

from sqlalchemy import create_engine, text

from bot.core.decision import Decision, Detection, RuleOutcome
from bot.store.database import mask_url, open_database
from bot.store.recorder import DecisionRecorder
from tests.store.builders import T0, action, classifier_outcome, message

RULES = ("links", "caps", "flood", "mentions", "personal_data")


def make_decision(i: int) -> Decision:
    """The i-th decision of a synthetic replay."""
    msg = message(
        f"m{i}", author=f"u{i % 500}", text=f"message numéro {i} " * 4, at=T0 + timedelta(seconds=i)
    )
    quiet = tuple(
        RuleOutcome(
            rule,
            False,
            "not matched",
            detections=(Detection(rule, False, observed=1.0, limit=5.0),),
        )
        for rule in RULES
    )
    if i % 10:
        return Decision(
            msg,
            msg.ts,
            (RuleOutcome("insults", False, "0.12 < 0.8"), *quiet),
            (),
            scores={"toxic": 0.12},
        )
    actions = [action(msg, "delete")] + ([action(msg, "escalate")] if i % 50 == 0 else [])
    return Decision(
        msg,
        msg.ts,
        (classifier_outcome(), *quiet),
        tuple(actions),
        scores={"toxic": 0.93},
        explanations={"toxic": [("idiot", 1.2), ("espèce", 0.4)]},
        strike_weight=1,
        strikes=1,
        severity=2,
        notice="Votre message a été retiré.",
    )


def measure(url: str, total: int, batch: int, schema: str | None) -> tuple[float, float]:
    """Record `total` decisions in batches of `batch`; return messages per second of wall-clock
    time and of this process's CPU time (a database server's own work is not in the latter)."""
    db = open_database(url, schema=schema)
    recorder = DecisionRecorder(db, timedelta(days=30))
    wall = cpu = 0.0
    for start in range(0, total, batch):
        # Built batch by batch, as a replay streams them; only the recording is timed.
        decisions = [make_decision(i) for i in range(start, min(start + batch, total))]
        started, started_cpu = time.perf_counter(), time.process_time()
        recorder.record(decisions)
        wall += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    db.dispose()
    return total / wall, total / cpu


def main() -> None:
    """Parse the arguments, run the measurement, print the figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{folder}/measure.db"
        schema = None
        if url.startswith("postgresql"):
            schema = f"vigie_measure_{uuid.uuid4().hex[:8]}"
            admin = create_engine(url)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            wall, cpu = measure(url, args.messages, args.batch, schema)
        finally:
            if schema:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        print(f"{mask_url(url)}: {args.messages} messages in batches of {args.batch}:")
        print(f"  {wall:,.0f} messages/s (wall clock), {cpu:,.0f} messages/s (CPU of this process)")


if __name__ == "__main__":
    main()
