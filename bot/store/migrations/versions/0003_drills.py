"""Drill results: one row per drill a trainee played (score, verdict, criteria, failures).

Revision ID: 0003
Revises: 0002
Create Date: 2026-05-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen copies of the column types of bot/store/columns.py as they were for this revision.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "drill_results",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("trainee", sa.String(128), nullable=False),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("title", sa.String(256), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("played_at", TIME, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("criteria", JSON, nullable=False),
        sa.Column("failures", JSON, nullable=False),
        sa.Column("out_dir", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_drill_results"),
    )
    op.create_index("ix_drill_results_trainee", "drill_results", ["trainee", "played_at"])
    op.create_index("ix_drill_results_scenario", "drill_results", ["scenario", "played_at"])


def downgrade() -> None:
    op.drop_table("drill_results")
