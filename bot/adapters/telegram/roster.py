"""Who holds a Vigie role on Telegram, which has no roles of its own.

A Telegram user's identities are always "user:<id>" (what a playbook's contacts name). On top,
looking at the chat where they act, the moderators' chat and every group Vigie moderates:
- the charter's moderator role names (`staff.moderators`) for an administrator of any of them,
  and for the user ids listed with `--moderator`;
- the charter's community-manager role names (`staff.community_managers`, with the moderator ones)
  for the creator (owner) of any of them, and for the user ids listed with `--manager`;
- "chat:<id>" for each of those chats they administer (a playbook may name a chat, e.g. the
  customer-service on-call group, as a contact: its administrators answer for it).
Administrator lists come from `getChatAdministrators`, cached a few minutes per chat.

When a deployment serves several communities, each with its own moderators' chat, a `Scope`
narrows this to one community: an administrator of its group or of its moderators' chat holds its
charter's roles, and an administrator of another community's group holds none here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.adapters.telegram.translate import chat_identity, user_identity
from bot.core.clock import Clock

log = logging.getLogger("vigie.telegram")

ADMINS_TTL = timedelta(minutes=10)
FAILED_TTL = timedelta(seconds=30)  # a failed lookup is retried soon: it may be a network blip


@dataclass(frozen=True, slots=True)
class RosterConfig:
    """The charter's role names and the adapter's own settings."""

    moderator_roles: tuple[str, ...]
    manager_roles: tuple[str, ...] = ()
    moderator_ids: frozenset[int] = frozenset()
    manager_ids: frozenset[int] = frozenset()
    mod_chat: int | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """One community's chats (its group and its moderators' chat) and its charter's roles."""

    chats: tuple[int, ...]
    moderator_roles: tuple[str, ...]
    manager_roles: tuple[str, ...] = ()


def community_of(chat_id: int, mod_chats: Mapping[str, int], mod_chat: int | None) -> str | None:
    """The community a chat stands for: a group is its own, a moderators' chat stands for the
    one community it serves (None: a private chat, the bot's shared moderators' chat, or a
    moderators' chat several communities share)."""
    served = [community for community, mods in mod_chats.items() if mods == chat_id]
    if len(served) == 1:
        return served[0]
    if chat_id < 0 and chat_id != mod_chat and not served:
        return str(chat_id)
    return None


@dataclass
class Roster:
    """Resolves a Telegram user's Vigie identities; see the module docstring."""

    config: RosterConfig
    clock: Clock
    groups: set[int] = field(default_factory=set)  # the groups moderated, as they show up
    _admins: dict[int, tuple[datetime, dict[int, str]]] = field(default_factory=dict)
    scope: Callable[[int], Scope | None] = lambda chat_id: None  # several communities

    async def admins(self, bot: Bot, chat_id: int) -> dict[int, str]:
        """The chat's administrators: user id → "creator" or "administrator" (cached)."""
        now = self.clock.now()
        cached = self._admins.get(chat_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            members = await bot.get_chat_administrators(chat_id)
        except TelegramError as exc:
            log.warning("cannot list the administrators of chat %s: %s", chat_id, exc)
            self._admins[chat_id] = (now + FAILED_TTL, {})
            return {}
        admins = {member.user.id: member.status for member in members}
        self._admins[chat_id] = (now + ADMINS_TTL, admins)
        return admins

    def forget(self, chat_id: int) -> None:
        """Drop the cached administrators of a chat (someone was promoted or demoted)."""
        self._admins.pop(chat_id, None)

    async def identities(self, bot: Bot, user_id: int, chat_id: int) -> tuple[str, ...]:
        """Everything `user_id` may be recognised as when acting in `chat_id`."""
        found = [user_identity(user_id)]
        statuses: set[str | None] = set()
        scope = self.scope(chat_id)
        chats = self._chats_to_check(chat_id) if scope is None else list(scope.chats)
        for chat in chats:
            status = (await self.admins(bot, chat)).get(user_id)
            if status is not None:
                statuses.add(status)
                found.append(chat_identity(chat))
        found += self._roles(user_id, statuses, scope)
        return tuple(dict.fromkeys(found))

    def _chats_to_check(self, chat_id: int) -> list[int]:
        # Private chats (positive ids) have no administrators.
        chats = [chat_id, self.config.mod_chat, *sorted(self.groups)]
        return [chat for chat in dict.fromkeys(chats) if chat is not None and chat < 0]

    def _roles(self, user_id: int, statuses: set[str | None], scope: Scope | None) -> list[str]:
        config = self.config
        moderators = config.moderator_roles if scope is None else scope.moderator_roles
        managers = config.manager_roles if scope is None else scope.manager_roles
        if "creator" in statuses or user_id in config.manager_ids:
            return [*managers, *moderators]
        if "administrator" in statuses or user_id in config.moderator_ids:
            return list(moderators)
        return []

    def anonymous_admin(self, chat_id: int) -> tuple[str, ...]:
        """The identities of a message sent by an anonymous administrator of `chat_id`."""
        return (chat_identity(chat_id), *self.config.moderator_roles)
