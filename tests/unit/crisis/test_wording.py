"""Why a level moved is worded in the plan's language."""

from __future__ import annotations

import pytest

from bot.crisis.baseline import Reading
from bot.crisis.schema import Condition
from bot.crisis.triggers import check


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "plaignants distincts 4 >= 4 × la normale 0,06 sur 5 minutes dans #support"),
        ("en", "distinct complainers 4 >= 4 × baseline 0.06 over 5 minutes in #support"),
    ],
    ids=["french-plan", "english-plan"],
)
def test_a_reason_is_worded_in_the_plans_language(lang: str, expected: str) -> None:
    condition = Condition(indicator="complainers", threshold="4x", window="5m")
    verdict = check(condition, Reading(4.0, 0.06, 0.2), "support", lang)
    assert verdict.holds and verdict.reasons == (expected,)


@pytest.mark.parametrize(
    ("lang", "expected"), [("fr", "trop peu de messages"), ("en", "too few messages")]
)
def test_a_share_over_too_few_messages_says_so(lang: str, expected: str) -> None:
    condition = Condition(indicator="negative_share", op="<", threshold=0.2)
    verdict = check(condition, Reading(None, None, None), None, lang)
    assert verdict.holds and verdict.reasons[0].endswith(expected)
