"""Idempotent recording: a decision per message version, a strike per decision, and the quarantine
of messages the store cannot take.

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-07

`decisions.version` is 0 for a message as first posted and the edit's time in milliseconds for an
edit; rows recorded before this revision keep NULL, which unique indexes do not compare, so an old
database with doubled decisions still migrates.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen copies of the column types of bot/store/columns.py as they were for this revision.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("version", sa.BigInteger(), nullable=True))
    op.create_index(
        "uq_decisions_version",
        "decisions",
        ["platform", "community", "message_id", "version"],
        unique=True,
    )
    op.create_index("uq_strikes_decision", "strikes", ["decision_id"], unique=True)
    op.create_table(
        "quarantine",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("message_id", sa.String(128), nullable=False),
        sa.Column("author_id", sa.String(128), nullable=False),
        sa.Column("ts", TIME, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quarantine"),
        sa.UniqueConstraint("key", name="uq_quarantine_key"),
    )
    op.create_index("ix_quarantine_author", "quarantine", ["author_id"])


def downgrade() -> None:
    op.drop_index("ix_quarantine_author", table_name="quarantine")
    op.drop_table("quarantine")
    op.drop_index("uq_strikes_decision", table_name="strikes")
    op.drop_index("uq_decisions_version", table_name="decisions")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("version")
