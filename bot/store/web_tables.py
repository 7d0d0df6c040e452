"""The tables of the moderators' web console: local accounts with a role and a language, their
server-side sessions, the login attempts that rate limiting counts and the one-time password reset
links. Same declarative Base as `bot.store.tables`; created by the migrations 0004_console and
0010_issue14_reset_tokens.

Sessions and reset links are stored by the SHA-256 of their token, never the token itself: a copy
of the database does not let anyone log in.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.columns import BigId, UtcDateTime
from bot.store.tables import Base, table


class Role(StrEnum):
    """What an account may do in the console, from the most to the least powerful."""

    ADMIN = "admin"
    MANAGER = "manager"  # community manager: crisis room commands, what-if, reports
    MODERATOR = "moderator"
    TRAINEE = "trainee"  # drills and read-only cases, never personal data


def _roles_check() -> str:
    return "role IN (" + ", ".join(repr(r.value) for r in Role) + ")"


class ConsoleUserRow(Base):
    """A local account of the console."""

    __tablename__ = "console_users"
    __table_args__ = (CheckConstraint(_roles_check(), name="role"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ConsoleSessionRow(Base):
    """A logged-in browser: expires after `expires_at` or when idle too long."""

    __tablename__ = "console_sessions"
    __table_args__ = (
        Index("ix_console_sessions_user", "user_id"),
        Index("ix_console_sessions_expires", "expires_at"),
    )

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("console_users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ResetLinkRow(Base):
    """A one-time password reset link: stored by the SHA-256 of its token, dead once used or
    past `expires_at`, and replaced by a newer link for the same account."""

    __tablename__ = "console_reset_links"
    __table_args__ = (Index("ix_console_reset_links_user", "user_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("console_users.id", ondelete="CASCADE"))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LoginAttemptRow(Base):
    """One login attempt, counted by name and by address to slow down password guessing."""

    __tablename__ = "console_login_attempts"
    __table_args__ = (
        Index("ix_console_login_attempts_name", "name", "at"),
        Index("ix_console_login_attempts_address", "address", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    success: Mapped[bool] = mapped_column(Boolean)


CONSOLE_USERS: Table = table(ConsoleUserRow)
CONSOLE_SESSIONS: Table = table(ConsoleSessionRow)
LOGIN_ATTEMPTS: Table = table(LoginAttemptRow)
RESET_LINKS: Table = table(ResetLinkRow)
