"""The sanctions repository on both backends: a sanction, its case, strike and outbox rows in one
transaction; lifted once (strike removed, the scheduled unban cancelled, the case overturned); a
member's history; the lookups the desk makes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.core.decision import ActionRequest
from bot.store.database import Database
from bot.store.members import MemberQueries
from bot.store.sanctions import NewSanction, SanctionRepository
from bot.store.strikes import SqlStrikeLedger
from bot.store.tables import ACTIONS, CaseKind

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _ban(db: Database, until: datetime | None = None) -> int:
    new = NewSanction(
        kind=CaseKind.SANCTION,
        platform="discord",
        community="g1",
        user_id="u1",
        action="ban",
        moderator="discord:9",
        reason="spam",
        rule="insultes",
        severity=2,
        until=until,
        strike=(1, T0 + timedelta(days=30)),
    )

    def plan(case_id: int) -> list[tuple[ActionRequest, datetime]]:
        ban = ActionRequest("ban", f"case:{case_id}:ban", "g1", "discord", user_id="u1")
        planned = [(ban, T0)]
        if until is not None:
            unban = ActionRequest("unban", f"case:{case_id}:unban", "g1", "discord", user_id="u1")
            planned.append((unban, until))
        return planned

    return SanctionRepository(db).record(new, T0, plan)


def _pending(db: Database) -> list[tuple[str, datetime]]:
    query = select(ACTIONS.c.kind, ACTIONS.c.not_before).order_by(ACTIONS.c.id)
    with db.read() as connection:
        return [(row.kind, row.not_before) for row in connection.execute(query)]


def test_a_sanction_is_recorded_with_its_strike_and_actions(db: Database) -> None:
    case_id = _ban(db, until=T0 + timedelta(days=2))
    entry = SanctionRepository(db).of_case(case_id)
    assert entry is not None and entry.action == "ban" and entry.strike_id is not None
    assert SqlStrikeLedger(db).live_strikes("g1", "u1", T0) == 1
    assert [kind for kind, _ in _pending(db)] == ["ban", "unban"]
    assert _pending(db)[1][1] == T0 + timedelta(days=2)
    assert MemberQueries(db).latest_sanction("discord", "g1", "u1") == ("case", case_id)
    active = SanctionRepository(db).active_ban("discord", "g1", "u1", T0)
    assert active is not None and active.case_id == case_id
    ended = T0 + timedelta(days=2, seconds=1)
    assert SanctionRepository(db).active_ban("discord", "g1", "u1", ended) is None


def test_lifting_removes_the_strike_and_cancels_the_scheduled_unban(db: Database) -> None:
    case_id = _ban(db, until=T0 + timedelta(days=2))
    unban = ActionRequest("unban", f"case:{case_id}:lifted-unban", "g1", "discord", user_id="u1")
    repo = SanctionRepository(db)
    assert repo.lift(case_id, "discord:8", T0 + timedelta(hours=1), [unban]) == 1
    assert repo.lift(case_id, "discord:8", T0 + timedelta(hours=2), []) == 0  # once
    assert SqlStrikeLedger(db).live_strikes("g1", "u1", T0 + timedelta(hours=1)) == 0
    assert [kind for kind, _ in _pending(db)] == ["ban", "unban"]  # the scheduled one is gone
    assert _pending(db)[1][1] == T0 + timedelta(hours=1)
    [(case, row)] = repo.history("discord", "g1", "u1")
    assert case.status == "overturned" and row.lifted_at is not None
    assert repo.active_ban("discord", "g1", "u1", T0) is None
