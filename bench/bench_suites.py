"""What the example charter does with messages it was written for (issue 12): Vigie's own suites
per functionality, the bad-buzz wave and the sample days (legitimate messages sanctioned,
violations acted on), and the cost per message of the detectors that read speech (threats,
targeted hate, protected speech).

    python -m bench.bench_suites [--charter charters/fr/opalia.yaml] [--models models]

The figures are counts, not timings, except the last table (p50/p99 over the sample day).
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.stats import ROOT, p50_p99, sample_day
from bot.charter.loader import load_charter
from bot.core.message import message_from_dict
from bot.detectors import hate_target, threats
from bot.detectors.base import DetectorContext
from bot.detectors.history import History
from bot.detectors.speech import read_speech
from bot.ml.artifact import ModelUnavailable
from bot.ml.cli import hate_table
from bot.ml.loader import load_scorer
from bot.ml.suites import evaluate_suites
from bot.moderation.audit import StreamAudit
from bot.moderation.engine import ModerationEngine
from bot.text.normalize import normalize

_AT = datetime(2026, 3, 12, tzinfo=UTC)  # the detectors timed here do not read the time
STREAMS = (
    ("charters/fr/opalia.yaml", "badbuzz_wave.jsonl"),
    ("charters/fr/opalia.yaml", "opalia_day.jsonl"),
    ("charters/fr/opalia.yaml", "calm_day.jsonl"),
    ("charters/en/opalia.yaml", "opalia_day_en.jsonl"),
)


def _scorer(models: str | None):  # type: ignore[no-untyped-def]
    try:
        return load_scorer(models) if models else None
    except ModelUnavailable as exc:
        print(f"(no models: {exc}; rules and detectors only)")
        return None


def suites(charter_path: Path, scorer) -> None:  # type: ignore[no-untyped-def]
    """One line per functionality: cases handled as expected."""
    charter = load_charter(charter_path)
    print(f"\nOwn suites through {charter_path.name} (model: {'yes' if scorer else 'no'})")
    for result in evaluate_suites(lambda m: ModerationEngine(charter, scorer=scorer).decide(m)):
        print(f"  {result.name:34} {result.passed:3}/{result.cases:<3} {result.rate:.3f}")
    print("\nBlind hate set D: hate score AUC and accuracy, charter decisions")
    for line in hate_table(charter, scorer):
        print(f"  {line}")


def streams(scorer) -> None:  # type: ignore[no-untyped-def]
    """Legitimate messages sanctioned and violations acted on, per labelled stream."""
    print("\nLabelled streams: legitimate sanctioned / violations acted on / innocents banned")
    for charter, stream in STREAMS:
        engine = ModerationEngine(load_charter(ROOT / charter), scorer=scorer)
        audit = StreamAudit()
        path = ROOT / "charters" / "samples" / stream
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            audit.add(engine.process(message_from_dict(record)), record["labels"])
        s = audit.summary()
        print(
            f"  {stream:22} {s['legitimate_sanctioned']}/{s['legitimate']} "
            f"({s['legitimate_sanctioned_rate']:.2%})  acted {s['violations_acted_rate']}  "
            f"threats unhandled {s['threats_unhandled']}  innocents banned {s['innocents_banned']}"
        )


def cost() -> None:
    """Microseconds per message of the speech reader and the two new detectors."""
    messages = sample_day()
    texts = [normalize(m.text) for m in messages]
    timings: dict[str, list[float]] = {"speech": [], "threats": [], "hate_target": []}
    threat_config, hate_config = threats.Config(), hate_target.Config()
    runs = {
        "speech": lambda message, text: read_speech(text),
        "threats": lambda message, text: threats.detect(message, threat_config, _context(text)),
        "hate_target": lambda message, text: hate_target.detect(
            message, hate_config, _context(text)
        ),
    }
    for message, text in zip(messages, texts, strict=True):
        for name, run in runs.items():
            start = time.perf_counter()
            run(message, text)
            timings[name].append((time.perf_counter() - start) * 1e6)
    print(f"\nCost per message over the sample day ({len(messages)} messages), µs")
    for name, values in timings.items():
        p50, p99 = p50_p99(values)
        print(f"  {name:12} p50 {p50:7.1f}  p99 {p99:7.1f}")


def _context(text) -> DetectorContext:  # type: ignore[no-untyped-def]
    return DetectorContext(text, History(), _AT, lambda: {})


def main(argv: list[str] | None = None) -> None:
    """Print the suites, the streams and the cost."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--charter", default=str(ROOT / "charters/fr/opalia.yaml"))
    parser.add_argument("--models", default=str(ROOT / "models"))
    args = parser.parse_args(argv or [])
    scorer = _scorer(args.models)
    suites(Path(args.charter), scorer)
    streams(scorer)
    cost()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
