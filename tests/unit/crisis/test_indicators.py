"""Indicators: what a decision counts for (with and without classifier scores), watch-list
matching, sliding-window sums and their eviction, shares undefined over too few messages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.decision import Decision
from bot.crisis.indicators import Bucket, Flags, Scope, Signals, Window, word_pattern
from tests.unit.crisis.helpers import T0, decision, playbook


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("je veux un REMBOURSEMENT", True),
        ("remboursé ?", False),
        ("rembourser svp", False),
        ("c'est une Arnaque", True),
        ("arnaqué", True),
        ("Écran noir, panne générale", True),
        ("pannes", True),
        ("bonjour", False),
        ("outage again", True),
        ("la marnaque", False),
    ],
    ids=[
        "upper",
        "other-form",
        "not-listed",
        "capital",
        "inflection",
        "accents",
        "plural",
        "nothing",
        "english",
        "inside-a-word",
    ],
)
def test_watch_words_match_at_word_starts_with_or_without_accents(
    text: str, expected: bool
) -> None:
    pattern = word_pattern(["panne", "remboursement", "arnaque", "outage"])
    assert pattern is not None
    assert bool(pattern.search(text.lower())) is expected


@pytest.mark.parametrize(
    ("scores", "text", "severity", "negative", "toxic", "scored"),
    [
        ({"negative": 0.9, "toxic": 0.1}, "bonjour", 0, True, False, True),
        ({"negative": 0.2, "toxic": 0.95}, "bonjour", 0, False, True, True),
        ({}, "c'est une arnaque", 0, True, False, False),
        ({}, "bonjour", 3, False, True, False),
        (
            {"negative": 0.61, "spam": 0.97},
            "remboursement garanti, gagnez 500 €",
            0,
            False,
            False,
            True,
        ),
    ],
    ids=[
        "negative-score",
        "toxic-score",
        "no-model-keyword-fallback",
        "no-model-severity-fallback",
        "spam-is-no-complaint",
    ],
)
def test_flags_come_from_scores_or_fall_back_to_the_decision(
    scores: dict[str, float], text: str, severity: int, negative: bool, toxic: bool, scored: bool
) -> None:
    base = decision(T0, text=text, scores=scores)
    item = Decision(base.message, base.at, (), (), scores=scores, severity=severity)
    flags = Signals(playbook().watch).flags(item)
    assert (flags.negative, flags.toxic, flags.scored) == (negative, toxic, scored)
    assert flags.complaining is negative


def test_newcomers_are_authors_who_joined_recently() -> None:
    signals = Signals(playbook().watch)
    fresh = decision(T0, joined=T0 - timedelta(hours=2))
    old = decision(T0, joined=T0 - timedelta(days=30))
    assert signals.flags(fresh).newcomer and not signals.flags(old).newcomer


def _bucket(authors: list[str], negative: bool = True) -> Bucket:
    bucket = Bucket()
    signals = Signals(playbook().watch)
    for author in authors:
        text = "panne" if negative else "merci"
        bucket.add(signals.flags(decision(T0, author, text)), author)
    return bucket


def test_a_window_adds_new_buckets_and_evicts_old_ones() -> None:
    scope = Scope((2,))
    for authors in (["a", "b"], ["b"], ["c"]):
        scope.current = _bucket(authors)
        scope.close()
    window = scope.windows[2]
    assert window.value("complainers", 1) == 2  # b and c: the first bucket left the window
    assert window.value("volume", 1) == 2


@pytest.mark.parametrize(
    ("negatives", "calm", "minimum", "expected"),
    [(2, 0, 5, None), (3, 2, 5, 0.6), (1, 9, 5, 0.1)],
    ids=["too-few-messages", "share", "low-share"],
)
def test_shares_are_undefined_below_the_minimum(
    negatives: int, calm: int, minimum: int, expected: float | None
) -> None:
    window = Window(1)
    bucket = _bucket([f"n{i}" for i in range(negatives)])
    for i in range(calm):
        bucket.add(Signals(playbook().watch).flags(decision(T0, f"c{i}", "merci")), f"c{i}")
    window.push(bucket, None)
    assert window.value("negative_share", minimum) == expected


def test_a_scope_snapshot_rebuilds_the_same_windows() -> None:
    scope = Scope((3, 5))
    for i in range(7):
        scope.current = _bucket([f"u{i}", f"u{i + 1}"])
        scope.close()
    scope.current = _bucket(["x"])
    copy = Scope.from_dict((3, 5), scope.to_dict())
    for steps in (3, 5):
        assert copy.windows[steps].sums == scope.windows[steps].sums
        assert copy.windows[steps].complainers == scope.windows[steps].complainers
    assert copy.current.counts == scope.current.counts


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [("negative_share", 0.5), ("toxic_share", 0.25), ("keyword_share", 0.75)],
    ids=["negative", "toxic", "keywords"],
)
def test_every_share_the_schema_allows_can_be_read(indicator: str, expected: float) -> None:
    scope = Scope((1,))
    for number, (negative, toxic, keyword) in enumerate(
        [(True, True, True), (True, False, True), (False, False, True), (False, False, False)]
    ):
        scope.current.add(Flags(negative, toxic, keyword, False, True, False), f"u{number}")
    scope.close()
    assert scope.windows[1].value(indicator, 1) == expected
