"""A community's language and timezone: what every text and every time a person reads about that
community is written in. The deployment file says it per community; a process started with one
charter takes the charter's first language and its working hours' timezone.

One accessor for every front end (`Communities.locale`), so that a time in a notice, a statement,
the mod-log, a console page or a report is the community's, not the server's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.charter.schema import Charter
from bot.i18n import formats

DEFAULT_TIMEZONE = "Europe/Paris"


@dataclass(frozen=True, slots=True)
class CommunityLocale:
    """The language (`fr`, `en`) and the IANA timezone of one community."""

    lang: str
    timezone: str = DEFAULT_TIMEZONE

    def moment(self, at: datetime, style: str = "medium") -> str:
        """The date and time of `at` as this community reads it ("4 mars 2026, 15:00:00")."""
        return formats.moment(at, self.lang, self.timezone, style)

    def clock_time(self, at: datetime) -> str:
        """The time of day of `at` in this community ("15:00", "3:00 PM")."""
        return formats.clock_time(at, self.lang, self.timezone)


def charter_locale(charter: Charter) -> CommunityLocale:
    """The locale of a community known only by its charter: its first language, the timezone of
    its working hours."""
    meta = charter.meta
    return CommunityLocale(meta.languages[0], meta.working_hours.timezone)
