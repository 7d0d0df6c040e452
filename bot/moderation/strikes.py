"""An in-memory strike ledger, for replays without a database, drills and tests."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime


class MemoryStrikeLedger:
    """Strikes per (community, user) kept in memory; implements `bot.core.ports.StrikeLedger`."""

    def __init__(self) -> None:
        self._strikes: dict[tuple[str, str], list[tuple[datetime, int]]] = defaultdict(list)

    def live_strikes(self, community: str, user_id: str, now: datetime) -> int:
        """Sum of the weights of the strikes that have not expired at `now`."""
        entries = self._strikes.get((community, user_id))
        if not entries:
            return 0
        entries[:] = [(expires, weight) for expires, weight in entries if expires > now]
        return sum(weight for _, weight in entries)

    def add(
        self, community: str, user_id: str, rule: str, weight: int, at: datetime, expires: datetime
    ) -> None:
        """Record a strike of `weight` that expires at `expires`."""
        self._strikes[(community, user_id)].append((expires, weight))


class BufferedStrikeLedger:
    """Strikes from a persistent ledger plus those decided but not yet written.

    Decisions are written in batches (for replay speed), so the strikes of the current batch live
    here until `written()` says the store has them; reads always add both, so the ladder climbs
    correctly inside a batch and other processes' strikes are seen after each write.
    """

    def __init__(self, base: object) -> None:
        self._base = base
        self._pending = MemoryStrikeLedger()

    def live_strikes(self, community: str, user_id: str, now: datetime) -> int:
        """Persisted plus pending strikes that have not expired at `now`."""
        persisted = self._base.live_strikes(community, user_id, now)  # type: ignore[attr-defined]
        return persisted + self._pending.live_strikes(community, user_id, now)

    def add(
        self, community: str, user_id: str, rule: str, weight: int, at: datetime, expires: datetime
    ) -> None:
        """Hold a strike until the decision that carries it is written."""
        self._pending.add(community, user_id, rule, weight, at, expires)

    def written(self) -> None:
        """The store now holds every pending strike."""
        self._pending = MemoryStrikeLedger()
