"""Durations, dates, times, numbers and lists as the reader's locale writes them (Babel's CLDR
data), in the community's timezone: "30 jours", "1 heure et 30 minutes", "4 mars 2026, 15:00".

Durations are spelt out unit by unit, exactly: a 30-day retention is "30 jours", never rounded to
"1 mois" as a relative-time format would.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import (
    format_date,
    format_datetime,
    format_skeleton,
    format_time,
    get_datetime_format,
)
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

_UNITS = (
    ("duration-week", 7 * 86400),
    ("duration-day", 86400),
    ("duration-hour", 3600),
    ("duration-minute", 60),
    ("duration-second", 1),
)


@lru_cache(maxsize=4096)  # notices spell the same few durations on every decision
def duration(span: timedelta, lang: str, *, weeks: bool = False) -> str:
    """`span` spelt out in `lang`: "30 jours", "1 heure et 30 minutes", "45 seconds". Weeks are
    used only when asked (a retention reads better in days)."""
    seconds = int(abs(span.total_seconds()))
    parts = []
    for unit, size in _UNITS:
        if unit == "duration-week" and not weeks:
            continue
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(format_unit(amount, unit, length="long", locale=lang))
    if not parts:
        return format_unit(0, "duration-second", length="long", locale=lang)
    return listing(parts, lang)


def moment(at: datetime, lang: str, timezone: str, style: str = "medium") -> str:
    """The date and time of `at` in `timezone`, as `lang` writes them."""
    return format_datetime(at, style, tzinfo=ZoneInfo(timezone), locale=lang)


def clock_time(at: datetime, lang: str, timezone: str) -> str:
    """The time of day of `at` in `timezone` ("15:09", "3:09 PM")."""
    return format_time(at, "short", tzinfo=ZoneInfo(timezone), locale=lang)


def number(value: float, lang: str, pattern: str | None = None) -> str:
    """`value` with the locale's separators ("1 234,5"); `pattern` fixes the digits ("0.00")."""
    return format_decimal(value, format=pattern, locale=lang)


def listing(items: Iterable[str], lang: str) -> str:
    """Items joined as `lang` joins them ("a, b et c", "a, b, and c")."""
    return _listing(tuple(items), lang)


def data_size(size: int, lang: str) -> str:
    """A size in bytes as `lang` writes it, with its plural ("1 234 octets", "1,234 bytes")."""
    return format_unit(size, "digital-byte", length="long", locale=lang)


def alternatives(items: Iterable[str], lang: str) -> str:
    """Items offered as a choice, as `lang` writes it ("a, b ou c", "a, b, or c")."""
    return format_list(list(items), style="or", locale=lang)


@lru_cache(maxsize=4096)
def _listing(items: tuple[str, ...], lang: str) -> str:
    return format_list(list(items), locale=lang)


def timezone_name(name: str) -> str:
    """`name` if the tz database knows it (a command-line type: argparse reports the error)."""
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        raise ValueError(f"unknown timezone: {name}") from None
    return name


def day(at: datetime | date, lang: str, timezone: str | None = None, style: str = "medium") -> str:
    """The date of `at` (in `timezone` when it is a moment) as `lang` writes it ("12 mars 2026";
    "long": "12 mars 2026" / "March 12, 2026")."""
    if isinstance(at, datetime) and timezone is not None:
        at = at.astimezone(ZoneInfo(timezone))
    return format_date(at, style, locale=lang)


def percent(share: float, lang: str) -> str:
    """`share` (0.25) as a percentage in `lang` ("25 %", "25%")."""
    return format_percent(share, locale=lang)


def day_month(at: date, lang: str) -> str:
    """The day and month of `at` as `lang` writes them on a chart's axis ("12 mars", "Mar 12")."""
    return format_skeleton("MMMd", at, locale=lang)


def day_and_time(at: datetime, lang: str, timezone: str) -> str:
    """The day and time of `at` in `timezone`, short, without the year ("4 mars 15:09",
    "Mar 4, 3:09 PM"), joined as `lang` joins a date and a time."""
    local = at.astimezone(ZoneInfo(timezone))
    time = format_time(local, "short", locale=lang)
    return str(get_datetime_format("short", locale=lang)).format(time, day_month(local, lang))
