"""The run-time scorer: all labels of all loaded models in one pass over a message, without
scikit-learn.

It reproduces the feature pipeline of `features.py` from the fitted vocabularies and applies the
compiled coefficients: word n-grams (sublinear tf, idf, L2 norm per model), char n-grams of each
word (a message is the sum of its words, over the square root of their number) and lexicon
counts. Because the char part is a sum over words, each word's contribution to every label is
computed once and cached: a busy community repeats its words, so a message costs a few dictionary
look-ups and two tiny matrix products. `score_batch` does the same for many messages at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp

from bot.ml.char_hash import CharGramHasher
from bot.ml.lexicon import NEGATED, TOKEN_RE, WordAnalyzer, squeeze, tokens_of
from bot.ml.model import Block, CompiledModel
from bot.ml.text_arrays import BatchText, HashTable, WordGramFinder, word_sums

_EMPTY: tuple[int, ...] = ()
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


class _Table:
    """One kind of gram (word or char) of every model, merged: a gram has one row.

    `idf2[row, m]` is the gram's squared idf in model m (0 where m does not know it), for the L2
    norms; `coef[row, label]` its coefficient times its idf, so a sum is `tf @ coef[rows]`.
    `extra` terms (lexicon terms no vocabulary holds) get rows of zeros, so that one dictionary
    look-up finds both a word gram and its lexicon features."""

    def __init__(
        self,
        blocks: Sequence[Block],
        widths: Sequence[int],
        extra: Iterable[str] = (),
        *,
        joined: bool = False,
    ) -> None:
        index: dict[str, int] = {}
        for block in blocks:
            for gram in block.vocabulary:
                index.setdefault(gram, len(index))
        for term in extra:
            index.setdefault(term, len(index))
        self.index = index
        self.grams = tuple(index)
        # `joined`: coefficients and squared idfs side by side in one array (`coef` and `idf2`
        # are views of it): one gather then serves a word's sums and its norms (the char grams,
        # `FastScorer._few_vectors`). The word grams keep two arrays: sparse products read them
        # whole, and would copy a view at every batch.
        width = sum(widths)
        self.both = np.zeros((len(index), width + len(blocks)) if joined else (0, 0))
        self.coef = self.both[:, :width] if joined else np.zeros((len(index), width))
        self.idf2 = self.both[:, width:] if joined else np.zeros((len(index), len(blocks)))
        column = 0
        for m, (block, width) in enumerate(zip(blocks, widths, strict=True)):
            rows = np.fromiter(
                map(index.__getitem__, block.vocabulary), dtype=np.intp, count=len(block.vocabulary)
            )
            self.idf2[rows, m] = block.idf**2
            self.coef[rows, column : column + width] = block.idf[:, None] * block.coef
            column += width


class _LexiconTable:
    """Every model's lexicon features: their names, coefficients per label, and which word-gram
    rows fire them (`features[row]`, as a tuple, or `membership`, a rows x features matrix)."""

    def __init__(self, models: Sequence[CompiledModel], n_labels: int) -> None:
        terms: dict[str, list[int]] = {}
        conjunctions: list[tuple[int, tuple[int, ...]]] = []
        blocks, names, label = [], [], 0
        for model in models:
            for lexicon in model.lexicons:
                for term, ids in lexicon.terms.items():
                    terms.setdefault(term, []).extend(len(names) + i for i in ids)
                conjunctions.extend(
                    (len(names) + f, tuple(len(names) + p for p in parts))
                    for f, parts in lexicon.conjunctions
                )
                names.extend(f"{lexicon.name}:{f}" for f in lexicon.features)
            block = np.zeros((model.n_lexicon_features, n_labels))
            block[:, label : label + len(model.labels)] = model.lexicon_coef
            blocks.append(block)
            label += len(model.labels)
        self.terms = {t: tuple(ids) for t, ids in terms.items()}
        self.conjunctions = tuple(conjunctions)
        self.names = tuple(names)
        self.coef = np.concatenate(blocks) if blocks else np.zeros((0, n_labels))
        self.features: list[tuple[int, ...]] = []
        self.membership = sp.csr_matrix((0, len(names)))

    def conjoin(self, counts: dict[int, int]) -> None:
        """Count 1 for every conjunction whose parts all have a count (in place)."""
        for feature, parts in self.conjunctions:
            if all(part in counts for part in parts):
                counts[feature] = 1

    def conjoin_batch(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """The batch form of `conjoin`: texts x features counts, conjunctions added."""
        if not self.conjunctions or not counts.nnz:
            return counts
        columns = sorted({p for _, parts in self.conjunctions for p in parts})
        where = {c: i for i, c in enumerate(columns)}
        present = counts[:, columns].toarray() > 0
        rows, cols = [], []
        for feature, parts in self.conjunctions:
            hit = np.flatnonzero(present[:, [where[p] for p in parts]].all(axis=1))
            rows.append(hit)
            cols.append(np.full(len(hit), feature))
        fired = np.concatenate(rows)
        extra = sp.csr_matrix(
            (np.ones(len(fired)), (fired, np.concatenate(cols))), shape=counts.shape
        )
        return sp.csr_matrix(counts + extra)

    def attach(self, index: Mapping[str, int]) -> None:
        """Index the lexicon by the rows of the word table (which holds every term)."""
        self.features = [_EMPTY] * len(index)
        rows, cols = [], []
        for term, ids in self.terms.items():
            self.features[index[term]] = ids
            rows.extend([index[term]] * len(ids))
            cols.extend(ids)
        self.membership = sp.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(index), len(self.names))
        )


def _counted(ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ids and how often each occurs (a sort: cheaper than np.unique for short lists)."""
    values = np.sort(np.array(ids, dtype=np.intp))
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    return values[starts], np.diff(np.append(starts, len(values)))


