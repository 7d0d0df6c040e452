"""A batch of folded texts analysed as one array of code points: the word n-grams the models read
and the words whose char n-grams they read, found with NumPy instead of Python calls per text.

The texts are joined with a newline (not a word character, and whitespace for `str.split`), so no
token and no word crosses two messages. Character classes come from tables over every code point,
built once from the `re` module's own classes, so the tokens are those of the regexes used one
message at a time: squeezing drops a letter equal to the one before it (`squeeze`), a token is a
maximal run of two or more word characters on the squeezed text (`TOKEN_RE` = `\\b\\w\\w+\\b`), a
word is a maximal run of non-space characters (`str.split()`).

Strings are identified by a 64-bit polynomial hash, the one `char_hash.py` uses, computed for any
span from prefix sums (the base is odd, hence invertible modulo 2^64). Negation marks and word
n-grams are hashes combined arithmetically, then found in a hash table of the vocabulary's hashes,
which are checked distinct when the table is built; a gram outside the vocabulary
matches one of them with a chance of about 10^-14 per gram, as in `char_hash.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from bot.ml.char_hash import BASE, code_points
from bot.ml.hash_table import HashTable
from bot.ml.lexicon import NEGATED, NEGATORS, NOT_NEGATING

_INVERSE = np.uint64(pow(int(BASE), -1, 2**64))
_SPACE = np.uint64(ord(" "))
_SEPARATOR = "\n"


_WORD, _LETTER, _SPACE_CLASS = 1, 2, 4  # bits of the character class table


@cache
def character_classes() -> np.ndarray:
    """One byte per code point: \\w (_WORD), [^\\W\\d_] (_LETTER, what `squeeze` shortens),
    \\s (_SPACE_CLASS, what str.split() splits on); about 0.1 s, once per process."""
    # Decoded from one buffer: a million one-character strings would stay in the heap (40 MB).
    everything = np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(len(everything), dtype=np.uint8)
    for pattern, bit in ((r"\w+", _WORD), (r"[^\W\d_]+", _LETTER), (r"\s+", _SPACE_CLASS)):
        for match in re.finditer(pattern, everything):
            table[match.start() : match.end()] |= bit
    table.flags.writeable = False
    return table


def _powers(base: np.uint64, count: int) -> np.ndarray:
    """base^0 .. base^(count - 1) modulo 2^64 (not cached: a batch's tables weigh 10 MB each,
    and NumPy gives large arrays back to the system when they are freed)."""
    powers = np.full(max(count, 1), base, dtype=np.uint64)
    powers[0] = 1
    return np.cumprod(powers)


class SpanHasher:
    """Hashes of any span [start, end) of one code-point array, each in a few array operations."""

    def __init__(self, codes: np.ndarray) -> None:
        count = len(codes) + 1
        self.forward = _powers(BASE, count)
        inverse = _powers(_INVERSE, count)
        # prefix[k] = sum of codes[t] * BASE^-t for t < k; a span is a difference, rescaled.
        self._prefix = np.zeros(count, dtype=np.uint64)
        np.cumsum(codes * inverse[:-1], dtype=np.uint64, out=self._prefix[1:])

    def spans(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """sum of codes[k] * BASE^(end - 1 - k) over each span: the hash of its string."""
        return (self._prefix[ends] - self._prefix[starts]) * self.forward[ends - 1]


def hash_strings(strings: Sequence[str]) -> np.ndarray:
    """The polynomial hash of each string."""
    lengths = np.fromiter(map(len, strings), dtype=np.intp, count=len(strings))
    ends = np.cumsum(lengths)
    if not len(strings):
        return np.zeros(0, dtype=np.uint64)
    codes = code_points("".join(strings))
    return SpanHasher(codes).spans(ends - lengths, ends)


def combine(left: np.ndarray, right: np.ndarray, right_power: np.ndarray) -> np.ndarray:
    """Hash of `left + " " + right` from both hashes and BASE^len(right)."""
    return (left * BASE + _SPACE) * right_power + right


def vocabulary_table(index: Mapping[str, int]) -> HashTable | None:
    """The rows of a gram vocabulary by the hash of each gram; None if two grams collide."""
    hashes = hash_strings(list(index))
    if len(np.unique(hashes)) != len(hashes):
        return None
    table = HashTable(len(hashes))
    table.insert(hashes, np.fromiter(index.values(), dtype=np.intp, count=len(index)))
    return table


@dataclass(frozen=True, slots=True)
class Grams:
    """Word n-gram occurrences of a batch: (text index, vocabulary row), rows -1 unknown."""

    owners: np.ndarray
    rows: np.ndarray


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a batch (str.split of each text), in order: their text, their span on the
    squeezed code points, which their char n-grams are read from, and the hash of that span
    (the cache key: a word's char n-grams are those of its squeezed form)."""

    owners: np.ndarray
    keys: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


