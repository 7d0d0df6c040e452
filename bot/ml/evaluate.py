"""Evaluation of a shipped model on the held-out splits: per label, per data set and per language;
calibration; the cost of each evasion; counter-speech and negation; hand-written probes.

Everything is measured with the fast scorer on the compiled artifact, i.e. what the bot runs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

from bot.ml.datasets import TEST, VAL, Example
from bot.ml.evasion import EVASIONS, disguise
from bot.ml.fast_scorer import FastScorer
from bot.ml.model import CompiledModel
from bot.ml.probes import COUNTER_PAIRS, PROBES
from bot.ml.train import best_threshold
from bot.text.normalize import fold

# OLID level A (offensive or not), test set, macro-F1: published anchors and measured baselines.
OLID_ANCHORS = {
    "SVM (Zampieri et al. 2019)": 0.69,
    "CNN (Zampieri et al. 2019)": 0.80,
    "best OffensEval 2019 system (BERT)": 0.829,
    "alt-profanity-check (measured)": 0.727,
    "better-profanity (measured)": 0.698,
}
OLID_TARGET = 0.80


def binary_metrics(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, Any]:
    """Counts, macro-F1 at the threshold and at 0.5, ROC-AUC and average precision (when both
    classes are present), and the false-positive rate when there are negatives."""
    out: dict[str, Any] = {"n": len(y), "positives": int(y.sum())}
    out["macro_f1"] = round(float(f1_score(y, p >= threshold, average="macro", zero_division=0)), 4)
    out["macro_f1_at_0.5"] = round(
        float(f1_score(y, p >= 0.5, average="macro", zero_division=0)), 4
    )
    if 0 < y.sum() < len(y):
        out["roc_auc"] = round(float(roc_auc_score(y, p)), 4)
        out["average_precision"] = round(float(average_precision_score(y, p)), 4)
        out["recall"] = round(float((p[y == 1] >= threshold).mean()), 4)
    if (y == 0).any():
        out["false_positive_rate"] = round(float((p[y == 0] >= threshold).mean()), 4)
    return out


def calibration(y: np.ndarray, p: np.ndarray, bins: int = 10) -> dict[str, Any]:
    """Expected calibration error, Brier score and the reliability table (equal-width bins)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            mean_p, frac = float(p[mask].mean()), float(y[mask].mean())
            ece += mask.mean() * abs(mean_p - frac)
            table.append(
                {
                    "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                    "n": int(mask.sum()),
                    "mean_score": round(mean_p, 3),
                    "observed_rate": round(frac, 3),
                }
            )
    return {
        "ece": round(float(ece), 4),
        "brier": round(float(np.mean((p - y) ** 2)), 4),
        "reliability": table,
    }


def _grouped(examples: Sequence[Example], rows: list[int], key: str) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i in rows:
        groups[getattr(examples[i], key)].append(i)
    return dict(sorted(groups.items()))


def label_report(
    model: CompiledModel, examples: Sequence[Example], probs: np.ndarray, label: str
) -> dict[str, Any]:
    """Held-out metrics of one label: pooled, per data set, per language, and calibration."""
    column = model.labels.index(label)
    threshold = float(model.thresholds.get(label, 0.5))
    rows = [i for i, e in enumerate(examples) if e.split == TEST and label in e.labels]
    y = np.array([examples[i].labels[label] for i in rows])
    p = probs[rows, column]
    report: dict[str, Any] = {"threshold": threshold, "pooled": binary_metrics(y, p, threshold)}
    for key, name in (("source", "per_dataset"), ("lang", "per_language")):
        report[name] = {
            group: binary_metrics(
                np.array([examples[i].labels[label] for i in idx]), probs[idx, column], threshold
            )
            for group, idx in _grouped(examples, rows, key).items()
        }
    _in_domain(report["per_dataset"], examples, probs, label, column)
    report["calibration"] = calibration(y, p)
    return report


def _in_domain(
    per_dataset: dict[str, Any],
    examples: Sequence[Example],
    probs: np.ndarray,
    label: str,
    column: int,
) -> None:
    """Add, per data set, the macro-F1 at a threshold chosen on that set's own validation split:
    what a community gets after tuning its charter's threshold on its own messages."""
    val = [i for i, e in enumerate(examples) if e.split == VAL and label in e.labels]
    for source, idx in _grouped(examples, val, "source").items():
        y_val = np.array([examples[i].labels[label] for i in idx])
        if source not in per_dataset or len(set(y_val.tolist())) < 2:
            continue
        threshold = best_threshold(probs[idx, column], y_val)
        test = [
            i
            for i, e in enumerate(examples)
            if e.split == TEST and e.source == source and label in e.labels
        ]
        y = np.array([examples[i].labels[label] for i in test])
        f1 = f1_score(y, probs[test, column] >= threshold, average="macro", zero_division=0)
        per_dataset[source]["own_val_threshold"] = threshold
        per_dataset[source]["macro_f1_at_own_threshold"] = round(float(f1), 4)


def _top_word(scorer: FastScorer, raw: str, label: str) -> str | None:
    """The raw word whose folded form contributes most to `label` (None if nothing does)."""
    for term, value in scorer.explain(fold(raw), label, k=8):
        if value <= 0 or " " in term or not re.fullmatch(r"\w{3,}", term):
            continue
        for word in re.findall(r"\w+", raw):
            if fold(word) == term:
                return word
    return None


