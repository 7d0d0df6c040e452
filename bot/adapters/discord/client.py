"""The Discord front end of one `CommunityService`: a discord.py client (sharded or not) whose
events feed the service, a gateway executing the service's outbox, the review desk's buttons, the
slash commands, and the desk's pump (`bot.desk.pump`) that lets the crisis clock tick and drains
the outbox.

Composition: `VigieDiscord` owns a plain `discord.Client` and registers its handlers on it.
An exception in one handler is logged and the bot keeps running. Messages are decided in the
service lane's single thread (`bot.adapters.lane`), in the order Discord delivers them, so that a
raid never delays the gateway's heartbeats; every slash command is deferred before it does any
work, so Discord's three-second deadline is met whatever the command then needs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import discord

from bot.adapters.desks import Desks
from bot.adapters.discord.channels import ChannelDirectory, unpingable_roles
from bot.adapters.discord.commands import MemberCommands, build_tree
from bot.adapters.discord.gateway import DiscordGateway
from bot.adapters.discord.localized import CatalogNames
from bot.adapters.discord.moderation_commands import ModerationCommands
from bot.adapters.discord.native import native_of
from bot.adapters.discord.review import ReviewDesk
from bot.adapters.discord.settings import (
    DiscordSettings,
    invite_url,
    required_intents,
    required_permissions,
)
from bot.adapters.discord.translate import message_of
from bot.adapters.lane import ServiceLane
from bot.core.ports import PendingAction
from bot.desk.pump import Pump
from bot.service import CommunityService

if TYPE_CHECKING:
    from bot.deploy.communities import Communities

log = logging.getLogger("vigie.discord")

Observer = Callable[[str, Any], None]


class Router(Protocol):
    """Where events go: one `CommunityService`, or the registry of several (`Communities`)."""

    def handle(self, message: Any) -> Any: ...

    def member_joined(self, community: str, user_id: str, at: Any) -> None: ...

    def tick(self) -> None: ...


def make_client(settings: DiscordSettings, **options: Any) -> discord.Client:
    """A discord.py client with Vigie's intents; `AutoShardedClient` when sharding is asked."""
    options = {
        "intents": required_intents(),
        "max_ratelimit_timeout": settings.max_ratelimit_timeout,
        **options,
    }
    if settings.sharded or settings.shard_count or settings.shard_ids:
        if settings.shard_ids:  # this process runs some of the shards
            options["shard_ids"] = list(settings.shard_ids)
        return discord.AutoShardedClient(shard_count=settings.shard_count, **options)
    return discord.Client(**options)


def _log_failure(pending: PendingAction, reason: str) -> None:
    request = pending.request
    log.warning("action %s (%s) failed for good: %s", request.kind, request.key, reason)


