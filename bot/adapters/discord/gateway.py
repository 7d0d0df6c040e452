"""The Discord implementation of the core's `Gateway` port: routes each queued action to its
Discord operation (or to the review desk for cards), and turns Discord's errors into outcomes the
dispatcher understands — DONE, RETRY (rate limits, 5xx, disconnects) or FAILED (forbidden, gone,
invalid) — never an exception. A refusal is reported in the moderators' channel once per action,
place and cause, so the team learns what to grant while the bot keeps working: a missing
permission names the permission; a member Discord protects (the owner, an administrator for a
timeout, a member whose highest role is not below the bot's) is reported as such, since granting
a permission would not help. Once the action succeeds there again, a later loss is reported
anew. Actions the dispatcher gives up on are listed to the moderators too (`report_dropped`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

import aiohttp
import discord

from bot.adapters.discord.channels import ChannelDirectory
from bot.adapters.discord.lifting import Lifting
from bot.adapters.discord.operations import CANNOT_DM, ActionFailed, Operations
from bot.adapters.discord.translate import snowflake
from bot.core.clock import Clock
from bot.core.decision import ActionRequest
from bot.core.ports import ActionResult, Outcome, PendingAction
from bot.i18n.catalog import messages

log = logging.getLogger("vigie.discord")
# The permission each action needs, for the permission report (named as in Discord's role
# settings; what the action does is the catalog's `discord.can.<kind>`).
PERMISSIONS = {
    "delete": "Manage Messages",
    "hold": "Manage Messages",
    "warn": "Send Messages",
    "notify_author": "Send Messages",
    "timeout": "Moderate Members",
    "kick": "Kick Members",
    "ban": "Ban Members",
    "slow_mode": "Manage Channels",
    # Locking edits the channel's permission overwrites, which Discord ties to Manage Roles.
    "lock": "Manage Roles",
    "post_statement": "Send Messages",
}
CARD_PERMISSION = "Send Messages, Embed Links"

Handler = Callable[[ActionRequest], Awaitable[str]]

# Not found, but the action's purpose is met: the message (or its channel) or the member is gone.
_ALREADY_GONE = {"delete": {10003, 10008}, "hold": {10003, 10008}, "kick": {10007}}
# Permissions of the whole server: a channel's overwrites cannot grant or deny them.
_GUILD_LEVEL = frozenset({"timeout", "kick", "ban", "unban", "untimeout"})
# Action kinds Discord cannot carry out, with the reason given to the moderators (none today).
REFUSED: dict[str, str] = {}
# The permission each member sanction needs (discord.Permissions flag names).
_SANCTION_PERMISSION = {"timeout": "moderate_members", "kick": "kick_members", "ban": "ban_members"}
_TRANSIENT = (
    discord.ConnectionClosed,
    discord.GatewayNotFound,
    aiohttp.ClientError,
    asyncio.TimeoutError,
    OSError,
)


class CardDesk(Protocol):
    """Posts review cards in the moderators' channel (see `review.ReviewDesk`)."""

    async def post_escalation(self, request: ActionRequest) -> str: ...

    async def post_case(self, request: ActionRequest) -> str: ...

    async def post_crisis(self, request: ActionRequest) -> str: ...

    async def post_modlog(self, request: ActionRequest) -> str: ...


def _describe(exc: discord.HTTPException) -> str:
    return f"{exc.status} {exc.code}: {exc.text or exc.response.reason}"


def result_of_error(kind: str, exc: BaseException) -> ActionResult | None:
    """The outcome of a failed Discord call, or None for an error that is not Discord's (a bug:
    the dispatcher then retries it and logs it)."""
    if isinstance(exc, ActionFailed):
        return ActionResult(Outcome.FAILED, str(exc))
    if isinstance(exc, discord.RateLimited):  # longer than the client agreed to wait
        return ActionResult(Outcome.RETRY, "rate limited", retry_after=exc.retry_after)
    if isinstance(exc, discord.NotFound):
        if exc.code in _ALREADY_GONE.get(kind, ()):
            return ActionResult.done(f"already gone ({_describe(exc)})")
        return ActionResult(Outcome.FAILED, _describe(exc))
    if isinstance(exc, discord.HTTPException):
        transient = exc.status == 429 or exc.status >= 500
        return ActionResult(Outcome.RETRY if transient else Outcome.FAILED, _describe(exc))
    if isinstance(exc, _TRANSIENT):
        return ActionResult(Outcome.RETRY, f"{type(exc).__name__}: {exc}")
    return None


