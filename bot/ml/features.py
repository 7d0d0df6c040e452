"""The feature space of every model, built with scikit-learn: word n-grams, character n-grams of
each word, and lexicon counts, all read from the folded text.

Word n-grams catch phrases ("calling someone", "t'es un"); character n-grams survive the
misspellings and inflections that folding does not undo ("conar", "connasse"); lexicon counts carry
what one language's data teaches to the other (see `lexicon.py`). The fast scorer reproduces this
exact pipeline from the fitted vocabularies, so any change here must be mirrored there (a test
checks the two agree).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from bot.ml.lexicon import Lexicon, WordAnalyzer, add_conjunctions, squeeze
from bot.ml.specs import FeatureConfig

_DEFAULT_ANALYZER = WordAnalyzer()


class WordCharGrams(TransformerMixin, BaseEstimator):
    """Character n-grams of each word, fastText-style: every word gets the L2-normalised tf-idf
    vector of its char_wb n-grams, and a message is the sum of its words' vectors divided by the
    square root of its number of words.

    The vocabulary and idf are fitted on whole messages; because a message is a sum over its
    words, the run-time scorer caches one small score vector per word, and explanations credit
    each word exactly."""

    def __init__(
        self,
        ngram_range: tuple[int, int] = (3, 5),
        min_df: int = 3,
        max_features: int | None = None,
    ) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, texts: list[str], y: object = None) -> WordCharGrams:
        """Learn the char n-gram vocabulary and idf from the (folded) training messages."""
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.ngram_range,
            lowercase=False,
            preprocessor=squeeze,
            min_df=self.min_df,
            max_features=self.max_features,
            sublinear_tf=True,
            dtype=np.float64,
        ).fit(texts)
        return self

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """The char n-grams, in column order."""
        return self.vectorizer_.get_feature_names_out()

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        """One row per message: Σ word vectors / sqrt(number of words)."""
        distinct: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for row, text in enumerate(texts):
            words = squeeze(text).split()
            for word in words:
                rows.append(row)
                cols.append(distinct.setdefault(word, len(distinct)))
                vals.append(1.0 / np.sqrt(len(words)))
        occurrences = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(distinct)))
        vectors = (
            self.vectorizer_.transform(list(distinct))
            if distinct
            else sp.csr_matrix((0, len(self.vectorizer_.vocabulary_)))
        )
        return sp.csr_matrix(occurrences @ vectors)


class LexiconFeatures(TransformerMixin, BaseEstimator):
    """Counts of lexicon terms per feature, as log(1 + count), over the word n-grams of the text
    (negated words match nothing: "pas un connard" counts no insult), and the lexicons'
    conjunctions (count 1 when all their parts fired)."""

    def __init__(
        self, lexicons: tuple[Lexicon, ...] = (), analyzer: WordAnalyzer = _DEFAULT_ANALYZER
    ) -> None:
        self.lexicons = lexicons
        self.analyzer = analyzer

    def fit(self, texts: list[str], y: object = None) -> LexiconFeatures:
        """Nothing to learn: the lexicons are given."""
        return self

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """`lexicon:feature` for every feature of every lexicon, in column order."""
        return np.array(
            [f"{lx.name}:{f}" for lx in self.lexicons for f in lx.features], dtype=object
        )

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        """One row per text, one column per lexicon feature."""
        offsets = np.cumsum([0, *(len(lx.features) for lx in self.lexicons)])
        rows, cols, vals = [], [], []
        for row, text in enumerate(texts):
            counts: dict[int, int] = {}
            for gram in self.analyzer(text):
                for offset, lexicon in zip(offsets, self.lexicons, strict=False):
                    for feature in lexicon.terms.get(gram, ()):
                        counts[offset + feature] = counts.get(offset + feature, 0) + 1
            for offset, lexicon in zip(offsets, self.lexicons, strict=False):
                add_conjunctions(counts, lexicon, int(offset))
            for col, count in counts.items():
                rows.append(row)
                cols.append(col)
                vals.append(np.log1p(count))
        shape = (len(texts), int(offsets[-1]))
        return sp.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float64)


def build_featurizer(config: FeatureConfig, lexicons: tuple[Lexicon, ...] = ()) -> FeatureUnion:
    """An unfitted FeatureUnion (word, char, lexicon) for folded texts."""
    analyzer = WordAnalyzer(config.word_ngrams, config.negation_window)
    word = TfidfVectorizer(
        analyzer=analyzer,
        token_pattern=None,
        lowercase=False,
        min_df=config.word_min_df,
        max_features=config.word_max_features,
        sublinear_tf=True,
        dtype=np.float64,
    )
    char = WordCharGrams(config.char_ngrams, config.char_min_df, config.char_max_features)
    parts = [("word", word), ("char", char)]
    weights = {"word": config.word_weight, "char": config.char_weight}
    if lexicons:
        parts.append(("lexicon", LexiconFeatures(lexicons, analyzer)))
        weights["lexicon"] = config.lexicon_weight
    return FeatureUnion(parts, transformer_weights=weights)
