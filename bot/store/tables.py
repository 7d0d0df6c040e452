"""The schema: one typed ORM class per table, and the vocabularies (statuses, kinds) they hold.

Tables are created only by the Alembic migrations in `bot/store/migrations`; this module is what the
repositories query and what the migration tests compare the migrated database against.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.store.columns import BigId, Json, UtcDateTime

# Named constraints, so that a migration can drop or alter them by name on both backends.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ActionStatus(StrEnum):
    """Where an action of the outbox stands."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class CaseKind(StrEnum):
    """Why a case was opened."""

    ESCALATION = "escalation"  # the engine asked a human (escalate or hold action)
    REPORT = "report"  # a member reported a message
    APPEAL = "appeal"  # an author contests a decision
    CRISIS = "crisis"  # opened by the crisis monitor
    SANCTION = "sanction"  # a moderator's own action through Vigie (warn, ban, note...)
    NATIVE = "native"  # a moderator's action with the platform's own tools, recorded


class CaseStatus(StrEnum):
    """The life of a case: open, taken by a moderator, then decided or closed."""

    OPEN = "open"
    TAKEN = "taken"
    CONFIRMED = "confirmed"
    OVERTURNED = "overturned"
    ESCALATED = "escalated"  # passed up: open again for a more senior moderator
    CLOSED = "closed"


ACTIVE_CASE_STATUSES = (CaseStatus.OPEN, CaseStatus.TAKEN, CaseStatus.ESCALATED)
FINISHED_CASE_STATUSES = (CaseStatus.CONFIRMED, CaseStatus.OVERTURNED, CaseStatus.CLOSED)


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Base(DeclarativeBase):
    """The declarative base of every table of the store."""

    metadata = MetaData(naming_convention=NAMING)


class MessageRow(Base):
    """A message seen by the bot. `text` is erased by retention or on request; the row stays."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("platform", "community", "message_id", name="uq_messages_key"),
        Index("ix_messages_author", "author_id", "community"),
        Index("ix_messages_ts", "ts"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(32))
    community: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(128))
    message_id: Mapped[str] = mapped_column(String(128))
    author_id: Mapped[str] = mapped_column(String(128))
    author_name: Mapped[str] = mapped_column(String(256), default="")
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    text: Mapped[str | None] = mapped_column(Text)
    text_purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reply_to: Mapped[str | None] = mapped_column(String(128))
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DecisionRow(Base):
    """One decision of the engine about one version of a message (an edit adds a new one)."""

    __tablename__ = "decisions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["platform", "community", "message_id"],
            ["messages.platform", "messages.community", "messages.message_id"],
            name="fk_decisions_message",
        ),
        Index("ix_decisions_message", "platform", "community", "message_id"),
        Index("ix_decisions_at", "at"),
        # One decision per message version, whatever replays, restarts and redeliveries happen.
        Index(
            "uq_decisions_version", "platform", "community", "message_id", "version", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(32))
    community: Mapped[str] = mapped_column(String(128))
    message_id: Mapped[str] = mapped_column(String(128))
    version: Mapped[int | None] = mapped_column(BigInteger)  # Message.version; NULL before 0009
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    mode: Mapped[str] = mapped_column(String(16))
    severity: Mapped[int] = mapped_column(Integer, default=0)
    strikes: Mapped[int] = mapped_column(Integer, default=0)
    strike_weight: Mapped[int] = mapped_column(Integer, default=0)
    language: Mapped[str] = mapped_column(String(16))
    notice: Mapped[str | None] = mapped_column(Text)
    matched: Mapped[list[str]] = mapped_column(Json)
    scores: Mapped[dict[str, Any]] = mapped_column(Json)
    top_features: Mapped[dict[str, Any] | None] = mapped_column(Json)
    actions: Mapped[list[Any]] = mapped_column(Json)
    trace: Mapped[list[Any]] = mapped_column(Json)
    degraded: Mapped[list[str] | None] = mapped_column(Json)


class ActionRow(Base):
    """The outbox: an action recorded before it is executed, marked after; `key` makes it once."""

    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint(_in("status", ActionStatus), name="status"),
        Index("ix_actions_due", "status", "platform", "not_before"),
        Index("ix_actions_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str] = mapped_column(String(32))
    community: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # done or failed


class StrikeRow(Base):
    """A strike against an author: counts until it expires or a moderator removes it."""

    __tablename__ = "strikes"
    __table_args__ = (
        Index("ix_strikes_live", "community", "user_id", "expires_at"),
        Index("ix_strikes_decision", "decision_id"),
        Index("ix_strikes_expires", "expires_at"),
        Index("uq_strikes_decision", "decision_id", unique=True),  # a decision strikes once
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[str] = mapped_column(String(128))
    rule: Mapped[str] = mapped_column(String(128))
    decision_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("decisions.id", ondelete="SET NULL")
    )
    weight: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    removed_by: Mapped[str | None] = mapped_column(String(128))


class CaseRow(Base):
    """A case for a human: an escalation, a report, an appeal or a crisis item."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(_in("kind", CaseKind), name="kind"),
        CheckConstraint(_in("status", CaseStatus), name="status"),
        Index("ix_cases_queue", "status", "severity", "created_at"),
        Index("ix_cases_decision", "decision_id"),
        Index("ix_cases_author", "author_id"),
        Index("ix_cases_appeal_of", "appeal_of"),
        Index("ix_cases_decided_at", "decided_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.OPEN.value)
    community: Mapped[str] = mapped_column(String(128))
    platform: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(128))
    message_id: Mapped[str | None] = mapped_column(String(128))
    decision_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("decisions.id", ondelete="SET NULL")
    )
    rule: Mapped[str | None] = mapped_column(String(128))
    author_id: Mapped[str | None] = mapped_column(String(128))
    severity: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str | None] = mapped_column(Text)  # what the author wrote in an appeal
    assigned_to: Mapped[str | None] = mapped_column(String(128))
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deadline: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    verdict: Mapped[str | None] = mapped_column(String(16))
    original_moderator: Mapped[str | None] = mapped_column(String(128))
    appeal_of: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("cases.id", ondelete="SET NULL")
    )


