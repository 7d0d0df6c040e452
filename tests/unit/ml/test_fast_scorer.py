"""The fast scorer computes exactly what scikit-learn computes, one message or a batch."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression

from bot.ml.fast_scorer import FastScorer
from bot.ml.features import build_featurizer
from bot.ml.model import Head, compile_model
from bot.ml.reference import SklearnModel
from bot.text.normalize import fold

from .conftest import TINY_LEXICON, TINY_SPEC

PROBES = [
    "you are an idiot",
    "free stuff, idiot",  # both parts of the lexicon's conjunction
    "t'es un connnnard",
    "win free bitcoin",
    "",
    "   ",
    "!!!",
    "a",
    "not an idiot at all",
    "merci merci merci",
    "complètement inconnu zzz",
    "x\x00y",
    "you are not a moron, nothing but a clown",
    "GRATUIT gratuit",
    "🙂 emoji 🙂",
]


@pytest.fixture(scope="module")
def sklearn_pipeline(tiny_corpus):
    """A FeatureUnion and plain LogisticRegressions fitted by scikit-learn."""
    union = build_featurizer(TINY_SPEC.features, (TINY_LEXICON,))
    features = union.fit_transform(tiny_corpus.texts)
    heads = {}
    for label in ("toxic", "spam"):
        y = [e.labels[label] for e in tiny_corpus.examples]
        heads[label] = LogisticRegression(C=3.0).fit(features, y)
    return union, heads


def test_matches_scikit_learn_predict_proba(sklearn_pipeline):
    union, heads = sklearn_pipeline
    compiled = compile_model(
        "plain",
        union,
        [Head(label, clf.coef_.ravel(), float(clf.intercept_[0])) for label, clf in heads.items()],
    )
    scorer = FastScorer([compiled])
    texts = [fold(t) for t in PROBES]
    expected = np.column_stack(
        [heads[label].predict_proba(union.transform(texts))[:, 1] for label in compiled.labels]
    )
    single = np.array([[scorer.score(t)[label] for label in compiled.labels] for t in texts])
    np.testing.assert_allclose(single, expected, atol=1e-6, rtol=0)
    np.testing.assert_allclose(scorer.score_batch(texts), expected, atol=1e-6, rtol=0)


def test_trained_model_matches_its_scikit_learn_rebuild(tiny_model):
    texts = [fold(t) for t in PROBES]
    expected = SklearnModel(tiny_model).predict_proba(texts)
    scorer = FastScorer([tiny_model])
    np.testing.assert_allclose(scorer.score_batch(texts), expected, atol=1e-6, rtol=0)


@pytest.fixture(scope="module")
def both(tiny_model):
    return FastScorer([tiny_model]), SklearnModel(tiny_model)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="ab cdeé!0 'nt\n", max_size=30), min_size=1, max_size=4))
def test_any_text_matches(tiny_model, both, texts):
    scorer, reference = both
    expected = reference.predict_proba(texts)
    np.testing.assert_allclose(scorer.score_batch(texts), expected, atol=1e-6, rtol=0)
    for text, row in zip(texts, expected, strict=True):
        assert [scorer.score(text)[label] for label in tiny_model.labels] == pytest.approx(
            list(row), abs=1e-6
        )


def test_several_models_score_together(tiny_model, tiny_second_model):
    scorer = FastScorer([tiny_model, tiny_second_model])
    assert scorer.labels == ("toxic", "spam", "spam2")
    texts = [fold(t) for t in PROBES]
    expected = np.hstack(
        [SklearnModel(m).predict_proba(texts) for m in (tiny_model, tiny_second_model)]
    )
    np.testing.assert_allclose(scorer.score_batch(texts), expected, atol=1e-6, rtol=0)


def test_word_cache_does_not_change_scores(tiny_model):
    small = FastScorer([tiny_model], word_cache_size=2)
    large = FastScorer([tiny_model])
    texts = [fold(t) for t in PROBES] * 2
    np.testing.assert_allclose(small.score_batch(texts), large.score_batch(texts), atol=1e-12)


def test_explanation_adds_up_to_the_logit(tiny_model):
    scorer = FastScorer([tiny_model])
    text = fold("you are an idiot, a real idiot")
    parts = scorer.explain(text, "toxic", k=1000)
    intercept = float(tiny_model.intercept[0])
    assert intercept + sum(v for _, v in parts) == pytest.approx(
        scorer.logits(text)["toxic"], abs=1e-9
    )
    moderate = fold("the update looks great")
    probability = scorer.score(moderate)["toxic"]
    assert scorer.logits(moderate)["toxic"] == pytest.approx(
        math.log(probability / (1 - probability)), abs=1e-6
    )
    top_terms = [term for term, _ in scorer.explain(text, "toxic", k=2)]
    assert "idiot" in top_terms


def test_a_conjunction_is_credited_as_its_own_item(tiny_model):
    scorer = FastScorer([tiny_model])
    text = fold("free stuff, idiot")
    parts = dict(scorer.explain(text, "toxic", k=1000))
    assert parts["insult&offer"] != 0.0
    intercept = float(tiny_model.intercept[0])
    assert intercept + sum(parts.values()) == pytest.approx(scorer.logits(text)["toxic"], abs=1e-9)


def test_explanation_shows_words_as_written(tiny_model):
    scorer = FastScorer([tiny_model])
    terms = [term for term, _ in scorer.explain(fold("t'es un connnnard"), "toxic", k=10)]
    assert "connard" in terms  # folded ("connnnard" -> "connard"), not the squeezed "conard"


def test_models_with_other_text_analysis_are_refused(tiny_model):
    other = replace(tiny_model, name="other", labels=("x", "y"), negation_window=0)
    with pytest.raises(ValueError, match="text analysis differs"):
        FastScorer([tiny_model, other])


def test_duplicate_labels_are_refused(tiny_model):
    with pytest.raises(ValueError, match="same label"):
        FastScorer([tiny_model, replace(tiny_model, name="copy")])


ANY_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["not ", "but ", "pas ", "que ", "idiot ", "moron ", "connnnard ", "\n"]),
        st.text(
            alphabet=st.characters(
                min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()
            ),
            max_size=8,
        ),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=6))
def test_batch_of_any_unicode_text_scores_as_one_by_one(tiny_model, texts):
    """The array analysis of a batch (code points, hashes) finds the tokens, negations, n-grams
    and words the regexes find one message at a time: any code point, lone surrogates too."""
    batch = FastScorer([tiny_model]).score_batch(texts)
    single = FastScorer([tiny_model])
    expected = [[single.score(text)[label] for label in tiny_model.labels] for text in texts]
    np.testing.assert_allclose(batch, expected, atol=1e-9, rtol=0)


def test_batch_word_cache_refills_without_changing_scores(tiny_model):
    small = FastScorer([tiny_model], word_cache_size=3)
    texts = [fold(t) for t in PROBES]
    first = small.score_batch(texts)  # more new words than the cache holds
    np.testing.assert_allclose(small.score_batch(texts[::-1]), first[::-1], atol=1e-12)
    np.testing.assert_allclose(first, FastScorer([tiny_model]).score_batch(texts), atol=1e-12)


WORDS = st.lists(st.text(alphabet="abcé'0!zzoo ", min_size=0, max_size=12), max_size=10)


@settings(max_examples=80, deadline=None)
@given(WORDS)
def test_few_words_path_gives_the_same_bits_as_the_array_path(tiny_model, words):
    """One message's new words (counted in Python, `_few_vectors`) get exactly the vectors the
    sorted-array computation gives (repeated grams, unknown words and empty words included):
    the single-message speed-up must not move a score by one bit."""
    scorer = FastScorer([tiny_model])
    owners, rows = scorer._occurrences(words)
    expected = scorer._new_vectors(owners, rows, len(words))
    assert np.array_equal(scorer._few_vectors(words), expected)


def test_few_words_path_on_the_shipped_example_words(tiny_model):
    scorer = FastScorer([tiny_model])
    words = ["aaaaaa", "idiot", "idiotidiot", "zzqx", "", "é", "moron", "clown"]
    owners, rows = scorer._occurrences(words)
    assert len(rows) > 0
    assert np.array_equal(scorer._few_vectors(words), scorer._new_vectors(owners, rows, len(words)))
