"""The strike ledger: strikes added after decisions, counted while live, removed on an overturn
(implements `bot.core.ports.StrikeLedger`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, func, insert, select, update

from bot.store.audit import write_audit
from bot.store.columns import UtcDateTime
from bot.store.database import Database
from bot.store.tables import DECISIONS, STRIKES

# Built once: the engine asks for every sanctioned message, and building a statement costs more
# than running it.
_LIVE = select(func.coalesce(func.sum(STRIKES.c.weight), 0)).where(
    STRIKES.c.community == bindparam("community"),
    STRIKES.c.user_id == bindparam("user_id"),
    STRIKES.c.at <= bindparam("now", type_=UtcDateTime),
    STRIKES.c.expires_at > bindparam("now", type_=UtcDateTime),
    STRIKES.c.removed_at.is_(None),
)


@dataclass(frozen=True, slots=True)
class Strike:
    """One strike as recorded."""

    id: int
    community: str
    user_id: str
    rule: str
    decision_id: int | None
    weight: int
    at: datetime
    expires_at: datetime
    removed_at: datetime | None
    removed_by: str | None


def remove_strikes_in(
    connection: Connection, decision_ids: Sequence[int], by: str, at: datetime
) -> int:
    """Mark the live strikes of these decisions removed, in the caller's transaction; return how
    many. The rows stay (with who removed them) until they expire, as the record of the overturn."""
    if not decision_ids:
        return 0
    result = connection.execute(
        update(STRIKES)
        .where(STRIKES.c.decision_id.in_(decision_ids), STRIKES.c.removed_at.is_(None))
        .values(removed_at=at, removed_by=by)
    )
    return result.rowcount


class SqlStrikeLedger:
    """Strikes in the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def live_strikes(self, community: str, user_id: str, now: datetime) -> int:
        """The total weight of the author's strikes given by `now`, not expired nor removed."""
        params = {"community": community, "user_id": user_id, "now": now}
        with self._db.read() as connection:
            return int(connection.execute(_LIVE, params).scalar_one())

    def add(
        self, community: str, user_id: str, rule: str, weight: int, at: datetime, expires: datetime
    ) -> None:
        """Record a strike not tied to a stored decision (the recorder adds its own)."""
        row = {
            "community": community,
            "user_id": user_id,
            "rule": rule,
            "weight": weight,
            "at": at,
            "expires_at": expires,
        }
        with self._db.begin() as connection:
            connection.execute(insert(STRIKES).values(**row))

    def strikes_of(self, community: str, user_id: str) -> list[Strike]:
        """Every recorded strike of the author, live or not, oldest first."""
        query = (
            select(STRIKES)
            .where(STRIKES.c.community == community, STRIKES.c.user_id == user_id)
            .order_by(STRIKES.c.at, STRIKES.c.id)
        )
        with self._db.read() as connection:
            return [Strike(**row._asdict()) for row in connection.execute(query)]

    def remove_for_decision(self, decision_id: int, by: str, at: datetime) -> int:
        """Remove the strikes a decision gave (an overturn by `by`); audited. Returns the count."""
        with self._db.begin() as connection:
            removed = remove_strikes_in(connection, [decision_id], by, at)
            write_audit(
                connection, by, "strike.remove", f"decision:{decision_id}", {"removed": removed}, at
            )
        return removed

    def remove_for_message(
        self, platform: str, community: str, message_id: str, by: str, at: datetime
    ) -> int:
        """Remove the strikes of every decision about one message (all its versions); audited."""
        ids = select(DECISIONS.c.id).where(
            and_(
                DECISIONS.c.platform == platform,
                DECISIONS.c.community == community,
                DECISIONS.c.message_id == message_id,
            )
        )
        target = f"message:{platform}:{community}:{message_id}"
        with self._db.begin() as connection:
            decision_ids = list(connection.execute(ids).scalars())
            removed = remove_strikes_in(connection, decision_ids, by, at)
            write_audit(connection, by, "strike.remove", target, {"removed": removed}, at)
        return removed
