"""Moderator review in the moderators' chat: case cards as Telegram text with their inline
keyboard (Confirm, Overturn, Escalate, Acknowledge), crisis notifications with an Acknowledge
button, and what a press on those buttons does.

Button data is `v:c:<case id>:<verb>` for a review case and `v:k:<crisis case id>:ack` for a
crisis escalation (Telegram allows 64 bytes). Acknowledge on a review case takes it ("I'm on
it": the others see who holds it); on a crisis case it stops the escalation clock. Only someone
holding a role of the charter or playbook may press (the desk checks); the others get an alert.
Verdicts go through the desk, which records them for the classifiers' feedback loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import MessageLimit
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.adapters.desks import Desks
from bot.adapters.telegram.roster import Roster
from bot.adapters.telegram.translate import actor, pick_language
from bot.desk import Actor, Desk, Refusal
from bot.desk.cards import CaseCard
from bot.i18n.catalog import messages
from bot.store.casefile import Verdict

log = logging.getLogger("vigie.telegram")

PREFIX = "v"
REVIEW, CRISIS = "c", "k"
CASE_VERBS = ("confirm", "overturn", "escalate", "take")
MAX_CALLBACK_BYTES = 64
_ICONS = {"confirm": "✅", "overturn": "↩️", "escalate": "⏫", "take": "👤", "ack": "🆗"}
_DONE = {
    "confirm": "confirmed",
    "overturn": "overturned",
    "escalate": "escalated",
    "take": "taken",
    "ack": "acked",
}
_FINAL = frozenset({"confirm", "overturn", "ack"})  # the buttons have nothing left to do


@dataclass(frozen=True, slots=True)
class Press:
    """A decoded button: which kind of case, which case, which verb."""

    kind: str
    target: str
    verb: str


def callback_data(kind: str, target: str, verb: str) -> str | None:
    """The button data, or None when it would not fit Telegram's 64 bytes."""
    data = f"{PREFIX}:{kind}:{target}:{verb}"
    return data if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES else None


def parse_callback(data: str | None) -> Press | None:
    """The press a button's data stands for, or None if it is not one of Vigie's."""
    head, _, rest = (data or "").partition(":")
    kind, _, rest = rest.partition(":")
    target, _, verb = rest.rpartition(":")
    if head != PREFIX or not target:
        return None
    if (kind == REVIEW and verb in CASE_VERBS and target.isdecimal()) or (
        kind == CRISIS and verb == "ack"
    ):
        return Press(kind, target, verb)
    return None


def case_keyboard(case_id: int, lang: str) -> InlineKeyboardMarkup:
    """Confirm, Overturn / Escalate, Acknowledge for a review case."""
    buttons = [
        InlineKeyboardButton(
            messages().text(lang, f"telegram.button.{verb}"),
            callback_data=callback_data(REVIEW, str(case_id), verb),
        )
        for verb in CASE_VERBS
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def ack_keyboard(crisis_case: str, lang: str) -> InlineKeyboardMarkup | None:
    """Acknowledge for a crisis escalation (None if its id is too long: /ack still works)."""
    data = callback_data(CRISIS, crisis_case, "ack")
    if data is None:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(messages().text(lang, "telegram.button.ack"), callback_data=data)]]
    )


def message_link(community: str, message_id: str | None) -> str | None:
    """A link to the message's place in a supergroup (its neighbours are the context)."""
    if message_id is None or not community.startswith("-100"):
        return None
    return f"https://t.me/c/{community[4:]}/{message_id}"


def card_text(
    card: CaseCard, lang: str, context: str | None = None, link: str | None = None
) -> str:
    """The card as posted: the case, what the message replied to, and a link to its place."""
    catalog = messages()
    lines = [card.as_text()]
    if context:
        quoted = catalog.text(lang, "card.quote", text=_clip(context, 300))
        label = catalog.text(lang, "telegram.context")
        lines.append(catalog.text(lang, "card.field", label=label, value=quoted))
    if link:
        label = catalog.text(lang, "telegram.link")
        lines.append(catalog.text(lang, "card.field", label=label, value=link))
    return _clip("\n".join(lines), MessageLimit.MAX_TEXT_LENGTH)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def verdict_line(verb: str, who: str, lang: str) -> str:
    """The line appended to a card once someone pressed one of its buttons."""
    return messages().text(
        lang,
        "telegram.verdict_line",
        icon=_ICONS[verb],
        verdict=messages().text(lang, f"telegram.done.{_DONE[verb]}"),
        who=who,
    )


@dataclass
class ReviewDesk:
    """Handles presses on the cards' buttons."""

    desks: Desks
    roster: Roster
    wake: Callable[[], None] = lambda: None
    # The community of a moderators' chat: a press there acts with that community's desk.
    community: Callable[[Any], str | None] = lambda message: None

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A moderator pressed a button: the desk checks their role and applies it; the card
        says who did what."""
        query = update.callback_query
        if query is None:
            return
        desk = self.desks.of(self.community(query.message))
        lang = pick_language(query.from_user.language_code, list(desk.languages))
        press = parse_callback(query.data)
        if press is None or query.message is None:
            await query.answer(messages().text(lang, "telegram.unknown_button"), show_alert=True)
            return
        identities = await self.roster.identities(
            context.bot, query.from_user.id, query.message.chat.id
        )
        who = Actor(actor(query.from_user.id), frozenset(identities), lang)
        try:
            self._apply(desk, press, who)
        except Refusal as refusal:
            await query.answer(_clip(refusal.text(lang), 200), show_alert=True)
            return
        await query.answer(
            messages().text(
                lang,
                "telegram.verdict_done",
                verdict=messages().text(lang, f"telegram.done.{_DONE[press.verb]}"),
            )
        )
        await self._mark_card(query, press, lang)
        self.wake()  # a verdict may have queued actions (telling the author, a held sanction)

    @staticmethod
    def _apply(desk: Desk, press: Press, who: Actor) -> None:
        """Do what the press asks (a Refusal says why not)."""
        if press.kind == CRISIS:
            desk.ack(press.target, who)
        elif press.verb == "take":
            desk.take(int(press.target), who)
        else:
            desk.review(int(press.target), Verdict(press.verb), who)

    async def _mark_card(self, query: CallbackQuery, press: Press, lang: str) -> None:
        """Say on the card who did what; drop the buttons once nothing is left to do."""
        message = query.message
        text = getattr(message, "text", None) or ""
        name = query.from_user.full_name
        markup = None if press.verb in _FINAL else getattr(message, "reply_markup", None)
        try:
            await query.edit_message_text(
                _clip(f"{text}\n{verdict_line(press.verb, name, lang)}", 4096), reply_markup=markup
            )
        except TelegramError as exc:  # the verdict is recorded: a stale card is only cosmetic
            log.info("could not update the card of %s: %s", press.target, exc)
