"""The strike ledger: live strikes over time, removal on an overturn, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store.audit import AuditLog
from bot.store.database import Database
from bot.store.recorder import DecisionRecorder
from bot.store.strikes import PrefetchedStrikes, SqlStrikeLedger
from tests.store.builders import T0, sanctioned

DAY = timedelta(days=1)


@pytest.fixture
def ledger(db: Database) -> SqlStrikeLedger:
    """Two strikes for u1 in c1 (weights 1 and 2, 10 days apart, 30 days each), one in c2."""
    ledger = SqlStrikeLedger(db)
    ledger.add("c1", "u1", "insults", 1, T0, T0 + 30 * DAY)
    ledger.add("c1", "u1", "threats", 2, T0 + 10 * DAY, T0 + 40 * DAY)
    ledger.add("c2", "u1", "spam", 5, T0, T0 + 30 * DAY)
    return ledger


@pytest.mark.parametrize(
    ("community", "user", "when", "live"),
    [
        ("c1", "u1", T0 - DAY, 0),
        ("c1", "u1", T0, 1),
        ("c1", "u1", T0 + 10 * DAY, 3),
        ("c1", "u1", T0 + 30 * DAY - timedelta(seconds=1), 3),
        ("c1", "u1", T0 + 30 * DAY, 2),
        ("c1", "u1", T0 + 40 * DAY, 0),
        ("c2", "u1", T0 + DAY, 5),
        ("c1", "u2", T0 + DAY, 0),
    ],
    ids=[
        "before",
        "first",
        "both",
        "last-second",
        "first-expired",
        "all-expired",
        "other-community",
        "other-user",
    ],
)
def test_live_strikes_count_what_is_given_and_not_expired(
    ledger: SqlStrikeLedger, community: str, user: str, when: object, live: int
) -> None:
    assert ledger.live_strikes(community, user, when) == live  # type: ignore[arg-type]


def test_an_overturn_removes_the_strikes_of_a_decision(db: Database) -> None:
    recorder, ledger = DecisionRecorder(db, 30 * DAY), SqlStrikeLedger(db)
    first, second = recorder.record([sanctioned("m1"), sanctioned("m2", at=T0 + DAY)])
    assert ledger.live_strikes("c1", "u1", T0 + 2 * DAY) == 2

    assert ledger.remove_for_decision(first, "mod-a", T0 + 2 * DAY) == 1
    assert ledger.live_strikes("c1", "u1", T0 + 2 * DAY) == 1
    assert ledger.remove_for_decision(first, "mod-a", T0 + 2 * DAY) == 0  # already removed
    assert ledger.remove_for_message("discord", "c1", "m2", "mod-b", T0 + 3 * DAY) == 1
    assert ledger.live_strikes("c1", "u1", T0 + 3 * DAY) == 0

    strikes = ledger.strikes_of("c1", "u1")
    assert [(s.decision_id, s.removed_by) for s in strikes] == [(first, "mod-a"), (second, "mod-b")]
    entries = AuditLog(db).entries(actor="mod-b")
    assert [(e.action, e.target, e.detail) for e in entries] == [
        ("strike.remove", "message:discord:c1:m2", {"removed": 1})
    ]


WHEN = [T0 - DAY, T0, T0 + 10 * DAY, T0 + 30 * DAY - timedelta(seconds=1), T0 + 30 * DAY]


@pytest.mark.parametrize("window", [(T0 - DAY, T0 + 40 * DAY), (T0, T0 + DAY)], ids=str)
def test_prefetched_strikes_answer_as_the_ledger_does(
    db: Database, ledger: SqlStrikeLedger, window: tuple[object, object]
) -> None:
    prefetched = PrefetchedStrikes(ledger, db)
    keys = [("c1", "u1"), ("c2", "u1"), ("c1", "u2")]
    prefetched.expect(keys, *window)  # type: ignore[arg-type]
    for community, user in [*keys, ("c3", "u9")]:  # an author not expected goes to the ledger
        for when in WHEN:
            expected = ledger.live_strikes(community, user, when)
            assert prefetched.live_strikes(community, user, when) == expected, (user, when)


def test_prefetched_strikes_are_read_once_per_batch_and_again_once_stale(
    db: Database, ledger: SqlStrikeLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(ledger, "live_strikes", lambda *args: asked.append("one") or 0)
    prefetched = PrefetchedStrikes(ledger, db)
    prefetched.expect([("c1", "u1")], T0, T0 + 20 * DAY)
    assert [prefetched.live_strikes("c1", "u1", T0 + n * DAY) for n in (0, 10, 20)] == [1, 3, 3]
    assert asked == []  # one read for the batch, no question per message
    SqlStrikeLedger(db).add("c1", "u1", "spam", 4, T0 + 11 * DAY, T0 + 12 * DAY)
    assert prefetched.live_strikes("c1", "u1", T0 + 11 * DAY) == 3  # not read again yet
    prefetched.stale()  # the recorder wrote: read again
    assert prefetched.live_strikes("c1", "u1", T0 + 11 * DAY) == 7
    assert prefetched.live_strikes("c1", "u1", T0 + 21 * DAY) == 0 and asked == ["one"]
