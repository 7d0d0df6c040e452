"""The strike ledger: strikes added after decisions, counted while live, removed on an overturn
(implements `bot.core.ports.StrikeLedger`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
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


_IDS_PER_QUERY = 500  # authors per IN list (SQLite's old limit is 999 parameters)


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


# (at, expires_at, weight) of one live strike, as `PrefetchedStrikes` keeps it.
_Span = tuple[datetime, datetime, int]


class PrefetchedStrikes:
    """The strike ledger of a replay: before each batch, the strikes of every author of the batch
    that may be live at some time of the batch are read in one query, and the engine's questions
    are answered from them (it asks once per sanctioned message: a query each, before).

    The answers are those of `SqlStrikeLedger.live_strikes` as long as the store's strikes do not
    change during the batch; `stale()` (called after each write of decisions, which adds strikes)
    drops what was read, and it is read again at the next question. A question about an author or
    a time outside the batch goes to the database."""

    def __init__(self, base: SqlStrikeLedger, db: Database) -> None:
        self._base, self._db = base, db
        self._keys: frozenset[tuple[str, str]] = frozenset()
        self._start: datetime | None = None
        self._end: datetime | None = None
        self._spans: dict[tuple[str, str], list[_Span]] | None = None

    def expect(self, keys: Iterable[tuple[str, str]], start: datetime, end: datetime) -> None:
        """The next questions are about these (community, author) pairs between start and end."""
        self._keys, self._start, self._end = frozenset(keys), start, end
        self._spans = None

    def stale(self) -> None:
        """The store's strikes changed: what was read is no longer the truth."""
        self._spans = None

    def live_strikes(self, community: str, user_id: str, now: datetime) -> int:
        """As `SqlStrikeLedger.live_strikes`, from the batch's strikes when they cover the question."""
        key = (community, user_id)
        if key not in self._keys or not self._start <= now <= self._end:  # type: ignore[operator]
            return self._base.live_strikes(community, user_id, now)
        if self._spans is None:
            self._spans = self._read()
        spans = self._spans.get(key, ())
        return sum(weight for at, expires, weight in spans if at <= now < expires)

    def add(
        self, community: str, user_id: str, rule: str, weight: int, at: datetime, expires: datetime
    ) -> None:
        """Record a strike not tied to a stored decision (read again at the next question)."""
        self._base.add(community, user_id, rule, weight, at, expires)
        self.stale()

    def _read(self) -> dict[tuple[str, str], list[_Span]]:
        """The strikes of the expected authors live at some time between start and end."""
        by_community: dict[str, list[str]] = defaultdict(list)
        for community, user_id in sorted(self._keys):
            by_community[community].append(user_id)
        spans: dict[tuple[str, str], list[_Span]] = {}
        columns = (STRIKES.c.user_id, STRIKES.c.at, STRIKES.c.expires_at, STRIKES.c.weight)
        with self._db.read() as connection:
            for community, users in by_community.items():
                for first in range(0, len(users), _IDS_PER_QUERY):
                    query = select(*columns).where(
                        STRIKES.c.community == community,
                        STRIKES.c.user_id.in_(users[first : first + _IDS_PER_QUERY]),
                        STRIKES.c.at <= self._end,
                        STRIKES.c.expires_at > self._start,
                        STRIKES.c.removed_at.is_(None),
                    )
                    for user_id, at, expires, weight in connection.execute(query):
                        spans.setdefault((community, user_id), []).append((at, expires, weight))
        return spans
