"""Saving and loading a compiled model: `models/<name>/model.npz` plus `manifest.json`.

The payload is a compressed NumPy archive read with `allow_pickle=False` (loading a model never
runs code); the manifest records the format version, the payload's sha256, the labels and the
provenance. Every way loading can fail (missing, unreadable, wrong version, hash mismatch,
inconsistent shapes) raises `ModelUnavailable` naming the file and the reason, so the bot can run
its non-ML rules in degraded mode instead of crashing.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from bot.ml.lexicon import Lexicon
from bot.ml.model import Block, CompiledModel

FORMAT = "vigie-linear"
FORMAT_VERSION = 1
PAYLOAD = "model.npz"
MANIFEST = "manifest.json"


class ModelUnavailable(RuntimeError):
    """A model artifact that cannot be used; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _text_array(items: tuple[str, ...] | list[str]) -> np.ndarray:
    # Grams never contain "\n" (char_wb splits on whitespace, word tokens are \w+).
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _text_items(array: np.ndarray) -> tuple[str, ...]:
    text = array.tobytes().decode("utf-8")
    return tuple(text.split("\n")) if text else ()


def _lexicons_json(lexicons: tuple[Lexicon, ...]) -> str:
    return json.dumps(
        [
            {
                "name": lx.name,
                "features": list(lx.features),
                "terms": {t: list(ids) for t, ids in lx.terms.items()},
                **(
                    {"conjunctions": [[f, list(parts)] for f, parts in lx.conjunctions]}
                    if lx.conjunctions
                    else {}
                ),
            }
            for lx in lexicons
        ],
        ensure_ascii=False,
        sort_keys=True,
    )


def _write_npz(path: Path, **arrays: np.ndarray) -> None:
    # Like np.savez_compressed, but with fixed zip timestamps: the same model gives the same bytes.
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as handle:
                np.lib.format.write_array(handle, np.asarray(array), allow_pickle=False)


def save_model(
    model: CompiledModel, folder: Path, manifest_extra: dict[str, Any] | None = None
) -> Path:
    """Write `model.npz` and `manifest.json` into `folder` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = folder / PAYLOAD
    _write_npz(
        payload,
        word_vocabulary=_text_array(model.word.vocabulary),
        word_idf=model.word.idf,
        word_coef=model.word.coef,
        char_vocabulary=_text_array(model.char.vocabulary),
        char_idf=model.char.idf,
        char_coef=model.char.coef,
        lexicons=_text_array([_lexicons_json(model.lexicons)]),
        lexicon_coef=model.lexicon_coef,
        intercept=model.intercept,
    )
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": model.name,
        "labels": list(model.labels),
        "payload": PAYLOAD,
        "sha256": sha256_file(payload),
        "word_ngrams": list(model.word_ngrams),
        "negation_window": model.negation_window,
        "char_ngrams": list(model.char_ngrams),
        "thresholds": dict(model.thresholds),
        "meta": dict(model.meta),
        **(manifest_extra or {}),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return folder


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a model folder, checked for format and version."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ModelUnavailable(path, "missing (train the models with `vigie model train`)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelUnavailable(path, f"corrupt manifest ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelUnavailable(path, f"not a {FORMAT} manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelUnavailable(
            path,
            f"format version {manifest.get('format_version')!r}, this Vigie reads "
            f"{FORMAT_VERSION} (retrain with `vigie model train`)",
        )
    return manifest


def _load_arrays(payload: Path, expected_sha: str) -> dict[str, np.ndarray]:
    if not payload.is_file():
        raise ModelUnavailable(payload, "missing")
    actual = sha256_file(payload)
    if actual != expected_sha:
        raise ModelUnavailable(
            payload,
            f"sha256 mismatch: manifest says {expected_sha}, "
            f"file is {actual} (corrupt or replaced)",
        )
    try:
        with np.load(payload, allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelUnavailable(payload, f"unreadable ({exc})") from exc


def _lexicons_from(array: np.ndarray) -> tuple[Lexicon, ...]:
    raw = json.loads(_text_items(array)[0])
    return tuple(
        Lexicon(
            d["name"],
            tuple(d["features"]),
            {t: tuple(ids) for t, ids in d["terms"].items()},
            tuple((int(f), tuple(parts)) for f, parts in d.get("conjunctions", ())),
        )
        for d in raw
    )


def _check_shapes(model: CompiledModel, payload: Path) -> None:
    n_labels = len(model.labels)
    checks = [
        (model.word.coef.shape == (len(model.word.vocabulary), n_labels), "word block"),
        (model.word.idf.shape == (len(model.word.vocabulary),), "word idf"),
        (model.char.coef.shape == (len(model.char.vocabulary), n_labels), "char block"),
        (model.char.idf.shape == (len(model.char.vocabulary),), "char idf"),
        (model.lexicon_coef.shape == (model.n_lexicon_features, n_labels), "lexicon block"),
        (model.intercept.shape == (n_labels,), "intercepts"),
    ]
    for ok, what in checks:
        if not ok:
            raise ModelUnavailable(payload, f"inconsistent shapes in the {what}")


def load_model(folder: Path) -> CompiledModel:
    """Load and verify one model folder; raise ModelUnavailable on any problem."""
    manifest = read_manifest(folder)
    payload = folder / str(manifest.get("payload", PAYLOAD))
    arrays = _load_arrays(payload, str(manifest.get("sha256", "")))
    try:
        model = CompiledModel(
            name=str(manifest["name"]),
            labels=tuple(manifest["labels"]),
            word_ngrams=tuple(manifest["word_ngrams"]),
            negation_window=int(manifest["negation_window"]),
            char_ngrams=tuple(manifest["char_ngrams"]),
            word=Block(
                _text_items(arrays["word_vocabulary"]), arrays["word_idf"], arrays["word_coef"]
            ),
            char=Block(
                _text_items(arrays["char_vocabulary"]), arrays["char_idf"], arrays["char_coef"]
            ),
            lexicons=_lexicons_from(arrays["lexicons"]),
            lexicon_coef=arrays["lexicon_coef"],
            intercept=arrays["intercept"],
            thresholds=dict(manifest.get("thresholds") or {}),
            meta=dict(manifest.get("meta") or {}),
        )
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ModelUnavailable(payload, f"incomplete or malformed model ({exc!r})") from exc
    _check_shapes(model, payload)
    return model
