"""What every benchmark reports of a list of timings, computed one way for all of them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.adapters.jsonl import iter_messages
from bot.core.message import Message

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DAY = ROOT / "charters" / "samples" / "opalia_day.jsonl"


def p50_p99(values: Sequence[float]) -> tuple[float, float]:
    """The median and the 99th percentile (linear interpolation, numpy's default)."""
    p50, p99 = np.percentile(np.asarray(values, dtype=float), [50, 99])
    return float(p50), float(p99)


def sample_day() -> list[Message]:
    """The bundled sample day, as messages (a benchmark's input must not skip lines quietly)."""

    def refuse(error: object) -> None:
        raise ValueError(f"the sample day has a malformed line: {error}")

    with SAMPLE_DAY.open(encoding="utf-8") as stream:
        return list(iter_messages(stream, str(SAMPLE_DAY), refuse))
