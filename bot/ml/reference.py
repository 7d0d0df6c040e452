"""A compiled model rebuilt as scikit-learn objects: the reference the fast scorer must match.

Used by the tests (the fast scorer equals scikit-learn to 1e-6) and by the benchmark (what
`predict_proba` costs on the very same model). Not used at run time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from bot.ml.features import LexiconFeatures, WordCharGrams
from bot.ml.lexicon import WordAnalyzer, squeeze
from bot.ml.model import Block, CompiledModel


def _vectorizer(
    block: Block, analyzer: str | WordAnalyzer, ngrams: tuple[int, int]
) -> TfidfVectorizer:
    vocabulary = {gram: i for i, gram in enumerate(block.vocabulary)}
    # A callable analyzer (words) does its own squeezing and n-grams; char_wb needs both given.
    extra = {} if callable(analyzer) else {"ngram_range": ngrams, "preprocessor": squeeze}
    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        token_pattern=None,
        lowercase=False,
        vocabulary=vocabulary,
        sublinear_tf=True,
        **extra,
    )
    vectorizer.fit(list(block.vocabulary) or [""])  # builds the fitted state; idf set below
    vectorizer.idf_ = block.idf
    return vectorizer


def _word_chars(vectorizer: TfidfVectorizer) -> WordCharGrams:
    features = WordCharGrams(vectorizer.ngram_range)
    features.vectorizer_ = vectorizer
    return features


def _head(coef: np.ndarray, intercept: float) -> LogisticRegression:
    head = LogisticRegression()
    head.classes_ = np.array([0, 1])
    head.coef_ = coef[None, :]
    head.intercept_ = np.array([intercept])
    return head


class SklearnModel:
    """A compiled model as a FeatureUnion and one LogisticRegression per label."""

    def __init__(self, model: CompiledModel) -> None:
        self.labels = model.labels
        analyzer = WordAnalyzer(model.word_ngrams, model.negation_window)
        parts = [
            ("word", _vectorizer(model.word, analyzer, model.word_ngrams)),
            ("char", _word_chars(_vectorizer(model.char, "char_wb", model.char_ngrams))),
        ]
        if model.lexicons:
            parts.append(("lexicon", LexiconFeatures(model.lexicons, analyzer)))
        self.union = FeatureUnion(parts)
        coef = np.concatenate([model.word.coef, model.char.coef, model.lexicon_coef])
        self.heads = [_head(coef[:, j], float(model.intercept[j])) for j in range(len(self.labels))]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), len(labels)) probabilities, computed by scikit-learn."""
        features = self.union.transform(list(texts))
        return np.column_stack([head.predict_proba(features)[:, 1] for head in self.heads])
