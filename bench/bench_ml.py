"""Speed and memory of the classifiers, side by side in one run: Vigie's fast scorer, scikit-learn's
`predict_proba` on the very same models, and alt-profanity-check (when installed).

    python -m bench.bench_ml [--models models] [--data ../shared/data] [--messages 20000]

Single-message latency is measured message by message after a warm-up (p50, p99); batch throughput
scores all the messages at once, with a fresh scorer (cold word cache) and again (warm); resident
memory is that of a separate process that loads the engine and scores one message. Messages come
from the labelled data sets when `--data` (or VIGIE_DATA_DIR) exists, else from the hand-written
probes. The machine's load average is printed: the numbers mean little on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.stats import p50_p99

SINGLE_RUNS = 3000
WARM_UP = 1000

# Each engine as code run in a fresh process to measure its resident memory once loaded.
RSS_SNIPPETS = {
    "vigie fast scorer": "from bot.ml.loader import load_scorer\n"
    "from bot.text.normalize import fold\n"
    "s = load_scorer({models!r}); s.score(fold('hello there'))",
    "scikit-learn predict_proba": "from bot.ml.loader import MODEL_NAMES\n"
    "from bot.ml.artifact import load_model\n"
    "from bot.ml.reference import SklearnModel\n"
    "from pathlib import Path\n"
    "ms = [SklearnModel(load_model(Path({models!r}) / n)) "
    "for n in MODEL_NAMES]\n"
    "[m.predict_proba(['hello there']) for m in ms]",
    "alt-profanity-check": "from profanity_check import predict_prob\n"
    "predict_prob(['hello there'])",
}
RSS_PROBE = (
    "\nimport re\nprint(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
)


@dataclass(frozen=True, slots=True)
class Row:
    """One engine's figures."""

    engine: str
    p50_us: float
    p99_us: float
    batch_cold: float
    batch_warm: float
    rss_mb: float | None
    note: str = ""


