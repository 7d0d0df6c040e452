"""A hash table of 64-bit keys in NumPy arrays, looked up for many keys at once.

The scorer's batch path identifies grams and words by 64-bit hashes (`char_hash.py`,
`text_arrays.py`); a binary search per key costs about 17 random reads, a table at most half full
with linear probing one to three.
"""

from __future__ import annotations

import numpy as np

_MIX_SHIFT = np.uint64(29)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio, odd: Fibonacci hashing


class HashTable:
    """64-bit keys to non-negative integers in an open-addressing table (linear probing), for
    all the keys of a batch at once: each probe is one array operation over the keys still
    looked for. At most half of its slots are used."""

    def __init__(self, capacity: int) -> None:
        bits = max((capacity * 2).bit_length(), 4)
        self.capacity = capacity
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._values = np.full(1 << bits, -1, dtype=np.int32)
        self._probes = 0
        self.size = 0

    def clear(self) -> None:
        """Forget every key."""
        self._values.fill(-1)
        self._probes = self.size = 0

    def _home(self, keys: np.ndarray) -> np.ndarray:
        # The high bits of a polynomial hash of a short string are poorly spread: mix first.
        mixed = (keys ^ (keys >> _MIX_SHIFT)) * _GOLDEN
        return (mixed >> self._shift).astype(np.intp)

    def insert(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Add distinct keys the table does not hold (within its capacity)."""
        if self.size + len(keys) > self.capacity:
            raise ValueError(f"hash table full ({self.capacity} keys)")
        self.size += len(keys)
        home, probe = self._home(keys), 0
        while len(keys):
            slots = (home + probe) & self._mask
            free = self._values[slots] < 0
            taken, first = np.unique(slots[free], return_index=True)
            placed = np.flatnonzero(free)[first]
            self._keys[taken], self._values[taken] = keys[placed], values[placed]
            left = np.ones(len(keys), dtype=bool)
            left[placed] = False
            keys, values, home = keys[left], values[left], home[left]
            probe += 1
        self._probes = max(self._probes, probe)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 where the table does not hold it."""
        found = np.full(len(keys), -1, dtype=np.intp)
        pending = np.arange(len(keys))
        home = self._home(keys)
        for probe in range(self._probes):
            slots = (home[pending] + probe) & self._mask
            values = self._values[slots]
            hit = (self._keys[slots] == keys[pending]) & (values >= 0)
            found[pending[hit]] = values[hit]
            pending = pending[~hit & (values >= 0)]  # an empty slot ends the search
            if not len(pending):
                break
        return found
