"""One writer per community: crisis commands from the console, the CLI and the chat go through the
inbox to the community's owner, are applied once and in order, queue their actions in the outbox,
and are never reverted by the owner's checkpoint (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.crisis.cell import APPLIED, CONFIRM, QUEUED, CrisisCell
from bot.crisis.commands import APPROVE, CHECK, DECLARE, Command, Refused
from bot.crisis.monitor import CrisisMonitor
from bot.store.crisis_inbox import SqlCommandInbox, SqlLeases
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database
from bot.store.tables import ACTIONS
from tests.unit.crisis.helpers import T0, calm, complaints, playbook

SURGE = T0 + timedelta(minutes=60)
AFTER = SURGE + timedelta(minutes=5)


@dataclass
class Bot:
    """A bot process with `--playbook`: its monitor, its cell."""

    monitor: CrisisMonitor
    cell: CrisisCell


def _bot(db: Database, name: str = "bot-1") -> Bot:
    store = SqlCrisisStore(db)
    monitor = CrisisMonitor(playbook(), store)
    cell = CrisisCell(playbook(), store, SqlCommandInbox(db), SqlLeases(db), name, monitor)
    monitor.fences = cell.fence
    return Bot(monitor, cell)


def _console(db: Database, name: str = "console") -> CrisisCell:
    store = SqlCrisisStore(db)
    return CrisisCell(playbook(), store, SqlCommandInbox(db), SqlLeases(db), name)


def _surge(bot: Bot) -> str:
    """Raise c1 to level 2 through the bot; the id of the holding statement it proposes."""
    found = None
    for item in [*calm(T0, 60), *complaints(SURGE, 7)]:
        assert bot.cell.owns("c1", item.message.ts)
        for event in bot.monitor.observe(item):
            if event.type == "crisis.statement.proposed":
                found = event.data["statement"]
    assert found is not None
    bot.cell.drain(AFTER - timedelta(seconds=5))  # the bot's last tick: its lease is renewed
    return found


def _posts(db: Database) -> list[str]:
    query = select(ACTIONS.c.key).where(ACTIONS.c.kind == "post_statement")
    with db.read() as connection:
        return [row.key for row in connection.execute(query)]


def _approve(statement: str, roles: tuple[str, ...] = ("com",), confirmed: bool = True) -> Command:
    return Command(APPROVE, "c1", "helene", AFTER, {"statement": statement}, roles, confirmed)


def test_a_statement_approved_in_the_console_starts_the_update_cadence(db: Database) -> None:
    """Regression: the console's approval left next_update_due empty (no update ever proposed)."""
    bot = _bot(db)
    statement = _surge(bot)

    outcome = _console(db).submit(_approve(statement))
    assert outcome.status == QUEUED and outcome.owner == "bot-1"
    bot.cell.drain(AFTER)

    incident = SqlCrisisStore(db).statement(statement).incident
    stored = SqlCrisisStore(db).incident(incident)
    assert stored.first_statement_at == AFTER
    assert stored.next_update_due is not None and stored.next_update_due > AFTER
    assert _posts(db) == [f"crisis:{statement}:post_statement"]
    # the update is due when the statement said it would come, and the owner's clock knows it
    assert stored.next_update_due == SqlCrisisStore(db).statement(statement).promised
    assert bot.monitor.incidents[incident].next_update_due == stored.next_update_due


def test_with_no_live_owner_the_console_applies_the_command_under_the_lease(
    db: Database,
) -> None:
    """The bot is gone (its lease ran out): the console applies the approval itself, with the
    same bookkeeping, and the publication is queued in the outbox."""
    bot = _bot(db)
    statement = _surge(bot)
    bot.monitor.checkpoint()
    late = AFTER + timedelta(minutes=5)

    outcome = _console(db).submit(
        Command(APPROVE, "c1", "helene", late, {"statement": statement}, ("com",), True)
    )

    assert outcome.status == APPLIED
    assert [e["type"] for e in outcome.events][-2:] == [
        "crisis.statement.approved",
        "crisis.statement.posted",
    ]
    incident = SqlCrisisStore(db).incident(SqlCrisisStore(db).statement(statement).incident)
    assert incident.next_update_due is not None
    assert _posts(db) == [f"crisis:{statement}:post_statement"]


