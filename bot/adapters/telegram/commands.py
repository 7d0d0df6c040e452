"""The slash commands, each in French and English: /regles /rules (the public charter in the
member's language), /signaler /report (in reply to a message: a case for the moderators),
/recours /appeal (contest a sanction: an appeal case for another moderator), /crise /crisis
(the crisis level; with a level, declare it), /ack (acknowledge a crisis escalation) and
/approuver /approve (approve a holding statement); the moderators' own commands are in
`mod_commands`. Each handler parses, calls the desk and renders its answer or refusal in the
member's language.

Cards for reports and appeals go through the outbox like any action, so a crash between the
case and its card loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, Update, User
from telegram import Message as TgMessage
from telegram.constants import MessageLimit
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.adapters.desks import Desks
from bot.adapters.telegram.longtext import split_text
from bot.adapters.telegram.mod_commands import ModeratorCommands
from bot.adapters.telegram.roster import Roster, community_of
from bot.adapters.telegram.translate import GROUP_TYPES, actor, channel_of, pick_language
from bot.crisis.status_chat import status_text
from bot.desk import Actor, Desk, Refusal, Result
from bot.desk.parse import MODERATION
from bot.desk.words import every, language_of, spoken
from bot.i18n.catalog import messages
from bot.text.normalize import plain

log = logging.getLogger("vigie.telegram")

# The member and crisis commands; each one answers to its names in every catalog language
# (`command.<name>`), and a name only one language uses answers in that language by default.
MEMBER = ("rules", "report", "appeal", "crisis", "ack", "approve")
COMMANDS = {command: every(f"command.{command}") for command in MEMBER}
# Telegram's menu, in this order: each language's first name for the command, and what it does.
MENU = (*MEMBER, *MODERATION)
_CHAT_ID = re.compile(r"^-\d+$")


def plain_text(markdown: str) -> str:
    """The charter's Markdown as plain text (Telegram's Markdown dialect differs)."""
    lines = []
    for line in markdown.splitlines():
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^- ", "• ", line)
        lines.append(re.sub(r"\*\*?([^*]+)\*\*?", r"\1", line))
    return "\n".join(lines).strip()


def chunks(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """`text` in pieces Telegram accepts, cut between paragraphs where possible."""
    pieces: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(paragraph) > limit:
            pieces.append(paragraph[:limit])
            paragraph = paragraph[limit:]
        current = paragraph
    return [*pieces, current] if current else pieces


def menu(lang: str) -> list[tuple[str, str]]:
    """The command menu Telegram shows to members whose app speaks `lang`."""
    return [
        (spoken(f"command.{command}", lang)[0], messages().text(lang, f"telegram.menu.{command}"))
        for command in MENU
    ]


async def publish_menu(bot: Bot, languages: Sequence[str]) -> None:
    """Show the commands in Telegram's menu: the charter's first language by default, and each
    language for members whose app speaks it."""
    try:
        await bot.set_my_commands(menu(languages[0]))
        for lang in languages:
            if lang in messages().languages:
                await bot.set_my_commands(menu(lang), language_code=lang)
    except TelegramError as exc:  # a convenience: the commands work without the menu
        log.warning("could not publish the command menu: %s", exc)


@dataclass
class Commands:
    """The command handlers; see the module docstring."""

    desks: Desks
    roster: Roster
    mod_chat: int | None = None
    groups: tuple[int, ...] = ()
    wake: Callable[[], None] = lambda: None
    mod_chats: Mapping[str, int] = field(default_factory=dict)  # community → its moderators'

    def community(self, message: TgMessage | None) -> str | None:
        """The community a command is about: the group it is typed in, or the one community
        whose moderators' chat it is typed in (None: the default one's)."""
        if message is None:
            return None
        return community_of(message.chat.id, self.mod_chats, self.mod_chat)

    def desk(self, update: Update) -> Desk:
        """The desk of the community the command is about (its charter, its staff)."""
        return self.desks.of(self.community(update.effective_message))

    def handlers(self) -> dict[tuple[str, ...], Callable[..., object]]:
        """Command names → handler, for the application."""
        table = {
            "rules": self.rules,
            "report": self.report,
            "appeal": self.appeal,
            "crisis": self.crisis,
            "ack": self.ack,
            "approve": self.approve,
        }
        moderation = ModeratorCommands(
            self.desks, self.roster, self.lang, self.wake, self.community
        )
        return {COMMANDS[name]: handler for name, handler in table.items()} | moderation.handlers()

    def lang(self, update: Update) -> str:
        """The member's app language if the charter speaks it, else the command's language."""
        languages = list(self.desk(update).languages)
        user = update.effective_user
        code = (user.language_code or "") if user is not None else ""
        if pick_language(code, languages) == code.split("-")[0].lower():
            return pick_language(code, languages)
        declared = self.desks.locale(self.community(update.effective_message))
        text = (update.effective_message.text or "") if update.effective_message else ""
        command = text[1:].split("@")[0].split(" ")[0].lower()
        first = declared.lang if declared is not None else languages[0]
        return _language_of(command, languages) or first

    async def _actor(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> Actor:
        message, user = update.effective_message, update.effective_user
        assert message is not None and user is not None
        identities = await self.roster.identities(context.bot, user.id, message.chat.id)
        return Actor(
            actor(user.id), frozenset(identities), self.lang(update), mention=user.full_name
        )

    async def rules(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/regles: the public charter in the member's language."""
        message = update.effective_message
        if message is None:
            return
        lang = self.lang(update)
        rules = await asyncio.to_thread(self.desk(update).rules_text, lang)  # the loop stays free
        text = plain_text(rules) or messages().text(lang, "telegram.rules_none")
        for piece in chunks(text):
            await message.reply_text(piece, do_quote=False)

    async def report(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/signaler in reply to a message: a report case, its card queued for the moderators."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        lang = self.lang(update)
        target = message.reply_to_message
        if message.chat.type not in GROUP_TYPES or target is None:
            await message.reply_text(messages().text(lang, "telegram.report_usage"))
            return
        reason = " ".join(context.args or ()) or "—"
        who = await self._actor(update, context)
        result = await asyncio.to_thread(
            self.desk(update).report,
            who,
            str(message.chat.id),
            channel_of(target),
            str(target.message_id),
            reason,
        )
        self.wake()
        await self._answer_privately(context, message, user, result.text(lang))
        await _delete_quietly(message)  # the reporter's name need not stay in the group

    async def appeal(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/recours [decision number] [why]: an appeal for a moderator other than the decider."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        args = list(context.args or ())
        number = int(args.pop(0)) if args and _is_number(args[0]) else None
        who = await self._actor(update, context)
        desk = self.desk(update)
        await message.reply_text(
            self._answer(
                lambda: desk.appeal(who, str(user.id), " ".join(args) or "—", decision_id=number),
                who.lang,
            )
        )

    async def _answer_privately(
        self, context: ContextTypes.DEFAULT_TYPE, message: TgMessage, user: User, text: str
    ) -> None:
        try:
            await context.bot.send_message(user.id, text)
        except TelegramError:  # never started the bot: answer where they asked
            await message.reply_text(text)

    def _answer(self, call: Callable[[], Result], lang: str) -> str:
        """The desk's confirmation or refusal, in `lang`."""
        try:
            result = call()
        except Refusal as refusal:
            return refusal.text(lang)
        self.wake()  # cards, notifications and statements were queued
        return result.text(lang)

    # --- crisis --------------------------------------------------------------------------------

    async def crisis(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/crise: the level and, for staff, what waits; /crise N [reason]: declare level N."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        lang = self.lang(update)
        if not self.desk(update).has_plan():
            await message.reply_text(messages().text(lang, "telegram.no_plan"))
            return
        args = list(context.args or ())
        level = int(args.pop(0)) if args and _is_number(args[0]) else None
        community = self._community(message, args)
        if community is None:
            await message.reply_text(messages().text(lang, "telegram.crisis_where"))
            return
        who = await self._actor(update, context)
        if level is None:
            for part in split_text(self._status(community, who)):
                await message.reply_text(part)  # a long status would be refused whole
            return
        reason = " ".join(args)
        desk = self.desks.of(community)
        answer = self._answer(lambda: desk.declare_level(community, level, who, reason), lang)
        await message.reply_text(answer)

    def _community(self, message: TgMessage, args: list[str]) -> str | None:
        """The group a crisis command is about: where it is typed, the id given, or the only
        group Vigie knows."""
        here = self.community(message)
        if here is not None:
            return here
        if args and _CHAT_ID.match(args[0]):
            return args.pop(0)
        known = {str(group) for group in self.groups} | self.desks.default.crisis_communities()
        return known.pop() if len(known) == 1 else None

    def _status(self, community: str, who: Actor) -> str:
        try:
            status = self.desks.of(community).crisis_status(community, who)
        except Refusal as refusal:
            return refusal.text(who.lang)
        return format_status(status, who.lang)

    async def ack(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/ack <case>: acknowledge a crisis escalation."""
        await self._crisis_verb(update, context, "telegram.ack_usage", self.desk(update).ack)

    async def approve(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/approuver <statement> [oui]: show what will be posted; with "oui" (or "yes"), the
        plan's approver approves it and it is posted."""
        confirmed = len(context.args or ()) > 1 and plain(context.args[1]) in every("command.yes")

        def verb(target: str, who: Actor) -> Result:
            return self.desk(update).approve_statement(target, who, confirmed)

        await self._crisis_verb(update, context, "telegram.approve_usage", verb)

    async def _crisis_verb(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        usage: str,
        verb: Callable[[str, Actor], Result],
    ) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        lang = self.lang(update)
        if not context.args:
            await message.reply_text(messages().text(lang, usage))
            return
        target = context.args[0]
        who = await self._actor(update, context)
        await message.reply_text(self._answer(lambda: verb(target, who), lang))


class _Confirm(Exception):
    """The answer is a question: the text to confirm before it is posted."""


async def _delete_quietly(message: TgMessage) -> None:
    try:
        await message.delete()
    except TelegramError as exc:  # not an admin here, or already gone: the report stands
        log.debug("could not delete the /report command: %s", exc)


def _is_number(word: str) -> bool:
    """Whether `int()` reads `word`: "²" is a digit for `str.isdigit` but not a number."""
    return word.isdecimal()


def format_status(status: dict[str, Any], lang: str) -> str:
    """The crisis status as Telegram shows it: the one layout of `bot.crisis.status_chat`, as
    plain text (replies are sent without a parse mode)."""
    return status_text(status, lang)


def _language_of(command: str, languages: Sequence[str]) -> str | None:
    """The language a typed command name is in, if only one language of the charter uses it."""
    names = {name: every(f"command.{name}") for name in MENU}
    key = next((f"command.{name}" for name, found in names.items() if command in found), None)
    lang = language_of(key, command) if key else None
    return lang if lang in languages else None
