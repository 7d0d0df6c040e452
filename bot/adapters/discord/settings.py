"""The Discord adapter's own settings (which channel is the moderators', where statements go, how
often the outbox is drained, sharding) and the gateway intents it needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import discord

DEFAULT_MOD_CHANNEL = "moderation"
MOD_CHANNEL_ENV = "VIGIE_DISCORD_MOD_CHANNEL"


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """How the adapter runs.

    `mod_channel`: the moderators' channel, by id or by name, in every guild (cards, crisis
    notifications, permission reports). `main_channel`: where statements go when the plan names
    no channel (default: the guild's system channel, else #general). `command_guild`: sync slash
    commands to this guild only (instant; global commands take up to an hour to appear).
    """

    mod_channel: str = DEFAULT_MOD_CHANNEL
    modlog_channel: str | None = None  # the mod-log channel, by id or name (none: no mod-log)
    main_channel: str | None = None
    command_guild: int | None = None
    sync_commands: bool = True
    background: bool = True  # run the dispatcher loop (tests drive it by hand)
    dispatch_every: float = 2.0  # seconds between two outbox passes when nothing wakes it
    tick_every: float = 10.0  # seconds between two crisis clock ticks
    max_ratelimit_timeout: float = 30.0  # a longer rate limit becomes a retry from the outbox
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    sharded: bool = False  # AutoShardedClient (Discord's recommended shard count if none given)
    # Decide messages in the service lane's thread (the default), or on the event loop as before
    # (kept for the raid benchmark's comparison): off the loop, a raid never delays heartbeats
    # or the answers to interactions.
    decide_off_loop: bool = True
    mod_channels: Mapping[str, str] = field(default_factory=dict)  # guild id → its own channel
    modlog_channels: Mapping[str, str] = field(default_factory=dict)  # guild id → its mod-log

    def mod_channel_for(self, guild_id: int) -> str:
        """The moderators' channel of a guild: its own (deployment file), else `mod_channel`."""
        return self.mod_channels.get(str(guild_id), self.mod_channel)

    def modlog_channel_for(self, community: str) -> str | None:
        """The mod-log channel of a guild: its own (deployment file), else `modlog_channel`."""
        return self.modlog_channels.get(community, self.modlog_channel)


def mod_channel_from(option: str | None, env: Mapping[str, str]) -> str:
    """The moderators' channel: the CLI option, else $VIGIE_DISCORD_MOD_CHANNEL, else the default."""
    return (option or env.get(MOD_CHANNEL_ENV) or DEFAULT_MOD_CHANNEL).strip().lstrip("#")


def required_intents() -> discord.Intents:
    """Messages with their content (privileged), members joining (privileged), guilds and
    interactions. Presences and typing are left out: Vigie does not need them."""
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    intents.moderation = True  # the audit log: bans, kicks and timeouts done by hand are recorded
    intents.typing = False
    intents.presences = False
    return intents


def required_permissions() -> discord.Permissions:
    """What the bot's role needs: read and write where it moderates, embeds for the cards, the
    moderation rights of each action, Manage Channels (slow mode), Manage Roles (locks edit
    the channels' permission overwrites) and View Audit Log (moderators' own actions)."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
        manage_messages=True,
        moderate_members=True,
        kick_members=True,
        ban_members=True,
        manage_channels=True,
        manage_roles=True,
        view_audit_log=True,  # bans, kicks and timeouts done with Discord's tools are recorded
    )


def invite_url(application_id: int) -> str:
    """The link that adds the bot to a server with its slash commands and permissions."""
    return discord.utils.oauth_url(
        application_id,
        permissions=required_permissions(),
        scopes=("bot", "applications.commands"),
    )
