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

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import Bot, ChatPermissions, InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.adapters.desks import Desks
from bot.adapters.telegram.faults import classify, seconds
from bot.adapters.telegram.lifting import Lifting
from bot.adapters.telegram.longtext import split_text
from bot.adapters.telegram.recent import RecentMessages
from bot.adapters.telegram.review import ack_keyboard, card_text, case_keyboard, message_link
from bot.core.clock import Clock
from bot.core.decision import ActionRequest
from bot.core.ports import ActionResult, Outcome, PendingAction
from bot.desk import Desk
from bot.i18n import formats
from bot.i18n.catalog import messages

log = logging.getLogger("vigie.telegram")

# Telegram treats an until_date less than 30 s or more than 366 days ahead *of its own clock* as
# forever: a short mute is lengthened with a margin for the request's travel and clock skew, and
# a long one is capped below a year.
MIN_MUTE = timedelta(seconds=40)
MAX_MUTE = timedelta(days=365)
DELETE_WINDOW = timedelta(hours=48)  # Telegram lets bots delete only younger messages
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

# The permission fields this version of python-telegram-bot knows. Telegram adds new ones over
# time and PTB keeps those in `api_kwargs`, which `to_dict()` returns too: rebuilding a
# `ChatPermissions` from `to_dict()` then fails on the unknown keyword.
PERMISSION_FIELDS = tuple(
    name for name in inspect.signature(ChatPermissions).parameters if name.startswith("can_")
)

Handler = Callable[[ActionRequest], Awaitable[ActionResult]]


def _failed(detail: str) -> ActionResult:
    return ActionResult(Outcome.FAILED, detail)


def chat_of(request: ActionRequest) -> int:
    """The chat an action concerns (ValueError if the community is not a Telegram chat id)."""
    return int(request.community)


# Action kinds Telegram cannot carry out, with the reason given to the moderators (none today:
# slow mode, which bots cannot set, is handled by asking the moderators' chat to set it).
REFUSED: dict[str, str] = {}

ANONYMOUS_ADMIN = (
    "written by an anonymous administrator (the group itself): staff, not sanctioned; "
    "the moderators decide"
)


def sender_chat_of(request: ActionRequest) -> int | None:
    """The chat that wrote the message when its author is a chat (a channel posting in the
    group, or the group itself for an anonymous administrator): Telegram user ids are positive,
    chat ids negative."""
    author = int(request.user_id or "")
    return author if author < 0 else None


def thread_of(request: ActionRequest) -> int | None:
    """The forum topic of the action, if its channel is one."""
    channel = request.channel
    if channel is None or channel == request.community or not channel.lstrip("-").isdecimal():
        return None
    return int(channel)


def locked_permissions(current: ChatPermissions | None, locked: bool) -> ChatPermissions:
    """The chat's default permissions with the sending rights withdrawn (or given back); the
    other rights are kept, fields newer than this library left out (Telegram keeps them)."""
    known = {name: getattr(current, name) for name in PERMISSION_FIELDS} if current else {}
    return ChatPermissions(**(known | dict.fromkeys(SEND_RIGHTS, not locked)))