def evasion_table(
    scorer: FastScorer, texts: Sequence[str], label: str, threshold: float
) -> dict[str, Any]:
    """For toxic held-out messages: mean score and recall when their most toxic word is
    disguised, after the foundation's normalisation and (for contrast) with lower-casing only."""
    column = scorer.labels.index(label)
    pairs = [(t, w) for t in texts if (w := _top_word(scorer, t, label))]
    clean = scorer.score_batch([fold(t) for t, _ in pairs])[:, column]
    table: dict[str, Any] = {"n": len(pairs), "clean": _summary(clean, threshold)}
    for name, evasion in EVASIONS.items():
        disguised = [disguise(t, w, evasion) or t for t, w in pairs]
        folded = scorer.score_batch([fold(t) for t in disguised])[:, column]
        lowered = scorer.score_batch([t.lower() for t in disguised])[:, column]
        table[name] = {
            "normalised": _summary(folded, threshold),
            "lowercase_only": _summary(lowered, threshold),
            "mean_drop": round(float((clean - folded).mean()), 4) + 0.0,  # no "-0"
        }
    return table


def _summary(scores: np.ndarray, threshold: float) -> dict[str, float]:
    if not len(scores):
        return {"mean": float("nan"), "recall": float("nan")}
    return {
        "mean": round(float(scores.mean()), 4),
        "recall": round(float((scores >= threshold).mean()), 4),
    }


def counter_speech(
    scorer: FastScorer, examples: Sequence[Example], label: str = "toxic"
) -> dict[str, Any]:
    """Held-out template pairs (insult vs talk about the insult) and hand-written pairs."""
    column = scorer.labels.index(label)
    result: dict[str, Any] = {"templates": {}, "pairs": []}
    for lang in ("en", "fr"):
        by_word: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for e in examples:
            if e.source == "templates" and e.split == TEST and e.lang == lang:
                by_word[e.meta["word"]][e.meta["kind"]].append(fold(e.text))
        if not by_word:
            continue
        insult = [scorer.score_batch(k["insult"])[:, column].mean() for k in by_word.values()]
        counter = [scorer.score_batch(k["counter"])[:, column].mean() for k in by_word.values()]
        result["templates"][lang] = {
            "words": len(by_word),
            "mean_insult": round(float(np.mean(insult)), 4),
            "mean_counter_speech": round(float(np.mean(counter)), 4),
            "counter_lower_rate": round(float(np.mean(np.array(counter) < np.array(insult))), 4),
        }
    for insult_text, counter_text, lang in COUNTER_PAIRS:
        a = scorer.score(fold(insult_text))[label]
        b = scorer.score(fold(counter_text))[label]
        result["pairs"].append(
            {
                "lang": lang,
                "insult": insult_text,
                "insult_score": round(a, 4),
                "other": counter_text,
                "other_score": round(b, 4),
            }
        )
    return result


def probe_results(scorer: FastScorer) -> list[dict[str, Any]]:
    """Hand-written probes: text, expected range for a label, score and pass/fail."""
    out = []
    for text, label, low, high in PROBES:
        if label in scorer.labels:
            score = scorer.score(fold(text))[label]
            out.append(
                {
                    "text": text,
                    "label": label,
                    "expected": [low, high],
                    "score": round(score, 4),
                    "ok": low <= score <= high,
                }
            )
    return out


def evaluate_model(model: CompiledModel, examples: Sequence[Example]) -> dict[str, Any]:
    """The metrics of one model on its held-out splits (see the module docstring)."""
    scorer = FastScorer([model])
    rows = [i for i, e in enumerate(examples) if e.split in (TEST, VAL)]
    probs = np.zeros((len(examples), len(model.labels)))
    probs[rows] = scorer.score_batch([fold(examples[i].text) for i in rows])
    metrics: dict[str, Any] = {
        "model": model.name,
        "labels": {label: label_report(model, examples, probs, label) for label in model.labels},
        "probes": probe_results(scorer),
    }
    if "toxic" in model.labels:
        metrics["olid"] = _olid(metrics["labels"]["toxic"])
        toxic = [
            e.text
            for e in examples
            if e.split == TEST and e.source != "templates" and e.labels.get("toxic") == 1
        ]
        metrics["evasion"] = evasion_table(scorer, toxic, "toxic", model.thresholds["toxic"])
        metrics["counter_speech"] = counter_speech(scorer, examples)
    return metrics


def _olid(report: dict[str, Any]) -> dict[str, Any]:
    olid = report["per_dataset"].get("olid", {})
    best = max(olid.get("macro_f1", 0), olid.get("macro_f1_at_own_threshold", 0))
    return {
        "test_macro_f1": olid.get("macro_f1"),
        "test_macro_f1_at_olid_val_threshold": olid.get("macro_f1_at_own_threshold"),
        "olid_val_threshold": olid.get("own_val_threshold"),
        "roc_auc": olid.get("roc_auc"),
        "target": OLID_TARGET,
        "meets_target": bool(best >= OLID_TARGET),
        "anchors": OLID_ANCHORS,
        "note": "thresholds are chosen on validation splits of the training data (the shipped "
        "one pooled over the model's sources, the other on OLID's own validation "
        "split), never on the test set",
    }
