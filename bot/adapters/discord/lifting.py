"""The Discord side of the desk's own action kinds: `unban` (a temporary ban's end, an overturn,
/unban), `untimeout` (an overturned timeout) and `purge` (a member's last messages, deleted in bulk
per channel). Discord's errors are left to the gateway, which maps them to outcomes."""

from __future__ import annotations

from collections import defaultdict

import discord

from bot.adapters.discord.channels import ChannelDirectory
from bot.adapters.discord.operations import ActionFailed
from bot.adapters.discord.translate import audit_reason, snowflake
from bot.core.decision import ActionRequest

TOO_OLD = 50034  # bulk delete refuses messages older than 14 days: delete them one by one
UNKNOWN_BAN = 10026


class Lifting:
    """unban, untimeout and purge on Discord."""

    def __init__(self, client: discord.Client, directory: ChannelDirectory) -> None:
        self._http = client.http
        self._directory = directory

    def _ids(self, request: ActionRequest) -> tuple[int, int]:
        guild = self._directory.guild_id(request.community)
        user = snowflake(request.user_id)
        if guild is None or user is None:
            raise ActionFailed(f"no guild or user for {request.kind} ({request.user_id!r})")
        return guild, user

    async def unban(self, request: ActionRequest) -> str:
        """Lift the ban (a user no longer banned counts as done)."""
        guild, user = self._ids(request)
        try:
            await self._http.unban(
                user,
                guild,
                reason=audit_reason(request, self._directory.fallback_lang),
            )
        except discord.NotFound as exc:
            if exc.code == UNKNOWN_BAN:
                return "not banned any more"
            raise
        return "unbanned"

    async def untimeout(self, request: ActionRequest) -> str:
        """End the member's timeout now."""
        guild, user = self._ids(request)
        await self._http.edit_member(
            guild,
            user,
            reason=audit_reason(request, self._directory.fallback_lang),
            communication_disabled_until=None,
        )
        return "timeout lifted"

    async def purge(self, request: ActionRequest) -> str:
        """Delete the listed messages, in bulk per channel (one by one where bulk refuses)."""
        by_channel: dict[int, list[int]] = defaultdict(list)
        for channel, message in request.params.get("messages") or []:
            if snowflake(channel) is not None and snowflake(message) is not None:
                by_channel[int(channel)].append(int(message))
        if not by_channel:
            raise ActionFailed("no Discord message to purge in the request")
        reason = audit_reason(request, self._directory.fallback_lang)
        for channel, messages in by_channel.items():
            await self._delete(channel, messages, reason)
        return f"{sum(map(len, by_channel.values()))} message(s) deleted"

    async def _delete(self, channel: int, messages: list[int], reason: str) -> None:
        if len(messages) > 1:
            try:
                await self._http.delete_messages(channel, messages, reason=reason)
                return
            except discord.HTTPException as exc:
                if exc.code != TOO_OLD:
                    raise
        for message in messages:
            try:
                await self._http.delete_message(channel, message, reason=reason)
            except discord.NotFound:
                continue  # already gone: what a purge wants
