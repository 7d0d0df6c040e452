"""The console's accounts in the database: creating them, opening and closing sessions, and
counting failed logins. Password hashing and the session policy (how long, how many failures)
belong to `bot.review.web.auth`; this module only stores and queries. Every login, logout and
account creation is written to the audit log with who and when.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.audit import write_audit
from bot.store.database import Database
from bot.store.web_tables import CONSOLE_SESSIONS, CONSOLE_USERS, LOGIN_ATTEMPTS, Role


class AccountExists(ValueError):
    """An account with that name already exists."""


@dataclass(frozen=True, slots=True)
class Account:
    """A console account as stored (without its password hash)."""

    id: int
    name: str
    role: Role
    lang: str
    created_at: datetime
    disabled_at: datetime | None
    last_login_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether the account may log in."""
        return self.disabled_at is None


def token_hash(token: str) -> str:
    """The stored form of a session token (the token itself only lives in the cookie)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _account(row: object) -> Account:
    data = row._mapping  # type: ignore[attr-defined]
    return Account(
        data["id"],
        data["name"],
        Role(data["role"]),
        data["lang"],
        data["created_at"],
        data["disabled_at"],
        data["last_login_at"],
    )


class ConsoleAccounts:
    """Accounts, sessions and login attempts of the web console."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- accounts ------------------------------------------------------------------------------

    def add(
        self, name: str, password_hash: str, role: Role | str, lang: str, at: datetime, by: str
    ) -> Account:
        """Create an account; AccountExists if the name is taken."""
        row = {"name": name, "password_hash": password_hash, "role": Role(role).value}
        row |= {"lang": lang, "created_at": at}
        try:
            with self._db.begin() as connection:
                statement = insert(CONSOLE_USERS).values(**row).returning(CONSOLE_USERS.c.id)
                user_id = connection.execute(statement).scalar_one()
                detail = {"role": row["role"], "lang": lang}
                write_audit(connection, by, "console.user_add", f"user:{name}", detail, at)
        except IntegrityError:
            raise AccountExists(f"an account named {name!r} already exists") from None
        return Account(int(user_id), name, Role(role), lang, at, None, None)

    def get(self, name: str) -> tuple[Account, str] | None:
        """The account named `name` and its password hash, or None."""
        query = select(CONSOLE_USERS).where(CONSOLE_USERS.c.name == name)
        with self._db.read() as connection:
            row = connection.execute(query).first()
        return None if row is None else (_account(row), row.password_hash)

    def all(self) -> list[Account]:
        """Every account, by name."""
        with self._db.read() as connection:
            rows = connection.execute(select(CONSOLE_USERS).order_by(CONSOLE_USERS.c.name))
            return [_account(row) for row in rows]

    def set_password_hash(self, name: str, password_hash: str, at: datetime, by: str) -> None:
        """Replace the hash (a rehash with newer parameters, or a new password)."""
        with self._db.begin() as connection:
            connection.execute(
                update(CONSOLE_USERS)
                .where(CONSOLE_USERS.c.name == name)
                .values(password_hash=password_hash)
            )
            write_audit(connection, by, "console.password", f"user:{name}", {}, at)

    # --- sessions ------------------------------------------------------------------------------

    def open_session(
        self, account: Account, token: str, at: datetime, expires_at: datetime, address: str
    ) -> None:
        """Record a successful login and its new session (audited)."""
        row = {"token_hash": token_hash(token), "user_id": account.id, "created_at": at}
        row |= {"last_seen_at": at, "expires_at": expires_at}
        with self._db.begin() as connection:
            connection.execute(insert(CONSOLE_SESSIONS).values(**row))
            connection.execute(
                update(CONSOLE_USERS)
                .where(CONSOLE_USERS.c.id == account.id)
                .values(last_login_at=at)
            )
            self._attempt(connection, account.name, address, at, True)
            write_audit(connection, account.name, "console.login", f"user:{account.name}", {}, at)

    def session(self, token: str) -> tuple[Account, datetime, datetime] | None:
        """The account behind a session token with the session's last use and expiry, or None."""
        query = (
            select(CONSOLE_USERS, CONSOLE_SESSIONS.c.last_seen_at, CONSOLE_SESSIONS.c.expires_at)
            .join(CONSOLE_SESSIONS, CONSOLE_SESSIONS.c.user_id == CONSOLE_USERS.c.id)
            .where(CONSOLE_SESSIONS.c.token_hash == token_hash(token))
        )
        with self._db.read() as connection:
            row = connection.execute(query).first()
        return None if row is None else (_account(row), row.last_seen_at, row.expires_at)

    def touch(self, token: str, at: datetime) -> None:
        """Mark the session used now (the idle timeout counts from here)."""
        with self._db.begin() as connection:
            connection.execute(
                update(CONSOLE_SESSIONS)
                .where(CONSOLE_SESSIONS.c.token_hash == token_hash(token))
                .values(last_seen_at=at)
            )

    def close_session(self, token: str, at: datetime, actor: str | None, why: str) -> None:
        """End a session (logout or expiry), audited with who it belonged to."""
        with self._db.begin() as connection:
            connection.execute(
                delete(CONSOLE_SESSIONS).where(CONSOLE_SESSIONS.c.token_hash == token_hash(token))
            )
            if actor is not None:
                write_audit(connection, actor, f"console.{why}", f"user:{actor}", {}, at)

    def purge_sessions(self, now: datetime) -> int:
        """Delete the sessions past their expiry; return how many."""
        with self._db.begin() as connection:
            result = connection.execute(
                delete(CONSOLE_SESSIONS).where(CONSOLE_SESSIONS.c.expires_at <= now)
            )
        return result.rowcount

    # --- login attempts ------------------------------------------------------------------------

    def failed_login(self, name: str, address: str, at: datetime) -> None:
        """Record a failed attempt (audited: repeated failures are worth seeing)."""
        with self._db.begin() as connection:
            self._attempt(connection, name, address, at, False)
            detail = {"address": address}
            write_audit(connection, name[:64], "console.login_failed", f"user:{name}", detail, at)

    def failures_since(
        self, since: datetime, *, name: str | None = None, address: str | None = None
    ) -> int:
        """Failed attempts since `since`, for one name or one address."""
        query = select(func.count()).where(
            LOGIN_ATTEMPTS.c.at >= since, LOGIN_ATTEMPTS.c.success.is_(False)
        )
        if name is not None:
            query = query.where(LOGIN_ATTEMPTS.c.name == name[:64])
        if address is not None:
            query = query.where(LOGIN_ATTEMPTS.c.address == address[:64])
        with self._db.read() as connection:
            return int(connection.execute(query).scalar_one())

    @staticmethod
    def _attempt(connection: object, name: str, address: str, at: datetime, ok: bool) -> None:
        row = {"name": name[:64], "address": address[:64], "at": at, "success": ok}
        connection.execute(insert(LOGIN_ATTEMPTS).values(**row))  # type: ignore[attr-defined]