class VigieDiscord:
    """The Discord bot of one service; see the module docstring.

    `on_event(name, value)` is told of each "decision", "join" and "ready" (tests await it).
    """

    def __init__(
        self,
        service: CommunityService,
        settings: DiscordSettings | None = None,
        *,
        on_event: Observer | None = None,
        communities: Communities | None = None,
        **client_options: Any,
    ) -> None:
        self.service = service
        # Several guilds, each with its own charter: messages go through the registry.
        self.communities = communities
        self._router: Router = communities if communities is not None else service
        self.settings = settings or DiscordSettings()
        self.client = make_client(self.settings, **client_options)
        desk = service.desk
        self.lane = ServiceLane()
        # Commands, buttons and the crisis clock run on the event loop: they share the desk (and
        # the service behind it) with the lane's thread through its lock. Each guild has its own
        # desk (its charter, its staff) when a deployment serves several.
        desks = self.desks = Desks(desk, self.lane, communities)
        self.directory = ChannelDirectory(self.client, self.settings, desk.languages[0], desks)
        self.desk = ReviewDesk(
            desks, self.client, self.directory, self.wake, self.settings.modlog_channel_for
        )
        self.gateway = DiscordGateway(self.client, self.directory, self.desk, desk.clock)
        gateway = communities.gateway(self.gateway) if communities else self.gateway
        self.dispatcher = service.dispatcher(gateway)
        self.dispatcher.on_failure = _log_failure
        if self.settings.decide_off_loop:  # the outbox's database work, off the loop too
            self.dispatcher.offload = self.lane.share
        self.pump = Pump(
            self.dispatcher,
            self.lane.serialised(self._router),
            self.settings.dispatch_every,
            self.settings.tick_every,
            self.gateway.report_dropped,
        )
        self.tree = build_tree(
            self.client,
            MemberCommands(desks, self.directory, self.wake),
            ModerationCommands(desks, self.directory, self.wake),
        )
        self.tree.interaction_check = _defer_first  # type: ignore[method-assign]
        # Clicks on cards posted before a restart still reach the desk.
        self.client.add_dynamic_items(*self.desk.buttons)
        self._on_event = on_event
        self._started = False
        self._warned_empty = False
        for handler in (
            self.on_ready,
            self.on_message,
            self.on_raw_message_edit,
            self.on_member_join,
            self.on_audit_log_entry_create,
            self.on_raw_message_delete,
            self.on_error,
        ):
            self.client.event(handler)

    def wake(self) -> None:
        """Let the dispatcher run now (an action was queued)."""
        self.pump.wake()

    async def run(self, token: str) -> None:
        """Log in, connect (reconnecting after disconnects) and run until closed."""
        try:
            async with self.client:
                await self.client.start(token, reconnect=True)
        finally:
            await self.pump.stop()
            self.lane.close()
            # A restart (or the standby) resumes from here. Several communities are closed once,
            # by the run that wraps the bot (`bot.deploy.runtime`), as on Telegram: closing them
            # here too wrote every community's state twice, the second time after its leases were
            # given up.
            if self.communities is None:
                self.service.checkpoint()

    # --- events ----------------------------------------------------------------------------

    async def on_ready(self) -> None:
        """Connected: check the guilds, sync the commands and start the pump (first time only;
        discord.py fires this again after a full reconnect)."""
        log.info("connected as %s to %d guild(s)", self.client.user, len(self.client.guilds))
        if not self._started:
            self._started = True
            await self._check_guilds()
            if self.settings.sync_commands:
                await self._sync_commands()
            if self.settings.background:
                self.pump.start()
        self._emit("ready", None)

    async def _check_guilds(self) -> None:
        """Say at start-up what would otherwise fail later: no server, no moderators' channel,
        a permission the bot's role lacks."""
        if not self.client.guilds and self.client.application_id is not None:
            log.warning("the bot is in no server yet: invite it with %s", self._invite())
        for guild in self.client.guilds:
            if await self.directory.moderators(guild.id) is None:
                log.warning(
                    "server %s has no channel %r for the moderators: cards cannot be posted there",
                    guild.name,
                    self.settings.mod_channel_for(guild.id),
                )
            granted = guild.me.guild_permissions if guild.me else discord.Permissions.none()
            missing = [
                name
                for name, needed in required_permissions()
                if needed and not getattr(granted, name)
            ]
            if missing:
                log.warning("in server %s the bot's role lacks: %s", guild.name, ", ".join(missing))
            for role in unpingable_roles(guild, self._crisis_roles(guild.id)):
                log.warning(
                    "in server %s the crisis role @%s cannot be pinged (not mentionable, and the "
                    "bot may not Mention @everyone): its members are pinged one by one instead; "
                    "make the role mentionable (Server Settings → Roles → %s)",
                    guild.name,
                    role.name,
                    role.name,
                )

    def _crisis_roles(self, guild: int) -> list[int]:
        """The Discord roles the guild's crisis plan calls ('role:ID' contacts)."""
        contacts = self.desks.of(guild).crisis_contacts("discord")
        kinds = [contact.partition(":") for contact in contacts]
        return [int(target) for kind, _, target in kinds if kind == "role"]

    def _invite(self) -> str:
        assert self.client.application_id is not None
        return invite_url(self.client.application_id)

    async def _sync_commands(self) -> None:
        try:
            await self.tree.set_translator(CatalogNames())
            if self.settings.command_guild is not None:
                guild = discord.Object(id=self.settings.command_guild)
                self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
            else:
                await self.tree.sync()
        except discord.HTTPException as exc:  # the bot still moderates without its commands
            log.error("could not register the slash commands: %s", exc)

    async def on_message(self, message: discord.Message) -> None:
        """A new message: decided, recorded, its actions queued."""
        if _ignored(message):
            return
        self._check_content(message)
        await self._decide(message_of(message))

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """An edit is decided again (an insult added later is caught); updates that are not
        edits (a link preview appearing) are not."""
        message, before = payload.message, payload.cached_message
        if _ignored(message) or message.edited_at is None:
            return
        if before is not None and before.content == message.content:
            return
        await self._decide(message_of(message, edited=True))

    async def on_member_join(self, member: discord.Member) -> None:
        """A member joined: counted by the crisis plan (newcomers, raids)."""
        if member.bot:
            return
        joined = member.joined_at or self.service.desk.clock.now()
        await self._in_lane(
            self._router.member_joined, str(member.guild.id), str(member.id), joined
        )
        self.wake()
        self._emit("join", member)

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A flagged message deleted by its author or by hand goes to the mod-log."""
        if payload.guild_id is None:
            return
        community, message = str(payload.guild_id), str(payload.message_id)
        desk = self.desks.plain(community)
        if await self._in_lane(desk.message_deleted, community, message):
            self.wake()
            self._emit("deleted", payload)

    async def on_audit_log_entry_create(self, entry: discord.AuditLogEntry) -> None:
        """A moderator banned, kicked or timed out someone with Discord's own tools: the desk
        records it as their case."""
        native = native_of(entry, self.client.user.id if self.client.user else None)
        if native is None:
            return
        await self._in_lane(self.desks.plain(native.community).record_native, native)
        self.wake()
        self._emit("native", native)

    async def on_error(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        """A handler raised: log it with the event, and carry on with the next events."""
        log.exception("error while handling %s", event)

    async def _in_lane(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.settings.decide_off_loop:
            return await self.lane.run(fn, *args)
        return fn(*args)  # today's design, for the raid benchmark's comparison

    async def _decide(self, message: Any) -> None:
        if message is None:
            return
        decision = await self._in_lane(self._router.handle, message)
        if decision is None:  # a guild the deployment does not serve
            return
        self.wake()  # the decision, or the crisis plan, may have queued actions
        self._emit("decision", decision)

    def _check_content(self, message: discord.Message) -> None:
        """Without the message-content intent Discord sends empty texts: say so once."""
        if self._warned_empty or message.content or message.message_snapshots:
            return  # a forward carries its text in the snapshot, its own content is empty
        if not (message.attachments or message.embeds or message.stickers):
            self._warned_empty = True
            log.warning(
                "a message arrived with no text: if this repeats, the Message Content intent "
                "is off (Developer Portal → your application → Bot → Privileged Gateway Intents)"
            )

    def _emit(self, name: str, value: Any) -> None:
        if self._on_event is not None:
            self._on_event(name, value)


def _ignored(message: discord.Message) -> bool:
    """Messages Vigie does not moderate: DMs, bots and webhooks (itself included), system ones."""
    return (
        message.guild is None
        or message.author.bot
        or message.webhook_id is not None
        or message.is_system()
    )


async def _defer_first(interaction: discord.Interaction) -> bool:
    """Every slash command is deferred before it runs (ephemerally: the answers are private),
    so that no database work or export can make Discord forget the interaction (10062 after
    three seconds); the command then answers in a follow-up."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    return True
