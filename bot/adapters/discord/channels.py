"""Which channel is which in a guild: a channel named by id or by name (charters and playbooks
use names), the moderators' channel, the main channel for statements, and the guild's language.

The gateway cache answers first; a guild this process does not hold (another shard's, when
several processes share one database and one outbox) is asked over REST, once.
"""

from __future__ import annotations

import discord

from bot.adapters.desks import Desks
from bot.adapters.discord.settings import DiscordSettings
from bot.adapters.discord.translate import lang_of, snowflake

_TEXT_TYPES = (discord.ChannelType.text.value, discord.ChannelType.news.value)


def channel_key(name: str) -> str:
    """A channel name as compared: without '#', lower case, spaces as Discord writes them ('-')."""
    return name.strip().lstrip("#").strip().lower().replace(" ", "-")


class ChannelDirectory:
    """Finds channels in the guilds of one client; see the module docstring."""

    def __init__(
        self,
        client: discord.Client,
        settings: DiscordSettings,
        fallback_lang: str,
        desks: Desks | None = None,
    ):
        self._client = client
        self._settings = settings
        self._fallback = fallback_lang
        self._desks = desks  # the deployment file's language of each guild
        self._fetched: dict[int, dict[str, int]] = {}  # guild id → channel name → id

    def guild_id(self, community: str) -> int | None:
        """The guild of a community id; a single-guild bot also takes the crisis actions of a
        community named otherwise (a playbook shared with another platform)."""
        found = snowflake(community)
        if found is not None:
            return found
        guilds = self._client.guilds
        return guilds[0].id if len(guilds) == 1 else None

    async def resolve(self, guild_id: int, ref: str) -> int | None:
        """The id of the text channel `ref` (an id, a name or '#name') in the guild, or None."""
        found = snowflake(ref)
        guild = self._client.get_guild(guild_id)
        if found is not None:
            # An id names one channel of one guild: in the others, there is no such channel.
            if guild is not None and guild.get_channel_or_thread(found) is None:
                return None
            return found
        key = channel_key(ref)
        if guild is not None:
            return next((c.id for c in guild.text_channels if channel_key(c.name) == key), None)
        names = self._fetched.get(guild_id)
        if names is None or key not in names:
            names = await self._fetch(guild_id)
        return names.get(key)

    async def _fetch(self, guild_id: int) -> dict[str, int]:
        channels = await self._client.http.get_all_guild_channels(guild_id)
        names = {
            channel_key(str(c.get("name", ""))): int(c["id"])
            for c in channels
            if c.get("type") in _TEXT_TYPES
        }
        self._fetched[guild_id] = names
        return names

    async def moderators(self, guild_id: int) -> int | None:
        """The moderators' channel of the guild (the `mod_channel` setting), or None."""
        return await self.resolve(guild_id, self._settings.mod_channel_for(guild_id))

    async def main(self, guild_id: int) -> int | None:
        """Where public statements go: the setting, else the system channel, else #general."""
        if self._settings.main_channel:
            return await self.resolve(guild_id, self._settings.main_channel)
        guild = self._client.get_guild(guild_id)
        if guild is not None and guild.system_channel is not None:
            return guild.system_channel.id
        return await self.resolve(guild_id, "general")

    def lang(self, guild_id: int | None) -> str:
        """The guild's language: the deployment file's, else the guild's preferred locale, else
        the charter's first language."""
        declared = self._desks.locale(guild_id) if self._desks is not None else None
        if declared is not None:
            return declared.lang
        guild = self._client.get_guild(guild_id) if guild_id is not None else None
        return lang_of(guild.preferred_locale, self._fallback) if guild else self._fallback

    @property
    def fallback_lang(self) -> str:
        """The charter's first language."""
        return self._fallback


MAX_MEMBER_PINGS = 25  # members pinged one by one for a role Discord would not ping


def role_pings(guild: discord.Guild, role: discord.Role) -> bool:
    """Whether a mention of `role` by the bot pings its members: Discord pings a role only when
    it is mentionable or the bot may Mention @everyone, @here and All Roles."""
    me = guild.me
    return role.mentionable or bool(me and me.guild_permissions.mention_everyone)


def mention_for(
    guild: discord.Guild | None, kind: str, target_id: str
) -> tuple[str, discord.AllowedMentions]:
    """The mention that calls a person ("user") or a role ("role"), allowed to ping only them.
    A role Discord would not ping is called through its members, one by one (at most
    `MAX_MEMBER_PINGS`), so that a crisis notification reaches people."""
    target = snowflake(target_id)
    if target is None:
        return "", discord.AllowedMentions.none()
    if kind != "role":
        users = [discord.Object(id=target)]
        return f"<@{target}>", discord.AllowedMentions(users=users, roles=False, everyone=False)
    role = guild.get_role(target) if guild is not None else None
    if role is None or guild is None or role_pings(guild, role):
        roles = [discord.Object(id=target)]
        return f"<@&{target}>", discord.AllowedMentions(roles=roles, users=False, everyone=False)
    members = [m for m in role.members if not m.bot][:MAX_MEMBER_PINGS]
    text = " ".join([f"<@&{target}>", *(m.mention for m in members)])
    allowed = discord.AllowedMentions(users=members, roles=False, everyone=False)
    return text, allowed


def unpingable_roles(guild: discord.Guild, role_ids: list[int]) -> list[discord.Role]:
    """The roles among `role_ids` that a mention by the bot would not ping."""
    roles = [guild.get_role(role_id) for role_id in role_ids]
    return [role for role in roles if role is not None and not role_pings(guild, role)]
