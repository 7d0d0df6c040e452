"""Start-up checks: can the bot do its job? It must be an administrator of every group it
moderates with the rights to delete messages and restrict (mute, ban) members; the groups must be
supergroups for mutes; the moderators' chat must be reachable; and with privacy mode on, a group
where the bot is not an administrator shows it only commands. Each problem is a sentence for the
community manager, in the charter's language; the caller prints it and posts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import Bot, ChatMemberAdministrator, ChatMemberOwner
from telegram.error import TelegramError

from bot.i18n.catalog import messages

REQUIRED_RIGHTS = ("can_delete_messages", "can_restrict_members")


async def check_privacy(bot: Bot, lang: str) -> list[str]:
    """A problem if privacy mode is on (`getMe().can_read_all_group_messages` false)."""
    me = await bot.get_me()
    return [] if me.can_read_all_group_messages else [messages().text(lang, "telegram.privacy_on")]


async def check_group(bot: Bot, chat_id: int, lang: str) -> list[str]:
    """What keeps the bot from moderating `chat_id`: not there, not admin, rights, basic group."""
    try:
        chat = await bot.get_chat(chat_id)
        member = await bot.get_chat_member(chat_id, bot.id)
    except TelegramError as exc:
        return [messages().text(lang, "telegram.unreachable", chat=chat_id, reason=exc.message)]
    problems = []
    if isinstance(member, ChatMemberOwner):
        pass  # the owner holds every right
    elif not isinstance(member, ChatMemberAdministrator):
        problems.append(messages().text(lang, "telegram.not_admin", chat=chat_id))
    else:
        problems += [
            messages().text(
                lang,
                "telegram.missing_rights",
                chat=chat_id,
                rights=messages().text(lang, f"telegram.right_{right}"),
            )
            for right in REQUIRED_RIGHTS
            if not getattr(member, right, False)
        ]
    if chat.type == "group":
        problems.append(messages().text(lang, "telegram.basic_group", chat=chat_id))
    return problems


async def check_mod_chat(bot: Bot, mod_chat: int | None, lang: str) -> list[str]:
    """A problem if there is no moderators' chat or the bot cannot reach it."""
    if mod_chat is None:
        return [messages().text(lang, "telegram.no_mod_chat")]
    try:
        await bot.get_chat(mod_chat)
    except TelegramError as exc:
        return [
            messages().text(
                lang, "telegram.mod_chat_unreachable", chat=mod_chat, reason=exc.message
            )
        ]
    return []


async def check_all(
    bot: Bot, groups: tuple[int, ...], mod_chat: int | None, lang: str
) -> list[str]:
    """Every start-up problem, privacy mode and moderators' chat first, then each group's."""
    problems = await check_privacy(bot, lang) + await check_mod_chat(bot, mod_chat, lang)
    for group in groups:
        problems += await check_group(bot, group, lang)
    return problems


@dataclass
class FirstSight:
    """Checks each group once, the first time the bot hears from it (the Bot API cannot list
    the groups a bot is in, so groups not given at start-up are checked as they show up)."""

    lang: str
    seen: set[int] = field(default_factory=set)

    def mark(self, chat_ids: tuple[int, ...]) -> None:
        """Groups already checked at start-up."""
        self.seen.update(chat_ids)

    async def check(self, bot: Bot, chat_id: int) -> list[str]:
        """The group's problems the first time it is seen; nothing afterwards."""
        if chat_id in self.seen:
            return []
        self.seen.add(chat_id)
        return await check_group(bot, chat_id, self.lang)
