"""The moderators' commands on Telegram, French and English names, given in reply to the member's
message (or with the member's id first): /avertir /warn, /sourdine /mute /timeout, /expulser
/kick, /bannir /ban (a leading duration makes it temporary, `nettoyer:1d` or `clean:1d` removes
their messages), /debannir /unban, /supprimer /delete, /nettoyer /purge N, /note, /casier
/infractions. `regle:ID` or `rule:ID` cites a rule of the charter (its strikes are added). Each
one parses, calls the desk and replies with its answer or refusal in the moderator's language."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from telegram import Bot, Update
from telegram import Message as TgMessage
from telegram.ext import ContextTypes

from bot.adapters.desks import Desks
from bot.adapters.telegram.roster import Roster
from bot.adapters.telegram.translate import actor, channel_of
from bot.desk import Actor, Desk, Purge, Refusal, Result, Sanction, Standing, Unban
from bot.desk.parse import NAMES, read_words


@dataclass(frozen=True, slots=True)
class Target:
    """Who and what a command is about: the replied message's author, or an id typed first."""

    user_id: str | None
    name: str = ""
    message_id: str | None = None
    channel: str | None = None
    standing: Standing = field(default_factory=Standing)


def target_of(message: TgMessage, args: list[str]) -> Target:
    """The member (and message) the command is about; consumes a leading id from `args`."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None:
        author = replied.from_user
        return Target(
            str(author.id), author.full_name, str(replied.message_id), channel_of(replied)
        )
    if args and args[0].lstrip("@").isdigit():
        return Target(args.pop(0).lstrip("@"))
    return Target(None)


@dataclass
class ModeratorCommands:
    """The handlers; see the module docstring."""

    desks: Desks
    roster: Roster
    lang: Callable[[Update], str]
    wake: Callable[[], None] = lambda: None
    # The community a command is about (a moderators' chat stands for its community).
    community: Callable[[TgMessage | None], str | None] = lambda message: None

    def handlers(self) -> dict[tuple[str, ...], Callable[..., object]]:
        """Command names (French first) → handler."""
        return {names: functools.partial(self.run, command) for command, names in NAMES.items()}

    async def run(self, command: str, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Parse, call the desk, reply."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        identities = await self.roster.identities(context.bot, user.id, message.chat.id)
        who = Actor(
            actor(user.id), frozenset(identities), self.lang(update), mention=user.full_name
        )
        args = list(context.args or ())
        target = target_of(message, args)
        community = self.community(message) or str(message.chat.id)
        if target.user_id is not None and command not in ("infractions", "unban", "note"):
            # Standing in the community's group, also for a command typed in its moderators' chat.
            where = int(community) if community.lstrip("-").isdigit() else message.chat.id
            standing = await self._standing(context.bot, int(target.user_id), where)
            target = replace(target, standing=standing)
        try:
            result = self._call(self.desks.of(community), command, community, target, args, who)
        except Refusal as refusal:
            await message.reply_text(refusal.text(who.lang))
            return
        self.wake()
        lines = [result.text(who.lang)]
        if result.data is not None:
            lines += result.data.lines(who.lang)
        await message.reply_text("\n".join(lines)[:4096])

    async def _standing(self, bot: Bot, user_id: int, chat_id: int) -> Standing:
        """What Telegram says of the target: their chat-member status (an administrator holds the
        charter's moderator roles, a creator its manager roles, as the roster resolves them),
        whether they created this chat, whether they are this bot."""
        identities = await self.roster.identities(bot, user_id, chat_id)
        owner = (await self.roster.admins(bot, chat_id)).get(user_id) == "creator"
        return Standing(frozenset(identities), owner=owner, bot=user_id == bot.id)

    @staticmethod
    def _call(
        desk: Desk, command: str, community: str, target: Target, args: list[str], who: Actor
    ) -> Result:
        if target.user_id is None and command == "infractions":
            target = Target(who.id.rpartition(":")[2])  # a member's own history
        if target.user_id is None and command != "delete":
            raise Refusal("no_target")
        user = str(target.user_id)
        if command == "infractions":
            return desk.infractions(community, user, who)
        if command == "unban":
            return desk.unban(Unban(community, user, " ".join(args)), who)
        if command == "purge":
            count = int(args.pop(0)) if args and args[0].isdigit() else 0
            purge = Purge(community, user, count, " ".join(args), standing=target.standing)
            return desk.purge(purge, who)
        if command == "delete" and target.message_id is None:
            raise Refusal("no_message")
        words = read_words(args, want_duration=command in ("timeout", "ban"))
        sanction = Sanction(
            action=command,
            community=community,
            user_id=target.user_id,
            user_name=target.name,
            reason=words.reason,
            channel=target.channel,
            message_id=target.message_id,
            rule=words.rule,
            duration=words.duration,
            clean=words.clean,
            standing=target.standing,
        )
        return desk.sanction(sanction, who)
