"""One-time password reset links of the console accounts, in the database.

An administrator (console or `vigie user reset-link`) issues a link: only the SHA-256 of its token
is stored, with its expiry, and any older unused link of that account dies. Using the link sets the
new password, marks the link used, ends the account's sessions and writes the audit log, in one
transaction: a link works once, whoever races for it. The token's lifetime and the password policy
belong to `bot.review.web.auth`; this module only stores and checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, insert, select, update

from bot.store.audit import write_audit
from bot.store.database import Database
from bot.store.web_repo import token_hash
from bot.store.web_tables import CONSOLE_SESSIONS, CONSOLE_USERS, RESET_LINKS


class LinkState(StrEnum):
    """What a reset link is worth now."""

    VALID = "valid"
    UNKNOWN = "unknown"  # never issued, or replaced by a newer link
    USED = "used"
    EXPIRED = "expired"
    DISABLED = "disabled"  # the account was disabled since


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """A link's state and the account it resets (None for an unknown link)."""

    state: LinkState
    name: str | None = None


class ResetLinks:
    """Issue, check and use one-time reset links; see the module docstring."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def issue(self, name: str, token: str, at: datetime, expires_at: datetime, by: str) -> bool:
        """Store a new link for the account `name` (its older unused links die); audited.
        False if there is no such account."""
        with self._db.begin() as connection:
            user_id = connection.execute(
                select(CONSOLE_USERS.c.id).where(CONSOLE_USERS.c.name == name)
            ).scalar()
            if user_id is None:
                return False
            connection.execute(
                delete(RESET_LINKS).where(
                    RESET_LINKS.c.user_id == user_id, RESET_LINKS.c.used_at.is_(None)
                )
            )
            row = {"token_hash": token_hash(token), "user_id": user_id, "created_by": by[:128]}
            row |= {"created_at": at, "expires_at": expires_at}
            connection.execute(insert(RESET_LINKS).values(**row))
            detail = {"expires_at": expires_at.isoformat()}
            write_audit(connection, by, "console.reset_link", f"user:{name}", detail, at)
        return True

    def check(self, token: str, at: datetime) -> LinkCheck:
        """Whether the link may be used at `at` (it is not used up by looking)."""
        with self._db.read() as connection:
            return _check(connection, token, at)

    def use(self, token: str, password_hash: str, at: datetime) -> LinkCheck:
        """Set the account's new password through the link, if it is valid: the link is then
        dead, the account's sessions end, and the audit log says so. Returns the state the link
        was in (VALID: the password changed)."""
        with self._db.begin() as connection:
            found = _check(connection, token, at)
            if found.state is not LinkState.VALID:
                return found
            taken = connection.execute(
                update(RESET_LINKS)
                .where(
                    RESET_LINKS.c.token_hash == token_hash(token), RESET_LINKS.c.used_at.is_(None)
                )
                .values(used_at=at)
            ).rowcount
            if taken != 1:  # another request used it first
                return LinkCheck(LinkState.USED, found.name)
            users = CONSOLE_USERS.c.name == found.name
            connection.execute(
                update(CONSOLE_USERS).where(users).values(password_hash=password_hash)
            )
            user_ids = select(CONSOLE_USERS.c.id).where(users).scalar_subquery()
            ended = connection.execute(
                delete(CONSOLE_SESSIONS).where(CONSOLE_SESSIONS.c.user_id.in_(user_ids))
            ).rowcount
            detail = {"sessions_ended": ended}
            actor = str(found.name)
            write_audit(connection, actor, "console.password_reset", f"user:{actor}", detail, at)
        return found


def _check(connection: object, token: str, at: datetime) -> LinkCheck:
    query = (
        select(RESET_LINKS.c.expires_at, RESET_LINKS.c.used_at, CONSOLE_USERS.c.name)
        .add_columns(CONSOLE_USERS.c.disabled_at)
        .join(CONSOLE_USERS, CONSOLE_USERS.c.id == RESET_LINKS.c.user_id)
        .where(RESET_LINKS.c.token_hash == token_hash(token))
    )
    row = connection.execute(query).first()  # type: ignore[attr-defined]
    if row is None:
        return LinkCheck(LinkState.UNKNOWN)
    if row.used_at is not None:
        state = LinkState.USED
    elif at >= row.expires_at:
        state = LinkState.EXPIRED
    elif row.disabled_at is not None:
        state = LinkState.DISABLED
    else:
        state = LinkState.VALID
    return LinkCheck(state, row.name)
