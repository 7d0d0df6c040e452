"""The crisis tables: each community's monitor state, incidents, their timeline events, escalation
cases, statements and the indicator samples behind the report's charts (migration 0002_crisis); the
crisis command inbox and the leases that say which process owns a community's monitor or a bot's
platform connection (migration 0006). Same declarative Base as `bot.store.tables`.

The columns that are queried (status, deadlines, times) are real columns; the rest of each record is
its JSON `data`, written and read whole by `bot.store.crisis_repo`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.columns import BigId, Json, UtcDateTime
from bot.store.tables import Base, table

_INCIDENT_FK = "crisis_incidents.id"


class CrisisStateRow(Base):
    """The last snapshot of one community's monitor (level, windows, baselines)."""

    __tablename__ = "crisis_state"

    community: Mapped[str] = mapped_column(String(128), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    snapshot: Mapped[dict[str, Any]] = mapped_column(Json)


class IncidentRow(Base):
    """One crisis of one community, from its first raised level back to level 0."""

    __tablename__ = "crisis_incidents"
    __table_args__ = (
        Index("ix_crisis_incidents_community", "community", "opened_at"),
        Index("ix_crisis_incidents_open", "closed_at"),
    )

    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    community: Mapped[str] = mapped_column(String(128))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    max_level: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(Json)


class CrisisEventRow(Base):
    """One line of an incident's timeline (the events.jsonl line, as JSON)."""

    __tablename__ = "crisis_events"
    __table_args__ = (Index("ix_crisis_events_incident", "incident_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        String(160), ForeignKey(_INCIDENT_FK, ondelete="CASCADE")
    )
    community: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(Json)


class EscalationRow(Base):
    """An escalation case: who is called, until when, who acknowledged."""

    __tablename__ = "crisis_escalations"
    __table_args__ = (
        Index("ix_crisis_escalations_incident", "incident_id"),
        Index("ix_crisis_escalations_due", "status", "deadline"),
    )

    id: Mapped[str] = mapped_column(String(180), primary_key=True)
    incident_id: Mapped[str] = mapped_column(
        String(160), ForeignKey(_INCIDENT_FK, ondelete="CASCADE")
    )
    community: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(64))
    level: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[datetime | None] = mapped_column(UtcDateTime)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acked_by: Mapped[str | None] = mapped_column(String(128))
    acked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(Json)


class StatementRow(Base):
    """A holding statement or update: proposed, approved, posted."""

    __tablename__ = "crisis_statements"
    __table_args__ = (Index("ix_crisis_statements_incident", "incident_id"),)

    id: Mapped[str] = mapped_column(String(180), primary_key=True)
    incident_id: Mapped[str] = mapped_column(
        String(160), ForeignKey(_INCIDENT_FK, ondelete="CASCADE")
    )
    community: Mapped[str] = mapped_column(String(128))
    template: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(128))
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(Json)


class CrisisSampleRow(Base):
    """The indicators of one step during (and just before) an incident, for the charts."""

    __tablename__ = "crisis_samples"
    __table_args__ = (Index("ix_crisis_samples_incident", "incident_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        String(160), ForeignKey(_INCIDENT_FK, ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    values: Mapped[dict[str, Any]] = mapped_column(Json)


class CrisisCommandRow(Base):
    """A crisis command given by a person, waiting for the community's owner (the outbox's
    twin): applied once, in id order, then marked applied or refused with why."""

    __tablename__ = "crisis_commands"
    __table_args__ = (Index("ix_crisis_commands_pending", "community", "status", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16))
    applied_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    applied_by: Mapped[str | None] = mapped_column(String(128))
    result: Mapped[dict[str, Any] | None] = mapped_column(Json)


class LeaseRow(Base):
    """Who holds a named lease until when: `crisis:<community>` (the monitor's owner) or
    `bot:<platform>:<id>` (the active bot of a standby pair). `generation` grows at each
    takeover, so a write can check it still comes from the holder."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    generation: Mapped[int] = mapped_column(Integer)


CRISIS_STATE: Table = table(CrisisStateRow)
INCIDENTS: Table = table(IncidentRow)
CRISIS_EVENTS: Table = table(CrisisEventRow)
ESCALATIONS: Table = table(EscalationRow)
STATEMENTS: Table = table(StatementRow)
CRISIS_SAMPLES: Table = table(CrisisSampleRow)
CRISIS_COMMANDS: Table = table(CrisisCommandRow)
LEASES: Table = table(LeaseRow)
