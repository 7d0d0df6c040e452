"""The slash commands, each in French and English: /regles /rules (the public charter in the
member's language), /signaler /report (in reply to a message: a case for the moderators),
/recours /appeal (contest a sanction: an appeal case for another moderator), /crise /crisis
(the crisis level; with a level, declare it), /ack (acknowledge a crisis escalation) and
/approuver /approve (approve a holding statement).

Cards for reports and appeals go through the outbox like any action, so a crash between the
case and its card loses nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import Bot, Update, User
from telegram import Message as TgMessage
from telegram.constants import MessageLimit
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.adapters.telegram import lookup
from bot.adapters.telegram.longtext import split_text
from bot.adapters.telegram.roster import Roster
from bot.adapters.telegram.texts import pick_language, say
from bot.adapters.telegram.translate import GROUP_TYPES, PLATFORM, actor, channel_of
from bot.core.decision import ActionRequest
from bot.crisis.commands import NeedsConfirmation
from bot.service import CommunityService, NotAllowed
from bot.store.casefile import CaseError
from bot.text.normalize import plain

log = logging.getLogger("vigie.telegram")

# Command names, the French one first; the English name answers in English by default.
COMMANDS = {
    "rules": ("regles", "rules"),
    "report": ("signaler", "report"),
    "appeal": ("recours", "appeal"),
    "crisis": ("crise", "crisis"),
    "ack": ("ack",),
    "approve": ("approuver", "approve"),
}
ENGLISH = frozenset({"rules", "report", "appeal", "crisis", "approve"})
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


# The command menu Telegram shows, per language: French names in French, English in English.
MENU = {
    "fr": [
        ("regles", "La charte de la communauté"),
        ("signaler", "En réponse à un message : le signaler aux modérateurs"),
        ("recours", "Contester une décision (son numéro, puis vos raisons)"),
        ("crise", "Le niveau de crise (équipe : /crise <niveau> pour le déclarer)"),
        ("ack", "Équipe : acquitter une alerte de crise"),
        ("approuver", "Équipe : approuver une déclaration"),
    ],
    "en": [
        ("rules", "The community's charter"),
        ("report", "In reply to a message: report it to the moderators"),
        ("appeal", "Contest a decision (its number, then your reasons)"),
        ("crisis", "The crisis level (staff: /crisis <level> to declare it)"),
        ("ack", "Staff: acknowledge a crisis alert"),
        ("approve", "Staff: approve a statement"),
    ],
}


async def publish_menu(bot: Bot, languages: Sequence[str]) -> None:
    """Show the commands in Telegram's menu: the charter's first language by default, and each
    language for members whose app speaks it."""
    try:
        await bot.set_my_commands(MENU.get(languages[0], MENU["fr"]))
        for lang in languages:
            if lang in MENU:
                await bot.set_my_commands(MENU[lang], language_code=lang)
    except TelegramError as exc:  # a convenience: the commands work without the menu
        log.warning("could not publish the command menu: %s", exc)


def card_request(case_id: int, community: str) -> ActionRequest:
    """The outbox action that posts a case's card to the moderators' chat."""
    key = f"{PLATFORM}:case:{case_id}:card"
    return ActionRequest("escalate", key, community, PLATFORM, params={"case": case_id})


@dataclass
class Commands:
    """The command handlers; see the module docstring."""

    service: CommunityService
    roster: Roster
    mod_chat: int | None = None
    groups: tuple[int, ...] = ()
    wake: Callable[[], None] = lambda: None

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
        return {COMMANDS[name]: handler for name, handler in table.items()}

    def _lang(self, update: Update) -> str:
        """The member's app language if the charter speaks it, else the command's language."""
        languages = self.service.charter.meta.languages
        user = update.effective_user
        code = (user.language_code or "") if user is not None else ""
        if pick_language(code, languages) == code.split("-")[0].lower():
            return pick_language(code, languages)
        text = (update.effective_message.text or "") if update.effective_message else ""
        command = text[1:].split("@")[0].split(" ")[0].lower()
        english = any(command == COMMANDS[name][-1] for name in ENGLISH)
        return "en" if english and "en" in languages else languages[0]

    async def rules(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/regles: the public charter in the member's language."""
        message = update.effective_message
        if message is None:
            return
        lang = self._lang(update)
        text = plain_text(self.service.rules_text(lang)) or say("rules_none", lang)
        for piece in chunks(text):
            await message.reply_text(piece, do_quote=False)

    async def report(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/signaler in reply to a message: a report case, its card queued for the moderators."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        lang = self._lang(update)
        target = message.reply_to_message
        if message.chat.type not in GROUP_TYPES or target is None:
            await message.reply_text(say("report_usage", lang))
            return
        community = str(message.chat.id)
        reason = " ".join(context.args or ()) or "—"
        case_id = self.service.report(
            actor(user.id), community, channel_of(target), str(target.message_id), reason
        )
        self._queue_card(case_id, community)
        await self._answer_privately(context, message, user, say("report_done", lang, id=case_id))
        await _delete_quietly(message)  # the reporter's name need not stay in the group

    async def appeal(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/recours [decision number] [why]: an appeal for a moderator other than the decider."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        lang = self._lang(update)
        args = list(context.args or ())
        number = int(args.pop(0)) if args and _is_number(args[0]) else None
        author = str(user.id)
        decision = number or lookup.latest_sanctioned(self.service.db, PLATFORM, author)
        if decision is None:
            await message.reply_text(say("appeal_none", lang))
            return
        try:
            appeal_id = self.service.appeal(author, " ".join(args) or "—", decision_id=decision)
        except CaseError as exc:
            await message.reply_text(say("appeal_refused", lang, reason=exc))
            return
        self._queue_card(appeal_id, self.service.cases.get(appeal_id).case.community)
        await message.reply_text(say("appeal_done", lang, id=appeal_id))

    def _queue_card(self, case_id: int, community: str) -> None:
        self.service.outbox.enqueue([card_request(case_id, community)], self.service.clock.now())
        self.wake()

    async def _answer_privately(
        self, context: ContextTypes.DEFAULT_TYPE, message: TgMessage, user: User, text: str
    ) -> None:
        try:
            await context.bot.send_message(user.id, text)
        except TelegramError:  # never started the bot: answer where they asked
            await message.reply_text(text)

    # --- crisis --------------------------------------------------------------------------------

    async def crisis(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/crise: the level and, for staff, what waits; /crise N [reason]: declare level N."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        lang = self._lang(update)
        if self.service.crisis is None:
            await message.reply_text(say("no_plan", lang))
            return
        args = list(context.args or ())
        level = int(args.pop(0)) if args and _is_number(args[0]) else None
        community = self._community(message, args)
        if community is None:
            await message.reply_text(say("crisis_where", lang))
            return
        identities = await self.roster.identities(context.bot, user.id, message.chat.id)
        if level is None:
            for part in split_text(self._status(community, identities, lang)):
                await message.reply_text(part)  # a long status would be refused whole
            return
        reason = " ".join(args)
        answer = self._guarded(
            lambda: self.service.declare_level(
                community, level, actor(user.id), identities, reason
            ),
            say("crisis_declared", lang, level=level, community=community),
            lang,
        )
        await message.reply_text(answer)

    def _community(self, message: TgMessage, args: list[str]) -> str | None:
        """The group a crisis command is about: where it is typed, the id given, or the only
        group Vigie knows."""
        chat = message.chat
        if chat.type in GROUP_TYPES and chat.id != self.mod_chat:
            return str(chat.id)
        if args and _CHAT_ID.match(args[0]):
            return args.pop(0)
        known = {str(group) for group in self.groups}
        if self.service.crisis is not None:
            known |= set(self.service.crisis.monitor.communities)
        return known.pop() if len(known) == 1 else None

    def _status(self, community: str, identities: Sequence[str], lang: str) -> str:
        try:
            status = self.service.crisis_status(community)
        except KeyError:
            return say("crisis_quiet", lang)
        lines = [
            say(
                "crisis_status",
                lang,
                level=status["level"],
                name=status["name"],
                since=status.get("since") or "—",
            )
        ]
        if self.service.staff.may_moderate(identities):
            if status["cases"]:
                cases = ", ".join(case["case"] for case in status["cases"])
                lines.append(say("crisis_cases", lang, cases=cases))
            if status["statements"]:
                waiting = ", ".join(s["statement"] for s in status["statements"])
                lines.append(say("crisis_statements", lang, statements=waiting))
        return "\n".join(lines)

    async def ack(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/ack <case>: acknowledge a crisis escalation."""
        await self._crisis_verb(update, context, "ack_usage", "ack_done", self.service.ack)

    async def approve(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/approuver <statement> [oui]: show what will be posted; with "oui" (or "yes"), the
        plan's approver approves it and it is posted."""
        confirmed = len(context.args or ()) > 1 and plain(context.args[1]) in ("oui", "yes")
        lang = self._lang(update)

        def verb(target: str, by: str, identities: Sequence[str]) -> None:
            try:
                self.service.approve_statement(target, by, identities, confirmed)
            except NeedsConfirmation as wait:
                text = "\n\n".join(wait.texts.values())
                raise _Confirm(say("approve_confirm", lang, text=text, id=target)) from wait

        await self._crisis_verb(update, context, "approve_usage", "approve_done", verb)

    async def _crisis_verb(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        usage: str,
        done: str,
        verb: Callable[[str, str, Sequence[str]], None],
    ) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        lang = self._lang(update)
        if not context.args:
            await message.reply_text(say(usage, lang))
            return
        target = context.args[0]
        identities = await self.roster.identities(context.bot, user.id, message.chat.id)
        answer = self._guarded(
            lambda: verb(target, actor(user.id), identities), say(done, lang, id=target), lang
        )
        await message.reply_text(answer)

    def _guarded(self, action: Callable[[], None], success: str, lang: str) -> str:
        """Run a staff action; the answer says what happened or why it was refused."""
        try:
            action()
        except _Confirm as ask:
            return str(ask)
        except NotAllowed:
            return say("not_staff", lang)
        except (ValueError, LookupError) as exc:  # KeyError included: an unknown id
            return say("refused", lang, reason=exc.args[0] if exc.args else exc)
        self.wake()  # notifications and statements were queued
        return success


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
