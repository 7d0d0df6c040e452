"""A trained model as plain arrays: the fitted vocabularies, idf weights and per-label coefficients.

This is what an artifact stores and what the fast scorer reads. `compile_model` turns a fitted
scikit-learn feature union and one linear head per label into it, folding everything that is linear
into the coefficients (the union's block weights, the naive-Bayes feature scaling, the Platt
calibration), so that scoring is one sparse dot product per block and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.ml.lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class Block:
    """One tf-idf block (word or char_wb n-grams): gram i has idf[i] and coef[i, label]."""

    vocabulary: tuple[str, ...]
    idf: np.ndarray  # (n,)
    coef: np.ndarray  # (n, n_labels), block weight and calibration included


@dataclass(frozen=True, slots=True)
class Head:
    """What one label's classifier contributes: coefficients over the full feature union."""

    label: str
    coef: np.ndarray  # (n_features,) over [word | char | lexicon] columns
    intercept: float


@dataclass(frozen=True, slots=True)
class CompiledModel:
    """A multi-label linear model over word, char_wb and lexicon features of folded text."""

    name: str
    labels: tuple[str, ...]
    word_ngrams: tuple[int, int]
    negation_window: int
    char_ngrams: tuple[int, int]
    word: Block
    char: Block
    lexicons: tuple[Lexicon, ...]
    lexicon_coef: np.ndarray  # (n_lexicon_features, n_labels)
    intercept: np.ndarray  # (n_labels,)
    thresholds: Mapping[str, float] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def n_lexicon_features(self) -> int:
        """Columns of the lexicon block."""
        return sum(len(lx.features) for lx in self.lexicons)


def _vocabulary(vectorizer: Any) -> tuple[str, ...]:
    ordered = sorted(vectorizer.vocabulary_.items(), key=lambda item: item[1])
    return tuple(term for term, _ in ordered)


def compile_model(
    name: str,
    union: Any,
    heads: Sequence[Head],
    thresholds: Mapping[str, float] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> CompiledModel:
    """Arrays of a fitted FeatureUnion (word, char[, lexicon]) and its per-label linear heads.

    Each head's `coef` is over the union's output columns; the union's transformer weights are
    multiplied in here, so the compiled model needs no weights of its own.
    """
    parts = dict(union.transformer_list)
    weights = union.transformer_weights or {}
    word, char = parts["word"], parts["char"].vectorizer_
    lexicon = parts.get("lexicon")
    n_word, n_char = len(word.vocabulary_), len(char.vocabulary_)
    coef = np.stack([h.coef for h in heads], axis=1).astype(np.float64)
    ends = np.cumsum([n_word, n_char])
    lexicons = tuple(lexicon.lexicons) if lexicon is not None else ()
    return CompiledModel(
        name=name,
        labels=tuple(h.label for h in heads),
        word_ngrams=tuple(word.analyzer.ngram_range),
        negation_window=word.analyzer.negation_window,
        char_ngrams=tuple(char.ngram_range),
        word=Block(_vocabulary(word), word.idf_.copy(), coef[: ends[0]] * weights.get("word", 1)),
        char=Block(
            _vocabulary(char), char.idf_.copy(), coef[ends[0] : ends[1]] * weights.get("char", 1)
        ),
        lexicons=lexicons,
        lexicon_coef=coef[ends[1] :] * weights.get("lexicon", 1),
        intercept=np.array([h.intercept for h in heads], dtype=np.float64),
        thresholds=dict(thresholds or {}),
        meta=dict(meta or {}),
    )
