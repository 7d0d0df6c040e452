"""The console's accounts in the database: creating them, opening and closing sessions, and
counting failed logins. Password hashing and the session policy (how long, how many failures)
belong to `bot.review.web.auth`; this module only stores and queries. Every login, logout and
account creation is written to the audit log with who and when.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from bot.store.audit import write_audit
from bot.store.database import Database
from bot.store.web_tables import CONSOLE_SESSIONS, CONSOLE_USERS, LOGIN_ATTEMPTS, Role


@dataclass(frozen=True, slots=True)
class LoginGate:
    """Whether a login may be checked now: the reserved attempt's id, or when to retry."""

    attempt: int | None
    retry_at: datetime | None

    @property
    def allowed(self) -> bool:
        """Whether the password may be checked."""
        return self.attempt is not None


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

    def set_disabled(self, name: str, disabled: bool, at: datetime, by: str) -> bool:
        """Disable (its sessions end) or re-enable an account; False if there is none."""
        with self._db.begin() as connection:
            found = connection.execute(
                update(CONSOLE_USERS)
                .where(CONSOLE_USERS.c.name == name)
                .values(disabled_at=at if disabled else None)
                .returning(CONSOLE_USERS.c.id)
            ).scalar()
            if found is None:
                return False
            if disabled:
                connection.execute(
                    delete(CONSOLE_SESSIONS).where(CONSOLE_SESSIONS.c.user_id == found)
                )
            action = "console.disable" if disabled else "console.enable"
            write_audit(connection, by, action, f"user:{name}", {}, at)
        return True

    def set_role(self, name: str, role: Role | str, at: datetime, by: str) -> bool:
        """Change an account's role (its open sessions see it at once); False if there is none."""
        value = Role(role).value
        with self._db.begin() as connection:
            result = connection.execute(
                update(CONSOLE_USERS).where(CONSOLE_USERS.c.name == name).values(role=value)
            )
            if result.rowcount != 1:
                return False
            write_audit(connection, by, "console.role", f"user:{name}", {"role": value}, at)
        return True

    def end_sessions(self, name: str, at: datetime, by: str) -> int:
        """Log an account out everywhere; return how many sessions ended."""
        user_ids = select(CONSOLE_USERS.c.id).where(CONSOLE_USERS.c.name == name)
        with self._db.begin() as connection:
            result = connection.execute(
                delete(CONSOLE_SESSIONS).where(
                    CONSOLE_SESSIONS.c.user_id.in_(user_ids.scalar_subquery())
                )
            )
            ended = result.rowcount
            write_audit(
                connection, by, "console.sessions_end", f"user:{name}", {"ended": ended}, at
            )
        return ended

    # --- sessions ------------------------------------------------------------------------------

    def open_session(
        self,
        account: Account,
        token: str,
        at: datetime,
        expires_at: datetime,
        address: str,
        attempt: int | None = None,
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
            if attempt is None:
                self._attempt(connection, account.name, address, at, True)
            else:  # the attempt reserved as a failure turns out a success
                connection.execute(
                    update(LOGIN_ATTEMPTS)
                    .where(LOGIN_ATTEMPTS.c.id == attempt)
                    .values(success=True)
                )
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

    def reserve_attempt(
        self, name: str, address: str, now: datetime, window: timedelta, limit: int
    ) -> LoginGate:
        """Count the failures of `name` from `address` in the last `window` and, under `limit`,
        record this attempt as failed until `open_session` says otherwise: one transaction, so
        parallel attempts are counted one after the other and never all checked at once."""
        since = now - window
        with self._db.begin() as connection:
            if connection.dialect.name == "postgresql":  # SQLite: BEGIN IMMEDIATE serialises
                key = int.from_bytes(hashlib.sha256(f"{name}\n{address}".encode()).digest()[:8])
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": key - (1 << 63)}
                )
            failures = list(
                connection.execute(
                    select(LOGIN_ATTEMPTS.c.at)
                    .where(
                        LOGIN_ATTEMPTS.c.name == name[:64],
                        LOGIN_ATTEMPTS.c.address == address[:64],
                        LOGIN_ATTEMPTS.c.at > since,  # free again at `retry_at`, as said
                        LOGIN_ATTEMPTS.c.success.is_(False),
                    )
                    .order_by(LOGIN_ATTEMPTS.c.at)
                ).scalars()
            )
            if len(failures) >= limit:
                # Free again when enough of the counted failures have left the window.
                return LoginGate(None, failures[len(failures) - limit] + window)
            row = {"name": name[:64], "address": address[:64], "at": now, "success": False}
            attempt = connection.execute(
                insert(LOGIN_ATTEMPTS).values(**row).returning(LOGIN_ATTEMPTS.c.id)
            ).scalar_one()
        return LoginGate(int(attempt), None)

    def clear_lockout(self, name: str, by: str, at: datetime, address: str | None = None) -> int:
        """An administrator lifts a lockout: the failures of `name` (from `address`, or from
        everywhere) are forgotten. Audited; returns how many failures were cleared."""
        condition = (LOGIN_ATTEMPTS.c.name == name[:64]) & LOGIN_ATTEMPTS.c.success.is_(False)
        if address is not None:
            condition = condition & (LOGIN_ATTEMPTS.c.address == address[:64])
        with self._db.begin() as connection:
            cleared = connection.execute(delete(LOGIN_ATTEMPTS).where(condition)).rowcount
            detail = {"address": address, "failures": cleared}
            write_audit(connection, by, "console.unlock", f"user:{name}", detail, at)
        return int(cleared)

    def failed_login(
        self, name: str, address: str, at: datetime, attempt: int | None = None
    ) -> None:
        """Record a failed attempt (audited: repeated failures are worth seeing); an attempt
        reserved by `reserve_attempt` is already counted."""
        with self._db.begin() as connection:
            if attempt is None:
                self._attempt(connection, name, address, at, False)
            detail = {"address": address}
            write_audit(connection, name[:64], "console.login_failed", f"user:{name}", detail, at)

    @staticmethod
    def _attempt(connection: object, name: str, address: str, at: datetime, ok: bool) -> None:
        row = {"name": name[:64], "address": address[:64], "at": at, "success": ok}
        connection.execute(insert(LOGIN_ATTEMPTS).values(**row))  # type: ignore[attr-defined]
