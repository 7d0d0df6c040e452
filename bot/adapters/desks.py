"""The desk of the community an interaction, a message or an outbox action belongs to.

One chat process may serve several communities of its platform, each with its own charter and
plan (the deployment file): `/rules` in one guild shows that guild's charter, a moderator's command
is checked against that community's staff, a card is built with that community's rules. Without a
deployment (one charter on the command line) every community has the one desk.

Every desk is handed out serialised by the service lane: commands and buttons run on the event
loop and share the services with the lane's thread through its lock.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.adapters.lane import ServiceLane

if TYPE_CHECKING:
    from bot.deploy.communities import Communities
    from bot.deploy.locale import CommunityLocale
    from bot.desk import Desk


class Desks:
    """See the module docstring."""

    def __init__(
        self, default: Desk, lane: ServiceLane, communities: Communities | None = None
    ) -> None:
        self._lane = lane
        self._plain_default = default
        self._communities = communities

    @property
    def default(self) -> Desk:
        """The desk of a community the deployment does not name (the first one's, or the only)."""
        return self.of(None)

    def of(self, community: str | int | None) -> Desk:
        """The desk of `community` (a guild or chat id), for the event loop's side; the default
        one for None or a community the deployment does not name."""
        return self._lane.serialised(self.plain(community))  # type: ignore[no-any-return]

    def plain(self, community: str | int | None) -> Desk:
        """The same desk unwrapped, for work already running in the lane (its lock held)."""
        service = None
        if self._communities is not None and community is not None:
            service = self._communities.service_for(str(community))
        return self._plain_default if service is None else service.desk

    def time_of(self, community: str | int | None, at: datetime) -> str:
        """`at` as the community's people read a time: in its timezone and language (the
        deployment file's), else "15:00 UTC"."""
        locale = self.locale(community)
        return f"{at.astimezone(UTC):%H:%M} UTC" if locale is None else locale.clock_time(at)

    def locale(self, community: str | int | None) -> CommunityLocale | None:
        """The language and timezone the deployment file gives `community`; None when it names
        none (the front end then keeps its own default: the guild's locale, the charter's first
        language)."""
        if self._communities is None or community is None:
            return None
        return self._communities.locale(str(community))
