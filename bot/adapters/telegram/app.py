"""The Telegram bot assembled: a python-telegram-bot `Application` whose handlers feed the live
service (group messages and their edits, new members, commands, review buttons), a central error
handler so that no failing update stops the bot, and the desk's pump (`bot.desk.pump`, the same as
Discord's) that lets the crisis clocks tick and drains the outbox through the Telegram gateway.

Handlers only translate and record; every side effect on Telegram is an outbox action executed by
the pump (`Pump.pass_once`, also what tests call instead of waiting for a timer). After a message
that asked for actions the pump is woken at once, so a deletion does not wait for the next pass.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram import Bot, Update
from telegram import Message as TgMessage
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.desks import Desks
from bot.adapters.lane import ServiceLane
from bot.adapters.telegram.commands import Commands, publish_menu
from bot.adapters.telegram.gateway import TelegramGateway
from bot.adapters.telegram.native import NativeActions
from bot.adapters.telegram.recent import RecentMessages
from bot.adapters.telegram.review import ReviewDesk
from bot.adapters.telegram.roster import Roster, RosterConfig, Scope, community_of
from bot.adapters.telegram.setup import FirstSight, check_all, check_mod_chat
from bot.adapters.telegram.translate import (
    chat_identity,
    is_decidable,
    joins_of,
    sender_id,
    to_message,
)
from bot.core.dispatcher import Dispatcher
from bot.core.ports import PendingAction
from bot.desk.pump import Pump
from bot.i18n.catalog import messages
from bot.service import CommunityService

if TYPE_CHECKING:
    from bot.deploy.communities import Communities

log = logging.getLogger("vigie.telegram")

App = Application[Any, Any, Any, Any, Any, Any]
Builder = ApplicationBuilder[Any, Any, Any, Any, Any, Any]
Observer = Callable[[str, Any], None]  # ("decision", Decision), ("join", Join): tests listen
# The updates the bot handles, named explicitly (Telegram remembers the last list a client gave).
# chat_member: bans and mutes an administrator gives by hand, recorded as their cases.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member", "chat_member")
JOINS_KEPT = 50_000  # join dates remembered for the newcomer rules (oldest forgotten first)


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    """How the adapter runs: the moderators' chat, the groups to check at start-up, who holds a
    role besides the chats' administrators, and the pump's cadence (seconds)."""

    mod_chat: int | None = None
    modlog_chat: int | None = None  # the mod-log (none: not posted)
    # Several communities (the deployment file): each group's own moderators' and mod-log chats.
    mod_chats: Mapping[str, int] = field(default_factory=dict)
    modlog_chats: Mapping[str, int] = field(default_factory=dict)
    groups: tuple[int, ...] = ()
    moderator_ids: frozenset[int] = frozenset()
    manager_ids: frozenset[int] = frozenset()
    pump_every: float = 1.0
    tick_every: float = 15.0


class JoinBook:
    """When members joined (Telegram does not say it on their messages), bounded in size."""

    def __init__(self, size: int = JOINS_KEPT) -> None:
        self._size = size
        self._joined: OrderedDict[tuple[str, str], datetime] = OrderedDict()

    def remember(self, community: str, user_id: str, at: datetime) -> None:
        """Record a join; the oldest entries go when the book is full."""
        self._joined[(community, user_id)] = at
        self._joined.move_to_end((community, user_id))
        while len(self._joined) > self._size:
            self._joined.popitem(last=False)

    def joined(self, community: str, user_id: str) -> datetime | None:
        """When the member joined, if the bot saw it."""
        return self._joined.get((community, user_id))


@dataclass
class Moderation:
    """The handlers of group messages, joins, the bot's own membership, and errors."""

    service: CommunityService
    roster: Roster
    settings: TelegramSettings
    first_sight: FirstSight
    wake: Callable[[], None]
    observe: Observer
    joins: JoinBook = field(default_factory=JoinBook)
    recent: RecentMessages = field(default_factory=RecentMessages)
    # Decisions run in the lane's thread: a raid never blocks polling, the pump or the buttons.
    lane: ServiceLane = field(default_factory=ServiceLane)
    migrated: Callable[[int, int], None] = lambda old, new: None
    # Several chats, each with its own charter: messages and joins go through the registry.
    communities: Communities | None = None

    @property
    def _router(self) -> Any:
        return self.communities if self.communities is not None else self.service

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group message or its edit: decided, recorded, its actions queued."""
        message = update.effective_message
        if message is None or not is_decidable(message, context.bot.id):
            return
        if _is_mod_chat(self.settings, message.chat.id):
            return  # the moderators talk among themselves: not moderated
        await self._first_sight(context.bot, message.chat.id)
        self.roster.groups.add(message.chat.id)
        roles = await self._roles(context.bot, message)
        joined = self.joins.joined(str(message.chat.id), sender_id(message))
        self.recent.remember(message.chat.id, sender_id(message), message.message_id, message.date)
        # Queued in the lane in the order Telegram delivered the messages, but not awaited:
        # updates are handled one after the other, and a member's command must not wait behind
        # the whole backlog of a raid.
        decided = self.lane.submit(self._router.handle, to_message(message, roles, joined))
        decided.add_done_callback(self._decided)

    def _decided(self, decided: asyncio.Future[Any]) -> None:
        if decided.cancelled():
            return
        if decided.exception() is not None:
            log.error("a message could not be decided", exc_info=decided.exception())
            self.observe("error", decided.exception())
            return
        decision = decided.result()
        if decision is None:  # a chat the deployment does not serve
            return
        self.observe("decision", decision)
        if decision.actions:
            self.wake()

    async def _roles(self, bot: Bot, message: TgMessage) -> tuple[str, ...]:
        sender, chat_id = message.sender_chat, message.chat.id
        if sender is not None and sender.id == chat_id:  # an anonymous administrator
            return self.roster.anonymous_admin(chat_id)
        if sender is not None:  # a channel posting in the group
            return (chat_identity(sender.id),)
        assert message.from_user is not None  # Telegram sets a sender or a user
        return await self.roster.identities(bot, message.from_user.id, chat_id)

    async def on_join(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """New members: their join date for the newcomer rules, a join for the raid indicator."""
        message = update.effective_message
        if message is None:
            return
        for join in joins_of(message):
            if join.user_id == str(context.bot.id):
                await self._first_sight(context.bot, message.chat.id)  # just added: check rights
                continue
            self.joins.remember(join.community, join.user_id, join.at)
            await self.lane.run(self._router.member_joined, join.community, join.user_id, join.at)
            self.observe("join", join)
        self.wake()  # a raid may have raised the crisis level

    async def on_migration(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A basic group became a supergroup: from now on its id is the supergroup's."""
        message = update.effective_message
        if message is None or message.migrate_to_chat_id is None:
            return
        old, new = message.chat.id, message.migrate_to_chat_id
        self.migrated(old, new)
        # Stored decisions, cases, waiting actions and the crisis state follow, durably.
        moved = await self.lane.run(self._router.follow_move, str(old), str(new))
        log.warning("chat %s moved to %s: stored rows moved %s", old, new, moved)
        self.roster.forget(old)
        self.roster.groups.discard(old)
        self.roster.groups.add(new)
        self.observe("migration", (old, new))

    async def on_my_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot was promoted, demoted or removed somewhere: check that chat again. In a
        private chat it only means a user blocked or unblocked the bot: nothing to check."""
        change = update.my_chat_member
        if change is None or change.chat.type == "private":
            return
        chat_id = change.chat.id
        self.roster.forget(chat_id)
        self.first_sight.seen.discard(chat_id)
        if change.new_chat_member.status not in ("left", "kicked"):
            await self._first_sight(context.bot, chat_id)

    async def _first_sight(self, bot: Bot, chat_id: int) -> None:
        problems = await self.first_sight.check(bot, chat_id)
        if problems:
            await post_problems(bot, self.settings.mod_chat, problems, self.first_sight.lang)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The central error handler: log the failure and where; the bot carries on."""
        # The update's id and chat only: message texts stay out of the logs (retention).
        where = ""
        if isinstance(update, Update):
            chat = update.effective_chat
            where = f" (update {update.update_id}, chat {chat.id if chat else '-'})"
        log.error("an update could not be handled%s", where, exc_info=context.error)
        self.observe("error", context.error)


