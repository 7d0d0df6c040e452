"""Web console tables: local accounts, server-side sessions, login attempts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-05-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen copies of the column types of bot/store/columns.py as they were for this revision.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("disabled_at", TIME, nullable=True),
        sa.Column("last_login_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_console_users"),
        sa.UniqueConstraint("name", name="uq_console_users_name"),
        sa.CheckConstraint(
            "role IN ('admin', 'manager', 'moderator', 'trainee')", name="ck_console_users_role"
        ),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", BIG_ID, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_seen_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_console_sessions"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["console_users.id"],
            name="fk_console_sessions_user_id_console_users", ondelete="CASCADE",
        ),
    )
    op.create_index("ix_console_sessions_user", "console_sessions", ["user_id"])
    op.create_index("ix_console_sessions_expires", "console_sessions", ["expires_at"])
    op.create_table(
        "console_login_attempts",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_console_login_attempts"),
    )
    op.create_index(
        "ix_console_login_attempts_name", "console_login_attempts", ["name", "at"]
    )
    op.create_index(
        "ix_console_login_attempts_address", "console_login_attempts", ["address", "at"]
    )


def downgrade() -> None:
    for name in ("console_login_attempts", "console_sessions", "console_users"):
        op.drop_table(name)