class BatchText:
    """One batch of folded texts as arrays (see the module docstring)."""

    def __init__(self, texts: Sequence[str]) -> None:
        codes = code_points(_SEPARATOR.join(texts))
        lengths = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
        owner = np.repeat(np.arange(len(texts)), lengths + 1)[: len(codes)]
        self.size = len(texts)
        classes = character_classes()[codes]
        kept = np.ones(len(codes), dtype=bool)
        kept[1:] = (codes[1:] != codes[:-1]) | (classes[1:] & _LETTER == 0)
        self.squeezed = codes[kept]
        self._classes = classes[kept]
        self._owner = owner[kept]
        self._hasher = SpanHasher(self.squeezed)

    def tokens(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hash, length and text of every token of the squeezed texts, in order."""
        starts, ends = _runs(self._classes & _WORD != 0)
        long = ends - starts >= 2
        starts, ends = starts[long], ends[long]
        return self._hasher.spans(starts, ends), ends - starts, self._owner[starts]

    def words(self) -> Words:
        """Every word of every text (see `Words`): squeezing never removes a space, so the
        words of the squeezed text are the squeezed words."""
        starts, ends = _runs(self._classes & _SPACE_CLASS == 0)
        return Words(self._owner[starts], self._hasher.spans(starts, ends), starts, ends)

    def padded(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The squeezed spans as " span " code points, concatenated, and each one's length."""
        lengths = ends - starts + 2
        offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        positions = np.repeat(starts - 1, lengths) + offsets
        codes = self.squeezed[np.clip(positions, 0, max(len(self.squeezed) - 1, 0))]
        edge = (offsets == 0) | (offsets == np.repeat(lengths - 1, lengths))
        return np.where(edge, _SPACE, codes), lengths


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[start, end) of every maximal run of True."""
    edges = np.diff(np.concatenate(([False], mask, [False])).astype(np.int8))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


class WordGramFinder:
    """The word n-grams of `WordAnalyzer` (negation marks included) of a batch, as vocabulary
    rows, computed on hashes."""

    def __init__(
        self, index: Mapping[str, int], ngram_range: tuple[int, int], negation_window: int
    ) -> None:
        vocabulary = vocabulary_table(index)
        self.usable = vocabulary is not None
        self._vocabulary = vocabulary or HashTable(0)
        self.low, self.high = ngram_range
        self.window = negation_window
        self._negators = np.sort(hash_strings(sorted(NEGATORS)))
        self._not_negating = np.sort(hash_strings(sorted(NOT_NEGATING)))
        self._negated = hash_strings([NEGATED])[0]

    def grams(self, batch: BatchText) -> Grams:
        """Every n-gram occurrence of the batch's texts."""
        hashes, lengths, owners = batch.tokens()
        hashes, lengths = self._marked(hashes, lengths, owners)
        powers = _powers(BASE, int(lengths.max(initial=0)) + 1)
        found_owners: list[np.ndarray] = []
        found_rows: list[np.ndarray] = []
        gram = hashes
        for n in range(1, self.high + 1):
            if n > 1:
                count = len(hashes) - n + 1
                if count <= 0:
                    break
                gram = combine(gram[:count], hashes[n - 1 :], powers[lengths[n - 1 :]])
            if n >= self.low:
                inside = owners[: len(gram)] == owners[n - 1 :]
                found_owners.append(owners[: len(gram)][inside])
                found_rows.append(self._vocabulary.find(gram[inside]))
        if not found_rows:
            return Grams(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
        return Grams(np.concatenate(found_owners), np.concatenate(found_rows))

    def _marked(
        self, hashes: np.ndarray, lengths: np.ndarray, owners: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """`mark_negation` on hashes: the `window` tokens after a negator, in the same text,
        become "neg_" + token, unless the first of them is "but", "only"..."""
        if self.window <= 0 or not len(hashes):
            return hashes, lengths
        negator = _among(hashes, self._negators)
        if not negator.any():
            return hashes, lengths
        position = np.arange(len(hashes))
        last = np.maximum.accumulate(np.where(negator, position, -1))
        before = np.concatenate(([-1], last[:-1]))  # the last negator strictly before
        follower = _among(hashes, self._not_negating)
        safe = np.maximum(before, 0)
        negated = (
            (before >= 0)
            & ~negator
            & (position - before <= self.window)
            & (owners[safe] == owners)
            & ~follower[np.minimum(safe + 1, len(hashes) - 1)]
        )
        powers = _powers(BASE, int(lengths.max()) + 1)
        marked = np.where(negated, self._negated * powers[lengths] + hashes, hashes)
        return marked, np.where(negated, lengths + len(NEGATED), lengths)


def _among(hashes: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    at = np.minimum(np.searchsorted(sorted_set, hashes), len(sorted_set) - 1)
    return sorted_set[at] == hashes


def word_sums(
    owners: np.ndarray, vectors: np.ndarray, n_texts: int
) -> tuple[np.ndarray, np.ndarray]:
    """The sum of the word vectors of each text (words in text order) and its number of words."""
    sums = np.zeros((n_texts, vectors.shape[1]))
    counts = np.bincount(owners, minlength=n_texts)
    if len(owners):
        starts = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
        sums[owners[starts]] = np.add.reduceat(vectors, starts)
    return sums, counts