@dataclass
class TelegramGateway:
    """The `Gateway` for Telegram; see the module docstring."""

    bot: Bot
    desk: Desk
    clock: Clock  # Telegram compares until_date to its own time
    mod_chat: int | None = None
    modlog_chat: int | None = None
    # Several communities (the deployment file): each one's moderators' chat, and its desk.
    mod_chats: Mapping[str, int] = field(default_factory=dict)
    modlog_chats: Mapping[str, int] = field(default_factory=dict)
    desks: Desks | None = None
    _alerted: set[tuple[str, str, str]] = field(default_factory=set)
    # Basic groups upgraded to supergroups: Telegram refuses the old id from then on.
    migrated: dict[int, int] = field(default_factory=dict)
    recent: RecentMessages = field(default_factory=RecentMessages)
    _parts_sent: dict[tuple[int, str], int] = field(default_factory=dict)  # of a long text
    # How an alert refused by a flood limit waits for Telegram's delay (the edge: tests pass one
    # that moves their clock), and the alerts waiting so.
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _resending: set[asyncio.Task[None]] = field(default_factory=set)

    def follow_migration(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: act (and reach the moderators) under its new id."""
        self.migrated[old_id] = new_id
        if self.mod_chat == old_id:
            self.mod_chat = new_id
        log.warning("chat %s was upgraded to the supergroup %s: using the new id", old_id, new_id)

    def moderators(self, community: str) -> int | None:
        """The moderators' chat of `community` (its own, else the bot's), under its current id."""
        chat = self.mod_chats.get(community, self.mod_chat)
        return None if chat is None else self.migrated.get(chat, chat)

    def desk_of(self, community: str) -> Desk:
        """The desk of `community`: its own charter when the deployment serves several."""
        return self.desk if self.desks is None else self.desks.of(community)

    def lang_of(self, community: str) -> str:
        """The language of `community`'s moderators: the deployment file's, else its charter's
        first."""
        declared = self.desks.locale(community) if self.desks is not None else None
        return declared.lang if declared is not None else self.desk_of(community).languages[0]

    def chat(self, request: ActionRequest) -> int:
        """The chat of an action, under its current id."""
        chat = chat_of(request)
        return self.migrated.get(chat, chat)

    @property
    def lang(self) -> str:
        """The language of the moderators' chat: the charter's first."""
        return self.desk.languages[0]

    async def execute(self, request: ActionRequest) -> ActionResult:
        """Carry out one action; answer, never raise, for platform errors."""
        handler = self._handlers().get(request.kind)
        if handler is None:
            reason = REFUSED.get(request.kind, "Vigie has no Telegram implementation of it")
            return _failed(f"{request.kind!r} is not done on Telegram: {reason}")
        try:
            result = await handler(request)
        except ValueError as exc:  # a community or user id that is not Telegram's
            return _failed(f"not a Telegram target: {exc}")
        except ChatMigrated as exc:
            self.follow_migration(self.chat(request), exc.new_chat_id)
            return ActionResult(Outcome.RETRY, f"chat upgraded to {exc.new_chat_id}", 0.0)
        except TelegramError as exc:
            fault = classify(exc)
            if fault.alert:
                await self._alert_once(request, fault.result.detail)
            return fault.result
        if result.outcome is Outcome.DONE:
            # The right is back: a later loss of it must be reported again.
            self._alerted = {
                key for key in self._alerted if key[:2] != (request.community, request.kind)
            }
        return result

    def supports(self, kind: str) -> bool:
        """Whether this gateway carries out actions of `kind` (slow mode is "carried out" by
        asking the moderators, since bots cannot set it); see `REFUSED` for the others."""
        return kind in self._handlers()

    def _handlers(self) -> dict[str, Handler]:
        lifting = Lifting(self.bot, self.modlog_chat, self.chat)
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
            "review_card": self._post_card,
            "untimeout": lifting.untimeout,
            "purge": lifting.purge,
            "modlog": self._modlog,
        }

    async def _modlog(self, request: ActionRequest) -> ActionResult:
        """A mod-log line in the community's own mod-log chat, else the bot's."""
        chat = self.modlog_chats.get(request.community, self.modlog_chat)
        return await Lifting(self.bot, chat, self.chat).modlog(request)

    # --- sanctions -----------------------------------------------------------------------------

    async def _delete(self, request: ActionRequest) -> ActionResult:
        if request.message_id is None:
            return _failed("no message to delete")
        sent = self.recent.date_of(chat_of(request), int(request.message_id))
        if sent is not None and self.clock.now() - sent >= DELETE_WINDOW:
            # Not a loss of rights: no alert, but the moderators must delete it by hand.
            return _failed(
                "older than 48 hours: Telegram does not let bots delete it, delete it by hand"
            )
        await self.bot.delete_message(self.chat(request), int(request.message_id))
        return ActionResult.done("deleted")

    async def _timeout(self, request: ActionRequest) -> ActionResult:
        refused = self._not_a_member(request, "muted")
        if refused is not None:
            return refused
        duration = min(max(request.duration or MIN_MUTE, MIN_MUTE), MAX_MUTE)
        until = self.clock.now() + duration
        await self.bot.restrict_chat_member(
            self.chat(request),
            int(request.user_id or ""),
            ChatPermissions.no_permissions(),
            until_date=until,
            use_independent_chat_permissions=True,
        )
        return ActionResult.done(f"muted until {until:%Y-%m-%d %H:%M:%S} UTC")

    async def _ban(self, request: ActionRequest) -> ActionResult:
        chat, window = self.chat(request), int(request.params.get("delete_message_seconds") or 0)
        sender = sender_chat_of(request)
        if sender is not None:
            if sender == chat_of(request):
                return _failed(ANONYMOUS_ADMIN)
            await self.bot.ban_chat_sender_chat(chat, sender)
            done = "channel banned from posting in the group"
        else:
            # revoke_messages only hides the history from the banned user: their messages
            # stay for everyone else, so the ones the bot saw are deleted below.
            await self.bot.ban_chat_member(chat, int(request.user_id or ""))
            done = "banned"
        if not window:
            return ActionResult.done(done)
        return ActionResult.done(f"{done}; {await self._delete_recent(request, window)}")

    async def _delete_recent(self, request: ActionRequest, window: int) -> str:
        """Delete the author's messages of the last `window` seconds the bot saw."""
        chat, author = self.chat(request), str(request.user_id)
        ids = self.recent.since(
            chat_of(request), author, self.clock.now() - timedelta(seconds=window)
        )
        ids = [mid for mid in ids if mid != int(request.message_id or 0)]  # deleted on its own
        for start in range(0, len(ids), 100):  # deleteMessages takes at most 100 ids
            await self.bot.delete_messages(chat, ids[start : start + 100])
        self.recent.forget(chat_of(request), author)
        return f"{len(ids)} recent message(s) seen by the bot deleted"

    async def _kick(self, request: ActionRequest) -> ActionResult:
        refused = self._not_a_member(request, "removed")
        if refused is not None:
            return refused
        chat, user = self.chat(request), int(request.user_id or "")
        await self.bot.ban_chat_member(chat, user)
        await self.bot.unban_chat_member(chat, user, only_if_banned=True)
        return ActionResult.done("removed (may come back)")

    async def _unban(self, request: ActionRequest) -> ActionResult:
        sender = sender_chat_of(request)
        if sender is not None:
            await self.bot.unban_chat_sender_chat(self.chat(request), sender)
            return ActionResult.done("channel unbanned")
        await self.bot.unban_chat_member(
            self.chat(request), int(request.user_id or ""), only_if_banned=True
        )
        return ActionResult.done("unbanned")

    @staticmethod
    def _not_a_member(request: ActionRequest, what: str) -> ActionResult | None:
        """The refusal for a sanction that only applies to users, when the author is a chat:
        the group itself (an anonymous administrator) is staff, and a channel can only be
        banned (Telegram has no mute or kick for a sender chat)."""
        sender = sender_chat_of(request)
        if sender is None:
            return None
        if sender == chat_of(request):
            return _failed(ANONYMOUS_ADMIN)
        return _failed(f"a channel cannot be {what} on Telegram, only banned: not applied")

    # --- telling the author --------------------------------------------------------------------

    async def _warn(self, request: ActionRequest) -> ActionResult:
        if request.params.get("where") == "reply" and sender_chat_of(request) != chat_of(request):
            await self._reply_in_group(request, self._notice(request))
            return ActionResult.done("warned in the group")
        return await self._tell_author(request)

    async def _tell_author(self, request: ActionRequest) -> ActionResult:
        """A private message; if Telegram refuses it, a reply in the group that says why. A
        channel cannot be written to privately (the notice goes under its message); an
        anonymous administrator is not told in public what was meant to be private."""
        notice = self._notice(request)
        sender = sender_chat_of(request)
        if sender is not None and sender == chat_of(request):
            return ActionResult.done("not told: anonymous administrator (a notice would be public)")
        if sender is not None:
            await self._reply_in_group(request, notice)
            return ActionResult.done("a channel has no private chat: replied in the group")
        try:
            await self._send(int(request.user_id or ""), notice)
            return ActionResult.done("sent privately")
        except (Forbidden, BadRequest) as exc:
            # Bots may not write first: the member never started the bot, or blocked it.
            log.info("no private message to %s (%s): replying in the group", request.user_id, exc)
        fallback = messages().text(self.lang_of(request.community), "telegram.dm_fallback")
        await self._reply_in_group(request, f"{notice}\n\n{fallback}")
        return ActionResult.done("private message impossible: replied in the group instead")

    def _notice(self, request: ActionRequest) -> str:
        """The statement of reasons, with the decision's number to appeal it."""
        notice = request.notice or request.reason or "—"
        if request.message_id is None or request.key.startswith("case:"):
            return notice  # a reviewer's verdict: nothing more to appeal here
        decision = self.desk_of(request.community).decision_for(
            request.community, request.message_id
        )
        lang = self.lang_of(request.community)
        if decision is None:
            return notice
        return f"{notice}\n{messages().text(lang, 'telegram.decision_ref', id=decision)}"

    async def _reply_in_group(self, request: ActionRequest, text: str) -> None:
        # The message is usually deleted by now: post anyway, as a reply when it still exists.
        reply = None
        if request.message_id is not None:
            reply = ReplyParameters(int(request.message_id), allow_sending_without_reply=True)
        await self._send(
            self.chat(request), text, reply_parameters=reply, message_thread_id=thread_of(request)
        )

    # --- moderators and crisis cell ------------------------------------------------------------

    async def _post_card(self, request: ActionRequest) -> ActionResult:
        mod_chat = self.moderators(request.community)
        if mod_chat is None:
            return ActionResult.done("no moderators' chat: the case waits in the review console")
        desk, lang = self.desk_of(request.community), self.lang_of(request.community)
        # The desk reads the database: in a worker thread, never on the event loop.
        case_id = await asyncio.to_thread(desk.escalation_case, request)
        if case_id is None:
            return _failed("no case was found for this escalation")
        card, context = await asyncio.to_thread(self._card_and_context, desk, case_id, lang)
        text = card_text(card, lang, context, message_link(request.community, request.message_id))
        await self._send(mod_chat, text, reply_markup=case_keyboard(case_id, lang))
        return ActionResult.done(f"case {case_id} posted to the moderators' chat")

    def _card_and_context(self, desk: Desk, case_id: int, lang: str) -> tuple[Any, str | None]:
        return desk.card(case_id, lang), self._context(desk, case_id)

    @staticmethod
    def _context(desk: Desk, case_id: int) -> str | None:
        """The text of the message the case's message replied to, if recorded."""
        case_file = desk.case_file(case_id)
        reply_to = (case_file.message or {}).get("reply_to")
        if reply_to is None:
            return None
        case = case_file.case
        return desk.message_text(case.community, reply_to, case.platform)

    async def _notify(self, request: ActionRequest) -> ActionResult:
        """A crisis notification to its contact, with a copy in the moderators' chat."""
        to = str(request.params.get("to", ""))
        target = int(to.partition(":")[2])
        case = request.params.get("case")
        lang = self.lang_of(request.community)
        markup = ack_keyboard(str(case), lang) if case else None
        text = f"{messages().text(lang, 'telegram.crisis_title')}\n{request.params.get('text', '')}"
        unreached = await self._send_to_person(target, text, markup)
        mod_chat = self.moderators(request.community)
        if mod_chat is None or mod_chat == target:
            return _failed(unreached) if unreached else ActionResult.done(f"notified {to}")
        return await self._copy_to_moderators(request, text, markup, unreached)

    async def _send_to_person(
        self, target: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> str | None:
        """Send; return why the person could not be reached, or None."""
        try:
            await self._send(target, text, reply_markup=markup)
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
        mod_chat = self.moderators(request.community)
        assert mod_chat is not None
        person = request.params.get("person") or request.params.get("to")
        if unreached:
            lang = self.lang_of(request.community)
            warning = messages().text(
                lang, "telegram.crisis_unreached", who=person, reason=unreached
            )
            text = f"{text}\n{warning}"
        try:
            await self._send(mod_chat, text, reply_markup=markup)
        except TelegramError as exc:
            if unreached:
                raise  # nobody got it: let the dispatcher retry or fail it
            log.warning("crisis notification not copied to the moderators' chat: %s", exc)
        if unreached:
            return ActionResult.done(f"{person} unreachable ({unreached}): moderators' chat only")
        return ActionResult.done(f"notified {request.params.get('to')} and the moderators' chat")

    async def _post_statement(self, request: ActionRequest) -> ActionResult:
        texts: dict[str, str] = request.params.get("texts") or {}
        order = [*self.desk_of(request.community).languages, *texts]
        parts = [texts[lang] for lang in dict.fromkeys(order) if texts.get(lang)]
        if not parts:
            return _failed("the statement has no text")
        await self._send(self.chat(request), "\n\n".join(parts))
        return ActionResult.done(f"statement {request.params.get('statement')} posted")

    async def _slow_mode(self, request: ActionRequest) -> ActionResult:
        delay = int(request.params.get("seconds") or 0)
        key = "telegram.slow_mode" if delay else "telegram.slow_mode_off"
        community, lang = request.community, self.lang_of(request.community)
        delay_text = formats.duration(timedelta(seconds=delay), lang)
        text = messages().text(lang, key, delay=delay_text, chat=community)
        await self._tell_moderators(community, text)
        return _failed(
            "slow mode cannot be set by bots on Telegram (no Bot API method): "
            "the moderators' chat was asked to set it by hand"
        )

    async def _lock(self, request: ActionRequest) -> ActionResult:
        locked = bool(request.params.get("locked", True))
        chat = await self.bot.get_chat(self.chat(request))
        await self.bot.set_chat_permissions(
            self.chat(request),
            locked_permissions(chat.permissions, locked),
            use_independent_chat_permissions=True,
        )
        # Telegram locks a whole chat: the channels named in the plan are not separate chats.
        return ActionResult.done("chat locked" if locked else "chat unlocked")

    # --- reporting -----------------------------------------------------------------------------

    async def _alert_once(self, request: ActionRequest, reason: str) -> None:
        """Tell the moderators' chat about a refusal, once per chat, action and reason (until
        that action succeeds there again)."""
        key = (request.community, request.kind, reason)
        if key in self._alerted:
            return
        self._alerted.add(key)
        log.error("Telegram refused %s in %s: %s", request.kind, request.community, reason)
        community = request.community
        lang = self.lang_of(community)
        text = messages().text(lang, "telegram.forbidden", chat=community, reason=reason)
        await self._tell_moderators(community, text)

    async def _tell_moderators(self, community: str | None, text: str) -> None:
        mod_chat = self.mod_chat if community is None else self.moderators(community)
        if mod_chat is None:
            log.warning("%s", text)
            return
        try:
            await self._send(mod_chat, text)
        except RetryAfter as exc:  # a flood limit: the alert waits, it is not dropped
            task = asyncio.get_running_loop().create_task(
                self._resend(mod_chat, text, seconds(exc.retry_after))
            )
            self._resending.add(task)
            task.add_done_callback(self._resending.discard)
        except TelegramError as exc:  # the moderators' chat itself refuses: the log must do
            log.error("cannot write to the moderators' chat %s: %s (%s)", mod_chat, exc, text)

    async def flush(self) -> None:
        """Wait for the alerts that are waiting out a flood limit (at shutdown, and in tests)."""
        while self._resending:
            await asyncio.gather(*self._resending)

    async def _resend(self, mod_chat: int, text: str, delay: float) -> None:
        """Send an alert again after each flood-limit delay Telegram gives, until it goes or
        the chat refuses it for another reason (then the log must do)."""
        while True:
            await self.sleep(delay)
            try:
                await self._send(mod_chat, text)
                return
            except RetryAfter as exc:
                delay = seconds(exc.retry_after)
            except TelegramError as exc:
                log.error("cannot write to the moderators' chat %s: %s (%s)", mod_chat, exc, text)
                return

    async def report_dropped(self, failed: list[tuple[PendingAction, str]]) -> None:
        """Tell the moderators' chat which actions were given up for good (the dispatcher's
        failures of one pass, in one message), so that no dropped action goes unseen."""
        by_community: dict[str, list[str]] = {}
        for pending, reason in failed:
            line = f"• {pending.request.kind} — {_target(pending.request)} — {reason}"
            by_community.setdefault(pending.request.community, []).append(line)
        for community, lines in by_community.items():  # each to its own moderators
            log.warning("%d action(s) given up: %s", len(lines), "; ".join(lines))
            lang = self.lang_of(community)
            text = messages().plural(lang, "chat.dropped", len(lines), lines="\n".join(lines))
            await self._tell_moderators(community, text)

    async def _send(self, chat: int, text: str, **options: Any) -> None:
        """Send `text`, as several messages when it is longer than Telegram takes: the first
        part carries the reply, the last the buttons."""
        parts = split_text(text)
        markup = options.pop("reply_markup", None)
        # A part refused (a flood limit: the action is retried after Telegram's delay) resumes
        # the text there: the parts already sent are not sent twice.
        key = (chat, text)
        for index in range(self._parts_sent.get(key, 0), len(parts)):
            if index:
                options.pop("reply_parameters", None)
            last = index == len(parts) - 1
            await self.bot.send_message(
                chat, parts[index], reply_markup=markup if last else None, **options
            )
            self._parts_sent[key] = index + 1
        self._parts_sent.pop(key, None)


def _target(request: ActionRequest) -> str:
    """Who or where an action concerned, for the moderators."""
    if request.user_id:
        return f"user {request.user_id} in {request.community}"
    return f"chat {request.community}"