class CaseNoteRow(Base):
    """A moderator's note on a case."""

    __tablename__ = "case_notes"
    __table_args__ = (Index("ix_case_notes_case", "case_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    text: Mapped[str] = mapped_column(Text)


class QuarantineRow(Base):
    """A message the store could not take (the reason says why): kept by reference only, reported
    to the moderators once, so that one bad message never stops the recording of the others."""

    __tablename__ = "quarantine"
    __table_args__ = (Index("ix_quarantine_author", "author_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    platform: Mapped[str] = mapped_column(String(32))
    community: Mapped[str] = mapped_column(String(128))
    message_id: Mapped[str] = mapped_column(String(128))
    author_id: Mapped[str] = mapped_column(String(128))
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditRow(Base):
    """What a human (or the retention job) changed, when, to what. Never purged."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_target", "target"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(255))
    detail: Mapped[dict[str, Any]] = mapped_column(Json)


def table(model: type[Base]) -> Table:
    """The Core table of a model, for bulk statements (typed, unlike `model.__table__`)."""
    result = model.__table__
    assert isinstance(result, Table)
    return result


MESSAGES = table(MessageRow)
DECISIONS = table(DecisionRow)


def same_message(rows: Table) -> ColumnElement[bool]:
    """The join condition of `rows` (decisions, cases) with the message they are about."""
    return and_(
        MESSAGES.c.platform == rows.c.platform,
        MESSAGES.c.community == rows.c.community,
        MESSAGES.c.message_id == rows.c.message_id,
    )


ACTIONS = table(ActionRow)
STRIKES = table(StrikeRow)
CASES = table(CaseRow)
CASE_NOTES = table(CaseNoteRow)
AUDIT_LOG = table(AuditRow)
QUARANTINE = table(QuarantineRow)