def messages(data: Path, count: int, seed: int = 0) -> list[str]:
    """Raw message texts: a shuffled mix of the labelled sets, or the probes repeated."""
    texts: list[str] = []
    if data.is_dir():
        from bot.ml.datasets import load_sources

        for name in ("olid", "caa", "mlma", "sms", "airline", "tg"):
            try:
                texts.extend(e.text for e in load_sources(data, (name,)))
            except Exception:  # a missing set only narrows the mix
                continue
    if not texts:
        from bot.ml.probes import COUNTER_PAIRS, PROBES

        texts = [p[0] for p in PROBES] + [t for pair in COUNTER_PAIRS for t in pair[:2]]
    random.Random(seed).shuffle(texts)
    return (texts * (count // len(texts) + 1))[:count]


def latencies(score: Callable[[str], object], texts: Sequence[str]) -> tuple[float, float]:
    """p50 and p99 in microseconds of scoring one message at a time (after a warm-up)."""
    for text in texts[-WARM_UP:]:
        score(text)
    spent = []
    for text in texts[:SINGLE_RUNS]:
        start = time.perf_counter()
        score(text)
        spent.append(time.perf_counter() - start)
    return p50_p99([seconds * 1e6 for seconds in spent])


def throughput(score_all: Callable[[Sequence[str]], object], texts: Sequence[str]) -> float:
    """Messages per second when scoring `texts` in one call."""
    start = time.perf_counter()
    score_all(texts)
    return len(texts) / (time.perf_counter() - start)


def resident_mb(engine: str, models: str) -> float | None:
    """VmRSS in MB of a fresh process that loaded `engine` (None if it failed)."""
    code = RSS_SNIPPETS[engine].format(models=models) + RSS_PROBE
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    if result.returncode != 0:
        return None
    return int(result.stdout.split()[-1]) / 1024


def bench_vigie(models: str, raw: Sequence[str]) -> list[Row]:
    """The fast scorer on folded text: messages never seen (their new words are analysed on the
    spot) and the same messages again (every word cached); then with folding included."""
    from bot.ml.loader import load_scorer
    from bot.text.normalize import fold

    folded = [fold(t) for t in raw]
    rss = resident_mb("vigie fast scorer", models)
    scorer = load_scorer(models)
    new50, new99 = latencies(scorer.score, folded)
    seen50, seen99 = latencies(scorer.score, folded)
    fresh = load_scorer(models)
    fresh.score_batch([])  # builds the batch path's tables, not a word of the cache
    cold = throughput(fresh.score_batch, folded)
    warm = throughput(fresh.score_batch, folded)
    f50, f99 = latencies(lambda t: scorer.score(fold(t)), raw)
    cold_scorer = load_scorer(models)  # loaded before the clock starts: this is scoring speed
    cold_scorer.score_batch([])
    fold_cold = throughput(lambda ts: cold_scorer.score_batch([fold(t) for t in ts]), raw)
    fold_warm = throughput(lambda ts: fresh.score_batch([fold(t) for t in ts]), raw)
    labels = ", ".join(scorer.labels)
    return [
        Row(
            "vigie fast scorer, new messages",
            new50,
            new99,
            cold,
            warm,
            rss,
            f"all labels ({labels}); batch: fresh scorer, then again",
        ),
        Row(
            "vigie fast scorer, words cached",
            seen50,
            seen99,
            cold,
            warm,
            rss,
            "the same messages a second time",
        ),
        Row(
            "vigie fold + fast scorer",
            f50,
            f99,
            fold_cold,
            fold_warm,
            rss,
            "normalisation included (done once per message for every detector)",
        ),
    ]


def bench_sklearn(models: str, raw: Sequence[str]) -> Row:
    """scikit-learn's own pipeline on the same compiled models (all labels)."""
    from bot.ml.artifact import load_model
    from bot.ml.loader import MODEL_NAMES
    from bot.ml.reference import SklearnModel
    from bot.text.normalize import fold

    folded = [fold(t) for t in raw]
    pipelines = [SklearnModel(load_model(Path(models) / n)) for n in MODEL_NAMES]

    def one(text: str) -> None:
        for pipeline in pipelines:
            pipeline.predict_proba([text])

    def many(texts: Sequence[str]) -> None:
        for pipeline in pipelines:
            pipeline.predict_proba(texts)

    p50, p99 = latencies(one, folded[: SINGLE_RUNS // 3 + WARM_UP])
    rate = throughput(many, folded)
    return Row(
        "scikit-learn predict_proba",
        p50,
        p99,
        rate,
        rate,
        resident_mb("scikit-learn predict_proba", models),
        "same models and features",
    )


def bench_profanity_check(raw: Sequence[str]) -> Row:
    """alt-profanity-check (English offensive language only), if it is installed."""
    try:
        from profanity_check import predict_prob
    except Exception as exc:
        return Row(
            "alt-profanity-check",
            float("nan"),
            float("nan"),
            float("nan"),
            float("nan"),
            None,
            f"not installed or incompatible ({exc.__class__.__name__}:"
            f" {exc}); pip install alt-profanity-check",
        )
    p50, p99 = latencies(lambda t: predict_prob([t]), raw[: SINGLE_RUNS // 3 + WARM_UP])
    rate = throughput(predict_prob, raw)
    return Row(
        "alt-profanity-check",
        p50,
        p99,
        rate,
        rate,
        resident_mb("alt-profanity-check", ""),
        "one label (offensive), raw text",
    )


def table(rows: Sequence[Row]) -> str:
    """The figures as a Markdown table."""

    def number(value: float | None, fmt: str) -> str:
        return "n/a" if value is None or value != value else format(value, fmt)

    lines = [
        "| engine | p50 µs | p99 µs | batch msg/s (cold) | batch msg/s (warm) | RSS MB | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.engine} | {number(r.p50_us, '.1f')} | {number(r.p99_us, '.1f')} | "
            f"{number(r.batch_cold, ',.0f')} | {number(r.batch_warm, ',.0f')} | "
            f"{number(r.rss_mb, '.0f')} | {r.note} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every engine on the same messages and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_ml", description=__doc__)
    parser.add_argument("--models", default="models")
    parser.add_argument("--data", default=os.environ.get("VIGIE_DATA_DIR", "../shared/data"))
    parser.add_argument("--messages", type=int, default=20_000)
    args = parser.parse_args(argv)
    raw = messages(Path(args.data), args.messages)
    print(
        f"{len(raw)} messages, mean {np.mean([len(t) for t in raw]):.0f} characters; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    rows = [
        *bench_vigie(args.models, raw),
        bench_sklearn(args.models, raw),
        bench_profanity_check(raw),
    ]
    print(table(rows))
    print(
        "targets (fast scorer): p50 <= 100 µs, p99 <= 500 µs, batch (all labels) >= 100,000 msg/s,"
        " RSS <= 150 MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
