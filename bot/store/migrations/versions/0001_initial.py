"""Initial schema: messages, decisions, the actions outbox, strikes, cases and notes, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-05-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the column types of bot/store/columns.py as they were for this revision.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)


def _id() -> sa.Column[int]:
    return sa.Column("id", BIG_ID, primary_key=True, autoincrement=True)


def upgrade() -> None:
    op.create_table(
        "messages",
        _id(),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(128), nullable=False),
        sa.Column("message_id", sa.String(128), nullable=False),
        sa.Column("author_id", sa.String(128), nullable=False),
        sa.Column("author_name", sa.String(256), nullable=False),
        sa.Column("ts", TIME, nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_purged_at", TIME, nullable=True),
        sa.Column("reply_to", sa.String(128), nullable=True),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("edited_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
        sa.UniqueConstraint("platform", "community", "message_id", name="uq_messages_key"),
    )
    op.create_index("ix_messages_author", "messages", ["author_id", "community"])
    op.create_index("ix_messages_ts", "messages", ["ts"])

    op.create_table(
        "decisions",
        _id(),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("message_id", sa.String(128), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("strikes", sa.Integer(), nullable=False),
        sa.Column("strike_weight", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("notice", sa.Text(), nullable=True),
        sa.Column("matched", JSON, nullable=False),
        sa.Column("scores", JSON, nullable=False),
        sa.Column("top_features", JSON, nullable=True),
        sa.Column("actions", JSON, nullable=False),
        sa.Column("trace", JSON, nullable=False),
        sa.Column("degraded", JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.ForeignKeyConstraint(
            ["platform", "community", "message_id"],
            ["messages.platform", "messages.community", "messages.message_id"],
            name="fk_decisions_message",
        ),
    )
    op.create_index("ix_decisions_message", "decisions", ["platform", "community", "message_id"])
    op.create_index("ix_decisions_at", "decisions", ["at"])

    op.create_table(
        "actions",
        _id(),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=True),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", TIME, nullable=False),
        sa.Column("claimed_until", TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("done_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_actions"),
        sa.UniqueConstraint("key", name="uq_actions_key"),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'failed')", name="ck_actions_status"
        ),
    )
    op.create_index("ix_actions_due", "actions", ["status", "platform", "not_before"])
    op.create_index("ix_actions_user", "actions", ["user_id"])

    op.create_table(
        "strikes",
        _id(),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("rule", sa.String(128), nullable=False),
        sa.Column("decision_id", BIG_ID, nullable=True),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("removed_at", TIME, nullable=True),
        sa.Column("removed_by", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_strikes"),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name="fk_strikes_decision_id_decisions",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_strikes_live", "strikes", ["community", "user_id", "expires_at"])
    op.create_index("ix_strikes_decision", "strikes", ["decision_id"])
    op.create_index("ix_strikes_expires", "strikes", ["expires_at"])

    op.create_table(
        "cases",
        _id(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(128), nullable=True),
        sa.Column("message_id", sa.String(128), nullable=True),
        sa.Column("decision_id", BIG_ID, nullable=True),
        sa.Column("rule", sa.String(128), nullable=True),
        sa.Column("author_id", sa.String(128), nullable=True),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("assigned_to", sa.String(128), nullable=True),
        sa.Column("assigned_at", TIME, nullable=True),
        sa.Column("deadline", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("decided_by", sa.String(128), nullable=True),
        sa.Column("decided_at", TIME, nullable=True),
        sa.Column("verdict", sa.String(16), nullable=True),
        sa.Column("original_moderator", sa.String(128), nullable=True),
        sa.Column("appeal_of", BIG_ID, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name="fk_cases_decision_id_decisions",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["appeal_of"], ["cases.id"], name="fk_cases_appeal_of_cases", ondelete="SET NULL"
        ),
        sa.CheckConstraint(
            "kind IN ('escalation', 'report', 'appeal', 'crisis')", name="ck_cases_kind"
        ),
        sa.CheckConstraint(
            "status IN ('open', 'taken', 'confirmed', 'overturned', 'escalated', 'closed')",
            name="ck_cases_status",
        ),
    )
    op.create_index("ix_cases_queue", "cases", ["status", "severity", "created_at"])
    op.create_index("ix_cases_decision", "cases", ["decision_id"])
    op.create_index("ix_cases_author", "cases", ["author_id"])
    op.create_index("ix_cases_appeal_of", "cases", ["appeal_of"])
    op.create_index("ix_cases_decided_at", "cases", ["decided_at"])

    op.create_table(
        "case_notes",
        _id(),
        sa.Column("case_id", BIG_ID, nullable=False),
        sa.Column("author", sa.String(128), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_notes"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_notes_case_id_cases", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_case_notes_case", "case_notes", ["case_id"])

    op.create_table(
        "audit_log",
        _id(),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(255), nullable=False),
        sa.Column("detail", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_target", "audit_log", ["target"])


def downgrade() -> None:
    for name in ("audit_log", "case_notes", "cases", "strikes", "actions", "decisions", "messages"):
        op.drop_table(name)
