"""The sliding-window history: counts per author and per fingerprint, bounded memory, event time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.detectors.history import History, fingerprint, fingerprint_basis
from bot.text.normalize import normalize

from .support import T0, message, observe

SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("times", "since", "expected"),
    [
        ([1, 2, 3], 0, 3),
        ([1, 2, 3], 2, 2),
        ([1, 2, 3], 4, 0),
        ([3, 1, 2], 2, 2),
        ([], 0, 0),
    ],
    ids=["all", "window", "none-recent", "out-of-order", "empty"],
)
def test_author_count(times: list[int], since: int, expected: int) -> None:
    history = observe(History(), *(message("hi", at=t) for t in times))
    assert history.author_count("c1", "u1", T0 + since * SECOND) == expected


def test_counts_are_per_author_and_per_community() -> None:
    history = observe(
        History(),
        message("hi", author="u1", at=1),
        message("hi", author="u2", at=1),
        message("hi", author="u1", at=1, community="c2"),
    )
    assert history.author_count("c1", "u1", T0) == 1
    assert history.author_count("c1", "u2", T0) == 1
    assert history.author_count("c2", "u1", T0) == 1
    assert history.author_count("c2", "u2", T0) == 0


def test_copies_counts_distinct_authors_and_total() -> None:
    raid = "Rejoignez notre serveur, nitro gratuit !"
    history = observe(
        History(),
        message(raid, author="u1", at=1),
        message(raid, author="u2", at=2),
        message(raid.upper(), author="u2", at=3),
        message("autre chose", author="u3", at=4),
    )
    key = history.fingerprint(normalize(raid))
    assert history.copies("c1", key, T0) == (2, 3)
    assert history.copies("c1", key, T0 + 3 * SECOND) == (1, 1)
    assert history.copies_by("c1", key, "u2", T0) == 2
    assert history.copies("c2", key, T0) == (0, 0)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Nitro gratuit ici !", "NITRO GRATUIT ICI 🎉", True),
        ("Nitro gratuit ici", "N1tr0 gratuit iiiici", True),
        ("Rejoins vite 1", "Rejoins vite 2", True),
        ("Rejoins <@123> vite", "Rejoins <@456> vite", True),
        ("Nitro gratuit ici", "Nitro payant ici", False),
        ("ici gratuit nitro", "nitro gratuit ici", False),
    ],
    ids=[
        "case-punctuation-emoji",
        "disguises",
        "numbered-copies",
        "different-mentions",
        "different-word",
        "word-order",
    ],
)
def test_fingerprint(first: str, second: str, same: bool) -> None:
    assert (fingerprint(normalize(first)) == fingerprint(normalize(second))) is same


@pytest.mark.parametrize(
    "text", ["", "🎉🎉🎉", "!!!", "123 456"], ids=["empty", "emoji", "punctuation", "numbers"]
)
def test_nothing_to_compare_has_no_fingerprint(text: str) -> None:
    assert fingerprint_basis(normalize(text)) == ""
    assert fingerprint(normalize(text)) == ""


def test_texts_without_fingerprint_are_not_stored() -> None:
    history = observe(History(), message("🎉🎉🎉"))
    assert len(history) == 1  # the author only


def test_old_entries_are_dropped_behind_the_horizon() -> None:
    history = History(horizon=timedelta(minutes=10))
    observe(history, message("premier message assez long", author="old", at=0))
    observe(history, message("second message assez long", author="new", at=11 * 60))
    assert history.author_count("c1", "old", T0) == 0
    assert len(history) == 2  # "new" and its fingerprint


def test_a_message_older_than_the_horizon_is_not_kept() -> None:
    history = History(horizon=timedelta(minutes=10))
    observe(history, message("bonjour tout le monde", author="u1", at=3600))
    observe(history, message("en retard de deux heures", author="u2", at=0))
    assert history.author_count("c1", "u2", T0) == 0


def test_the_number_of_authors_is_capped_least_recent_first() -> None:
    history = History(max_authors=3, max_fingerprints=3)
    observe(
        history, *(message(f"texte numéro {chr(97 + i)}", author=f"u{i}", at=i) for i in range(5))
    )
    assert [history.author_count("c1", f"u{i}", T0) for i in range(5)] == [0, 0, 1, 1, 1]
    assert len(history) == 6


def test_each_key_keeps_a_bounded_number_of_times() -> None:
    history = History(max_per_key=10)
    observe(history, *(message("flood", at=i / 10) for i in range(50)))
    assert history.author_count("c1", "u1", T0) == 10


def test_out_of_order_into_a_full_key_keeps_the_newest() -> None:
    history = History(max_per_key=3)
    observe(history, *(message("x", at=t) for t in (10, 11, 12)))
    observe(history, message("x", at=5))  # older than all kept: dropped
    assert history.author_count("c1", "u1", T0) == 3
    observe(history, message("x", at=11.5))  # newer than the oldest: the oldest goes
    assert history.author_count("c1", "u1", T0 + 11 * SECOND) == 3


def test_memory_stays_bounded_over_many_messages() -> None:
    history = History(horizon=timedelta(minutes=1), max_authors=1000, max_fingerprints=1000)
    for i in range(20_000):
        history.observe(
            message(f"message {i} de u{i % 5000}", author=f"u{i % 5000}", at=i / 10),
            normalize(f"m{i}"),
        )
    assert len(history) <= 2000


def test_time_is_the_event_time_not_the_clock() -> None:
    history = observe(History(horizon=timedelta(minutes=10)), message("hi", at=-10 * 365 * 86400))
    assert history.author_count("c1", "u1", T0 - 20 * 365 * 86400 * SECOND) == 1
