"""Moderators' actions done with Telegram's own tools, read from `chat_member` updates (a member
banned, restricted from writing, or unbanned by an administrator) and handed to the desk, which
records each as a case attributed to that administrator. Vigie's own actions (the bot's) are
recorded already and skipped; a member leaving on their own is not an action. Telegram shows a
kick as a ban followed by an unban: both are recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import ChatMember, ChatMemberUpdated, Update
from telegram.ext import ContextTypes

from bot.adapters.desks import Desks
from bot.adapters.telegram.translate import PLATFORM, actor
from bot.desk import NativeAction


def native_of(change: ChatMemberUpdated, bot_id: int) -> NativeAction | None:
    """The native action a chat_member update stands for, or None."""
    who, member = change.from_user, change.new_chat_member.user
    if who.id in (bot_id, member.id):
        return None
    old, new = change.old_chat_member, change.new_chat_member
    action, until = None, getattr(new, "until_date", None)
    if new.status == ChatMember.BANNED:
        action = "ban"
    elif old.status == ChatMember.BANNED and new.status in (ChatMember.LEFT, ChatMember.MEMBER):
        action, until = "unban", None
    elif new.status == ChatMember.RESTRICTED and not getattr(new, "can_send_messages", True):
        action = "timeout"
    if action is None:
        return None
    return NativeAction(
        platform=PLATFORM,
        community=str(change.chat.id),
        user_id=str(member.id),
        action=action,
        moderator=actor(who.id),
        reason="",
        until=until,
        user_name=member.full_name,
    )


@dataclass
class NativeActions:
    """The `chat_member` handler."""

    desks: Desks  # the desk of the community the change happened in
    wake: Callable[[], None] = lambda: None
    observe: Callable[[str, Any], None] = lambda kind, value: None

    async def on_chat_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Record what an administrator did to a member, if it was a sanction."""
        change = update.chat_member
        if change is None:
            return
        native = native_of(change, context.bot.id)
        if native is None:
            return
        self.desks.of(native.community).record_native(native)
        self.wake()
        self.observe("native", native)
