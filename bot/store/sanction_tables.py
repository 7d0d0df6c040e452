"""The sanctions table: what a moderator did to a member, by hand through Vigie or with the
platform's own tools (a case of kind `sanction` or `native` each), with how long it lasts, the
strike it gave and whether it was lifted. Same declarative Base as `bot.store.tables`; created by
the migration 0007_sanctions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.columns import BigId, UtcDateTime
from bot.store.tables import Base, table


class SanctionRow(Base):
    """One moderator's action on one member, tied to its case."""

    __tablename__ = "sanctions"
    __table_args__ = (
        Index("ix_sanctions_member", "platform", "community", "user_id"),
        Index("ix_sanctions_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(32))
    community: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(16))
    moderator: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    strike_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("strikes.id", ondelete="SET NULL")
    )
    notice: Mapped[str | None] = mapped_column(Text)
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    lifted_by: Mapped[str | None] = mapped_column(String(128))


SANCTIONS = table(SanctionRow)
