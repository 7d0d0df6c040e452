"""The array analysis of a batch finds what the regexes find one text at a time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ml.hash_table import HashTable
from bot.ml.lexicon import TOKEN_RE, squeeze
from bot.ml.text_arrays import BatchText, hash_strings

TEXTS = st.lists(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("aab  \n\t_0é'-")),
            st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()),
        ),
        max_size=40,
    ),
    max_size=5,
)


@settings(max_examples=80, deadline=None)
@given(TEXTS)
def test_tokens_are_those_of_the_token_pattern_on_the_squeezed_text(texts):
    hashes, lengths, owners = BatchText(texts).tokens()
    expected = [(i, t) for i, text in enumerate(texts) for t in TOKEN_RE.findall(squeeze(text))]
    assert owners.tolist() == [i for i, _ in expected]
    assert lengths.tolist() == [len(t) for _, t in expected]
    assert hashes.tolist() == hash_strings([t for _, t in expected]).tolist()


@settings(max_examples=80, deadline=None)
@given(TEXTS)
def test_words_are_those_of_str_split_squeezed(texts):
    words = BatchText(texts).words()
    expected = [(i, squeeze(w)) for i, text in enumerate(texts) for w in text.split()]
    assert words.owners.tolist() == [i for i, _ in expected]
    assert words.keys.tolist() == hash_strings([w for _, w in expected]).tolist()


def test_padded_spans_are_the_words_between_spaces():
    batch = BatchText(["hello  wooorld", "x"])
    words = batch.words()
    codes, lengths = batch.padded(words.starts, words.ends)
    text = "".join(map(chr, codes.tolist()))
    assert text == " helo  world  x "
    assert lengths.tolist() == [6, 7, 3]


@pytest.mark.parametrize(
    ("keys", "looked_up", "found"),
    [
        ([], [1, 2], [-1, -1]),
        ([5], [5, 6], [0, -1]),
        ([0, 1, 2**63, 2**64 - 1], [2**64 - 1, 0, 3, 2**63], [3, 0, -1, 2]),
        (list(range(1000, 1100)), [1099, 1000, 999], [99, 0, -1]),
    ],
)
def test_hash_table_finds_what_was_inserted(keys, looked_up, found):
    table = HashTable(max(len(keys), 1))
    table.insert(np.array(keys, dtype=np.uint64), np.arange(len(keys)))
    assert table.find(np.array(looked_up, dtype=np.uint64)).tolist() == found


def test_hash_table_refuses_more_than_its_capacity_and_can_start_again():
    table = HashTable(2)
    table.insert(np.array([7, 8], dtype=np.uint64), np.array([0, 1]))
    with pytest.raises(ValueError, match="full"):
        table.insert(np.array([9], dtype=np.uint64), np.array([2]))
    table.clear()
    table.insert(np.array([9], dtype=np.uint64), np.array([2]))
    assert table.find(np.array([7, 9], dtype=np.uint64)).tolist() == [-1, 2]
