"""One Discord REST call (or a few) per action kind: delete, hold, warn, notify_author, timeout,
kick, ban, slow_mode, lock, post_statement. Each takes the `ActionRequest` and returns a short
detail for the outbox; Discord's errors are left to the gateway, which maps them to outcomes.

Calls go through ids and `client.http` rather than cached objects: an action may be executed by
another shard's process than the one holding the guild, and `Message.delete()` would send no
audit-log reason (`http.delete_message(..., reason=)` does).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import discord

from bot.adapters.discord.channels import ChannelDirectory
from bot.adapters.discord.translate import audit_reason, snowflake
from bot.core.clock import Clock
from bot.core.decision import ActionRequest
from bot.i18n.catalog import messages

MESSAGE_LIMIT = 2000
CANNOT_DM = 50007  # "Cannot send messages to this user": the member closed their DMs
MAX_TIMEOUT = timedelta(days=28)  # Discord refuses longer
MAX_SLOW_MODE = 21600  # seconds (6 h), Discord's limit
MAX_BAN_DELETION = 7 * 24 * 3600  # seconds, Discord's limit
DEFAULT_TIMEOUT = timedelta(minutes=10)  # a timeout planned without a duration (never by the core)
_NO_MENTIONS = discord.AllowedMentions.none()
# What a lock withdraws from @everyone. Discord refuses (50013) an overwrite that allows or
# denies a permission the bot does not hold itself, so only the held ones are set.
LOCK_PERMISSIONS = ("send_messages", "send_messages_in_threads", "create_public_threads")


class ActionFailed(Exception):
    """An action that cannot succeed, whatever the retries (no target, no such channel)."""


def clip(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` cut to Discord's limit, marked as cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _need(value: str | None, what: str) -> int:
    found = snowflake(value)
    if found is None:
        raise ActionFailed(f"no Discord {what} id in the request ({value!r})")
    return found


class Operations:
    """The Discord side of each action kind; see the module docstring."""

    def __init__(self, client: discord.Client, directory: ChannelDirectory, clock: Clock) -> None:
        self._client = client
        self._http = client.http
        self._directory = directory
        self._clock = clock

    def _guild(self, request: ActionRequest) -> int:
        guild_id = self._directory.guild_id(request.community)
        if guild_id is None:
            raise ActionFailed(f"community {request.community!r} is not a guild of this bot")
        return guild_id

    async def delete(self, request: ActionRequest) -> str:
        """Delete the message, with the audit-log reason."""
        channel, message = _need(request.channel, "channel"), _need(request.message_id, "message")
        await self._http.delete_message(
            channel,
            message,
            reason=audit_reason(request, self._directory.fallback_lang),
        )
        return "deleted"

    async def hold(self, request: ActionRequest) -> str:
        """Discord cannot hide a message pending review: it is removed (its text stays in the case
        file) and restored by nobody; the moderator's verdict applies the proposed sanctions."""
        await self.delete(request)
        return "held (deleted pending review)"

    async def warn(self, request: ActionRequest) -> str:
        """The statement of reasons, as a reply under the message or privately."""
        if request.params.get("where") == "reply" and request.channel:
            return await self._reply(request)
        return await self.notify_author(request)

    async def notify_author(self, request: ActionRequest) -> str:
        """A direct message to the author. A member whose DMs are closed (50007) still gets the
        statement of reasons: as a reply in the channel, saying why; the outbox detail records
        how it was delivered."""
        user = _need(request.user_id, "user")
        channel = await self._client.create_dm(discord.Object(id=user))
        try:
            await channel.send(
                clip(request.notice or request.reason), allowed_mentions=_NO_MENTIONS
            )
        except discord.Forbidden as exc:
            if exc.code != CANNOT_DM or snowflake(request.channel) is None:
                raise
            lang = self._directory.lang(self._directory.guild_id(request.community))
            await self._reply(request, messages().text(lang, "discord.dm_closed"))
            return "DMs closed: replied in the channel instead"
        return "sent privately"

    async def _reply(self, request: ActionRequest, note: str = "") -> str:
        user, channel_id = _need(request.user_id, "user"), _need(request.channel, "channel")
        channel = self._client.get_partial_messageable(channel_id)
        reference = None
        if snowflake(request.message_id) is not None:
            # The message may already be deleted (delete runs first): post without the link then.
            reference = discord.MessageReference(
                message_id=int(str(request.message_id)),
                channel_id=channel_id,
                fail_if_not_exists=False,
            )
        mentions = discord.AllowedMentions(
            users=[discord.Object(id=user)], everyone=False, roles=False
        )
        text = clip(f"<@{user}> {request.notice or request.reason}{' ' + note if note else ''}")
        await channel.send(
            text, reference=reference or discord.utils.MISSING, allowed_mentions=mentions
        )
        return "replied in the channel"

    async def timeout(self, request: ActionRequest) -> str:
        """Time the member out from now (execution time: a retried action still lasts its full
        duration), at most 28 days."""
        user, guild = _need(request.user_id, "user"), self._guild(request)
        duration = min(request.duration or DEFAULT_TIMEOUT, MAX_TIMEOUT)
        until = self._clock.now() + duration
        await self._http.edit_member(
            guild,
            user,
            reason=audit_reason(request, self._directory.fallback_lang),
            communication_disabled_until=until.isoformat(),
        )
        return f"timed out until {until.isoformat(timespec='seconds')}"

    async def kick(self, request: ActionRequest) -> str:
        """Remove the member (they may come back with an invite)."""
        user, guild = _need(request.user_id, "user"), self._guild(request)
        await self._http.kick(
            user,
            guild,
            reason=audit_reason(request, self._directory.fallback_lang),
        )
        return "kicked"

    async def ban(self, request: ActionRequest) -> str:
        """Ban the user, deleting their messages of the configured window (at most 7 days)."""
        user, guild = _need(request.user_id, "user"), self._guild(request)
        window = int(request.params.get("delete_message_seconds", 0))
        await self._http.ban(
            user,
            guild,
            delete_message_seconds=max(0, min(window, MAX_BAN_DELETION)),
            reason=audit_reason(request, self._directory.fallback_lang),
        )
        return f"banned (messages of the last {window}s deleted)"

    async def slow_mode(self, request: ActionRequest) -> str:
        """Set (or, with 0, lift) slow mode in the configured channels."""
        seconds = max(0, min(int(request.params.get("seconds", 0)), MAX_SLOW_MODE))
        reason = audit_reason(request, self._directory.fallback_lang)

        async def apply(guild: int, channel: int) -> None:
            await self._http.edit_channel(channel, reason=reason, rate_limit_per_user=seconds)

        return await self._in_channels(request, apply, f"slow mode {seconds}s")

    async def lock(self, request: ActionRequest) -> str:
        """Members can read but not write (or, unlocked, the @everyone overwrite is restored)."""
        locked = bool(request.params.get("locked", True))
        reason = audit_reason(request, self._directory.fallback_lang)
        skipped: set[str] = set()

        async def apply(guild: int, channel: int) -> None:
            skipped.update(await self._set_lock(guild, channel, locked, reason))

        done = await self._in_channels(request, apply, "locked" if locked else "unlocked")
        if skipped:
            done += f" (not withdrawn, the bot lacks: {', '.join(sorted(skipped))})"
        return done

    def _held(self, guild_id: int) -> discord.Permissions | None:
        """The bot's permissions in the guild, if this process holds the guild."""
        guild = self._client.get_guild(guild_id)
        return guild.me.guild_permissions if guild is not None and guild.me else None

    async def _set_lock(self, guild: int, channel_id: int, locked: bool, reason: str) -> list[str]:
        """Lock or unlock one channel; the lock permissions left alone because the bot lacks
        them (a lock without them still stops messages in the channel itself)."""
        channel = self._client.get_channel(channel_id) or await self._client.fetch_channel(
            channel_id
        )
        everyone = discord.Object(id=guild)  # the @everyone role has the guild's id
        overwrite = channel.overwrites_for(everyone)  # type: ignore[union-attr]
        value = False if locked else None  # None: back to what the roles allow
        held = self._held(guild)
        usable = [name for name in LOCK_PERMISSIONS if held is None or getattr(held, name)]
        overwrite.update(**dict.fromkeys(usable, value))
        skipped = [name for name in LOCK_PERMISSIONS if name not in usable]
        if overwrite.is_empty():
            await self._http.delete_channel_permissions(channel_id, guild, reason=reason)
            return skipped
        allow, deny = overwrite.pair()
        await self._http.edit_channel_permissions(
            channel_id, guild, str(allow.value), str(deny.value), 0, reason=reason
        )
        return skipped

    async def post_statement(self, request: ActionRequest) -> str:
        """Post the approved statement, the guild's language first, in the plan's channels."""
        guild = self._guild(request)
        lang = self._directory.lang(guild)
        texts: dict[str, str] = dict(request.params.get("texts") or {})
        ordered = [texts.pop(lang)] if lang in texts else []
        ordered += list(texts.values())
        joined = "\n\n".join(ordered)
        parts = [joined] if len(joined) <= MESSAGE_LIMIT else [clip(text) for text in ordered]

        async def apply(guild_id: int, channel: int) -> None:
            target = self._client.get_partial_messageable(channel, guild_id=guild_id)
            for part in parts:
                await target.send(part, allowed_mentions=_NO_MENTIONS)

        return await self._in_channels(request, apply, "statement posted", main_by_default=True)

    async def _in_channels(
        self,
        request: ActionRequest,
        apply: Callable[[int, int], Awaitable[None]],
        done: str,
        main_by_default: bool = False,
    ) -> str:
        """Apply to each channel the request names (by id or name); a channel that does not exist
        is skipped and named in the detail, and the action fails only if none exists."""
        guild = self._guild(request)
        names = list(request.params.get("channels") or [])
        if not names and request.channel and not main_by_default:
            names = [request.channel]
        targets: list[int] = []
        missing: list[str] = []
        if names:
            for name in names:
                found = await self._directory.resolve(guild, str(name))
                if found is None:
                    missing.append(str(name))
                else:
                    targets.append(found)
        else:
            main = await self._directory.main(guild)
            targets, missing = ([main], []) if main is not None else ([], ["main channel"])
        if not targets:
            raise ActionFailed(f"no such channel: {', '.join(missing)}")
        for channel in targets:
            await apply(guild, channel)
        skipped = f"; not found: {', '.join(missing)}" if missing else ""
        return f"{done} in {len(targets)} channel(s){skipped}"
