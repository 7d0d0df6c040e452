"""Retention on its own: the running service purges on a schedule, each community with its own
charter's periods, every run recorded in the audit log (by `Retention.purge`)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.charter.schema import Charter
from bot.store.database import Database
from bot.store.retention import PurgeReport, Retention

log = logging.getLogger("vigie.retention")


@dataclass(frozen=True, slots=True)
class Scoped:
    """One community's charter, for its retention periods."""

    community: str | None  # None: every community (one charter for all)
    charter: Charter


def purge_all(
    db: Database,
    scoped: Iterable[Scoped],
    now: datetime,
    *,
    dry_run: bool = False,
    actor: str = "retention",
) -> dict[str, PurgeReport]:
    """Apply each community's retention periods; the report of each, by community."""
    retention = Retention(db)
    reports: dict[str, PurgeReport] = {}
    for item in scoped:
        periods = item.charter.retention
        reports[item.community or "*"] = retention.purge(
            now,
            periods.message_text,
            periods.case_data,
            periods.evidence,
            communities=None if item.community is None else [item.community],
            dry_run=dry_run,
            actor=actor,
        )
    return reports


@dataclass
class PurgeSchedule:
    """Runs `purge_all` when `every` has passed since the last run (the first run comes one
    period after start: a restart loop does not purge at every start)."""

    every: timedelta
    started: datetime
    last: datetime | None = None
    runs: int = field(default=0)

    def due(self, now: datetime) -> bool:
        """Whether a purge is due at `now`."""
        return now - (self.last or self.started) >= self.every

    def run_if_due(
        self, db: Database, scoped: Iterable[Scoped], now: datetime, metrics: Any = None
    ) -> dict[str, PurgeReport] | None:
        """Purge if due; the reports, or None when it was not time yet."""
        if not self.due(now):
            return None
        self.last = now
        try:
            reports = purge_all(db, scoped, now, actor="retention.schedule")
        except Exception:  # the next period tries again; the service keeps moderating
            log.exception("the scheduled retention purge failed")
            if metrics is not None:
                metrics.purges.labels("failed").inc()
            return None
        self.runs += 1
        if metrics is not None:
            metrics.purges.labels("done").inc()
        for community, report in reports.items():
            log.info("retention purge of %s: %s", community, report)
        return reports
