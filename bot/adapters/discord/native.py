"""Moderators' actions done with Discord's own tools, read from the audit log as they happen
(GUILD_AUDIT_LOG_ENTRY_CREATE: bans, unbans, kicks, timeouts) and handed to the desk, which records
each as a case attributed to that moderator. Vigie's own actions (the bot's) are recorded already
and skipped."""

from __future__ import annotations

from typing import Any

import discord

from bot.adapters.discord.translate import PLATFORM, moderator_name
from bot.desk import NativeAction

_ACTIONS = {
    discord.AuditLogAction.ban: "ban",
    discord.AuditLogAction.unban: "unban",
    discord.AuditLogAction.kick: "kick",
}


def native_of(entry: Any, bot_id: int | None) -> NativeAction | None:
    """The native action an audit-log entry records, or None (the bot's own, or another kind)."""
    if entry.user_id is None or entry.user_id == bot_id:
        return None
    target = getattr(entry.target, "id", None) or getattr(entry, "_target_id", None)
    if target is None:
        return None
    action = _ACTIONS.get(entry.action)
    until = None
    if entry.action is discord.AuditLogAction.member_update:
        until = getattr(entry.after, "timed_out_until", None)
        if until is None:
            return None  # another change of the member (nickname, roles...), or a timeout lifted
        action = "timeout"
    if action is None:
        return None
    return NativeAction(
        platform=PLATFORM,
        community=str(entry.guild.id),
        user_id=str(target),
        action=action,
        moderator=moderator_name(discord.Object(id=entry.user_id)),
        reason=entry.reason or "",
        until=until,
        user_name=getattr(entry.target, "display_name", "") or "",
    )
