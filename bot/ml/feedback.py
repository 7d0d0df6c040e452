"""Moderator verdicts as training data, and the guards that keep them from degrading a model.

A reviewed case says "confirmed" (the label was right) or "overturned" (it was wrong). Verdicts
become training examples only when every label they touch has enough of both kinds (a single
click must not move a model), and the retrained model is kept only if it is not worse than the
model trained without them on the fixed held-out splits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.ml.datasets import TRAIN, Example
from bot.text.normalize import fold

CONFIRMED, OVERTURNED = "confirmed", "overturned"
# The store says "confirm"/"overturn"; both spellings are accepted.
_VERDICTS = {
    "confirm": CONFIRMED,
    "confirmed": CONFIRMED,
    "overturn": OVERTURNED,
    "overturned": OVERTURNED,
}


class FeedbackItem(Protocol):
    """What the store's `feedback_examples(db)` returns for each reviewed case."""

    text: str
    label: str | None  # None: the rule used no classifier
    verdict: str
    language: str
    at: datetime


class FeedbackRefused(RuntimeError):
    """Training with feedback was refused; the message says why (counts or regressions)."""


@dataclass(frozen=True, slots=True)
class FeedbackPolicy:
    """Thresholds of the guards (documented in the model cards)."""

    min_per_class: int = 20  # confirmed and overturned verdicts needed per label
    weight: float = 1.0  # weight of a verdict relative to a data set example
    max_f1_drop: float = 0.005  # pooled held-out macro-F1 may not fall by more
    max_auc_drop: float = 0.01  # nor any data set's held-out ROC-AUC


def to_examples(
    items: Iterable[FeedbackItem], labels: Sequence[str], policy: FeedbackPolicy
) -> list[Example]:
    """One training example per (text, label) with the latest verdict; unknown labels and
    unknown verdicts are ignored."""
    latest: dict[tuple[str, str], FeedbackItem] = {}
    for item in sorted(items, key=lambda i: i.at):
        if item.label in labels and item.verdict in (CONFIRMED, OVERTURNED):
            latest[(fold(item.text), item.label)] = item
    return [
        Example(
            item.text,
            {item.label: int(item.verdict == CONFIRMED)},
            item.language or "und",
            "feedback",
            TRAIN,
            policy.weight,
        )
        for item in latest.values()
    ]


def verdict_counts(examples: Iterable[Example]) -> dict[str, dict[str, int]]:
    """Per label, how many confirmed and overturned verdicts there are."""
    counts: dict[str, Counter[str]] = {}
    for example in examples:
        for label, value in example.labels.items():
            counts.setdefault(label, Counter())[CONFIRMED if value else OVERTURNED] += 1
    return {
        label: {CONFIRMED: c[CONFIRMED], OVERTURNED: c[OVERTURNED]}
        for label, c in sorted(counts.items())
    }


def check_counts(examples: Sequence[Example], policy: FeedbackPolicy) -> dict[str, dict[str, int]]:
    """The verdict counts, or FeedbackRefused if a label has too few of one kind."""
    counts = verdict_counts(examples)
    if not counts:
        raise FeedbackRefused("no usable moderator verdict (none, or none for a known label)")
    short = [
        f"{label}: {c[CONFIRMED]} confirmed / {c[OVERTURNED]} overturned"
        for label, c in counts.items()
        if min(c.values()) < policy.min_per_class
    ]
    if short:
        raise FeedbackRefused(
            f"too few verdicts (need {policy.min_per_class} of each kind per label): "
            + "; ".join(short)
        )
    return counts


def regressions(
    baseline: Mapping[str, Any], candidate: Mapping[str, Any], policy: FeedbackPolicy
) -> list[str]:
    """How the candidate's held-out metrics are worse than the baseline's (empty: not worse)."""
    found = []
    for label, base in baseline["labels"].items():
        cand = candidate["labels"][label]
        drop = base["pooled"]["macro_f1"] - cand["pooled"]["macro_f1"]
        if drop > policy.max_f1_drop:
            found.append(
                f"{label}: pooled macro-F1 {base['pooled']['macro_f1']:.4f} -> "
                f"{cand['pooled']['macro_f1']:.4f}"
            )
        for dataset, metrics in base["per_dataset"].items():
            before = metrics.get("roc_auc")
            after = cand["per_dataset"].get(dataset, {}).get("roc_auc")
            if before is not None and after is not None and before - after > policy.max_auc_drop:
                found.append(f"{label}/{dataset}: ROC-AUC {before:.4f} -> {after:.4f}")
    return found
