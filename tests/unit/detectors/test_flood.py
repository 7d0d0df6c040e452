"""The flood detector: more than `count` messages from one author within `window`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from bot.detectors import flood
from bot.detectors.history import History

from .support import message, observe, run

CASES = [
    # (earlier messages as (author, seconds, community), config, matched, observed)
    ([("u1", s, "c1") for s in (1, 2, 3, 4)], {"count": 5, "window": "10s"}, False, 5),
    ([("u1", s, "c1") for s in (1, 2, 3, 4, 5)], {"count": 5, "window": "10s"}, True, 6),
    ([("u1", s, "c1") for s in (-20, -15, 1, 2, 3)], {"count": 5, "window": "10s"}, False, 4),
    ([("u2", s, "c1") for s in (1, 2, 3, 4, 5, 6)], {"count": 5, "window": "10s"}, False, 1),
    ([("u1", s, "c2") for s in (1, 2, 3, 4, 5, 6)], {"count": 5, "window": "10s"}, False, 1),
    ([("u1", s, "c1") for s in (-50, -40, -30)], {"count": 3, "window": "1m"}, True, 4),
    ([("u1", 0, "c1"), ("u1", 7, "c1")], {"count": 1, "window": 5}, True, 2),
    ([], {}, False, 1),
]
IDS = [
    "at-the-limit",
    "over-the-limit",
    "old-messages-left-out",
    "other-authors-left-out",
    "other-community-left-out",
    "window-in-minutes",
    "window-in-seconds-as-number",
    "first-message",
]


@pytest.mark.parametrize(("earlier", "config", "matched", "observed"), CASES, ids=IDS)
def test_detect(earlier: list, config: dict, matched: bool, observed: int) -> None:
    history = observe(
        History(), *(message("hi", author=a, at=s, community=c) for a, s, c in earlier)
    )
    detection = run(flood, message("hi", at=10), config, history=history)
    assert detection.matched is matched
    assert detection.observed == observed


def test_window_is_read_as_a_duration() -> None:
    assert flood.Config(window="2m").window == timedelta(minutes=2)
    assert flood.Config().model_dump(mode="json") == {"count": 5, "window": "10s"}


@pytest.mark.parametrize(
    "config",
    [{"window": "soon"}, {"window": "0s"}, {"count": 0}],
    ids=["not-a-duration", "zero-window", "zero-count"],
)
def test_invalid_config(config: dict) -> None:
    with pytest.raises(ValidationError):
        flood.Config.model_validate(config)


@pytest.mark.parametrize(
    ("earlier", "lang", "expected"),
    [
        (6, "fr", "7 messages en 10\xa0secondes de la même personne (limite : 5)."),
        (6, "en", "7 messages in 10 seconds from the same person (limit: 5)."),
        (0, "fr", "1 message en 10\xa0secondes, dans la limite de 5."),
        (2, "en", "3 messages in 10 seconds, within the limit of 5."),
    ],
    ids=["flood-fr", "flood-en", "fine-fr", "fine-en"],
)
def test_explain(earlier: int, lang: str, expected: str) -> None:
    history = observe(History(), *(message("hi", at=s) for s in range(earlier)))
    detection = run(flood, message("hi", at=9), {}, history=history)
    assert flood.explain(detection, lang) == expected
