"""Executes Vigie's actions through the Telegram Bot API (the `Gateway` port).

The dispatcher hands over actions from the outbox; this module maps each kind to Bot API calls and
every error to an answer (done, retry, failed) without ever raising for a platform error:
`RetryAfter` becomes a retry after Telegram's delay, network errors a retry with backoff, a message
already gone counts as deleted, and a refusal for lack of rights (403, or 400 "not enough rights")
fails the action and is reported once to the moderators' chat. Where actions go: the community is
the chat id; a numeric channel other than the chat is a forum topic.

Telegram specifics: a mute is `restrictChatMember` until a date (Telegram treats less than 30 s
as forever, so shorter mutes are lengthened to 31 s); a kick is a ban then an unban; `hold`
deletes the message (Telegram cannot hide one; its text stays on record for the moderators);
`lock` withdraws the members' right to send in the whole chat; slow mode cannot be set by bots
(no Bot API method), so it fails with that reason and the advice goes to the moderators' chat. A
private message to an author who never started the bot is impossible: the notice is then
posted as a reply in the group, saying so.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from telegram import Bot, ChatPermissions, InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.adapters.telegram import lookup
from bot.adapters.telegram.faults import classify
from bot.adapters.telegram.review import ack_keyboard, card_text, case_keyboard, message_link
from bot.adapters.telegram.texts import say
from bot.core.clock import Clock
from bot.core.decision import ActionRequest
from bot.core.ports import ActionResult, Outcome
from bot.service import CommunityService

log = logging.getLogger("vigie.telegram")

MIN_MUTE = timedelta(seconds=31)
SEND_RIGHTS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
)

Handler = Callable[[ActionRequest], Awaitable[ActionResult]]


def _failed(detail: str) -> ActionResult:
    return ActionResult(Outcome.FAILED, detail)


def chat_of(request: ActionRequest) -> int:
    """The chat an action concerns (ValueError if the community is not a Telegram chat id)."""
    return int(request.community)


def thread_of(request: ActionRequest) -> int | None:
    """The forum topic of the action, if its channel is one."""
    channel = request.channel
    if channel is None or channel == request.community or not channel.lstrip("-").isdigit():
        return None
    return int(channel)


@dataclass
class TelegramGateway:
    """The `Gateway` for Telegram; see the module docstring."""

    bot: Bot
    service: CommunityService
    clock: Clock  # Telegram compares until_date to its own time
    mod_chat: int | None = None
    _alerted: set[tuple[str, str]] = field(default_factory=set)

    @property
    def lang(self) -> str:
        """The language of the moderators' chat: the charter's first."""
        return self.service.charter.meta.languages[0]

    async def execute(self, request: ActionRequest) -> ActionResult:
        """Carry out one action; answer, never raise, for platform errors."""
        handler = self._handlers().get(request.kind)
        if handler is None:
            return _failed(f"Telegram has no way to apply {request.kind!r}")
        try:
            return await handler(request)
        except ValueError as exc:  # a community or user id that is not Telegram's
            return _failed(f"not a Telegram target: {exc}")
        except TelegramError as exc:
            fault = classify(exc)
            if fault.alert:
                await self._alert_once(request, fault.result.detail)
            return fault.result

    def _handlers(self) -> dict[str, Handler]:
        return {
            "delete": self._delete,
            "hold": self._delete,
            "warn": self._warn,
            "notify_author": self._tell_author,
            "timeout": self._timeout,
            "kick": self._kick,
            "ban": self._ban,
            "unban": self._unban,
            "escalate": self._post_card,
            "slow_mode": self._slow_mode,
            "lock": self._lock,
            "notify": self._notify,
            "post_statement": self._post_statement,
        }

    # --- sanctions -----------------------------------------------------------------------------

    async def _delete(self, request: ActionRequest) -> ActionResult:
        if request.message_id is None:
            return _failed("no message to delete")
        await self.bot.delete_message(chat_of(request), int(request.message_id))
        return ActionResult.done("deleted")

    async def _timeout(self, request: ActionRequest) -> ActionResult:
        duration = max(request.duration or MIN_MUTE, MIN_MUTE)
        until = self.clock.now() + duration
        await self.bot.restrict_chat_member(
            chat_of(request),
            int(request.user_id or ""),
            ChatPermissions.no_permissions(),
            until_date=until,
            use_independent_chat_permissions=True,
        )
        return ActionResult.done(f"muted until {until:%Y-%m-%d %H:%M:%S} UTC")

    async def _ban(self, request: ActionRequest) -> ActionResult:
        # Telegram removes all of the member's messages or none: any deletion window means all.
        revoke = bool(request.params.get("delete_message_seconds"))
        await self.bot.ban_chat_member(
            chat_of(request), int(request.user_id or ""), revoke_messages=revoke
        )
        return ActionResult.done("banned" + (" and messages removed" if revoke else ""))

    async def _kick(self, request: ActionRequest) -> ActionResult:
        chat, user = chat_of(request), int(request.user_id or "")
        await self.bot.ban_chat_member(chat, user)
        await self.bot.unban_chat_member(chat, user, only_if_banned=True)
        return ActionResult.done("removed (may come back)")

    async def _unban(self, request: ActionRequest) -> ActionResult:
        await self.bot.unban_chat_member(
            chat_of(request), int(request.user_id or ""), only_if_banned=True
        )
        return ActionResult.done("unbanned")

    # --- telling the author --------------------------------------------------------------------

    async def _warn(self, request: ActionRequest) -> ActionResult:
        if request.params.get("where") == "reply":
            await self._reply_in_group(request, self._notice(request))
            return ActionResult.done("warned in the group")
        return await self._tell_author(request)

    async def _tell_author(self, request: ActionRequest) -> ActionResult:
        """A private message; if Telegram refuses it, a reply in the group that says why."""
        notice = self._notice(request)
        try:
            await self.bot.send_message(int(request.user_id or ""), notice)
            return ActionResult.done("sent privately")
        except (Forbidden, BadRequest) as exc:
            # Bots may not write first: the member never started the bot, or blocked it.
            log.info("no private message to %s (%s): replying in the group", request.user_id, exc)
        await self._reply_in_group(request, f"{notice}\n\n{say('dm_fallback', self.lang)}")
        return ActionResult.done("private message impossible: replied in the group instead")

    def _notice(self, request: ActionRequest) -> str:
        """The statement of reasons, with the decision's number to appeal it."""
        notice = request.notice or request.reason or "—"
        if request.message_id is None or request.key.startswith("case:"):
            return notice  # a reviewer's verdict: nothing more to appeal here
        decision = lookup.decision_for(
            self.service.db, request.platform, request.community, request.message_id
        )
        return (
            notice
            if decision is None
            else f"{notice}\n{say('decision_ref', self.lang, id=decision)}"
        )

    async def _reply_in_group(self, request: ActionRequest, text: str) -> None:
        # The message is usually deleted by now: post anyway, as a reply when it still exists.
        reply = None
        if request.message_id is not None:
            reply = ReplyParameters(int(request.message_id), allow_sending_without_reply=True)
        await self.bot.send_message(
            chat_of(request), text, reply_parameters=reply, message_thread_id=thread_of(request)
        )

    # --- moderators and crisis cell ------------------------------------------------------------

    async def _post_card(self, request: ActionRequest) -> ActionResult:
        if self.mod_chat is None:
            return ActionResult.done("no moderators' chat: the case waits in the review console")
        case_id = lookup.case_for(self.service.db, request)
        if case_id is None:
            return _failed("no case was found for this escalation")
        text = card_text(
            self.service.card(case_id, self.lang),
            self.lang,
            self._context(case_id),
            message_link(request.community, request.message_id),
        )
        await self.bot.send_message(
            self.mod_chat, text, reply_markup=case_keyboard(case_id, self.lang)
        )
        return ActionResult.done(f"case {case_id} posted to the moderators' chat")

    def _context(self, case_id: int) -> str | None:
        """The text of the message the case's message replied to, if recorded."""
        case_file = self.service.cases.get(case_id)
        reply_to = (case_file.message or {}).get("reply_to")
        if reply_to is None:
            return None
        case = case_file.case
        return lookup.message_text(self.service.db, case.platform, case.community, reply_to)

    async def _notify(self, request: ActionRequest) -> ActionResult:
        """A crisis notification to its contact, with a copy in the moderators' chat."""
        to = str(request.params.get("to", ""))
        target = int(to.partition(":")[2])
        case = request.params.get("case")
        markup = ack_keyboard(str(case), self.lang) if case else None
        text = f"{say('crisis_title', self.lang)}\n{request.params.get('text', '')}"
        unreached = await self._send_to_person(target, text, markup)
        if self.mod_chat is None or self.mod_chat == target:
            return _failed(unreached) if unreached else ActionResult.done(f"notified {to}")
        return await self._copy_to_moderators(request, text, markup, unreached)

    async def _send_to_person(
        self, target: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> str | None:
        """Send; return why the person could not be reached, or None."""
        try:
            await self.bot.send_message(target, text, reply_markup=markup)
        except (Forbidden, BadRequest) as exc:
            return exc.message
        return None

    async def _copy_to_moderators(
        self,
        request: ActionRequest,
        text: str,
        markup: InlineKeyboardMarkup | None,
        unreached: str | None,
    ) -> ActionResult:
        assert self.mod_chat is not None
        person = request.params.get("person") or request.params.get("to")
        if unreached:
            warning = say("crisis_unreached", self.lang, who=person, reason=unreached)
            text = f"{text}\n{warning}"
        try:
            await self.bot.send_message(self.mod_chat, text, reply_markup=markup)
        except TelegramError as exc:
            if unreached:
                raise  # nobody got it: let the dispatcher retry or fail it
            log.warning("crisis notification not copied to the moderators' chat: %s", exc)
        if unreached:
            return ActionResult.done(f"{person} unreachable ({unreached}): moderators' chat only")
        return ActionResult.done(f"notified {request.params.get('to')} and the moderators' chat")

    async def _post_statement(self, request: ActionRequest) -> ActionResult:
        texts: dict[str, str] = request.params.get("texts") or {}
        order = [*self.service.charter.meta.languages, *texts]
        parts = [texts[lang] for lang in dict.fromkeys(order) if texts.get(lang)]
        if not parts:
            return _failed("the statement has no text")
        await self.bot.send_message(chat_of(request), "\n\n".join(parts))
        return ActionResult.done(f"statement {request.params.get('statement')} posted")

    async def _slow_mode(self, request: ActionRequest) -> ActionResult:
        delay = int(request.params.get("seconds") or 0)
        key = "slow_mode" if delay else "slow_mode_off"
        await self._tell_moderators(say(key, self.lang, delay=f"{delay}s", chat=request.community))
        return _failed(
            "slow mode cannot be set by bots on Telegram (no Bot API method): "
            "the moderators' chat was asked to set it by hand"
        )

    async def _lock(self, request: ActionRequest) -> ActionResult:
        locked = bool(request.params.get("locked", True))
        chat = await self.bot.get_chat(chat_of(request))
        current = chat.permissions.to_dict() if chat.permissions else {}
        wanted = current | dict.fromkeys(SEND_RIGHTS, not locked)
        await self.bot.set_chat_permissions(
            chat_of(request), ChatPermissions(**wanted), use_independent_chat_permissions=True
        )
        # Telegram locks a whole chat: the channels named in the plan are not separate chats.
        return ActionResult.done("chat locked" if locked else "chat unlocked")

    # --- reporting -----------------------------------------------------------------------------

    async def _alert_once(self, request: ActionRequest, reason: str) -> None:
        """Tell the moderators' chat about a refusal, once per chat and reason."""
        key = (request.community, reason)
        if key in self._alerted:
            return
        self._alerted.add(key)
        log.error("Telegram refused %s in %s: %s", request.kind, request.community, reason)
        await self._tell_moderators(
            say("forbidden", self.lang, chat=request.community, reason=reason)
        )

    async def _tell_moderators(self, text: str) -> None:
        if self.mod_chat is None:
            log.warning("%s", text)
            return
        try:
            await self.bot.send_message(self.mod_chat, text)
        except TelegramError as exc:  # the moderators' chat itself refuses: the log must do
            log.error("cannot write to the moderators' chat %s: %s (%s)", self.mod_chat, exc, text)
