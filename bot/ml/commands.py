"""The `vigie model train` and `vigie model eval` workflows, without any argument parsing.

Training writes nothing until every model is trained and evaluated (and, with moderator
feedback, has passed the guards), so a refused or failed run leaves the shipped models as they
were.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.ml.artifact import MANIFEST, PAYLOAD, load_model, read_manifest, save_model
from bot.ml.card import render_card
from bot.ml.datasets import Example, file_digests
from bot.ml.evaluate import evaluate_model
from bot.ml.feedback import FeedbackPolicy, FeedbackRefused, check_counts, regressions
from bot.ml.model import CompiledModel
from bot.ml.specs import SPECS, ModelSpec, spec_from_record
from bot.ml.train import Progress, assemble, lexicons_for, provenance, train_model

METRICS, CARD = "metrics.json", "model_card.md"
DEFAULT_POLICY = FeedbackPolicy()


@dataclass(frozen=True, slots=True)
class Trained:
    """A model ready to be written, with its held-out metrics and provenance."""

    spec: ModelSpec
    model: CompiledModel
    metrics: dict[str, Any]
    provenance: dict[str, Any]


def steps_for(specs: Sequence[ModelSpec], with_feedback: bool) -> int:
    """How many progress steps `train_models` reports (for a progress bar's total)."""
    per_run = sum(len(s.labels) + 2 for s in specs)
    return per_run * (2 if with_feedback else 1)


def _train_one(
    spec: ModelSpec, root: Path, seed: int, extra: Sequence[Example], progress: Progress
) -> tuple[CompiledModel, dict[str, Any]]:
    corpus = assemble(spec, root, extra)
    model = train_model(spec, corpus, lexicons_for(spec, root), seed, progress)
    progress(f"{spec.name}: evaluation")
    return model, evaluate_model(model, corpus.examples)


def train_models(
    root: Path,
    seed: int = 0,
    specs: Sequence[ModelSpec] = SPECS,
    feedback: Sequence[Example] | None = None,
    policy: FeedbackPolicy = DEFAULT_POLICY,
    progress: Progress = lambda _: None,
) -> list[Trained]:
    """Train and evaluate every spec; with `feedback`, keep a model only if not worse."""
    if feedback is not None:
        check_counts(feedback, policy)
    trained = []
    for spec in specs:
        model, metrics = _train_one(spec, root, seed, (), progress)
        mine = [e for e in feedback or () if set(e.labels) & set(spec.labels)]
        if feedback is not None:
            if mine:
                model, metrics = _with_feedback(spec, root, seed, mine, metrics, policy, progress)
            else:
                progress(f"{spec.name}: no feedback")
        trained.append(Trained(spec, model, metrics, provenance(spec, root)))
    return trained


def _with_feedback(
    spec: ModelSpec,
    root: Path,
    seed: int,
    examples: Sequence[Example],
    baseline: dict[str, Any],
    policy: FeedbackPolicy,
    progress: Progress,
) -> tuple[CompiledModel, dict[str, Any]]:
    model, metrics = _train_one(spec, root, seed, examples, progress)
    worse = regressions(baseline, metrics, policy)
    if worse:
        raise FeedbackRefused(
            f"{spec.name}: the model with feedback is worse on the held-out "
            "splits: " + "; ".join(worse)
        )
    metrics["feedback"] = {
        "verdicts": check_counts(examples, policy),
        "baseline_pooled_macro_f1": {
            label: r["pooled"]["macro_f1"] for label, r in baseline["labels"].items()
        },
    }
    return model, metrics


def write_trained(trained: Sequence[Trained], out: Path) -> list[Path]:
    """Write each model's artifact, metrics and card under `out/<name>/`."""
    folders = []
    for item in trained:
        folder = out / item.model.name
        save_model(item.model, folder, {"provenance": item.provenance})
        write_report(folder, item.metrics)
        folders.append(folder)
    return folders


def write_report(folder: Path, metrics: dict[str, Any]) -> None:
    """`metrics.json` and the model card refreshed from it."""
    manifest = read_manifest(folder)
    metrics = {
        **metrics,
        "artifact": {
            "payload_bytes": (folder / PAYLOAD).stat().st_size,
            "sha256": manifest["sha256"],
        },
    }
    (folder / METRICS).write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
    (folder / CARD).write_text(render_card(manifest, metrics))


def evaluate_models(
    root: Path, models_dir: Path, names: Sequence[str], progress: Progress = lambda _: None
) -> dict[str, dict[str, Any]]:
    """Re-evaluate shipped models on the held-out splits; refresh metrics.json and the card."""
    results = {}
    for name in names:
        folder = models_dir / name
        model = load_model(folder)
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        spec = spec_from_record(manifest["meta"]["spec"])
        progress(f"{name}: evaluation")
        metrics = evaluate_model(model, assemble(spec, root).examples)
        trained_on = manifest.get("provenance", {}).get("data_files", {})
        names_used = tuple(manifest.get("provenance", {}).get("sources", {}))
        metrics["data_matches_training"] = file_digests(root, names_used) == trained_on
        write_report(folder, metrics)
        results[name] = metrics
    return results