class DiscordGateway:
    """Executes the outbox's Discord actions; see the module docstring."""

    def __init__(
        self, client: discord.Client, directory: ChannelDirectory, desk: CardDesk, clock: Clock
    ) -> None:
        self._client = client
        self._directory = directory
        self._reported: set[tuple[str, str, str]] = set()  # (action, where, cause)
        ops = Operations(client, directory, clock)
        lifting = Lifting(client, directory)
        self._handlers: dict[str, Handler] = {
            "delete": ops.delete,
            "hold": ops.hold,
            "warn": ops.warn,
            "notify_author": ops.notify_author,
            "timeout": ops.timeout,
            "kick": ops.kick,
            "ban": ops.ban,
            "slow_mode": ops.slow_mode,
            "lock": ops.lock,
            "post_statement": ops.post_statement,
            "escalate": desk.post_escalation,
            "review_card": desk.post_case,
            "notify": desk.post_crisis,
            "modlog": desk.post_modlog,
            "unban": lifting.unban,
            "untimeout": lifting.untimeout,
            "purge": lifting.purge,
        }

    def supports(self, kind: str) -> bool:
        """Whether this gateway carries out actions of `kind` (the contract test checks every
        kind of the action registry is either supported or in `REFUSED`)."""
        return kind in self._handlers

    async def execute(self, request: ActionRequest) -> ActionResult:
        """Run one action on Discord and say how it went."""
        handler = self._handlers.get(request.kind)
        if handler is None:
            reason = REFUSED.get(request.kind, "Vigie has no Discord implementation of it")
            return ActionResult(
                Outcome.FAILED, f"{request.kind!r} is not done on Discord: {reason}"
            )
        try:
            detail = await handler(request)
        except discord.Forbidden as exc:
            if exc.code != CANNOT_DM:
                await self._report_forbidden(request, exc)
            return ActionResult(Outcome.FAILED, _describe(exc))
        except Exception as exc:
            result = result_of_error(request.kind, exc)
            if result is None:
                raise
            return result
        where = self._where(request)
        self._reported = {key for key in self._reported if key[:2] != (request.kind, where)}
        return ActionResult.done(detail)

    def _where(self, request: ActionRequest) -> str:
        in_channel = request.kind not in _GUILD_LEVEL and snowflake(request.channel) is not None
        return str(request.channel) if in_channel else request.community

    def _protection(self, request: ActionRequest) -> str | None:
        """Why Discord protects the member a sanction targets although the bot holds the
        permission ("owner", "admin", "role"), or None when the permission itself is missing
        (or this process cannot tell)."""
        needed = _SANCTION_PERMISSION.get(request.kind)
        guild_id = self._directory.guild_id(request.community)
        guild = self._client.get_guild(guild_id) if guild_id is not None else None
        if needed is None or guild is None or guild.me is None:
            return None
        if not getattr(guild.me.guild_permissions, needed):
            return None
        member = guild.get_member(snowflake(request.user_id) or 0)
        if member is None:
            return None  # not in this process's cache: it cannot tell
        if member.id == guild.owner_id:
            return "owner"
        if request.kind == "timeout" and member.guild_permissions.administrator:
            return "admin"
        return "role" if member.top_role >= guild.me.top_role else None

    async def _report_forbidden(self, request: ActionRequest, exc: discord.Forbidden) -> None:
        """Tell the moderators once per action, place and cause what Discord refused and why."""
        where = self._where(request)
        protection = self._protection(request)
        cause = f"{protection}:{request.user_id}" if protection else "missing"
        key = (request.kind, where, cause)
        if key in self._reported:
            return
        self._reported.add(key)
        log.warning("Discord refused %s in %s (%s): %s", request.kind, where, cause, _describe(exc))
        guild = self._directory.guild_id(request.community)
        if guild is None:
            return
        lang = self._directory.lang(guild)
        known = request.kind in PERMISSIONS
        action = messages().text(lang, f"discord.can.{request.kind if known else 'card'}")
        permission = PERMISSIONS.get(request.kind, CARD_PERMISSION)
        if protection is not None:
            why = messages().text(lang, f"discord.hierarchy.{protection}")
            text = messages().text(
                lang, "discord.hierarchy", action=action, user=request.user_id, why=why
            )
        else:
            place = (
                f"<#{where}>"
                if where != request.community
                else messages().text(lang, "discord.where.server")
            )
            error = exc.text or "Missing Permissions"
            text = messages().text(
                lang,
                "discord.forbidden",
                action=action,
                where=place,
                error=error,
                permission=permission,
            )
        await self._tell_moderators(guild, text)

    async def report_dropped(self, failed: list[tuple[PendingAction, str]]) -> None:
        """List to each guild's moderators the actions given up for good in one pass."""
        by_guild: dict[int, list[str]] = {}
        for pending, reason in failed:
            request = pending.request
            guild = self._directory.guild_id(request.community)
            who = f" — <@{request.user_id}>" if snowflake(request.user_id) else ""
            log.warning("action %s (%s) given up: %s", request.kind, request.key, reason)
            if guild is not None:
                by_guild.setdefault(guild, []).append(f"• {request.kind}{who} — {reason}")
        for guild, lines in by_guild.items():
            lang = self._directory.lang(guild)
            await self._tell_moderators(
                guild, messages().plural(lang, "chat.dropped", len(lines), lines="\n".join(lines))
            )

    async def _tell_moderators(self, guild: int, text: str) -> None:
        channel = await self._directory.moderators(guild)
        if channel is None:
            log.warning("no moderators' channel to tell: %s", text)
            return
        target = self._client.get_partial_messageable(channel, guild_id=guild)
        try:
            for start in range(0, len(text), 2000):
                chunk = text[start : start + 2000]
                await target.send(chunk, allowed_mentions=discord.AllowedMentions.none())
        except (discord.HTTPException, *_TRANSIENT) as error:
            log.warning("could not tell the moderators (%s): %s", error, text)
