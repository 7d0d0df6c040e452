"""The second stage beside the fast path, on the sample days (`charters/samples/*.jsonl`).

    python -m bench.bench_second_stage

Per day: the fast path's decision time per message (engine with the shipped models), the share of
messages the routing sends to the encoder (held, naming a group, within ±1 logit of a fast
threshold) and why, the encoder's time per message (one BLAS thread, one message at a time: the
worker's cost when the queue is idle) and per message in a batch (its cost in a burst), and the
refinements it would make. Then the CPU it costs at a busy community's rate (20,000 messages a
day) and at a raid's (500 messages a second, `bench.bench_raid`), the time to the refined
decision when a whole day arrives at once (the worker's queue, real `SecondStage`), and the
resident memory of a process with the fast models alone and with the encoder and heads too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from bench.stats import ROOT, p50_p99
from bot.adapters.jsonl import iter_messages
from bot.charter.loader import load_charter
from bot.core.clock import ManualClock
from bot.core.message import Author, Message
from bot.ml.heads import FusedReader, load_reader
from bot.ml.loader import load_scorer
from bot.moderation.engine import ModerationEngine
from bot.moderation.second_stage import Policy, Routing, refine, route
from bot.second_stage import SecondStage, Writer
from bot.text.normalize import fold

MODELS = ROOT / "models"
DAYS = {
    "calm_day": "fr",
    "opalia_day": "fr",
    "opalia_day_en": "en",
    "badbuzz_wave": "fr",
}
SUITE_AT = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)
BUSY_PER_DAY = 20_000
RAID_PER_S = 500
RSS = {
    "fast models only": "from bot.ml.loader import load_scorer\n"
    "from bot.text.normalize import fold\n"
    "s = load_scorer({models!r}); s.score(fold('hello there'))",
    "fast models + encoder + heads": "from bot.ml.loader import load_scorer\n"
    "from bot.ml.heads import load_reader\n"
    "from bot.text.normalize import fold\n"
    "from pathlib import Path\n"
    "s = load_scorer({models!r}); t = fold('hello there')\n"
    "load_reader(Path({models!r}))([t], [s.score(t)])",
}
PROBE = (
    "\nimport re\nst = open('/proc/self/status').read()\n"
    "print(*(re.search(k + r':\\s+(\\d+)', st).group(1) for k in ('VmRSS', 'VmHWM')))"
)


def _day(name: str) -> list[Message]:
    path = ROOT / "charters" / "samples" / f"{name}.jsonl"

    def refuse(error: object) -> None:
        raise ValueError(f"{path}: malformed line: {error}")

    with path.open(encoding="utf-8") as stream:
        return list(iter_messages(stream, str(path), refuse))


def _rss(what: str) -> tuple[float, float] | None:
    code = RSS[what].format(models=str(MODELS)) + PROBE
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT, env=env
    )
    if done.returncode != 0:
        return None
    now, peak = done.stdout.split()[-2:]
    return int(now) / 1024, int(peak) / 1024


def bench_day(name: str, lang: str, scorer: object, reader: FusedReader) -> dict[str, object]:
    """One sample day: fast path, routing, encoder cost, refinements."""
    charter = load_charter(ROOT / "charters" / lang / "opalia.yaml")
    engine = ModerationEngine(charter, scorer)  # type: ignore[arg-type]
    routing = Routing(Policy.ROUTED, thresholds=dict(scorer.thresholds))  # type: ignore[attr-defined]
    fast_s, routed, why = [], [], Counter[str]()
    for message in _day(name):
        start = time.perf_counter()
        decision = engine.decide(message)
        fast_s.append(time.perf_counter() - start)
        folded = fold(message.text)
        reason = route(decision, folded, routing)
        if reason is not None:
            why[reason] += 1
            routed.append((decision, folded))
    one = []
    for decision, folded in routed:
        start = time.perf_counter()
        reader([folded], [decision.scores])
        one.append(time.perf_counter() - start)
    start = time.perf_counter()
    fused, lines = reader([f for _, f in routed], [d.scores for d, _ in routed])
    batch_s = (time.perf_counter() - start) / max(len(routed), 1)
    kinds = Counter(
        r.kind.value for (d, _), f in zip(routed, fused, strict=True) if (r := refine(d, f, lines))
    )
    return {
        "messages": len(fast_s),
        "fast": p50_p99([s * 1e3 for s in fast_s]),
        "routed": len(routed),
        "why": dict(why),
        "encoder": p50_p99([s * 1e3 for s in one]) if one else (0.0, 0.0),
        "encoder_mean_ms": 1e3 * sum(one) / max(len(one), 1),
        "batch_ms": batch_s * 1e3,
        "refinements": dict(kinds),
    }


def time_to_refined(name: str, scorer: object, reader: FusedReader) -> tuple[float, float]:
    """p50/p99 seconds from submission to refinement when a whole day lands at once (a burst:
    the real worker's queue and batches), every message routed (policy `all`)."""
    charter = load_charter(ROOT / "charters" / "fr" / "opalia.yaml")
    engine = ModerationEngine(charter, scorer)  # type: ignore[arg-type]
    decisions = [engine.decide(m) for m in _day(name)]
    sent: dict[str, float] = {}
    spent: list[float] = []

    def timed(texts: list[str], scores: list[dict[str, float]]) -> object:
        result = reader(texts, scores)
        spent.extend(time.perf_counter() - sent[t] for t in texts)
        return result

    stage = SecondStage(
        lambda: timed, Writer(lambda *_: None), ManualClock(decisions[0].at), Routing(Policy.ALL)
    )
    for decision in decisions:
        sent[fold(decision.message.text)] = time.perf_counter()
        stage.submit(decision, "fr")
    stage.close()
    return p50_p99(spent)


def main() -> None:
    """Print the tables (see the module docstring)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    print(f"\n== second stage (sentence encoder) beside the fast path; load {os.getloadavg()}")
    scorer = load_scorer(MODELS)
    reader = load_reader(MODELS, threads=1)
    print(
        "day             msgs  fast p50/p99 ms  routed        encoder p50/p99 ms  "
        "batch ms/msg  refinements"
    )
    totals = {"messages": 0, "routed": 0, "ms": 0.0}
    for name, lang in DAYS.items():
        r = bench_day(name, lang, scorer, reader)
        share = r["routed"] / r["messages"]  # type: ignore[operator]
        totals["messages"] += r["messages"]  # type: ignore[operator]
        totals["routed"] += r["routed"]  # type: ignore[operator]
        totals["ms"] += r["encoder_mean_ms"] * r["routed"]  # type: ignore[operator]
        fast, enc = r["fast"], r["encoder"]
        print(
            f"{name:14} {r['messages']:5}  {fast[0]:6.2f} / {fast[1]:6.2f}  "  # type: ignore[index]
            f"{r['routed']:4} ({share:5.1%})  {enc[0]:7.1f} / {enc[1]:7.1f}  "  # type: ignore[index]
            f"{r['batch_ms']:8.2f}      {r['refinements']}  why {r['why']}"
        )
    share = totals["routed"] / totals["messages"]
    mean_ms = totals["ms"] / max(totals["routed"], 1)
    busy = BUSY_PER_DAY * share * mean_ms / 1e3
    print(
        f"routed overall {share:.1%}; mean encoder time {mean_ms:.1f} ms one by one. "
        f"At {BUSY_PER_DAY} msgs/day: {busy:.0f} CPU-s/day routed ({busy / 864:.2f} % of one "
        f"core), {BUSY_PER_DAY * mean_ms / 1e3:.0f} CPU-s/day if every message is read."
    )
    burst = time_to_refined("opalia_day", scorer, reader)
    batch_ms = bench_day("opalia_day", "fr", scorer, reader)["batch_ms"]
    raid_core = RAID_PER_S * share * float(batch_ms) / 1e3  # type: ignore[arg-type]
    print(
        f"raid at {RAID_PER_S} msgs/s: {raid_core:.2f} cores for the routed share in batches "
        f"(above 1: the queue grows and refinements lag; the fast path is not slowed, it runs "
        f"elsewhere). Time to the refined decision, a whole day landing at once, every message "
        f"read: p50 {burst[0]:.2f} s, p99 {burst[1]:.2f} s."
    )
    suites_table(scorer, reader)
    for what in RSS:
        rss = _rss(what)
        shown = "failed" if rss is None else f"{rss[0]:.0f} MB (peak {rss[1]:.0f} MB)"
        print(f"RSS {what}: {shown}")


def suites_table(scorer: object, reader: FusedReader) -> None:
    """Vigie's own suites (`bot.ml.suites`): for the suites the charter must act on, the share
    acted on by the fast path alone and with the second stage's escalations; for the suites it
    must leave alone, the share the second stage escalates (a moderator's time, not a sanction)."""
    from bot.ml.suites import BLIND_SETS, SUITES, meets

    charter = load_charter(ROOT / "charters" / "fr" / "opalia.yaml")
    engine = ModerationEngine(charter, scorer)  # type: ignore[arg-type]
    tables = {"": SUITES} | {f"{k}_": v for k, v in BLIND_SETS.items()}
    print("suite                                   expect   n   fast   +second  escalated")
    for prefix, suites in tables.items():
        for name, (expectation, texts) in suites.items():
            author = Author("suite", joined=SUITE_AT - timedelta(days=400))
            decisions = [
                engine.decide(Message(f"{name}-{i}", SUITE_AT, author, t, community="suite"))
                for i, t in enumerate(texts)
            ]
            folded = [fold(t) for t in texts]
            fused, lines = reader(folded, [d.scores for d in decisions])
            escalated = [
                (r := refine(d, f, lines)) is not None and r.kind.value == "escalate"
                for d, f in zip(decisions, fused, strict=True)
            ]
            fast = [meets(expectation, d) for d in decisions]
            both = [
                a or (e and expectation == "acted") for a, e in zip(fast, escalated, strict=True)
            ]
            n = len(texts)
            print(
                f"{prefix + name:38} {expectation:8} {n:3}  {sum(fast) / n:5.3f}  "
                f"{sum(both) / n:7.3f}  {sum(escalated) / n:8.3f}"
            )


if __name__ == "__main__":
    main()