def _analysis(model: CompiledModel) -> tuple[object, ...]:
    return model.word_ngrams, model.negation_window, model.char_ngrams


class FastScorer:
    """Implements `bot.core.ports.Scorer` over one or more compiled models (see module doc)."""

    def __init__(self, models: Sequence[CompiledModel], word_cache_size: int = 50_000) -> None:
        if not models:
            raise ValueError("FastScorer needs at least one model")
        for model in models[1:]:
            if _analysis(model) != _analysis(models[0]):
                raise ValueError(f"model {model.name}: text analysis differs from {models[0].name}")
        self.models = tuple(models)
        self._labels = tuple(label for m in models for label in m.labels)
        if len(set(self._labels)) != len(self._labels):
            raise ValueError(f"two models score the same label: {self._labels}")
        widths = [len(m.labels) for m in models]
        self._model_of = np.repeat(np.arange(len(models)), widths)
        self._analyzer = WordAnalyzer(models[0].word_ngrams, models[0].negation_window)
        self._char_range = models[0].char_ngrams
        self._lexicon = _LexiconTable(models, len(self._labels))
        self._words = _Table([m.word for m in models], widths, self._lexicon.terms)
        self._lexicon.attach(self._words.index)
        self._chars = _Table([m.char for m in models], widths, joined=True)
        self._hasher = CharGramHasher(self._chars.index, self._char_range)
        # The batch path's tables (about 10 MB) are built by the first batch: the live bot,
        # which scores one message at a time, never needs them.
        self._batch_tables: tuple[WordGramFinder, _VectorCache] | None = None
        self._intercept = np.concatenate([m.intercept for m in models])
        self._thresholds = {k: v for m in models for k, v in m.thresholds.items()}
        self._cache: dict[str, np.ndarray] = {}
        self._cache_size = word_cache_size
        self._squeezed: dict[str, str] = {}

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label the loaded models score, in model order."""
        return self._labels

    @property
    def thresholds(self) -> Mapping[str, float]:
        """The decision threshold recommended for each label (chosen on validation data)."""
        return self._thresholds

    # -- analysis -------------------------------------------------------------------------

    def _tokens(self, text: str) -> list[str]:
        """The tokens of `squeeze(text)`, token by token through a cache: squeezing never moves
        a token boundary, it only shortens tokens (those left with one letter are dropped)."""
        tokens = TOKEN_RE.findall(text)
        squeezed = list(map(self._squeezed.get, tokens))
        if None in squeezed:
            if len(self._squeezed) >= self._cache_size:
                self._squeezed.clear()
            for i, token in enumerate(tokens):
                if squeezed[i] is None:
                    short = squeeze(token)
                    squeezed[i] = self._squeezed[token] = short if len(short) > 1 else ""
        return list(filter(None, squeezed))

    def _rows(self, text: str) -> tuple[list[int], list[str]]:
        """Word-table rows of the text's word n-grams (and lexicon terms), and the n-grams."""
        grams = self._analyzer.from_tokens(self._tokens(text))
        return [i for i in map(self._words.index.get, grams) if i is not None], grams

    # -- char n-grams, per word -----------------------------------------------------------

    def _char_rows(self, word: str) -> list[int]:
        """Rows of the char_wb n-grams of one word, as scikit-learn's char_wb emits them."""
        padded = f" {word} "
        size = len(padded)
        low, high = self._char_range
        if size < low:  # a word shorter than every n is emitted once, whole
            grams = [padded]
        else:
            grams = [
                padded[i : i + n]
                for n in range(low, min(high, size) + 1)
                for i in range(size - n + 1)
            ]
        return [i for i in map(self._chars.index.get, grams) if i is not None]

    def _word_vectors(self, words: list[str]) -> list[np.ndarray]:
        """Each word's char n-gram contribution to every label (before the message's
        1/sqrt(n)), from the cache or computed together for the words not seen yet."""
        vectors = list(map(self._cache.get, words))
        new = [w for w, v in zip(words, vectors, strict=True) if v is None]
        if new:
            new = list(dict.fromkeys(new))
            squeezed = [squeeze(w) for w in new]
            if len(new) > 64 and self._hasher.usable:
                found = self._new_vectors(*self._hasher.lookup(squeezed), len(new))
            else:
                found = self._few_vectors(squeezed)
            computed = dict(zip(new, found, strict=True))
            for word, vector in computed.items():
                self._remember(word, vector)
            vectors = [computed[w] if v is None else v for w, v in zip(words, vectors, strict=True)]
        return vectors

    def _new_vectors(self, owners: np.ndarray, rows: np.ndarray, n_words: int) -> np.ndarray:
        """Char vectors of `n_words` words from their gram occurrences (word index, row):
        tf-idf, L2 norm per model, times the coefficients.

        One pass for all the words: (word, row) pairs are counted with a sort, and sums per
        word are segment sums, so a message with five new words costs one computation."""
        vectors = np.zeros((n_words, len(self._labels)))
        if not len(rows):
            return vectors
        n_rows = len(self._chars.grams)
        unique, counts = _counted(owners * n_rows + rows)
        words, grams = np.divmod(unique, n_rows)
        tf = 1.0 + np.log(counts)
        starts = np.flatnonzero(np.concatenate(([True], words[1:] != words[:-1])))
        norms = np.sqrt(np.add.reduceat((tf * tf)[:, None] * self._chars.idf2[grams], starts))
        norms[norms == 0.0] = 1.0  # a word no model knows contributes 0 anyway
        sums = np.add.reduceat(tf[:, None] * self._chars.coef[grams], starts)
        vectors[words[starts]] = sums / norms[:, self._model_of]
        return vectors

    def _few_vectors(self, words: list[str]) -> np.ndarray:
        """`_new_vectors` of a few (squeezed) words, as one message brings them: the grams are
        counted per word in Python and the arrays touched with a handful of NumPy calls (at this
        size each call's overhead is the cost). Bit for bit the same vectors: the same products,
        summed in the same order (rows ascending within a word)."""
        vectors = np.zeros((len(words), len(self._labels)))
        rows: list[int] = []
        tf: list[int] = []
        starts: list[int] = []
        owners: list[int] = []
        for owner, word in enumerate(words):
            found = self._char_rows(word)
            if not found:
                continue  # no gram any model knows: the word contributes 0
            starts.append(len(rows))
            owners.append(owner)
            if len(set(found)) == len(found):
                rows.extend(sorted(found))
                tf.extend([1] * len(found))
            else:
                counts = Counter(found)
                ordered = sorted(counts)
                rows.extend(ordered)
                tf.extend(map(counts.__getitem__, ordered))
        if not rows:
            return vectors
        table = self._chars.both[rows]
        if max(tf) > 1:  # 1 + log(1) is exactly 1: the products below change nothing then
            weights = 1.0 + np.log(np.array(tf, dtype=np.float64))
            width = len(self._labels)
            table[:, :width] *= weights[:, None]
            table[:, width:] *= (weights * weights)[:, None]
        sums = np.add.reduceat(table, starts)
        norms = np.sqrt(sums[:, len(self._labels) :])
        norms[norms == 0.0] = 1.0
        vectors[owners] = sums[:, : len(self._labels)] / norms[:, self._model_of]
        return vectors

    def _occurrences(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(word index, row) of the char n-grams of (squeezed) words: hashed in bulk for many
        words, by dictionary for a few (the two give the same pairs)."""
        if len(words) > 64 and self._hasher.usable:
            return self._hasher.lookup(words)
        rows = [self._char_rows(w) for w in words]
        owners = np.repeat(np.arange(len(words)), [len(r) for r in rows])
        return owners, np.fromiter(chain.from_iterable(rows), dtype=np.intp, count=len(owners))

    def _remember(self, word: str, vector: np.ndarray) -> None:
        if len(self._cache) >= self._cache_size:
            self._cache.clear()  # bounded memory; the frequent words come straight back
        self._cache[word] = vector

    # -- one message ----------------------------------------------------------------------

    def _word_part(self, ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Distinct word-gram rows and each one's contribution to every label."""
        rows, counts = _counted(ids)
        tf = 1.0 + np.log(counts)
        norms = np.sqrt((tf * tf) @ self._words.idf2[rows])
        norms[norms == 0.0] = 1.0
        return rows, tf[:, None] * self._words.coef[rows] / norms[self._model_of]

    def _logits(self, text: str) -> np.ndarray:
        """One message's logits with as few numpy calls as possible: at this size each call's
        overhead, not the arithmetic, is the cost (`score_batch` is the fast path for many)."""
        ids, _ = self._rows(text)
        logits = self._intercept.copy()
        if ids:
            occurrences = Counter(ids)
            rows = np.fromiter(occurrences.keys(), dtype=np.intp, count=len(occurrences))
            if len(occurrences) == len(ids):  # every gram once: 1 + log(1) is exactly 1
                tf = squares = np.ones(len(ids))
            else:
                tf = np.fromiter(occurrences.values(), dtype=np.float64, count=len(occurrences))
                tf = 1.0 + np.log(tf)
                squares = tf * tf
            norms = np.sqrt(squares @ self._words.idf2[rows])
            norms[norms == 0.0] = 1.0
            logits += (tf @ self._words.coef[rows]) / norms[self._model_of]
            logits += self._lexicon_part(occurrences)
        words = text.split()
        if words:
            logits += np.add.reduce(self._word_vectors(words)) / np.sqrt(len(words))
        return logits

    def _lexicon_part(self, occurrences: Mapping[int, int]) -> np.ndarray | float:
        """The lexicon features' contribution, from the word-table rows and their counts."""
        features = self._lexicon.features
        fired = [r for r in occurrences if features[r]]
        if not fired:
            return 0.0
        counts: dict[int, int] = {}
        for row in fired:
            for feature in features[row]:
                counts[feature] = counts.get(feature, 0) + occurrences[row]
        self._lexicon.conjoin(counts)
        cols = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        values = np.log1p(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        return values @ self._lexicon.coef[cols]

    def logits(self, text: str) -> dict[str, float]:
        """Log-odds of every label for one folded text (what `explain` decomposes)."""
        return dict(zip(self._labels, self._logits(text).tolist(), strict=True))

    def score(self, text: str) -> dict[str, float]:
        """Probability of every label for one folded text."""
        probs = 1.0 / (1.0 + np.exp(-self._logits(text)))
        return dict(zip(self._labels, probs.tolist(), strict=True))

    def explain(self, text: str, label: str, k: int = 5) -> list[tuple[str, float]]:
        """The k words (or word pairs) that moved `label`'s logit most, with their share.

        Word n-grams are their own items; char n-grams and lexicon terms are credited to the
        word they come from, so the items plus the intercept add up exactly to the logit. Sorted
        by absolute contribution; words are shown as the folded text writes them."""
        j = self._labels.index(label)
        ids, grams = self._rows(text)
        credit: dict[str, float] = {}
        if ids:
            rows, parts = self._word_part(ids)
            for row, value in zip(rows.tolist(), parts[:, j].tolist(), strict=True):
                credit[self._words.grams[row]] = value
        words = text.split()
        for word, vector in zip(words, self._word_vectors(words), strict=True):
            key = squeeze(_EDGE_PUNCTUATION.sub("", word) or word)  # "connard," is "conard"
            credit[key] = credit.get(key, 0.0) + float(vector[j] / np.sqrt(len(words)))
        self._credit_lexicon(grams, j, credit)
        shown = _display_names(text)
        ranked = sorted(credit.items(), key=lambda item: abs(item[1]), reverse=True)
        return [(shown(term), value) for term, value in ranked[:k] if value != 0.0]

    def _credit_lexicon(self, grams: list[str], j: int, credit: dict[str, float]) -> None:
        terms = self._lexicon.terms
        counts = Counter(i for g in grams for i in terms.get(g, _EMPTY))
        values = {i: float(np.log1p(c) * self._lexicon.coef[i, j]) for i, c in counts.items()}
        for gram in grams:
            for i in terms.get(gram, _EMPTY):
                credit[gram] = credit.get(gram, 0.0) + values[i] / counts[i]
        fired = dict.fromkeys(counts, 1)
        self._lexicon.conjoin(fired)
        for feature in fired.keys() - counts.keys():  # a conjunction is its own item
            name = self._lexicon.names[feature].split(":", 1)[1]
            credit[name] = float(np.log1p(1) * self._lexicon.coef[feature, j])

    # -- batches --------------------------------------------------------------------------

    def score_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities for many folded texts: an array (len(texts), len(labels)).

        The batch is analysed as one array of code points (`text_arrays.py`): no Python call
        per text or per word, only array operations, hash look-ups and two sparse products."""
        finder, cache = self._batch_path()
        if not (finder.usable and self._hasher.usable):
            return self._score_batch_strings(texts)
        batch = BatchText(texts)
        grams = finder.grams(batch)
        known = grams.rows >= 0
        counts = sp.csr_matrix(
            (np.ones(int(known.sum())), (grams.owners[known], grams.rows[known])),
            shape=(len(texts), len(self._words.grams)),
        )
        counts.sum_duplicates()
        logits = self._word_logits(counts)
        logits += self._char_logits(batch, cache)
        return 1.0 / (1.0 + np.exp(-logits))

    def _batch_path(self) -> tuple[WordGramFinder, _VectorCache]:
        if self._batch_tables is None:
            model = self.models[0]
            finder = WordGramFinder(self._words.index, model.word_ngrams, model.negation_window)
            self._batch_tables = finder, _VectorCache(self._cache_size, len(self._labels))
        return self._batch_tables

    def _word_logits(self, counts: sp.csr_matrix) -> np.ndarray:
        """Intercepts plus the word n-gram and lexicon parts, from the n-gram counts."""
        logits = np.tile(self._intercept, (counts.shape[0], 1))
        lex = self._lexicon.conjoin_batch(sp.csr_matrix(counts @ self._lexicon.membership))
        lex.data = np.log1p(lex.data)
        logits += np.asarray(lex @ self._lexicon.coef)
        logits += self._batch_words(counts)
        return logits

    def _char_logits(self, batch: BatchText, cache: _VectorCache) -> np.ndarray:
        """Each text's char part: its words' vectors (cached by hash, the new ones computed
        together from the squeezed code points), summed, over the root of their number."""
        words = batch.words()
        slots, matrix = cache.find(words.keys)
        missing = np.flatnonzero(slots < 0)
        vectors = matrix[np.maximum(slots, 0)]  # read before `add` may reuse the slots
        if len(missing):
            keys, first, inverse = np.unique(
                words.keys[missing], return_index=True, return_inverse=True
            )
            at = missing[first]
            codes, lengths = batch.padded(words.starts[at], words.ends[at])
            owners, rows = self._hasher.lookup_codes(codes, lengths)
            new = self._new_vectors(owners, rows, len(keys))
            vectors[missing] = new[inverse]
            cache.add(keys, new)
        sums, counts = word_sums(words.owners, vectors, batch.size)
        return sums / np.sqrt(np.maximum(counts, 1))[:, None]

    def _score_batch_strings(self, texts: Sequence[str]) -> np.ndarray:
        """`score_batch` with Python strings, for models whose grams two hashes cannot tell
        apart (never seen: it is a 10^-9 chance per model)."""
        grams: list[str] = []
        words: list[str] = []
        gram_counts: list[int] = []
        word_counts: list[int] = []
        for text in texts:
            found = self._analyzer.from_tokens(self._tokens(text))
            grams += found
            gram_counts.append(len(found))
            split = text.split()
            words += split
            word_counts.append(len(split))
        counts = _rows_matrix(
            np.fromiter(
                map(self._words.index.get, grams, repeat(-1)), dtype=np.intp, count=len(grams)
            ),
            gram_counts,
            len(self._words.grams),
        )
        logits = self._word_logits(counts)
        distinct = {w: i for i, w in enumerate(dict.fromkeys(words))}
        occurrences = _rows_matrix(
            np.fromiter(map(distinct.__getitem__, words), dtype=np.intp, count=len(words)),
            word_counts,
            len(distinct),
        )
        logits += self._batch_chars(occurrences, list(distinct), np.array(word_counts))
        return 1.0 / (1.0 + np.exp(-logits))

    def _batch_words(self, counts: sp.csr_matrix) -> np.ndarray:
        tf = counts.copy()
        tf.data = 1.0 + np.log(tf.data)
        squares = tf.copy()
        squares.data **= 2
        norms = np.sqrt(np.asarray(squares @ self._words.idf2))
        norms[norms == 0.0] = 1.0
        return np.asarray(tf @ self._words.coef) / norms[:, self._model_of]

    def _batch_chars(
        self, occurrences: sp.csr_matrix, distinct: list[str], word_counts: np.ndarray
    ) -> np.ndarray:
        vectors = np.zeros((len(distinct), len(self._labels)))
        cached = list(map(self._cache.get, distinct))
        missing = [i for i, vector in enumerate(cached) if vector is None]
        known = [i for i, vector in enumerate(cached) if vector is not None]
        if known:
            vectors[known] = [cached[i] for i in known]
        if missing:
            owners, rows = self._occurrences([squeeze(distinct[i]) for i in missing])
            vectors[missing] = self._new_vectors(owners, rows, len(missing))
            for i in missing[: max(self._cache_size - len(self._cache), 0)]:
                self._cache[distinct[i]] = vectors[i].copy()
        scale = 1.0 / np.sqrt(np.maximum(word_counts, 1))
        return np.asarray(occurrences @ vectors) * scale[:, None]


class _VectorCache:
    """Char vectors of words by the hash of their squeezed form, for batches: a hash table of
    slots in one matrix, so a batch finds all its words' vectors with array operations."""

    def __init__(self, size: int, width: int) -> None:
        self._slots = HashTable(size)
        self._matrix = np.zeros((size, width))

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The slot of each key (-1 unknown) and the matrix the slots index."""
        return self._slots.find(keys), self._matrix

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Remember new vectors (distinct keys); when full, start again (the frequent words
        come back)."""
        if self._slots.size + len(keys) > self._slots.capacity:
            self._slots.clear()
        room = min(len(keys), self._slots.capacity - self._slots.size)
        start = self._slots.size
        self._matrix[start : start + room] = vectors[:room]
        self._slots.insert(keys[:room], np.arange(start, start + room))


def _rows_matrix(ids: np.ndarray, per_row: list[int], n_cols: int) -> sp.csr_matrix:
    """Occurrence counts from the concatenated ids of every row (-1: unknown, dropped)."""
    rows = np.repeat(np.arange(len(per_row)), per_row)
    keep = ids >= 0
    matrix = sp.csr_matrix(
        (np.ones(int(keep.sum())), (rows[keep], ids[keep])), shape=(len(per_row), n_cols)
    )
    matrix.sum_duplicates()
    return matrix


def _display_names(text: str) -> Callable[[str], str]:
    """Maps a squeezed word or word pair back to how the folded text writes it."""
    written: dict[str, str] = {}
    for word in [*tokens_of(text), *(_EDGE_PUNCTUATION.sub("", w) for w in text.split())]:
        written.setdefault(squeeze(word), word)

    def shown(term: str) -> str:
        return " ".join(
            NEGATED + written.get(part[len(NEGATED) :], part[len(NEGATED) :])
            if part.startswith(NEGATED)
            else written.get(part, part)
            for part in term.split(" ")
        )

    return shown
