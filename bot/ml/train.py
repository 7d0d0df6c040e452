"""Training: from the labelled sources to compiled models (features, one head per label,
calibration and threshold on the validation split).

Each label's head is a logistic regression on naive-Bayes-scaled features (NB-LR, Wang & Manning
2012), trained on the rows whose source defines that label, with balanced classes and sources
re-weighted so that the small French sets are not drowned by the English ones. Its decision values
are then calibrated (Platt scaling) and given a threshold on the validation split of the training
data; the test splits are never looked at here.
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from bot.ml import concepts
from bot.ml.augment import build_templates
from bot.ml.datasets import (
    SOURCES,
    TRAIN,
    VAL,
    Example,
    file_digests,
    hashed_split,
    load_sources,
)
from bot.ml.features import build_featurizer
from bot.ml.identity_templates import identity_examples
from bot.ml.lexicon import Lexicon, load_hurtlex
from bot.ml.model import CompiledModel, Head, compile_model
from bot.ml.specs import ModelSpec
from bot.text.hate_lexicon import hate_lexicon
from bot.text.normalize import fold

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Corpus:
    """A model's examples with their folded texts (folding once, for every label)."""

    examples: list[Example]
    texts: list[str]

    def rows(self, label: str, split: str) -> np.ndarray:
        """Indices of the examples of `split` that carry `label`."""
        return np.array(
            [i for i, e in enumerate(self.examples) if e.split == split and label in e.labels],
            dtype=np.intp,
        )

    def targets(self, label: str, rows: np.ndarray) -> np.ndarray:
        """0/1 targets of `label` for `rows`."""
        return np.array([self.examples[i].labels[label] for i in rows], dtype=np.int64)


def lexicons_for(spec: ModelSpec, root: Path) -> tuple[Lexicon, ...]:
    """The lexicon features a spec asks for."""
    builders = {
        "hurtlex": lambda: load_hurtlex(root / SOURCES["hurtlex"].folder),
        "complaint": concepts.complaint_lexicon,
        "spam": concepts.spam_lexicon,
        "hate": concepts.hate_lexicon,
    }
    return tuple(builders[name]() for name in spec.lexicons)


def assemble(spec: ModelSpec, root: Path, extra: Sequence[Example] = ()) -> Corpus:
    """Every example a spec trains and evaluates on: its sources, borrowed negatives, templates
    and `extra` (moderator feedback), restricted to the spec's labels."""
    examples = [_restrict(e, spec.labels) for e in load_sources(root, spec.sources)]
    for borrowed in spec.borrowed:
        for e in load_sources(root, (borrowed.source,)):
            if _sampled(f"borrow:{borrowed.label}:{e.text}", borrowed.fraction):
                labels = {borrowed.label: 0}
                examples.append(Example(e.text, labels, e.lang, e.source, e.split, e.weight))
    if spec.templates:
        examples.extend(build_templates(root / SOURCES["hurtlex"].folder, examples))
    if spec.identity_templates:
        examples.extend(_restrict(e, spec.labels) for e in identity_examples(hate_lexicon()))
    examples.extend(_restrict(e, spec.labels) for e in extra)
    examples = [e for e in examples if e.labels]
    return Corpus(examples, [fold(e.text) for e in examples])


def _sampled(key: str, fraction: float) -> bool:
    # A stable draw: the same text is borrowed (or not) in every run.
    return hashed_split(key, 0.0, fraction) != TRAIN


def _restrict(example: Example, labels: tuple[str, ...]) -> Example:
    kept = {k: v for k, v in example.labels.items() if k in labels}
    if len(kept) == len(example.labels):
        return example
    return Example(
        example.text,
        kept,
        example.lang,
        example.source,
        example.split,
        example.weight,
        example.meta,
    )


def row_weights(examples: Sequence[Example], y: np.ndarray, power: float) -> np.ndarray:
    """Per-row weights that balance the classes inside each source, then the sources.

    Within a source, each class present gets half the source's weight: MLMA (80% toxic, collected
    with hate keywords) must teach what separates its toxic tweets from its normal ones, not that
    French words are toxic. Across sources, a source of n rows weighs n ** (1 - power) in total, so
    small sets count more than their size. The example's own weight (feedback) multiplies in."""
    sources = np.array([e.source for e in examples])
    weights = np.array([e.weight for e in examples], dtype=np.float64)
    for source in np.unique(sources):
        in_source = sources == source
        size = in_source.sum()
        classes = np.unique(y[in_source])
        for value in classes:
            cell = in_source & (y == value)
            weights[cell] *= size / (len(classes) * cell.sum()) * size**-power
    return weights * (len(weights) / weights.sum())


