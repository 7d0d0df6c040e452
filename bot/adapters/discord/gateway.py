"""The Discord implementation of the core's `Gateway` port: routes each queued action to its
Discord operation (or to the review desk for cards), and turns Discord's errors into outcomes the
dispatcher understands — DONE, RETRY (rate limits, 5xx, disconnects) or FAILED (forbidden, gone,
invalid) — never an exception. A missing permission is reported once per (action, channel) in
the moderators' channel, so the team learns what to grant while the bot keeps working.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

import aiohttp
import discord

from bot.adapters.discord.channels import ChannelDirectory
from bot.adapters.discord.operations import ActionFailed, Operations
from bot.adapters.discord.texts import action_words, say
from bot.adapters.discord.translate import snowflake
from bot.core.clock import Clock
from bot.core.decision import ActionRequest
from bot.core.ports import ActionResult, Outcome

log = logging.getLogger("vigie.discord")

Handler = Callable[[ActionRequest], Awaitable[str]]

# Not found, but the action's purpose is met: the message (or its channel) or the member is gone.
_ALREADY_GONE = {"delete": {10003, 10008}, "hold": {10003, 10008}, "kick": {10007}}
# Permissions of the whole server: a channel's overwrites cannot grant or deny them.
_GUILD_LEVEL = frozenset({"timeout", "kick", "ban"})
CANNOT_DM = 50007  # "Cannot send messages to this user": the member's choice, not a permission
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
        self._reported: set[tuple[str, str]] = set()
        ops = Operations(client, directory, clock)
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
        }

    async def execute(self, request: ActionRequest) -> ActionResult:
        """Run one action on Discord and say how it went."""
        handler = self._handlers.get(request.kind)
        if handler is None:
            return ActionResult(Outcome.FAILED, f"{request.kind!r} is not supported on Discord")
        try:
            return ActionResult.done(await handler(request))
        except discord.Forbidden as exc:
            if exc.code != CANNOT_DM:
                await self._report_forbidden(request, exc)
            return ActionResult(Outcome.FAILED, _describe(exc))
        except Exception as exc:
            result = result_of_error(request.kind, exc)
            if result is None:
                raise
            return result

    async def _report_forbidden(self, request: ActionRequest, exc: discord.Forbidden) -> None:
        """Tell the moderators once which permission is missing where."""
        in_channel = request.kind not in _GUILD_LEVEL and snowflake(request.channel) is not None
        key = (request.kind, str(request.channel) if in_channel else request.community)
        if key in self._reported:
            return
        self._reported.add(key)
        log.warning("missing permission for %s in %s: %s", request.kind, key[1], _describe(exc))
        guild = self._directory.guild_id(request.community)
        channel = await self._directory.moderators(guild) if guild is not None else None
        if guild is None or channel is None:
            log.warning("no moderators' channel to report the missing permission in")
            return
        lang = self._directory.lang(guild)
        action, permission = action_words(request.kind, lang)
        where = f"<#{request.channel}>" if in_channel else say("where.server", lang)
        text = say(
            "forbidden",
            lang,
            action=action,
            where=where,
            error=exc.text or "Missing Permissions",
            permission=permission,
        )
        target = self._client.get_partial_messageable(channel, guild_id=guild)
        try:
            await target.send(text, allowed_mentions=discord.AllowedMentions.none())
        except (discord.HTTPException, *_TRANSIENT) as error:
            log.warning("could not report the missing permission to the moderators: %s", error)
