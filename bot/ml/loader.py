"""Loading the shipped models into one scorer, for the engine, `vigie score` and the benchmark.

`load_scorer` either returns a scorer for every requested model or raises `ModelUnavailable`
naming the file at fault; the caller (the composition root) then runs the non-ML rules and says
the bot is degraded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.ml.artifact import ModelUnavailable, load_model
from bot.ml.fast_scorer import FastScorer
from bot.ml.specs import SPECS

DEFAULT_MODELS_DIR = "models"
MODEL_NAMES: tuple[str, ...] = tuple(spec.name for spec in SPECS)


def load_scorer(
    models_dir: Path | str = DEFAULT_MODELS_DIR, names: Sequence[str] = MODEL_NAMES
) -> FastScorer:
    """A FastScorer over `models_dir/<name>` for every name; ModelUnavailable on any problem."""
    folder = Path(models_dir)
    if not folder.is_dir():
        raise ModelUnavailable(folder, "models folder missing (train with `vigie model train`)")
    models = [load_model(folder / name) for name in names]
    try:
        return FastScorer(models)
    except ValueError as exc:  # models trained with different text analysis, duplicated labels
        raise ModelUnavailable(folder, f"models cannot be combined ({exc})") from exc


__all__ = ["DEFAULT_MODELS_DIR", "MODEL_NAMES", "ModelUnavailable", "load_scorer"]
