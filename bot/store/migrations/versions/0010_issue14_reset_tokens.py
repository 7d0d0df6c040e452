"""One-time password reset links of the console: the SHA-256 of each link's token (never the
token), the account it resets, when it expires and when it was used.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None

# Frozen copies of the column types of bot/store/columns.py as they were for this revision.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "console_reset_links",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", BIG_ID, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("used_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name="pk_console_reset_links"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["console_users.id"],
            name="fk_console_reset_links_user_id_console_users",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_console_reset_links_user", "console_reset_links", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_console_reset_links_user", table_name="console_reset_links")
    op.drop_table("console_reset_links")
