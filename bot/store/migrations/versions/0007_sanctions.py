"""Moderators' sanctions: the `sanctions` table and two case kinds (`sanction`, `native`).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"  # chained after 0009 and 0006, merged first (assigned: "0004")
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)
OLD_KINDS = "kind IN ('escalation', 'report', 'appeal', 'crisis')"
NEW_KINDS = "kind IN ('escalation', 'report', 'appeal', 'crisis', 'sanction', 'native')"


def _kinds(check: str) -> None:
    # SQLite cannot alter a constraint: batch mode rebuilds the table with the new one.
    with op.batch_alter_table("cases", recreate="auto") as batch:
        batch.drop_constraint("ck_cases_kind", type_="check")
        batch.create_check_constraint("ck_cases_kind", check)


def upgrade() -> None:
    _kinds(NEW_KINDS)
    op.create_table(
        "sanctions",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("case_id", BIG_ID, nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("moderator", sa.String(128), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("until", TIME, nullable=True),
        sa.Column("strike_id", BIG_ID, nullable=True),
        sa.Column("notice", sa.Text(), nullable=True),
        sa.Column("lifted_at", TIME, nullable=True),
        sa.Column("lifted_by", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sanctions"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_sanctions_case_id_cases", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["strike_id"], ["strikes.id"], name="fk_sanctions_strike_id_strikes",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_sanctions_member", "sanctions", ["platform", "community", "user_id"])
    op.create_index("ix_sanctions_case", "sanctions", ["case_id"])


def downgrade() -> None:
    op.drop_table("sanctions")
    op.execute("DELETE FROM cases WHERE kind IN ('sanction', 'native')")
    _kinds(OLD_KINDS)