def nb_ratio(features: Any, y: np.ndarray, weights: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Log-count ratio of each feature between positive and negative rows (NB-LR scaling),
    counting each row with its weight."""
    present = (features > 0).astype(np.float64)
    pos = alpha + np.asarray(present.T @ (weights * (y == 1))).ravel()
    neg = alpha + np.asarray(present.T @ (weights * (y == 0))).ravel()
    return np.log(pos / pos.sum()) - np.log(neg / neg.sum())


def fit_head(
    features: Any, y: np.ndarray, weights: np.ndarray, spec: ModelSpec, seed: int, label: str = ""
) -> tuple[np.ndarray, float]:
    """Raw coefficients (over unscaled features) and intercept of one label's classifier, with
    the label's own regularisation if the spec gives one."""
    if len(set(y.tolist())) < 2:
        raise ValueError("a label needs both positive and negative training examples")
    scale = (
        nb_ratio(features, y, weights, spec.nb_alpha)
        if spec.naive_bayes
        else np.ones(features.shape[1])
    )
    classifier = LogisticRegression(
        C=dict(spec.label_C).get(label, spec.C),
        class_weight="balanced",
        solver="liblinear",
        max_iter=5000,
        random_state=seed,
    )
    classifier.fit(features.multiply(scale).tocsr(), y, sample_weight=weights)
    return classifier.coef_.ravel() * scale, float(classifier.intercept_[0])


def platt(decision: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and offset mapping decision values to calibrated log-odds on validation data."""
    if len(set(y.tolist())) < 2:
        return 1.0, 0.0  # nothing to calibrate against: keep the raw scores
    model = LogisticRegression(C=1e4, solver="lbfgs").fit(decision[:, None], y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def best_threshold(probabilities: np.ndarray, y: np.ndarray) -> float:
    """The probability threshold with the best macro-F1 on validation data (0.5 if undefined)."""
    if len(set(y.tolist())) < 2:
        return 0.5
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = [f1_score(y, probabilities >= t, average="macro") for t in grid]
    return float(grid[int(np.argmax(scores))])


def train_model(
    spec: ModelSpec,
    corpus: Corpus,
    lexicons: tuple[Lexicon, ...],
    seed: int,
    progress: Progress = _quiet,
) -> CompiledModel:
    """Fit the features and every label's head of one model."""
    train_rows = np.array([i for i, e in enumerate(corpus.examples) if e.split == TRAIN])
    progress(f"{spec.name}: features")
    union = build_featurizer(spec.features, lexicons)
    union.fit([corpus.texts[i] for i in train_rows])
    heads, thresholds, notes = [], {}, {}
    for label in spec.labels:
        progress(f"{spec.name}: {label}")
        head, threshold, note = _train_label(spec, corpus, union, label, seed)
        heads.append(head)
        thresholds[label] = threshold
        notes[label] = note
    meta = {
        "spec": _spec_record(spec),
        "seed": seed,
        "labels": notes,
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
        },
    }
    return compile_model(spec.name, union, heads, thresholds, meta)


def _train_label(
    spec: ModelSpec, corpus: Corpus, union: Any, label: str, seed: int
) -> tuple[Head, float, dict[str, Any]]:
    rows, val = corpus.rows(label, TRAIN), corpus.rows(label, VAL)
    y, y_val = corpus.targets(label, rows), corpus.targets(label, val)
    features = union.transform([corpus.texts[i] for i in rows])
    weights = row_weights([corpus.examples[i] for i in rows], y, spec.balance_power)
    coef, intercept = fit_head(features, y, weights, spec, seed, label)
    decision = union.transform([corpus.texts[i] for i in val]) @ coef + intercept
    slope, offset = platt(np.asarray(decision), y_val)
    calibrated = 1.0 / (1.0 + np.exp(-(slope * decision + offset)))
    threshold = best_threshold(calibrated, y_val)
    note = {
        "train_rows": len(rows),
        "train_positives": int(y.sum()),
        "val_rows": len(val),
        "val_positives": int(y_val.sum()),
        "platt": [slope, offset],
    }
    return Head(label, coef * slope, intercept * slope + offset), threshold, note


def _spec_record(spec: ModelSpec) -> dict[str, Any]:
    record = asdict(spec)
    record["features"] = asdict(spec.features)
    return record


def provenance(spec: ModelSpec, root: Path) -> dict[str, Any]:
    """The sources a model used (with licences) and the sha256 of every data file read."""
    names = tuple(
        dict.fromkeys(
            [
                *spec.sources,
                *(b.source for b in spec.borrowed),
                *(["hurtlex"] if "hurtlex" in spec.lexicons or spec.templates else []),
            ]
        )
    )
    return {
        "sources": {n: asdict(SOURCES[n]) for n in names},
        "data_files": file_digests(root, names),
    }
