"""The Telegram side of the desk's own action kinds: `untimeout` (an overturned mute: the member's
rights back), `purge` (a member's last messages, deleted in one call per 100) and `modlog` (a line
in the mod-log chat). Telegram's errors are left to the gateway, which maps them to outcomes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import Bot, ChatPermissions

from bot.core.decision import ActionRequest
from bot.core.ports import ActionResult

PURGE_BATCH = 100  # deleteMessages takes at most 100 ids


@dataclass
class Lifting:
    """untimeout, purge and modlog on Telegram (`chat`: the chat of an action under its current
    id, after a group's upgrade to a supergroup)."""

    bot: Bot
    modlog_chat: int | None = None
    chat: Callable[[ActionRequest], int] = lambda request: int(request.community)

    async def untimeout(self, request: ActionRequest) -> ActionResult:
        """Give the member back the right to post."""
        await self.bot.restrict_chat_member(
            self.chat(request),
            int(request.user_id or ""),
            ChatPermissions.all_permissions(),
            use_independent_chat_permissions=True,
        )
        return ActionResult.done("mute lifted")

    async def purge(self, request: ActionRequest) -> ActionResult:
        """Delete the listed messages of the chat."""
        ids = [int(m) for _, m in request.params.get("messages") or [] if str(m).isdigit()]
        if not ids:
            return ActionResult.done("nothing to purge")
        for start in range(0, len(ids), PURGE_BATCH):
            await self.bot.delete_messages(self.chat(request), ids[start : start + PURGE_BATCH])
        return ActionResult.done(f"{len(ids)} message(s) deleted")

    async def modlog(self, request: ActionRequest) -> ActionResult:
        """A mod-log line in the mod-log chat (none configured: not posted)."""
        if self.modlog_chat is None:
            return ActionResult.done("no mod-log chat configured")
        await self.bot.send_message(self.modlog_chat, str(request.params.get("text", ""))[:4096])
        return ActionResult.done("logged")
