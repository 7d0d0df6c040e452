"""The newcomer detector: recent accounts and recent members, measured at the message's time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from bot.detectors import newcomer

from .support import T0, message, run

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

CASES = [
    # (created, joined, config, matched, why)
    (T0 - 2 * DAY, None, {"max_account_age": "7d"}, True, "account"),
    (T0 - 30 * DAY, None, {"max_account_age": "7d"}, False, None),
    (None, T0 - 2 * HOUR, {"max_member_age": "24h"}, True, "member"),
    (None, T0 - 2 * DAY, {"max_member_age": "24h"}, False, None),
    (T0 - 300 * DAY, T0 - HOUR, {"max_account_age": "7d", "max_member_age": "24h"}, True, "member"),
    (
        T0 - 300 * DAY,
        T0 - 300 * DAY,
        {"max_account_age": "7d", "max_member_age": "24h"},
        False,
        None,
    ),
    (None, None, {"max_account_age": "7d"}, False, None),
    (T0 + HOUR, None, {"max_account_age": "7d"}, True, "account"),
    (T0 - 7 * DAY, None, {"max_account_age": "7d"}, False, None),
]
IDS = [
    "new-account",
    "old-account",
    "new-member",
    "old-member",
    "old-account-new-member",
    "old-both",
    "unknown-dates",
    "date-in-the-future-is-age-zero",
    "exactly-the-limit-is-not-younger",
]


@pytest.mark.parametrize(("created", "joined", "config", "matched", "why"), CASES, ids=IDS)
def test_detect(created, joined, config: dict, matched: bool, why: str | None) -> None:
    detection = run(newcomer, message("salut", created=created, joined=joined), config)
    assert detection.matched is matched
    assert detection.detail.get("why") == why


def test_unknown_dates_are_said() -> None:
    config = {"max_account_age": "7d", "max_member_age": "1d"}
    detection = run(newcomer, message("salut", joined=T0 - 3 * DAY), config)
    assert detection.detail["unknown"] == ["account"]
    assert detection.detail["member_age"] == "3d"


def test_age_is_measured_at_the_message_time_not_the_clock() -> None:
    msg = message("salut", created=T0 - 2 * DAY, at=10 * 86400)
    assert not run(newcomer, msg, {"max_account_age": "7d"}).matched


def test_some_age_is_required() -> None:
    with pytest.raises(ValidationError, match="give `max_account_age`, `max_member_age` or both"):
        newcomer.Config()


@pytest.mark.parametrize(
    ("created", "joined", "lang", "expected"),
    [
        (T0 - 2 * DAY, None, "fr", "Compte créé il y a 2\xa0jours, moins de 7\xa0jours."),
        (T0 - 2 * DAY, None, "en", "Account created 2 days ago, less than 7 days."),
        (
            T0 - 300 * DAY,
            T0 - 3 * HOUR,
            "fr",
            "Arrivé dans la communauté il y a 3\xa0heures, moins de 1\xa0jour.",
        ),
        (None, None, "fr", "Date de création du compte ou d'arrivée inconnue : rien à mesurer."),
        (None, None, "en", "Account creation or join date unknown: nothing to measure."),
        (T0 - 300 * DAY, T0 - 300 * DAY, "en", "Neither a new account nor a new member."),
    ],
    ids=["account-fr", "account-en", "member-fr", "unknown-fr", "unknown-en", "neither-en"],
)
def test_explain(created, joined, lang: str, expected: str) -> None:
    config = {"max_account_age": "7d", "max_member_age": "24h"}
    detection = run(newcomer, message("salut", created=created, joined=joined), config)
    assert newcomer.explain(detection, lang) == expected
