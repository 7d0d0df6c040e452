"""The moderators' commands as values: what a front end parsed, before the desk checks and does
it. `platform` is where the action must happen; a chat front end leaves it to the desk's own
platform, the console gives the case's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

SANCTIONS = ("warn", "timeout", "kick", "ban", "delete", "note")


@dataclass(frozen=True, slots=True)
class Standing:
    """Who a sanction's target is on the platform, as the front end found them: the identities
    the charter's and plan's roles are matched against (as for an `Actor`: their id, role ids and
    names on Discord, the roles a Telegram chat administrator or creator holds), and whether they
    own the community or are this bot. The desk refuses to sanction staff of a role equal to or
    above the moderator's, the owner and the bot."""

    identities: frozenset[str] = frozenset()
    owner: bool = False
    bot: bool = False


@dataclass(frozen=True, slots=True)
class Sanction:
    """Warn, time out, kick, ban (for a while or for good), delete a message, or note."""

    action: str
    community: str
    user_id: str | None
    reason: str
    channel: str | None = None
    message_id: str | None = None
    rule: str | None = None
    duration: timedelta | None = None  # timeout length; a ban's, if temporary
    clean: timedelta | None = None  # a ban also deletes the member's messages of this period
    delete_message: bool = False  # also delete the message the sanction is about
    platform: str | None = None
    user_name: str = ""
    standing: Standing = Standing()


@dataclass(frozen=True, slots=True)
class Unban:
    """Lift a member's ban."""

    community: str
    user_id: str
    reason: str
    platform: str | None = None


@dataclass(frozen=True, slots=True)
class Purge:
    """Delete the member's last `count` messages on record."""

    community: str
    user_id: str
    count: int
    reason: str
    platform: str | None = None
    standing: Standing = Standing()


@dataclass(frozen=True, slots=True)
class NativeAction:
    """A ban, kick, timeout or unban a moderator did with the platform's own tools (Discord's
    audit log, Telegram's chat_member updates): recorded, not done again."""

    platform: str
    community: str
    user_id: str
    action: str  # ban, kick, timeout, unban
    moderator: str
    reason: str = ""
    until: datetime | None = None
    user_name: str = ""