async def post_problems(bot: Bot, mod_chat: int | None, problems: list[str], lang: str) -> None:
    """Log setup problems and post them to the moderators' chat (if it can be reached)."""
    text = messages().text(
        lang, "telegram.setup_problem", problems="\n".join(f"• {p}" for p in problems)
    )
    log.error("%s", text)
    if mod_chat is None:
        return
    try:
        await bot.send_message(mod_chat, text)
    except Exception as exc:  # the problems are in the log; the chat may be the problem
        log.error("cannot post the setup problems to the moderators' chat: %s", exc)


@dataclass
class TelegramBot:
    """Everything `vigie run telegram` runs, built by `build_bot`."""

    application: App
    service: CommunityService
    gateway: TelegramGateway
    dispatcher: Dispatcher
    pump: Pump
    roster: Roster
    moderation: Moderation
    settings: TelegramSettings

    async def startup_problems(self) -> list[str]:
        """Publish the command menu, check rights and privacy mode, and post what is wrong to
        the moderators' chat."""
        lang = self.gateway.lang
        bot = self.application.bot
        await publish_menu(bot, self.service.desk.languages)
        problems = await check_all(bot, self.settings.groups, self.settings.mod_chat, lang)
        for community, chat in self.settings.mod_chats.items():  # each community's own
            if chat != self.settings.mod_chat:
                problems += await check_mod_chat(bot, chat, self.gateway.lang_of(community))
        self.moderation.first_sight.mark(self.settings.groups)
        if problems:
            await post_problems(bot, self.settings.mod_chat, problems, lang)
        return problems


