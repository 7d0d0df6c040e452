"""The week's figures: message volume per day, actions per rule, the share of reviewed decisions
overturned (an estimate of the false positives), the time from a case's opening to a moderator's
first action, and the appeals with their outcomes. Computed from the store for one ISO week of the
community's calendar (Monday 00:00 to Monday 00:00 in its timezone, so a Sunday-evening message in
Paris belongs to the Sunday the page shows, and a week spanning a DST change lasts 167 or 169 hours),
as plain values that the page, the printable page and the CSV export all use."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from bot.store.database import Database
from bot.store.report_queries import latest_message_at, week_rows
from bot.store.tables import CaseKind, CaseStatus


@dataclass
class WeekFigures:
    """One week of moderation, see the module docstring."""

    year: int
    week: int
    start: datetime
    end: datetime
    volume: list[tuple[str, int]] = field(default_factory=list)  # (day, messages)
    decisions: int = 0
    actions_per_rule: list[tuple[str, int, dict[str, int]]] = field(default_factory=list)
    reviewed: int = 0
    overturned: int = 0
    overturned_per_rule: list[tuple[str, int, int]] = field(default_factory=list)
    first_action_median: timedelta | None = None
    first_action_p90: timedelta | None = None
    cases_opened: int = 0
    cases_waiting: int = 0
    appeals: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The ISO week, e.g. 2026-W11."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def overturn_share(self) -> float | None:
        """Overturned among the confirmed or overturned cases: a false-positive estimate."""
        return self.overturned / self.reviewed if self.reviewed else None


def parse_week(text: str | None) -> tuple[int, int] | None:
    """(year, week) from "2026-W11", or None if it does not read as one."""
    if not text:
        return None
    try:
        year, week = text.upper().split("-W")
        date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None
    return int(year), int(week)


def default_week(db: Database, now: datetime, timezone: str) -> tuple[int, int]:
    """The week (in `timezone`'s calendar) of the latest recorded message, or of `now` if there is
    none or it is later."""
    latest = latest_message_at(db)
    moment = min(now, latest) if latest else now
    iso = moment.astimezone(ZoneInfo(timezone)).isocalendar()
    return iso.year, iso.week


def week_label(monday: date) -> str:
    """The ISO week of a day, e.g. 2026-W11."""
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def week_bounds(year: int, week: int, timezone: str) -> tuple[datetime, datetime]:
    """Monday 00:00 of the week in `timezone`, and of the next, as UTC moments (the wall-clock
    midnights, so the span is 7 days of the calendar, not always 168 hours)."""
    zone = ZoneInfo(timezone)
    monday = date.fromisocalendar(year, week, 1)
    start, end = (datetime.combine(d, time.min, zone) for d in (monday, monday + timedelta(days=7)))
    return start.astimezone(UTC), end.astimezone(UTC)


def compute_week(db: Database, year: int, week: int, timezone: str) -> WeekFigures:
    """The figures of one ISO week of `timezone`'s calendar."""
    start, end = week_bounds(year, week, timezone)
    figures = WeekFigures(year, week, start, end)
    rows = week_rows(db, start, end)
    zone = ZoneInfo(timezone)
    days = Counter(ts.astimezone(zone).date() for ts in rows.message_times)
    decided = rows.decisions
    monday = date.fromisocalendar(year, week, 1)
    figures.volume = [
        ((monday + timedelta(days=i)).isoformat(), days.get(monday + timedelta(days=i), 0))
        for i in range(7)
    ]
    figures.decisions = len(decided)
    figures.actions_per_rule = _actions_per_rule(decided)
    _verdicts(figures, rows.verdicts)
    _cases(figures, rows.cases)
    return figures


def _actions_per_rule(rows: Sequence[Any]) -> list[tuple[str, int, dict[str, int]]]:
    """Per rule: the decisions in which it caused an action, and the actions by kind. Each
    action names the rule behind it; the first matched rule stands in when it does not."""
    per_rule: dict[str, Counter[str]] = {}
    acted: Counter[str] = Counter()
    for row in rows:
        rules_here: set[str] = set()
        for action in row.actions or []:
            rule = action.get("rule") or (row.matched[0] if row.matched else "—")
            per_rule.setdefault(rule, Counter())[str(action.get("type"))] += 1
            rules_here.add(rule)
        acted.update(rules_here)
    return [(rule, count, dict(per_rule[rule])) for rule, count in acted.most_common()]


def _verdicts(figures: WeekFigures, rows: Sequence[Any]) -> None:
    per_rule: dict[str, list[int]] = {}
    for row in rows:
        counts = per_rule.setdefault(row.rule or "—", [0, 0])
        counts[0] += 1
        if row.status == CaseStatus.OVERTURNED.value:
            counts[1] += 1
    figures.reviewed = sum(c[0] for c in per_rule.values())
    figures.overturned = sum(c[1] for c in per_rule.values())
    figures.overturned_per_rule = sorted(
        ((rule, c[0], c[1]) for rule, c in per_rule.items()), key=lambda r: (-r[1], r[0])
    )


def _cases(figures: WeekFigures, rows: Sequence[Any]) -> None:
    waits = []
    for row in rows:
        first = min([t for t in (row.assigned_at, row.decided_at) if t is not None], default=None)
        if first is not None:
            waits.append(first - row.created_at)
    figures.cases_opened = len(rows)
    figures.cases_waiting = len(rows) - len(waits)
    if waits:
        ordered = sorted(waits)
        figures.first_action_median = median(ordered)
        figures.first_action_p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    appeals = Counter(row.status for row in rows if row.kind == CaseKind.APPEAL.value)
    figures.appeals = dict(sorted(appeals.items()))


def to_csv(figures: WeekFigures) -> str:
    """The figures as CSV, one (section, item, value) per line, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["week", "section", "item", "value"])
    rows: list[tuple[str, str, object]] = [("volume", day, n) for day, n in figures.volume]
    rows.append(("decisions", "total", figures.decisions))
    for rule, count, kinds in figures.actions_per_rule:
        rows.append(("actions_per_rule", rule, count))
        rows += [(f"actions_per_rule:{rule}", kind, n) for kind, n in sorted(kinds.items())]
    rows += [("review", "reviewed", figures.reviewed), ("review", "overturned", figures.overturned)]
    share = figures.overturn_share
    rows.append(("review", "overturn_share", "" if share is None else f"{share:.4f}"))
    for rule, reviewed, overturned in figures.overturned_per_rule:
        rows.append((f"review:{rule}", "reviewed", reviewed))
        rows.append((f"review:{rule}", "overturned", overturned))
    for name, value in (
        ("median_s", figures.first_action_median),
        ("p90_s", figures.first_action_p90),
    ):
        rows.append(("first_action", name, "" if value is None else int(value.total_seconds())))
    rows += [("cases", "opened", figures.cases_opened), ("cases", "waiting", figures.cases_waiting)]
    rows += [("appeals", status, n) for status, n in figures.appeals.items()]
    for section, item, value in rows:
        writer.writerow([figures.label, section, item, value])
    return out.getvalue()
