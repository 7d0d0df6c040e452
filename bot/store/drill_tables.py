"""The drill tables: one row per drill a trainee played, with the score, the verdict, the points
per criterion and the automatic failures, so that a trainer follows each trainee's progress across
drills. Same declarative Base as `bot.store.tables`; created by the migration 0003_drills."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.columns import BigId, Json, UtcDateTime
from bot.store.tables import Base, table


class DrillResultRow(Base):
    """One drill played by one trainee, as scored."""

    __tablename__ = "drill_results"
    __table_args__ = (
        Index("ix_drill_results_trainee", "trainee", "played_at"),
        Index("ix_drill_results_scenario", "scenario", "played_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    trainee: Mapped[str] = mapped_column(String(128))
    scenario: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(256))
    language: Mapped[str] = mapped_column(String(8))
    played_at: Mapped[datetime] = mapped_column(UtcDateTime)
    score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    criteria: Mapped[dict[str, Any]] = mapped_column(Json)  # id -> {points, max}
    failures: Mapped[list[Any]] = mapped_column(Json)  # [{code, reason}]
    out_dir: Mapped[str | None] = mapped_column(Text)


DRILL_RESULTS: Table = table(DrillResultRow)
