"""The live community service of one platform: every message decided and recorded, members who
join, time passing for the crisis plan, the crisis cell's commands (issue 15's `CrisisCell`), and
the dispatcher of its outbox. Front ends call its `desk` (`bot.desk`) for every command: reports,
appeals, verdicts, sanctions, lookups, and the crisis commands, which the desk checks and hands to
this service. `Staff` lives in the desk and is re-exported here.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from bot.app import ModerationPipeline, attach_store, build_engine, load_scorer
from bot.charter.loader import load_charter
from bot.charter.schema import Charter
from bot.core.clock import Clock
from bot.core.decision import ActionRequest, Decision
from bot.core.dispatcher import Dispatcher
from bot.core.message import Message
from bot.core.ports import Gateway, Scorer
from bot.crisis.cell import CONFIRM, CrisisCell, Outcome
from bot.crisis.commands import ACK, APPROVE, DECLARE, Command, NeedsConfirmation, roles_of
from bot.crisis.loader import load_playbook
from bot.crisis.monitor import CrisisMonitor
from bot.crisis.schema import Playbook
from bot.crisis.wiring import CrisisRunner
from bot.desk import Desk, DeskContext, Staff
from bot.moderation.engine import ModerationEngine
from bot.second_stage import SecondStage
from bot.store.chat_moves import move_community, moves
from bot.store.crisis_inbox import SqlCommandInbox, SqlLeases
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database
from bot.store.outbox import SqlOutbox


class NotAllowed(PermissionError):
    """Someone without a staff role tried a moderator command or button."""


@dataclass
class CommunityService:
    """One charter applied live on one platform, with its database and its outbox."""

    charter: Charter
    engine: ModerationEngine
    db: Database
    clock: Clock
    platform: str
    staff: Staff
    crisis: CrisisRunner | None = None
    console_url: str = ""
    # The process's second stage (shared by its communities), None when the deployment has none.
    second: SecondStage | None = None
    pipeline: ModerationPipeline = field(init=False)
    outbox: SqlOutbox = field(init=False)
    desk: Desk = field(init=False)

    def __post_init__(self) -> None:
        # Live, every decision is written at once: a crash must not lose the outbox rows.
        self.pipeline = ModerationPipeline(self.engine, batch_size=1)
        attach_store(self.pipeline, self.db, self.charter)
        self.outbox = SqlOutbox(self.db)
        context = DeskContext(
            self.charter,
            self.db,
            self.clock,
            self.platform,
            self.staff,
            self.engine,
            self.crisis,
            self.console_url,
            crisis_commands=self,
        )
        self.desk = Desk(context)

    def handle(self, message: Message) -> Decision:
        """Decide on a message (new or edited), record it and queue its actions (and the crisis
        plan's, when the message moves a level), with its mod-log line."""
        decision = self.pipeline.handle(message)
        self.desk.log_decision(decision)
        if self.crisis is not None:
            self._enqueue(self.crisis.on_decision(decision, self.engine))
        if self.second is not None:  # after the write: a refinement names the recorded decision
            self.second.submit(decision, self.charter.meta.languages[0])
        return decision

    def store_status(self) -> dict[str, object]:
        """Whether this community's decisions reach the database, and how many wait in memory."""
        return self.pipeline.store_status()

    def member_joined(self, community: str, user_id: str, at: datetime) -> None:
        """A member joined: newcomers feed the raid indicator of the crisis plan."""
        if self.crisis is not None:
            self._enqueue(self.crisis.on_join(community, user_id, at, self.platform, self.engine))

    def tick(self) -> None:
        """Let time pass: acknowledgement deadlines and exit criteria fire without messages."""
        if self.crisis is not None:
            self._enqueue(self.crisis.tick(self.clock.now(), self.engine))

    def follow_move(self, old: str, new: str) -> dict[str, int]:
        """A community changed its id (a Telegram group upgraded to a supergroup): its stored
        rows move to the new id (`bot.store.chat_moves`), and the crisis plan follows it; the
        rows moved, per table."""

        def move() -> dict[str, int]:
            return move_community(self.db, self.platform, old, new, self.clock.now())

        if self.crisis is None:
            return move()
        return self.crisis.follow_move(old, new, move)

    def moved_chats(self) -> dict[str, str]:
        """Every community id of this platform that moved, to its id now (kept across restarts:
        settings may still name a chat by its old id)."""
        return moves(self.db, self.platform)

    def leases(self) -> SqlLeases:
        """The leases in the database (a standby process waits on one)."""
        return SqlLeases(self.db)

    def checkpoint(self, at: datetime | None = None) -> None:
        """Save the crisis state and hand the communities back, so that a restart (or the
        standby) resumes from here (`at`: the time of the stop, now by default)."""
        if self.crisis is not None:
            self.crisis.close(at or self.clock.now())

    def applied_charter(self) -> Charter:
        """The charter this service applies (the retention purge reads its periods)."""
        return self.charter

    def crisis_status(self, community: str) -> dict[str, Any]:
        """The level, why, open escalations and statements waiting (empty without a playbook)."""
        return self.crisis.status(community) if self.crisis is not None else {}

    def declare_level(
        self, community: str, level: int, by: str, identities: Iterable[str], reason: str = ""
    ) -> Outcome:
        """A community manager declares a crisis level (Refused if the plan forbids it)."""
        args = {"level": level, "reason": reason, "platform": self.platform}
        return self._crisis_command(DECLARE, community, by, identities, args, manage=True)

    def ack(self, case_id: str, by: str, identities: Iterable[str]) -> Outcome:
        """Acknowledge a crisis escalation (KeyError for an unknown case)."""
        case = self._cell(identities).store.case(case_id)
        if case is None:
            raise KeyError(f"no case {case_id!r}")
        return self._crisis_command(ACK, case.community, by, identities, {"case": case_id})

    def approve_statement(
        self, statement_id: str, by: str, identities: Iterable[str], confirmed: bool = True
    ) -> Outcome:
        """The plan's approver agrees to a statement: it is posted (NeedsConfirmation first
        when `confirmed` is False; NotApprover for another role)."""
        statement = self._cell(identities).store.statement(statement_id)
        if statement is None:
            raise KeyError(f"no statement {statement_id!r}")
        args = {"statement": statement_id}
        return self._crisis_command(
            APPROVE, statement.community, by, identities, args, manage=True, confirmed=confirmed
        )

    def _crisis_command(
        self,
        kind: str,
        community: str,
        by: str,
        identities: Iterable[str],
        args: dict[str, Any],
        manage: bool = False,
        confirmed: bool = False,
    ) -> Outcome:
        identities = list(identities)
        cell = self._cell(identities, manage)
        roles = roles_of(cell.playbook, self.platform, identities)
        command = Command(kind, community, by, self.clock.now(), args, roles, confirmed)
        outcome = cell.submit(command)
        assert self.crisis is not None  # `_cell` checked it
        self._enqueue(self.crisis.apply(cell.take_applied(), self.engine))  # profile switches
        if outcome.status == CONFIRM:
            raise NeedsConfirmation(str(args.get("statement", "")), outcome.texts)
        return outcome

    def _cell(self, identities: Iterable[str], manage: bool = False) -> CrisisCell:
        identities = list(identities)
        self._require_staff(identities)
        if manage and not self.staff.may_manage(identities):
            raise NotAllowed("only the community managers and the crisis cell may do this")
        if self.crisis is None or self.crisis.cell is None:
            raise LookupError("no contingency plan is loaded")
        return cast(CrisisCell, self.crisis.cell)

    def _enqueue(self, actions: list[ActionRequest]) -> None:
        if actions:
            self.outbox.enqueue(actions, self.clock.now())

    def dispatcher(self, gateway: Gateway) -> Dispatcher:
        """A dispatcher that executes this platform's queued actions through `gateway`."""
        return Dispatcher(self.outbox, gateway, self.clock, platform=self.platform)

    def _require_staff(self, roles: Iterable[str]) -> None:
        if not self.staff.may_moderate(roles):
            raise NotAllowed("only the moderators named in the charter may do this")


def crisis_cell(playbook: Playbook, platform: str) -> frozenset[str]:
    """The identities ("user:ID", "role:ID", "chat:ID") of the crisis cell on `platform`."""
    contacts = [c for role in playbook.roles for c in (role.holder, role.backup) if c is not None]
    return frozenset(c.channels()[platform] for c in contacts if platform in c.channels())


def crisis_runner(playbook: Playbook, db: Database, clock: Clock, platform: str) -> CrisisRunner:
    """The crisis monitor of a live process, sharing the database with other processes: it owns
    the communities whose lease it holds and applies the commands queued for them."""
    store = SqlCrisisStore(db)
    monitor = CrisisMonitor(playbook, store, clock)
    holder = f"{platform}:{socket.gethostname()}:{os.getpid()}"
    cell = CrisisCell(playbook, store, SqlCommandInbox(db), SqlLeases(db), holder, monitor)
    monitor.fences = cell.fence
    return CrisisRunner(monitor, cell=cell)


def build_service(
    charter_path: str | Path,
    db: Database,
    clock: Clock,
    platform: str,
    playbook_path: str | Path | None = None,
    models_dir: Path | None = None,
    *,
    scorer: tuple[Scorer | None, str | None] | None = None,
    console_url: str = "",
    second: SecondStage | None = None,
) -> tuple[CommunityService, str | None]:
    """A live service for one platform; also says why the classifiers are off, if they are.
    `scorer`: the classifiers already loaded (and why not), for a process serving several
    communities with one copy of the models. `second`: the process's second stage, if any."""
    charter = load_charter(charter_path)
    model, degraded = scorer if scorer is not None else load_scorer(models_dir)
    engine = build_engine(charter, model)
    runner, extra = None, frozenset[str]()
    if playbook_path is not None:
        playbook = load_playbook(playbook_path)
        runner = crisis_runner(playbook, db, clock, platform)
        extra = crisis_cell(playbook, platform)
    staff = Staff.from_charter(charter, extra)
    service = CommunityService(
        charter, engine, db, clock, platform, staff, runner, console_url, second
    )
    return service, degraded
