"""Why a level changed, stored as data by the monitor and worded at display time in the reader's
language; a reason stored before (its sentence only) still reads as stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.crisis import events as ev
from bot.crisis.events import CrisisEvent
from bot.crisis.levels import word_why
from bot.crisis.report import _describe

SURGE = {
    "indicator": "complainers",
    "value": 3,
    "op": ">=",
    "threshold": 4,
    "baseline": 0.04,
    "window": 300,
    "channel": None,
    "z": 4.2,
}
SHARE = {
    "indicator": "negative_share",
    "value": 0.4567,
    "op": ">",
    "threshold": 0.35,
    "baseline": None,
    "window": 900,
    "channel": "support",
    "z": None,
}
CALM = {"indicator": "negative_share", "too_few": True}


@pytest.mark.parametrize(
    ("why", "lang", "said"),
    [
        (
            {"parts": [SURGE]},
            "fr",
            "plaignants distincts 3 >= 4 × la normale 0,04 sur 5 minutes, z=4,2",
        ),
        (
            {"parts": [SURGE]},
            "en",
            "distinct complainers 3 >= 4 × baseline 0.04 over 5 minutes, z=4.2",
        ),
        (
            {"parts": [SHARE]},
            "fr",
            "part de messages négatifs 0,46 > 0,35 sur 15 minutes dans #support",
        ),
        (
            {"exit_held": 1800, "parts": [CALM]},
            "en",
            "exit criteria held for 30 minutes: negative share: too few messages",
        ),
        ({"declared_by": "claire", "text": "rumeur"}, "fr", "déclaré par claire: rumeur"),
    ],
    ids=["relative-fr", "relative-en", "channel-fr", "exit-en", "declared-fr"],
)
def test_a_stored_reason_reads_in_the_readers_language(
    why: dict[str, Any], lang: str, said: str
) -> None:
    assert word_why(why, lang) == said


AT = datetime(2026, 3, 12, 13, 9, tzinfo=UTC)


def _level_event(**data: Any) -> CrisisEvent:
    return CrisisEvent(
        ev.LEVEL, "opalia", AT, "i1", {"level": 2, "from": 0, "name": "alerte", **data}
    )


def test_the_report_words_the_stored_reason_for_its_reader() -> None:
    event = _level_event(reason="plaignants distincts …", why={"parts": [SURGE]})
    assert _describe(event, "en", "Europe/Paris").endswith(
        ": distinct complainers 3 >= 4 × baseline 0.04 over 5 minutes, z=4.2"
    )


def test_a_reason_stored_as_a_sentence_only_still_reads_as_stored() -> None:
    event = _level_event(reason="plaignants distincts 3 >= 4 × la normale")
    assert _describe(event, "en", "Europe/Paris").endswith(
        ": plaignants distincts 3 >= 4 × la normale"
    )
