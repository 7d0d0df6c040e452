"""Training and evaluating the second stage's heads (`vigie model heads`).

Data: the `toxicity` model's sources (OLID, MLMA, CyberAgressionAdo, ToxiFrench), their fixed
splits (`bot.ml.datasets`). Each head is a logistic regression fitted on the train splits of the
encoder's vectors of the folded text, its C chosen on the pooled validation splits; the fusion
with the shipped fast model's score is a logistic regression stacked on the validation splits,
and the fused threshold is chosen there too. The test splits are only read for the report.
Everything is seeded and deterministic: the same data and seed give the same artifact.
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

from bot.ml.artifact import load_model
from bot.ml.datasets import SOURCES, TEST, TRAIN, VAL, Example, file_digests, load_sources
from bot.ml.encoder import Encoder
from bot.ml.evaluate import OLID_TARGET, binary_metrics
from bot.ml.fast_scorer import FastScorer
from bot.ml.heads import EncoderHeads, logit, sigmoid
from bot.ml.train import best_threshold, row_weights
from bot.text.normalize import fold

SOURCES_USED = ("olid", "mlma", "caa", "toxifrench")
LABELS = ("toxic", "hate", "threat")
C_GRID = (0.25, 1.0, 4.0)
# The escalation line: the fused score that at most this share of the validation negatives
# reach. An escalation costs a moderator's time, so it is set for few false alarms, not for the
# best F1 (chat has far fewer toxic messages than the labelled sets).
ESCALATION_FPR = 0.02
BATCH = 256

Progress = Callable[[str], None]


@dataclass(frozen=True)
class HeadsConfig:
    """The knobs of a run (recorded in the manifest)."""

    seed: int = 0
    olid_weight: float = 1.0  # OLID's rows weigh this much more than row_weights gives them
    balance_power: float = 0.5


@dataclass(frozen=True)
class Corpus:
    """Examples, their folded texts' vectors and the fast model's scores for `LABELS`."""

    examples: list[Example]
    vectors: np.ndarray
    fast: np.ndarray


def embed(encoder: Encoder, texts: Sequence[str], progress: Progress, cache: Path | None) -> Any:
    """The vectors of `texts`, in batches; kept in `cache` (keyed by the texts and the encoder)
    so that a second run with other knobs does not encode again."""
    key = hashlib.sha256("\n".join([encoder.name, *texts]).encode()).hexdigest()
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as data:
            if str(data["key"]) == key:
                return np.array(data["vectors"])
    parts = []
    for start in range(0, len(texts), BATCH):
        parts.append(encoder.encode(texts[start : start + BATCH]))
        if start // BATCH % 20 == 0:
            progress(f"encoded {start + len(parts[-1])}/{len(texts)}")
    vectors = np.vstack(parts) if parts else np.zeros((0, 512), np.float32)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, key=np.array(key), vectors=vectors)
    return vectors


def build_corpus(
    root: Path, models_dir: Path, encoder: Encoder, progress: Progress, cache: Path | None = None
) -> Corpus:
    """Load the sources, encode every folded text, score it with the shipped fast model."""
    examples = load_sources(root, SOURCES_USED)
    folded = [fold(e.text) for e in examples]
    progress(f"{len(examples)} examples; scoring with the fast model")
    scorer = FastScorer([load_model(models_dir / "toxicity")])
    columns = [scorer.labels.index(label) for label in LABELS]
    fast = scorer.score_batch(folded)[:, columns]
    return Corpus(examples, embed(encoder, folded, progress, cache), fast)


def _rows(corpus: Corpus, split: str, label: str) -> np.ndarray:
    return np.array(
        [i for i, e in enumerate(corpus.examples) if e.split == split and label in e.labels],
        dtype=np.int64,
    )


def _y(corpus: Corpus, rows: np.ndarray, label: str) -> np.ndarray:
    return np.array([corpus.examples[i].labels[label] for i in rows], dtype=np.int64)


def _weights(corpus: Corpus, rows: np.ndarray, y: np.ndarray, config: HeadsConfig) -> np.ndarray:
    chosen = [corpus.examples[i] for i in rows]
    weights = row_weights(chosen, y, config.balance_power)
    weights[np.array([e.source == "olid" for e in chosen])] *= config.olid_weight
    return weights * (len(weights) / weights.sum())


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else 0.5


def fit_label(
    corpus: Corpus, label: str, config: HeadsConfig
) -> tuple[LogisticRegression, np.ndarray, float, dict[str, Any]]:
    """One head (C chosen on validation AUC), its stacked fusion and fused threshold."""
    column = LABELS.index(label)
    train, val = _rows(corpus, TRAIN, label), _rows(corpus, VAL, label)
    y_train, y_val = _y(corpus, train, label), _y(corpus, val, label)
    weights = _weights(corpus, train, y_train, config)
    best: tuple[float, LogisticRegression] | None = None
    for c in C_GRID:
        head = LogisticRegression(C=c, max_iter=2000, random_state=config.seed)
        head.fit(corpus.vectors[train], y_train, sample_weight=weights)
        auc = _auc(y_val, head.predict_proba(corpus.vectors[val])[:, 1])
        if best is None or auc > best[0]:
            best = (auc, head)
    assert best is not None
    head = best[1]
    stacked = np.column_stack(
        [logit(head.predict_proba(corpus.vectors[val])[:, 1]), logit(corpus.fast[val, column])]
    )
    fusion = LogisticRegression(C=10.0, max_iter=1000, random_state=config.seed)
    fusion.fit(stacked, y_val, sample_weight=_weights(corpus, val, y_val, config))
    weights_row = np.array([*fusion.coef_[0], fusion.intercept_[0]])
    fused_val = sigmoid(stacked @ weights_row[:2] + weights_row[2])
    threshold = best_threshold(fused_val, y_val)
    chosen = {"C": float(head.C), "val_auc_head": round(best[0], 4)}
    chosen["escalation_line"] = escalation_line(fused_val[y_val == 0])
    return head, weights_row, threshold, chosen


def escalation_line(negatives: np.ndarray, fpr: float = ESCALATION_FPR) -> float:
    """The lowest score that at most `fpr` of `negatives` reach (rounded up to 0.001)."""
    if not len(negatives):
        return 0.5
    ranked = np.sort(negatives)
    at = ranked[min(len(ranked) - 1, int(np.ceil(len(ranked) * (1 - fpr))))]
    return float(min(np.ceil(at * 1000) / 1000 + 0.001, 0.999))


def train_heads(
    corpus: Corpus, encoder_name: str, config: HeadsConfig
) -> tuple[EncoderHeads, dict[str, Any]]:
    """The heads of every label and the choices made on validation."""
    coefs, intercepts, fusions, thresholds, choices = [], [], [], [], {}
    for label in LABELS:
        head, fusion, threshold, chosen = fit_label(corpus, label, config)
        coefs.append(head.coef_[0])
        intercepts.append(head.intercept_[0])
        fusions.append(fusion)
        thresholds.append(threshold)
        choices[label] = {**chosen, "fusion": [round(float(v), 4) for v in fusion]}
        choices[label]["fused_threshold"] = threshold
    heads = EncoderHeads(
        LABELS,
        encoder_name,
        np.array(coefs),
        np.array(intercepts),
        np.array(fusions),
        np.array(thresholds),
        np.array([choices[label]["escalation_line"] for label in LABELS]),
    )
    return heads, choices


def evaluate_heads(corpus: Corpus, heads: EncoderHeads, fast_thresholds: dict[str, float]) -> Any:
    """Test-split metrics of the fast model alone, the head alone and the fusion, pooled, per
    data set and per language; each data set also at a threshold chosen on its own validation
    split (what a community tuning its charter gets)."""
    head_p = heads.head_scores(corpus.vectors)
    fused_p = heads.fused(corpus.vectors, corpus.fast)
    report: dict[str, Any] = {}
    for column, label in enumerate(LABELS):
        scores = {
            "fast": (corpus.fast[:, column], fast_thresholds[label]),
            "head": (head_p[:, column], best_threshold(*_val_pair(corpus, head_p, column, label))),
            "fused": (fused_p[:, column], float(heads.thresholds[column])),
        }
        report[label] = {name: _report(corpus, p, t, label) for name, (p, t) in scores.items()}
    return report


def _val_pair(corpus: Corpus, p: np.ndarray, column: int, label: str) -> Any:
    val = _rows(corpus, VAL, label)
    return p[val, column], _y(corpus, val, label)


def _report(corpus: Corpus, p: np.ndarray, threshold: float, label: str) -> dict[str, Any]:
    test = _rows(corpus, TEST, label)
    out: dict[str, Any] = {
        "threshold": threshold,
        "pooled": binary_metrics(_y(corpus, test, label), p[test], threshold),
    }
    for key, name in (("source", "per_dataset"), ("lang", "per_language")):
        groups = sorted({getattr(corpus.examples[i], key) for i in test})
        out[name] = {}
        for group in groups:
            rows = np.array([i for i in test if getattr(corpus.examples[i], key) == group])
            metrics = binary_metrics(_y(corpus, rows, label), p[rows], threshold)
            if key == "source":
                _own_threshold(corpus, p, label, group, rows, metrics)
            out[name][group] = metrics
    return out


def _own_threshold(
    corpus: Corpus, p: np.ndarray, label: str, source: str, test: np.ndarray, metrics: Any
) -> None:
    from sklearn.metrics import f1_score

    val = np.array(
        [
            i
            for i, e in enumerate(corpus.examples)
            if e.split == VAL and e.source == source and label in e.labels
        ],
        dtype=np.int64,
    )
    y_val = _y(corpus, val, label)
    if len(set(y_val.tolist())) < 2:
        return
    threshold = best_threshold(p[val], y_val)
    f1 = f1_score(_y(corpus, test, label), p[test] >= threshold, average="macro", zero_division=0)
    metrics["own_val_threshold"] = threshold
    metrics["macro_f1_at_own_threshold"] = round(float(f1), 4)


def olid_summary(report: dict[str, Any]) -> dict[str, Any]:
    """OLID test (level A) for the fast model alone and the fusion, against the target."""
    out: dict[str, Any] = {"target": OLID_TARGET}
    for name in ("fast", "head", "fused"):
        olid = report["toxic"][name]["per_dataset"]["olid"]
        out[name] = {
            "macro_f1": olid["macro_f1"],
            "macro_f1_at_olid_val_threshold": olid.get("macro_f1_at_own_threshold"),
            "roc_auc": olid.get("roc_auc"),
        }
    best = max(out["fused"]["macro_f1"], out["fused"]["macro_f1_at_olid_val_threshold"] or 0)
    out["meets_target"] = bool(best >= OLID_TARGET)
    return out


def provenance(
    root: Path, config: HeadsConfig, encoder_name: str, fast_sha256: str
) -> dict[str, Any]:
    """What the heads were made from: data files, licences, versions, knobs."""
    return {
        "seed": config.seed,
        "config": {"olid_weight": config.olid_weight, "balance_power": config.balance_power},
        "encoder": encoder_name,
        "sources": {
            name: {"title": SOURCES[name].title, "licence": SOURCES[name].licence}
            for name in SOURCES_USED
        },
        "data_files": file_digests(root, SOURCES_USED),
        "fast_model": "models/toxicity (read only: its scores are the fusion's second input)",
        "fast_model_sha256": fast_sha256,
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
    }
