"""One writer per community: crisis commands from the console, the CLI and the chat go through the
inbox to the community's owner, are applied once and in order, queue their actions in the outbox,
and are never reverted by the owner's checkpoint (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.crisis.cell import APPLIED, CONFIRM, QUEUED, CrisisCell
from bot.crisis.commands import ACK, APPROVE, CHECK, DECLARE, HANDBACK, Command, Refused
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.wiring import CrisisRunner
from bot.store.crisis_inbox import SqlCommandInbox, SqlLeases
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.crisis_tables import CRISIS_COMMANDS
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


def _inbox(db: Database) -> list[tuple[str, str, str]]:
    query = select(CRISIS_COMMANDS).order_by(CRISIS_COMMANDS.c.id)
    with db.read() as connection:
        return [(r.kind, r.status, r.applied_by or "") for r in connection.execute(query)]


def _runner(db: Database, name: str) -> CrisisRunner:
    bot = _bot(db, name)
    return CrisisRunner(bot.monitor, cell=bot.cell)


def test_the_process_that_sees_the_messages_gets_its_community_back(db: Database) -> None:
    """The bot of c1 dies mid-crisis; another takes c1 over (its deadlines must fire) but never
    sees its messages. The restarted bot asks for c1 back: the commands given before the
    hand-back are applied by the interim holder, those after by the restarted bot, each once; the
    messages it saw while waiting count (20 complainers in 10 minutes: level 3)."""
    first = _runner(db, "bot-1")
    for item in [*calm(T0, 60), *complaints(SURGE, 7)]:
        first.on_decision(item)
    leases, console = SqlLeases(db), _console(db)
    interim, back = _runner(db, "bot-2"), _runner(db, "bot-3")
    takeover = AFTER + timedelta(minutes=1)  # bot-1's lease has run out
    interim.tick(takeover)
    assert leases.holder("crisis:c1", takeover) == "bot-2"
    incident = SqlCrisisStore(db).incidents("c1")[0].id
    case = next(c.id for c in SqlCrisisStore(db).cases(incident) if c.role == "cm")

    check = Command(CHECK, "c1", "claire", takeover, {"incident": incident, "index": 0})
    assert console.submit(check).status == QUEUED
    kept = complaints(takeover + timedelta(seconds=5), 5, timedelta(seconds=3), "kept")
    assert [back.on_decision(item) for item in kept] == [[]] * 5  # kept; c1 asked back once
    ack = Command(ACK, "c1", "claire", takeover + timedelta(seconds=18), {"case": case})
    assert console.submit(ack).owner == "bot-2"

    interim.tick(takeover + timedelta(seconds=20))  # applies the check, then hands c1 back
    assert leases.holder("crisis:c1", takeover + timedelta(seconds=20)) == "bot-3"
    assert _inbox(db) == [
        (CHECK, "applied", "bot-2"),
        (HANDBACK, "applied", "bot-2"),
        (ACK, "pending", ""),
    ]
    later = complaints(takeover + timedelta(seconds=30), 10, timedelta(seconds=8), "back")
    actions = [a for item in later for a in back.on_decision(item)]
    back.tick(takeover + timedelta(minutes=2))
    interim.tick(takeover + timedelta(minutes=2))  # it does not take c1 again
    assert leases.holder("crisis:c1", takeover + timedelta(minutes=2)) == "bot-3"

    assert [status for _, status, _ in _inbox(db)] == ["applied"] * 3
    assert _inbox(db)[-1][2] == "bot-3"
    assert "c1" not in interim.monitor.communities
    levels = [
        e.data["level"] for e in SqlCrisisStore(db).events(incident) if e.type == "crisis.level"
    ]
    assert levels[-1] == 3  # 6 stored + 5 kept + 10: without the 5 kept, 16 < 20
    assert "post_statement" in {a.kind for a in actions}  # level 3's statement, planned by bot-3
    checked = SqlCrisisStore(db).incident(incident).checklist[0]
    assert checked["checked_by"] == "claire"
    assert len(_posts(db)) == len(set(_posts(db)))


@pytest.mark.parametrize(
    ("seen_by_holder", "status"),
    [(False, "applied"), (True, "refused")],
    ids=["holder-away", "holder-sees-it-too"],
)
def test_a_holder_that_sees_the_messages_itself_keeps_the_community(
    db: Database, seen_by_holder: bool, status: str
) -> None:
    holder, asking = _runner(db, "bot-1"), _runner(db, "bot-2")
    for item in calm(T0, 30):
        holder.on_decision(item) if seen_by_holder else holder.monitor.observe(item)
    at = T0 + timedelta(minutes=30)
    assert holder.cell.owns("c1", at)
    assert asking.on_decision(calm(at, 2)[0]) == []
    holder.tick(at + timedelta(seconds=5))
    assert _inbox(db) == [(HANDBACK, status, "bot-1")]
    expected = "bot-2" if status == "applied" else "bot-1"
    assert SqlLeases(db).holder("crisis:c1", at + timedelta(seconds=5)) == expected
