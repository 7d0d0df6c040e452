"""The crisis room's commands from the console's process: acknowledge an escalation, edit a
proposed statement, approve it (after a confirmation, and only as the plan's approver), tick a
checklist item. Each goes through `CrisisCell` like the chat's and the CLI's: applied at once when
no bot owns the community, else queued for the bot that does. Each is also written to the audit
log with who and when."""

from __future__ import annotations

import os
import socket
from datetime import datetime

from bot.crisis.cell import CrisisCell, Outcome
from bot.crisis.commands import ACK, APPROVE, CHECK, EDIT, Command, roles_of
from bot.crisis.schema import Playbook
from bot.store.audit import AuditLog
from bot.store.crisis_inbox import SqlCommandInbox, SqlLeases
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database


class CrisisCommands:
    """See the module docstring."""

    def __init__(self, db: Database, playbook: Playbook) -> None:
        self.store = SqlCrisisStore(db)
        self.inbox = SqlCommandInbox(db)
        self.playbook = playbook
        holder = f"console:{socket.gethostname()}:{os.getpid()}"
        self.cell = CrisisCell(playbook, self.store, self.inbox, SqlLeases(db), holder)
        self._audit = AuditLog(db)

    def _give(self, kind: str, community: str, by: str, at: datetime, **args: object) -> Command:
        roles = roles_of(self.playbook, "console", [by])
        confirmed = bool(args.pop("confirmed", False))
        return Command(kind, community, by, at, args, roles, confirmed)

    def ack(self, community: str, case_id: str, by: str, at: datetime) -> Outcome:
        """Acknowledge an escalation (KeyError: unknown case; Refused: not waiting)."""
        outcome = self.cell.submit(self._give(ACK, community, by, at, case=case_id))
        self._audit.append(by, "crisis.ack", f"escalation:{case_id}", {}, at)
        return outcome

    def edit_statement(
        self, community: str, statement_id: str, texts: dict[str, str], by: str, at: datetime
    ) -> Outcome:
        """Change the words of a proposed statement; the previous words stay in its history."""
        command = self._give(EDIT, community, by, at, statement=statement_id, texts=texts)
        outcome = self.cell.submit(command)
        detail = {"languages": sorted(texts)}
        self._audit.append(by, "crisis.statement_edit", f"statement:{statement_id}", detail, at)
        return outcome

    def approve(
        self, community: str, statement_id: str, by: str, at: datetime, confirmed: bool
    ) -> Outcome:
        """Approve a proposed statement: CONFIRM first (with the texts), then it is posted."""
        command = self._give(
            APPROVE, community, by, at, statement=statement_id, confirmed=confirmed
        )
        outcome = self.cell.submit(command)
        if confirmed:
            target = f"statement:{statement_id}"
            self._audit.append(by, "crisis.statement_approve", target, {}, at)
        return outcome

    def check(self, community: str, incident_id: str, index: int, by: str, at: datetime) -> Outcome:
        """Tick an item of the incident's checklist (KeyError if there is no such item)."""
        command = self._give(CHECK, community, by, at, incident=incident_id, index=index)
        outcome = self.cell.submit(command)
        self._audit.append(by, "crisis.check", f"incident:{incident_id}", {"index": index}, at)
        return outcome
