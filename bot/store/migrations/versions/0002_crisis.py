"""Crisis tables: monitor state, incidents, timeline events, escalations, statements, samples.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-11
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copies of the column types of bot/store/columns.py as they were for this revision.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)
INCIDENT = sa.String(160)


def _incident_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["incident_id"], ["crisis_incidents.id"],
        name=f"fk_{table}_incident_id_crisis_incidents", ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "crisis_state",
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("snapshot", JSON, nullable=False),
        sa.PrimaryKeyConstraint("community", name="pk_crisis_state"),
    )
    op.create_table(
        "crisis_incidents",
        sa.Column("id", INCIDENT, nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("closed_at", TIME, nullable=True),
        sa.Column("max_level", sa.Integer(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_crisis_incidents"),
    )
    op.create_index("ix_crisis_incidents_community", "crisis_incidents", ["community", "opened_at"])
    op.create_index("ix_crisis_incidents_open", "crisis_incidents", ["closed_at"])

    op.create_table(
        "crisis_events",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("incident_id", INCIDENT, nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_crisis_events"),
        _incident_fk("crisis_events"),
    )
    op.create_index("ix_crisis_events_incident", "crisis_events", ["incident_id", "id"])

    op.create_table(
        "crisis_escalations",
        sa.Column("id", sa.String(180), nullable=False),
        sa.Column("incident_id", INCIDENT, nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("role", sa.String(64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("deadline", TIME, nullable=True),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("acked_by", sa.String(128), nullable=True),
        sa.Column("acked_at", TIME, nullable=True),
        sa.Column("data", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_crisis_escalations"),
        _incident_fk("crisis_escalations"),
    )
    op.create_index("ix_crisis_escalations_incident", "crisis_escalations", ["incident_id"])
    op.create_index("ix_crisis_escalations_due", "crisis_escalations", ["status", "deadline"])

    op.create_table(
        "crisis_statements",
        sa.Column("id", sa.String(180), nullable=False),
        sa.Column("incident_id", INCIDENT, nullable=False),
        sa.Column("community", sa.String(128), nullable=False),
        sa.Column("template", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("proposed_at", TIME, nullable=False),
        sa.Column("approved_by", sa.String(128), nullable=True),
        sa.Column("posted_at", TIME, nullable=True),
        sa.Column("data", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_crisis_statements"),
        _incident_fk("crisis_statements"),
    )
    op.create_index("ix_crisis_statements_incident", "crisis_statements", ["incident_id"])

    op.create_table(
        "crisis_samples",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("incident_id", INCIDENT, nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("values", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_crisis_samples"),
        _incident_fk("crisis_samples"),
    )
    op.create_index("ix_crisis_samples_incident", "crisis_samples", ["incident_id", "at"])


def downgrade() -> None:
    for name in ("crisis_samples", "crisis_statements", "crisis_escalations", "crisis_events",
                 "crisis_incidents", "crisis_state"):
        op.drop_table(name)
