"""Several processes on one PostgreSQL and one community: two bots started with the plan, the
console and the CLI give crisis commands at the same moment; the owning bot is killed (kill -9)
mid-crisis with a command still waiting. Every command is applied once, in the order given; every
notification and statement is planned and queued once; the other bot takes over and keeps the
deadlines."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select

from bot.crisis.commands import ACK, APPROVE, CHECK, DECLARE, Command
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.crisis_tables import CRISIS_COMMANDS
from bot.store.database import Database
from bot.store.tables import ACTIONS
from tests.store.conftest import Backend
from tests.unit.crisis.helpers import PLAYBOOK, T0, calm, complaints

SURGE = T0 + timedelta(minutes=60)
AFTER = SURGE + timedelta(minutes=5)
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


class Worker:
    """One process of tests/store/crisis_worker.py, spoken to line by line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, backend: Backend, role: str) -> Worker:
        args = ["--db", backend.url, "--schema", backend.schema or "", "--role", role]
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.store.crisis_worker", *args, cwd=ROOT,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        worker = cls(process)
        assert (await worker._read())["ready"]
        return worker

    async def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), 60)
        assert line, "the worker died"
        return dict(json.loads(line))

    async def ask(self, **order: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(order, default=str) + "\n").encode())
        await self.process.stdin.drain()
        return await self._read()

    async def submit(self, command: Command) -> dict[str, Any]:
        return await self.ask(op="submit", command=command.to_dict())

    async def close(self) -> None:
        if self.process.returncode is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            await self.process.wait()


async def _cli(backend: Backend, plan: Path, *argv: str) -> tuple[int, str]:
    """`vigie …` in its own process, on the same schema (search_path in the URL)."""
    url = f"{backend.url}?options={quote(f'-csearch_path={backend.schema}')}"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *argv, "--playbook", str(plan), "--db", url, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    return int(process.returncode or 0), (out + err).decode()


def _commands(db: Database) -> list[Any]:
    with db.read() as connection:
        return list(connection.execute(select(CRISIS_COMMANDS).order_by(CRISIS_COMMANDS.c.id)))


def _outbox(db: Database) -> list[str]:
    with db.read() as connection:
        return [row.key for row in connection.execute(select(ACTIONS.c.key))]


async def _surge(bot: Worker) -> None:
    for item in [*calm(T0, 60), *complaints(SURGE, 7)]:
        message = item.message
        await bot.ask(op="observe", at=message.ts, author=message.author.id, text=message.text)
    await bot.ask(op="tick", at=AFTER - timedelta(seconds=5))


async def test_processes_command_one_community_and_the_owner_dies(
    postgres_backend: Backend, tmp_path: Path
) -> None:
    db = postgres_backend.open()
    store = SqlCrisisStore(db)
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAYBOOK, encoding="utf-8")
    owner, other, console = [
        await Worker.start(postgres_backend, role) for role in ("bot", "bot", "console")
    ]
    try:
        await _surge(owner)
        (incident,) = store.incidents("c1")
        statement = store.statements(incident.id)[0].id
        case = next(c.id for c in store.cases(incident.id) if c.role == "cm")
        at = AFTER.isoformat()

        given = await asyncio.gather(
            console.submit(Command(CHECK, "c1", "claire", AFTER, {"incident": incident.id, "index": 0})),
            _cli(postgres_backend, plan, "ack", case, "--by", "claire", "--at", at),
            other.submit(Command(DECLARE, "c1", "helene", AFTER, {"level": 3, "reason": "presse"})),
        )  # fmt: skip
        assert given[0]["status"] == "queued" and given[2]["status"] == "queued"
        assert given[1][0] == 0 and '"queued"' in given[1][1], given[1][1]
        await owner.ask(op="tick", at=AFTER + timedelta(seconds=10))

        approve = Command(
            APPROVE, "c1", "helene", AFTER + timedelta(seconds=20), {"statement": statement},
            ("com",), True,
        )  # fmt: skip
        assert (await console.submit(approve))["status"] == "queued"
        owner.process.send_signal(signal.SIGKILL)  # mid-crisis, the approval still waiting
        await owner.process.wait()
        assert _commands(db)[-1].status == "pending"

        takeover = AFTER + timedelta(seconds=60)  # the dead owner's lease has run out
        await other.ask(op="tick", at=takeover)
        late = takeover + timedelta(minutes=40)  # past every acknowledgement deadline
        await other.ask(op="tick", at=late)
    finally:
        for worker in (owner, other, console):
            await worker.close()

    commands = _commands(db)
    assert [c.status for c in commands] == ["applied"] * 4
    holders = [c.applied_by.split(":")[0] for c in commands]
    assert holders == ["discord"] * 4 and commands[0].applied_by != commands[-1].applied_by

    events = store.events(incident.id)
    marks = {
        CHECK: "crisis.checklist.checked",
        ACK: "crisis.ack",
        APPROVE: "crisis.statement.approved",
    }
    declared = [e for e in events if e.type == "crisis.level" and e.data.get("by") == "helene"]
    assert len(declared) == 1
    order = []
    for event in events:
        if event is declared[0]:
            order.append(DECLARE)
        elif event.type in (marks[CHECK], marks[ACK], marks[APPROVE]):
            order.append(next(kind for kind, mark in marks.items() if mark == event.type))
    assert order == [c.kind for c in commands]  # applied in the order they were given, once

    posted = Counter(e.data["statement"] for e in events if e.type == "crisis.statement.posted")
    assert posted[statement] == 1 and set(posted.values()) == {1}  # level 3 posts its own too
    outbox = _outbox(db)
    assert outbox.count(f"crisis:{statement}:post_statement") == 1
    notified = [a["key"] for e in events if e.type == "crisis.notify" for a in e.data["actions"]]
    assert len(notified) == len(set(notified))  # no notification planned twice
    assert set(notified) <= set(outbox)

    stored = store.incident(incident.id)
    assert stored.level == 3 and stored.first_statement_at == AFTER  # level 3 posts at once
    assert stored.next_update_due is not None
    missed = [e for e in events if e.type == "crisis.ack.missed"]
    # the new owner fired the deadlines that fell after the takeover, each at its own time
    assert any(takeover < e.at < late for e in missed)


