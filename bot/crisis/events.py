"""Crisis events: the values the monitor returns and the incident timeline is made of, one
events.jsonl line each. An event may carry the actions the platforms must take (notifications,
statements, slow mode…) and a charter profile for the pipeline to switch to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.decision import ActionRequest
from bot.core.timeparse import isoformat, parse_timestamp

# Event types (the "type" of an events.jsonl line).
LEVEL = "crisis.level"
INCIDENT_OPENED = "crisis.incident.opened"
INCIDENT_CLOSED = "crisis.incident.closed"
NOTIFY = "crisis.notify"
ACK = "crisis.ack"
ACK_MISSED = "crisis.ack.missed"
ESCALATE = "crisis.escalate"
EXHAUSTED = "crisis.escalation.exhausted"
CASE_RESOLVED = "crisis.case.resolved"
STATEMENT_PROPOSED = "crisis.statement.proposed"
STATEMENT_APPROVED = "crisis.statement.approved"
STATEMENT_EDITED = "crisis.statement.edited"
STATEMENT_POSTED = "crisis.statement.posted"
STATEMENT_OVERDUE = "crisis.statement.overdue"
UPDATE_DUE = "crisis.update.due"
PROFILE = "crisis.profile"
ACTION = "crisis.action"
CHECKLIST = "crisis.checklist"
CHECKED = "crisis.checklist.checked"


@dataclass(frozen=True, slots=True)
class CrisisEvent:
    """One thing that happened in a crisis, when, in which community and incident."""

    type: str
    community: str
    at: datetime
    incident: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    actions: tuple[ActionRequest, ...] = field(default=(), compare=False)
    profile: str | None = field(default=None, compare=False)  # for PROFILE events: None = normal

    def to_dict(self) -> dict[str, Any]:
        """The events.jsonl line (actions are listed by kind and key)."""
        line: dict[str, Any] = {
            "type": self.type,
            "community": self.community,
            "at": isoformat(self.at),
        }
        if self.incident:
            line["incident"] = self.incident
        line.update(self.data)
        if self.actions:
            line["actions"] = [action.to_dict() for action in self.actions]
        return line

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrisisEvent:
        """Rebuild an event from its line (actions are kept as data, not as requests)."""
        rest = {k: v for k, v in data.items() if k not in ("type", "community", "at", "incident")}
        return cls(
            data["type"], data["community"], parse_timestamp(data["at"]), data.get("incident"), rest
        )