@pytest.mark.parametrize(
    ("roles", "confirmed", "expected"),
    [
        pytest.param(("cm",), True, "refused", id="community-manager-refused"),
        pytest.param((), True, "refused", id="no-plan-role-refused"),
        pytest.param(("com",), False, CONFIRM, id="approver-asked-to-confirm"),
        pytest.param(("com",), True, QUEUED, id="approver-confirmed"),
    ],
)
def test_only_the_plans_approver_publishes_and_only_after_confirming(
    db: Database, roles: tuple[str, ...], confirmed: bool, expected: str
) -> None:
    """Regression: a community manager approved a statement whose approver is another role."""
    bot = _bot(db)
    statement = _surge(bot)
    console = _console(db)
    if expected == "refused":
        with pytest.raises(Refused, match="needs the approval of com"):
            console.submit(_approve(statement, roles, confirmed))
        assert _posts(db) == []
        return
    outcome = console.submit(_approve(statement, roles, confirmed))
    assert outcome.status == expected
    if expected == CONFIRM:
        assert "Nous savons" in outcome.texts["fr"]
        assert SqlCommandInbox(db).pending() == []


def test_a_declaration_from_another_process_is_not_reverted_by_the_bots_checkpoint(
    db: Database,
) -> None:
    """Regression: `vigie crisis declare` planned notifications and queued none, and the bot's
    next checkpoint wrote the old level back."""
    bot = _bot(db)
    for item in calm(T0, 60):
        bot.cell.owns("c1", item.message.ts)
        bot.monitor.observe(item)
    bot.cell.drain(SURGE - timedelta(seconds=5))
    declare = Command(DECLARE, "c1", "claire", SURGE, {"level": 2, "reason": "panne"})

    assert _console(db).submit(declare).status == QUEUED
    bot.cell.drain(SURGE)
    bot.monitor.checkpoint()

    assert bot.monitor.status("c1")["level"] == 2
    assert SqlCrisisStore(db).restore("c1").snapshots["c1"]["level"]["level"] == 2
    with db.read() as connection:
        notified = connection.execute(select(ACTIONS.c.key).where(ACTIONS.c.kind == "notify"))
        assert len(notified.all()) >= 1


def test_commands_are_applied_once_and_in_the_order_they_were_given(db: Database) -> None:
    bot = _bot(db)
    statement = _surge(bot)
    incident = SqlCrisisStore(db).statement(statement).incident
    console, cli = _console(db), _console(db, "cli")
    given = [
        console.submit(Command(CHECK, "c1", "claire", AFTER, {"incident": incident, "index": 0})),
        cli.submit(_approve(statement)),
        console.submit(Command(CHECK, "c1", "julien", AFTER, {"incident": incident, "index": 0})),
    ]
    assert [o.status for o in given] == [QUEUED] * 3

    bot.cell.drain(AFTER)
    bot.cell.drain(AFTER + timedelta(seconds=20))  # nothing left to apply a second time

    timeline = [
        e.type
        for e in SqlCrisisStore(db).events(incident)
        if e.at >= AFTER and "level" not in e.type
    ]
    assert timeline == [
        "crisis.checklist.checked",
        "crisis.statement.approved",
        "crisis.statement.posted",
    ]
    checked = SqlCrisisStore(db).incident(incident).checklist[0]
    assert checked["checked_by"] == "claire"  # the second tick, by julien, changed nothing
    assert _posts(db) == [f"crisis:{statement}:post_statement"]


def test_a_new_owner_resumes_the_community_from_the_stored_state(db: Database) -> None:
    """The owner dies mid-crisis: another bot takes the lease once it ran out, resumes the level
    and the open escalations, and fires their deadlines."""
    first = _bot(db, "bot-1")
    _surge(first)
    first.monitor.checkpoint()
    second = _bot(db, "bot-2")
    assert not second.cell.owns("c1", AFTER)  # the first bot's lease still runs

    takeover = AFTER + timedelta(minutes=1)
    assert second.cell.owns("c1", takeover)
    assert second.monitor.status("c1")["level"] == 2
    events = second.monitor.tick(takeover + timedelta(minutes=30))
    assert "crisis.escalate" in [e.type for e in events] or "crisis.ack.missed" in [
        e.type for e in events
    ]
    with pytest.raises(Exception, match="no longer holds"):
        first.monitor.checkpoint()  # the old owner's write is fenced off
