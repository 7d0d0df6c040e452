"""Char n-grams of many words at once, looked up with NumPy instead of one dictionary call each.

The words are padded (" word "), joined and read as code points; a polynomial hash of every
n-gram is rolled forward in place for n = 1, 2, ...; an n-gram counts only if it lies inside one
padded word, exactly as scikit-learn's `char_wb` analyzer emits them; and each hash is looked up
in a hash table of the vocabulary's hashes (`hash_table.py`). The 64-bit hashes of the ~10^5
vocabulary grams are checked distinct when the table is built; a message gram that is not in the vocabulary but
collides with one has a chance of about 10^-14 per gram. Used for batches, where a replay meets
tens of thousands of new words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from bot.ml.hash_table import HashTable

BASE = np.uint64(0x100000001B3)  # the FNV prime: odd, large, spreads code points over 64 bits


def code_points(text: str) -> np.ndarray:
    """The code points of `text` (lone surrogates included) as 64-bit integers."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.uint64
    )


class CharGramHasher:
    """Maps the char_wb n-grams of words to vocabulary rows (see the module docstring)."""

    def __init__(self, index: Mapping[str, int], ngram_range: tuple[int, int]) -> None:
        self.low, self.high = ngram_range
        self._tables: dict[int, HashTable] = {}
        by_length: dict[int, list[str]] = {}
        distinct = True
        for gram in index:
            by_length.setdefault(len(gram), []).append(gram)
        for n, grams in by_length.items():
            codes = code_points("".join(grams)).reshape(len(grams), n)
            hashes = np.zeros(len(grams), dtype=np.uint64)
            for j in range(n):
                hashes = hashes * BASE + codes[:, j]
            rows = np.fromiter(map(index.__getitem__, grams), dtype=np.intp, count=len(grams))
            distinct &= len(np.unique(hashes)) == len(hashes)
            self._tables[n] = HashTable(len(grams))
            if distinct:
                self._tables[n].insert(hashes, rows)
        # Exactness needs distinct vocabulary hashes and no word shorter than every n
        # (a padded word has at least 3 characters).
        self.usable = self.low <= 3 and distinct

    def lookup(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(word index, vocabulary row) of every known char n-gram occurrence of `words`."""
        padded = [f" {w} " for w in words]
        lengths = np.fromiter(map(len, padded), dtype=np.intp, count=len(padded))
        return self.lookup_codes(code_points("".join(padded)), lengths)

    def lookup_codes(self, codes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`lookup` of words already padded and concatenated as code points, with their lengths."""
        word_of = np.repeat(np.arange(len(lengths)), lengths)
        found_words, found_rows = [], []
        hashes = codes.copy()
        for n in range(1, self.high + 1):
            if n > 1:
                hashes = hashes[:-1] * BASE + codes[n - 1 :]
            if n < self.low or n not in self._tables or not len(hashes):
                continue
            inside = word_of[: len(hashes)] == word_of[n - 1 :]
            candidates, owners = hashes[inside], word_of[: len(hashes)][inside]
            rows = self._tables[n].find(candidates)
            known = rows >= 0
            found_words.append(owners[known])
            found_rows.append(rows[known])
        if not found_words:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        return np.concatenate(found_words), np.concatenate(found_rows)