async def _complain(bot: Worker, start: datetime, count: int, prefix: str) -> list[str]:
    actions: list[str] = []
    for item in complaints(start, count, timedelta(seconds=3), prefix):
        message = item.message
        answer = await bot.ask(
            op="observe", at=message.ts, author=message.author.id, text=message.text
        )
        actions += answer["actions"]
    return actions


async def test_the_restarted_bot_gets_its_community_back_from_the_interim_holder(
    postgres_backend: Backend,
) -> None:
    """The bot of c1 is killed mid-crisis; the other bot takes c1 over (deadlines) but never
    sees its messages. The restarted bot of c1 asks for it back: the commands given before the
    hand-back are applied by the interim holder, those after by the restarted bot, each once,
    and the messages it saw while waiting count."""
    db = postgres_backend.open()
    store = SqlCrisisStore(db)
    owner, interim, console = [
        await Worker.start(postgres_backend, role) for role in ("bot", "bot", "console")
    ]
    back = None
    try:
        await _surge(owner)
        owner.process.send_signal(signal.SIGKILL)
        await owner.process.wait()
        takeover = AFTER + timedelta(seconds=60)
        await interim.ask(op="tick", at=takeover)  # the dead owner's lease has run out
        (incident,) = store.incidents("c1")
        case = next(c.id for c in store.cases(incident.id) if c.role == "cm")

        check = Command(CHECK, "c1", "claire", takeover, {"incident": incident.id, "index": 0})
        assert (await console.submit(check))["status"] == "queued"
        back = await Worker.start(postgres_backend, "bot")  # the owner's restart (or standby)
        assert await _complain(back, takeover + timedelta(seconds=5), 5, "kept") == []
        ack = Command(ACK, "c1", "claire", takeover + timedelta(seconds=21), {"case": case})
        assert (await console.submit(ack))["status"] == "queued"
        await interim.ask(op="tick", at=takeover + timedelta(seconds=22))
        assert [c.status for c in _commands(db)] == ["applied", "applied", "pending"]

        later = takeover + timedelta(seconds=30)
        actions = await _complain(back, later, 10, "back")
        await back.ask(op="tick", at=later + timedelta(minutes=1))
        await interim.ask(op="tick", at=later + timedelta(minutes=1))
    finally:
        for worker in (owner, interim, console, back):
            if worker is not None:
                await worker.close()

    commands = _commands(db)
    assert [(c.kind, c.status) for c in commands] == [
        (CHECK, "applied"),
        ("handback", "applied"),
        (ACK, "applied"),
    ]
    first, handback, last = (c.applied_by for c in commands)
    assert first == handback != last  # before the hand-back the interim holder, then the bot
    levels = [e.data["level"] for e in store.events(incident.id) if e.type == "crisis.level"]
    assert levels[-1] == 3  # 6 stored + 5 kept + 10: the kept messages counted
    outbox = _outbox(db)
    assert len(outbox) == len(set(outbox))
    assert [a for a in actions if a.endswith(":post_statement")]  # planned by the restarted bot
