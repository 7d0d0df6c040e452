"""Several RE2 patterns answered by one scan of a message (issue 18).

A detector that asks, for most messages, "does this pattern occur?" of several patterns in a row
pays for each search through the `re2` wrapper (encoding the text, a generator, offsets) more
than for the matching itself: the threats detector asked six such questions of nearly every
message. `PatternSet` puts named patterns into one RE2 `Set`: one scan tells which of them occur.

RE2's `Set` has one weakness a single pattern does not: when its automaton outgrows the memory
budget it reports no match at all, with no error (a single pattern falls back to a slower
engine). The set therefore holds one more pattern, the empty one, which occurs in every text: a
scan that does not report it has failed, and each pattern is then searched on its own. The
answer is always exactly what the separate searches give (a test compares them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import re2


class PatternSet:
    """Named RE2 patterns (compiled with the same options) matched together."""

    def __init__(self, patterns: Mapping[str, Any]) -> None:
        if not patterns:
            raise ValueError("a pattern set needs at least one pattern")
        self._patterns = dict(patterns)
        options = _same_options(self._patterns)
        self._set = re2.Set.SearchSet(options)
        self._names: dict[int, str] = {}
        for name, regex in self._patterns.items():
            self._names[self._set.Add(regex.pattern)] = name
        self._sentinel = self._set.Add("")  # occurs in every text: its absence means a failure
        self._set.Compile()

    def found(self, text: str) -> frozenset[str]:
        """The names of the patterns that occur in `text` (as `regex.search` would find)."""
        indices = self._set.Match(text)
        if indices is None or self._sentinel not in indices:
            return self.searched(text)  # the set's automaton gave up: one search each
        return frozenset([self._names[i] for i in indices if i != self._sentinel])

    def searched(self, text: str) -> frozenset[str]:
        """`found`, one search per pattern (the fallback, and the reference of the tests)."""
        return frozenset(
            name for name, regex in self._patterns.items() if regex.search(text) is not None
        )


def _same_options(patterns: Mapping[str, Any]) -> Any:
    """The patterns' common options; ValueError if two patterns were compiled differently
    (a set has one set of options, and would then answer otherwise than the patterns)."""
    first = next(iter(patterns.values())).options
    wanted = [getattr(first, name) for name in re2.Options.NAMES]
    for name, regex in patterns.items():
        if [getattr(regex.options, option) for option in re2.Options.NAMES] != wanted:
            raise ValueError(f"pattern {name!r} has other options than the rest of the set")
    return first
