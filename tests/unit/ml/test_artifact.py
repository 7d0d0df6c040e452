"""Artifacts load only when intact; every failure names the file and the reason."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.ml.artifact import MANIFEST, PAYLOAD, ModelUnavailable, load_model, save_model
from bot.ml.fast_scorer import FastScorer
from bot.ml.loader import load_scorer


@pytest.fixture
def saved(tmp_path, tiny_model):
    save_model(tiny_model, tmp_path / "tiny")
    return tmp_path / "tiny"


def test_round_trip_scores_the_same(saved, tiny_model):
    loaded = load_model(saved)
    texts = ["you are an idiot", "merci", ""]
    np.testing.assert_array_equal(
        FastScorer([loaded]).score_batch(texts), FastScorer([tiny_model]).score_batch(texts)
    )
    assert loaded.thresholds == tiny_model.thresholds


def test_same_model_gives_the_same_bytes(tmp_path, tiny_model):
    save_model(tiny_model, tmp_path / "a")
    save_model(tiny_model, tmp_path / "b")
    assert (tmp_path / "a" / PAYLOAD).read_bytes() == (tmp_path / "b" / PAYLOAD).read_bytes()


def _corrupt_payload(folder):
    data = bytearray((folder / PAYLOAD).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / PAYLOAD).write_bytes(bytes(data))


def _set_manifest(folder, **changes):
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest.update(changes)
    (folder / MANIFEST).write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("damage", "file", "reason"),
    [
        (lambda f: (f / MANIFEST).unlink(), MANIFEST, "missing"),
        (lambda f: (f / PAYLOAD).unlink(), PAYLOAD, "missing"),
        (_corrupt_payload, PAYLOAD, "sha256 mismatch"),
        (lambda f: (f / MANIFEST).write_text("{not json"), MANIFEST, "corrupt manifest"),
        (lambda f: _set_manifest(f, format_version=99), MANIFEST, "format version 99"),
        (lambda f: _set_manifest(f, format="pickle"), MANIFEST, "not a vigie-linear manifest"),
        (lambda f: _set_manifest(f, labels=["only-one"]), PAYLOAD, "inconsistent shapes"),
    ],
    ids=["no-manifest", "no-payload", "corrupt-payload", "bad-json", "version", "format", "shapes"],
)
def test_damaged_artifact_is_unavailable(saved, damage, file, reason):
    damage(saved)
    with pytest.raises(ModelUnavailable, match=reason) as error:
        load_model(saved)
    assert error.value.path == str(saved / file)


def test_payload_rewritten_with_matching_hash_is_still_checked(saved):
    (saved / PAYLOAD).write_bytes(b"not a zip file")
    import hashlib

    _set_manifest(saved, sha256=hashlib.sha256(b"not a zip file").hexdigest())
    with pytest.raises(ModelUnavailable, match="unreadable"):
        load_model(saved)


def test_load_scorer_needs_every_model(tmp_path, tiny_model):
    save_model(tiny_model, tmp_path / "tiny")
    assert load_scorer(tmp_path, names=("tiny",)).labels == ("toxic", "spam")
    with pytest.raises(ModelUnavailable, match="spam"):
        load_scorer(tmp_path, names=("tiny", "spam"))
    with pytest.raises(ModelUnavailable, match="models folder missing"):
        load_scorer(tmp_path / "nowhere")
