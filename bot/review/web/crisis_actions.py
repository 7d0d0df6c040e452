"""The crisis room's commands, applied to the stored crisis state from the console's process (as
`vigie ack` does): acknowledge an escalation, edit a proposed statement, approve it (it is posted
through the outbox), tick a checklist item. Each is recorded in the incident's timeline and in the
audit log with who and when; the bot's running monitor picks the change up from the store."""

from __future__ import annotations

from datetime import datetime

from bot.crisis import events as ev
from bot.crisis.commands import ack_stored
from bot.crisis.events import CrisisEvent
from bot.crisis.state import Batch
from bot.crisis.statements import PROPOSED, Statement, approve
from bot.store.audit import AuditLog
from bot.store.crisis_repo import SqlCrisisStore
from bot.store.database import Database
from bot.store.outbox import SqlOutbox

MAX_STATEMENT = 4000


class CrisisCommands:
    """See the module docstring."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.store = SqlCrisisStore(db)
        self._audit = AuditLog(db)

    def ack(self, case_id: str, by: str, at: datetime) -> CrisisEvent:
        """Acknowledge an escalation (KeyError: unknown case; ValueError: not waiting)."""
        event = ack_stored(self.store, case_id, by, at)
        self._audit.append(by, "crisis.ack", f"escalation:{case_id}", {}, at)
        return event

    def edit_statement(
        self, statement_id: str, texts: dict[str, str], by: str, at: datetime
    ) -> None:
        """Change the words of a proposed statement; the previous words stay in its history."""
        statement = self._proposed(statement_id)
        changed = {
            lang: text.strip()[:MAX_STATEMENT]
            for lang, text in texts.items()
            if lang in statement.texts and text.strip() and text.strip() != statement.texts[lang]
        }
        if not changed:
            return
        statement.history.append({"at": at.isoformat(), "by": by, **statement.texts})
        statement.texts = {**statement.texts, **changed}
        event = CrisisEvent(
            "crisis.statement.edited",
            statement.community,
            at,
            statement.incident,
            {"statement": statement.id, "by": by, "languages": sorted(changed)},
        )
        self.store.write(Batch(statements={statement.id: statement}, events=[event]))
        detail = {"languages": sorted(changed)}
        self._audit.append(by, "crisis.statement_edit", f"statement:{statement.id}", detail, at)

    def approve(self, statement_id: str, by: str, at: datetime) -> None:
        """Approve a proposed statement: it is posted (the post action goes to the outbox)."""
        statement = self._proposed(statement_id)
        events = approve(statement, by, at)
        batch = Batch(statements={statement.id: statement}, events=events)
        incident = self.store.incident(statement.incident)
        if incident is not None and incident.first_statement_at is None:
            incident.first_statement_at = at
            batch.incidents[incident.id] = incident
        self.store.write(batch)
        actions = [action for event in events for action in event.actions]
        SqlOutbox(self._db).enqueue(actions, at)
        self._audit.append(by, "crisis.statement_approve", f"statement:{statement.id}", {}, at)

    def check(self, incident_id: str, index: int, by: str, at: datetime) -> None:
        """Tick an item of the incident's checklist (KeyError if there is no such item)."""
        incident = self.store.incident(incident_id)
        if incident is None or not 0 <= index < len(incident.checklist):
            raise KeyError(f"no checklist item {index} in incident {incident_id}")
        item = incident.checklist[index]
        if item.get("checked_by"):
            return
        item["checked_by"], item["checked_at"] = by, at.isoformat()
        event = CrisisEvent(
            ev.CHECKED,
            incident.community,
            at,
            incident.id,
            {"index": index, "text": item["text"], "by": by},
        )
        self.store.write(Batch(incidents={incident.id: incident}, events=[event]))
        self._audit.append(by, "crisis.check", f"incident:{incident.id}", {"index": index}, at)

    def _proposed(self, statement_id: str) -> Statement:
        statement = self.store.statement(statement_id)
        if statement is None:
            raise KeyError(f"no statement {statement_id!r}")
        if statement.status != PROPOSED:
            raise ValueError(f"statement {statement_id} is {statement.status}, not waiting")
        return statement
