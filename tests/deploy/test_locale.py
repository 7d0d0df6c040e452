"""A community's language and timezone, the one accessor every front end asks: the deployment
file's values, and times written as that community reads them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.adapters.desks import Desks
from bot.adapters.lane import ServiceLane
from bot.deploy.communities import Communities
from bot.deploy.config import parse_deployment
from bot.deploy.locale import CommunityLocale
from bot.deploy.metrics import Metrics
from bot.store.database import Database
from tests.clocks import PINNED, pinned_clock

AT = datetime(2026, 7, 1, 13, 5, tzinfo=UTC)  # summer time in Paris and London

TIMES = [
    (CommunityLocale("fr", "Europe/Paris"), "15:05"),
    (CommunityLocale("en", "Europe/London"), "2:05\u202fPM"),
    (CommunityLocale("fr", "America/Montreal"), "09:05"),
]


@pytest.mark.parametrize(("locale", "shown"), TIMES)
def test_a_time_is_written_in_the_communitys_timezone_and_language(
    locale: CommunityLocale, shown: str
) -> None:
    assert locale.clock_time(AT) == shown
    assert shown in locale.moment(AT, "short")


DESK_TIMES = [  # community, what a front end writes for 14:00 UTC on the pinned day
    ("1", "17:00"),  # a community the file puts in Moscow time
    ("2", "14:00 UTC"),  # one it does not name: UTC, said so
    (None, "14:00 UTC"),
]


@pytest.mark.parametrize(("community", "shown"), DESK_TIMES)
def test_the_front_ends_accessor_uses_the_deployments_timezone(
    db: Database, tmp_path: Path, community: str | None, shown: str
) -> None:
    text = "communities:\n  - {name: A, platform: telegram, chat: 1, charter: c.yaml, timezone: Europe/Moscow}\n"
    entries = {c.key: c for c in parse_deployment(text, "vigie.yaml", tmp_path).communities}
    registry = Communities("telegram", db, pinned_clock(), Metrics(db), entries=entries)
    lane = ServiceLane()
    try:
        desks = Desks(None, lane, registry)  # type: ignore[arg-type]  # no desk is asked for
        assert desks.time_of(community, PINNED) == shown
    finally:
        lane.close()


def test_the_file_gives_each_community_its_locale(tmp_path: Path) -> None:
    text = (
        "communities:\n"
        "  - {name: A, platform: telegram, chat: -1, charter: c.yaml}\n"
        "  - {name: B, platform: telegram, chat: -2, charter: c.yaml, language: en,"
        " timezone: Europe/London}\n"
    )
    a, b = parse_deployment(text, "vigie.yaml", tmp_path).communities
    assert a.locale == CommunityLocale("fr", "Europe/Paris")
    assert b.locale == CommunityLocale("en", "Europe/London")
