"""One RE2 set answers exactly what one search per pattern answers (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.jsonl import iter_messages
from bot.detectors import threats
from bot.detectors.prefilter import PatternSet
from bot.detectors.speech import joined_words
from bot.ml.suites import BLIND_SETS, SUITES
from bot.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[3]


def _sample_words() -> list[str]:
    texts = [t for _, cases in SUITES.values() for t in cases]
    texts += [t for blind in BLIND_SETS.values() for _, cases in blind.values() for t in cases]
    for path in sorted((ROOT / "charters" / "samples").glob("*.jsonl")):
        with path.open(encoding="utf-8") as stream:
            texts += [m.text for m in iter_messages(stream, str(path), lambda e: None)]
    return [joined_words(normalize(text)) for text in texts]


def test_the_threat_checks_answer_as_separate_searches_on_every_sample_and_case() -> None:
    words = _sample_words()
    answers = [(threats._CHECKS.found(w), threats._CHECKS.searched(w)) for w in words]
    assert all(found == searched for found, searched in answers)
    seen = set().union(*(found for found, _ in answers))
    # The samples exercise every question, so the comparison means something.
    assert seen == {"trigger", "gaming", "idiom", "news", "hyperbole", "target"}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "je",
                "vais",
                "te",
                "tuer",
                "au",
                "match",
                "me",
                "tue",
                "police",
                "toi",
                "kill",
                "you",
                "x",
                "é",
                "",
                "😀",
                "time",
                "mort",
                "de",
                "rire",
                "boss",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_any_word_sequence_gets_the_separate_searches_answer(words: str) -> None:
    assert threats._CHECKS.found(words) == threats._CHECKS.searched(words)


def test_a_set_that_gives_up_falls_back_to_one_search_each(monkeypatch: pytest.MonkeyPatch) -> None:
    options = re2.Options()
    options.log_errors = False
    patterns = PatternSet({"a": re2.compile("abc", options), "b": re2.compile("xyz", options)})
    # RE2's set reports nothing when its automaton runs out of memory: the sentinel is missing.
    monkeypatch.setattr(re2.Set, "Match", lambda self, text: None)
    assert patterns.found("abc et xyz") == {"a", "b"}
    assert patterns.found("rien") == frozenset()


def test_patterns_compiled_with_other_options_are_refused() -> None:
    quiet = re2.Options()
    quiet.log_errors = False
    loud = re2.Options()
    loud.case_sensitive = False
    with pytest.raises(ValueError, match="'b' has other options"):
        PatternSet({"a": re2.compile("abc", quiet), "b": re2.compile("xyz", loud)})
    with pytest.raises(ValueError, match="at least one"):
        PatternSet({})