def build_bot(
    service: CommunityService,
    settings: TelegramSettings,
    builder: Builder,
    observe: Observer | None = None,
    communities: Communities | None = None,
) -> TelegramBot:
    """The application with its handlers, the gateway, the dispatcher and the pump;
    `communities` routes each chat to its own charter (the deployment file)."""
    application = builder.build()
    settings = _followed(settings, service.moved_chats())
    roster = _roster(service, settings)
    lane = ServiceLane()
    desks = Desks(service.desk, lane, communities)
    roster.scope = _scope(settings, desks)
    # Commands, buttons, the gateway's lookups and the crisis clock run on the event loop: they
    # share the desk (and the service behind it) with the lane's thread through its lock.
    gateway = TelegramGateway(
        application.bot,
        desks.default,
        service.desk.clock,
        settings.mod_chat,
        modlog_chat=settings.modlog_chat,
        mod_chats=settings.mod_chats,
        modlog_chats=settings.modlog_chats,
        desks=desks,
    )
    dispatcher = service.dispatcher(communities.gateway(gateway) if communities else gateway)
    dispatcher.on_failure = _log_failure
    dispatcher.offload = lane.share  # the outbox's database work never holds the loop
    ticking: Any = communities if communities is not None else service
    pump = Pump(
        dispatcher,
        lane.serialised(ticking),
        settings.pump_every,
        settings.tick_every,
        gateway.report_dropped,
    )
    moderation = Moderation(
        service,
        roster,
        settings,
        FirstSight(gateway.lang),
        pump.wake,
        observe or (lambda kind, value: None),
        recent=gateway.recent,
        communities=communities,
        lane=lane,
    )

    def migrated(old: int, new: int) -> None:
        gateway.follow_migration(old, new)
        if moderation.settings.mod_chat == old:
            moderation.settings = replace(moderation.settings, mod_chat=new)

    moderation.migrated = migrated
    native = NativeActions(desks, pump.wake, observe or (lambda kind, value: None))
    application.add_handler(ChatMemberHandler(native.on_chat_member, ChatMemberHandler.CHAT_MEMBER))
    commands = Commands(
        desks, roster, settings.mod_chat, settings.groups, pump.wake, settings.mod_chats
    )
    _add_handlers(
        application,
        moderation,
        commands,
        ReviewDesk(desks, roster, pump.wake, commands.community),
    )
    return TelegramBot(
        application, service, gateway, dispatcher, pump, roster, moderation, settings
    )


def _scope(settings: TelegramSettings, desks: Desks) -> Callable[[int], Scope | None]:
    """Where a user acting in a chat holds which roles, when the deployment file names that
    chat's community: its group and its moderators' chat, its charter's role names."""

    def scope(chat_id: int) -> Scope | None:
        community = community_of(chat_id, settings.mod_chats, settings.mod_chat)
        if community is None or desks.locale(community) is None:
            return None  # one charter for every chat: as before
        chats = [int(community), settings.mod_chats.get(community, settings.mod_chat)]
        moderators, managers = desks.of(community).staff_names()
        return Scope(tuple(c for c in chats if c is not None), moderators, managers)

    return scope


def _is_mod_chat(settings: TelegramSettings, chat_id: int) -> bool:
    """Whether `chat_id` is a moderators' chat (the bot's, or a community's)."""
    return chat_id == settings.mod_chat or chat_id in settings.mod_chats.values()


def _followed(settings: TelegramSettings, moved: dict[str, str]) -> TelegramSettings:
    """The settings with every chat that moved (a group upgraded to a supergroup, as the store
    remembers it) under its id now."""

    def now(chat: int | None) -> int | None:
        return None if chat is None else int(moved.get(str(chat), chat))

    return replace(
        settings,
        mod_chat=now(settings.mod_chat),
        modlog_chat=now(settings.modlog_chat),
        groups=tuple(int(moved.get(str(group), group)) for group in settings.groups),
    )


def _roster(service: CommunityService, settings: TelegramSettings) -> Roster:
    moderators, managers = service.desk.staff_names()
    config = RosterConfig(
        moderators,
        managers,
        settings.moderator_ids,
        settings.manager_ids,
        settings.mod_chat,
    )
    return Roster(config, service.desk.clock, set(settings.groups))


def _add_handlers(
    application: App, moderation: Moderation, commands: Commands, desk: ReviewDesk
) -> None:
    # Commands first: a command is never moderated as a message.
    for names, handler in commands.handlers().items():
        application.add_handler(
            CommandHandler(names, handler, filters=filters.UpdateType.MESSAGE)  # type: ignore[arg-type]
        )
    text = filters.ChatType.GROUPS & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
    application.add_handler(MessageHandler(text, moderation.on_message))  # and edits
    application.add_handler(
        MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, moderation.on_join)
    )
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, moderation.on_migration))
    application.add_handler(CallbackQueryHandler(desk.on_button, pattern=r"^v:"))
    application.add_handler(
        ChatMemberHandler(moderation.on_my_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_error_handler(moderation.on_error)


def _log_failure(pending: PendingAction, reason: str) -> None:
    request = pending.request
    log.warning("%s in %s failed for good: %s", request.kind, request.community, reason)
