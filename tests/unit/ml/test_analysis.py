"""The text analysis the fast scorer re-implements behaves like scikit-learn's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from bot.ml.lexicon import (
    TOKEN_RE,
    WordAnalyzer,
    build_lexicon,
    mark_negation,
    squeeze,
    term_key,
    word_ngrams,
)

TEXT = st.text(alphabet="aab cdd!0_1 'é\n\t", max_size=40)


@settings(max_examples=80, deadline=None)
@given(TEXT, st.sampled_from([(1, 1), (1, 2), (2, 2), (1, 3)]))
def test_word_ngrams_match_scikit_learn(text, ngram_range):
    reference = CountVectorizer(ngram_range=ngram_range, lowercase=False).build_analyzer()
    assert word_ngrams(TOKEN_RE.findall(text), *ngram_range) == reference(text)


@settings(max_examples=80, deadline=None)
@given(TEXT)
def test_squeezing_token_by_token_equals_squeezing_the_text(text):
    by_token = [t for t in map(squeeze, TOKEN_RE.findall(text)) if len(t) > 1]
    assert by_token == TOKEN_RE.findall(squeeze(text))


@pytest.mark.parametrize(
    ("text", "squeezed"),
    [
        ("connnnard", "conard"),
        ("cool!!!", "col!!!"),
        ("1000 euros", "1000 euros"),
        ("aa bb", "a b"),
    ],
)
def test_squeeze(text, squeezed):
    assert squeeze(text) == squeezed


@pytest.mark.parametrize(
    ("tokens", "marked"),
    [
        ("you are not an idiot at all", "you are not neg_an neg_idiot at all"),
        ("tu es pas un connard", "tu es pas neg_un neg_connard"),
        ("nothing but a clown", "nothing but a clown"),
        ("no no way", "no no neg_way"),
    ],
    ids=["en", "fr", "nothing-but", "repeated"],
)
def test_negation_marks(tokens, marked):
    assert " ".join(mark_negation(tokens.split(), 2)) == marked


def test_analyzer_negated_words_are_other_features():
    grams = WordAnalyzer((1, 2), 2)("you are not an idiot")
    assert "idiot" not in grams and "neg_idiot" in grams and "not neg_an" in grams


def test_lexicon_terms_are_folded_squeezed_and_inflected():
    lexicon = build_lexicon(
        "x", [("Connard", "insult", "fr"), ("rip off", "scam", "en")], inflect=True
    )
    assert lexicon.terms["conard"] == lexicon.terms["conards"] == (0,)
    assert lexicon.terms["rip of"] == (1,)
    assert term_key("one two three") is None
