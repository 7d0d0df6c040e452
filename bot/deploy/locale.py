"""A community's language and timezone: what every text and every time a person reads about that
community is written in, as the deployment file says it per community.

One accessor for every front end: `Communities.locale` (the bots, through `bot.adapters.desks`)
and the console's `scope.zone_of`, so that a time on a card, a crisis status, a console page or an
incident report of that community is the community's, not the server's. A community the file does
not name (one charter given on the command line) has none: the front ends keep their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.i18n import formats
from bot.i18n.reader import DEFAULT_TIMEZONE


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
