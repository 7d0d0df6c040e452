"""A fake Telegram Bot API server for end-to-end tests of python-telegram-bot (PTB).

The fake holds chats, users and messages, queues updates the test pushes and serves them to
PTB's long polling (``getUpdates`` really waits, honours ``offset`` and is released when the
fake closes), records every API call with its decoded parameters and implements the methods
a moderation bot uses, with Telegram's error messages. Errors can be injected per method.

Typical use::

    async with FakeTelegramServer() as server:
        app = application_builder(server).build()
        app.add_handler(MessageHandler(filters.TEXT, on_text))
        async with running_application(app):
            await server.push_message(GROUP_CHAT_ID, ALICE_ID, "spam")
            call = await server.wait_for_call("deleteMessage")

PTB facts relied upon (checked against 22.8): ``ApplicationBuilder.base_url`` /
``base_file_url`` point the bot at a local server, which receives ``POST /bot<TOKEN>/<method>``
form-encoded with every non-string value JSON-encoded; PTB maps HTTP 400 to ``BadRequest``,
403 to ``Forbidden``, 401/404 to ``InvalidToken`` (so a method the fake lacks looks like a bad
token) and ``parameters.retry_after`` to ``RetryAfter``. httpx honours proxy variables: tests
must set ``NO_PROXY=127.0.0.1,localhost``.

Telegram's rules modelled besides the basics: messages sent on behalf of a chat
(``sender_chat``: a channel posting in the group, an anonymous administrator through
GroupAnonymousBot) and the chat methods that apply to them (``banChatSenderChat``,
``unbanChatSenderChat``), a user method called with a chat id refused; a basic group migrated
to a supergroup (``migrate_to_chat_id``, and "group chat was upgraded to a supergroup chat"
with ``parameters.migrate_to_chat_id`` on the old id); text length and HTML validity
(:mod:`tests.fakes.telegram_rules`); 409 Conflict for a long poll that another getUpdates
on the same token (a second instance) terminates;
``allowed_updates`` honoured (``chat_member`` only when asked for); ``my_chat_member``
updates in private chats and groups.

Not modelled: webhooks, files, inline mode, slow mode (the Bot API has no method for bots to
set a chat's slow mode delay).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from telegram.ext import Application, ApplicationBuilder

from bot.core.clock import Clock
from tests.clocks import pinned_clock
from tests.fakes import DEFAULT_WAIT_TIMEOUT, CallLog, Fault, LocalServer, take_fault
from tests.fakes.telegram_rules import TextRefused, check_text

__all__ = [
    "ALICE_ID",
    "BOB_ID",
    "BOT_ID",
    "GROUP_CHAT_ID",
    "MODERATORS_CHAT_ID",
    "OWNER_ID",
    "ApiCall",
    "BotRights",
    "FakeTelegramServer",
    "TgChat",
    "TgUser",
    "application_builder",
    "running_application",
    "sample_chats",
    "sample_users",
]

DEFAULT_TOKEN = "123456789:TEST-fake-telegram-token"

# Ids of the world built by sample_users() / sample_chats().
BOT_ID = 7_000_000_001
ALICE_ID = 1_001
BOB_ID = 1_002
OWNER_ID = 1_003
GROUP_CHAT_ID = -1_001_000_000_001
MODERATORS_CHAT_ID = -1_001_000_000_002
# The service accounts Telegram sets as ``from`` of messages sent on behalf of a chat.
GROUP_ANONYMOUS_BOT_ID = 1_087_968_824  # an anonymous administrator (sender_chat = the group)
CHANNEL_BOT_ID = 136_817_688  # a channel posting in a group (sender_chat = the channel)
# Update types delivered when getUpdates does not name them (Bot API, getUpdates).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
DELETE_WINDOW = 48 * 3600  # seconds: older messages cannot be deleted by a bot
# until_date closer than this or further than that means "forever" (Bot API, restrictChatMember).
UNTIL_MIN, UNTIL_MAX = 30, 366 * 86400
# Flood limits (on unless `flood_limits=False`), on the fake's clock: one message a second in a
# chat, twenty a minute in a group (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
PER_CHAT_SPACING, PER_GROUP_PER_MINUTE = 1, 20
CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)

PERMISSION_KEYS = (
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
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
    "can_edit_tag",
    "can_react_to_messages",
)

# Parameters whose values PTB sends as raw strings: never JSON-decode them ("123" stays text).
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "title",
        "description",
        "short_description",
        "custom_title",
        "inline_message_id",
        "language_code",
        "name",
        "secret_token",
    }
)


# --------------------------------------------------------------------------- world model


@dataclass
class TgUser:
    """A Telegram user. ``has_started_bot``: whether the bot may message them privately;
    ``language_code``: the language of their Telegram app (absent when None)."""

    id: int
    first_name: str
    is_bot: bool = False
    username: str | None = None
    last_name: str | None = None
    has_started_bot: bool = True
    language_code: str | None = None  # the user's app language, as Telegram sends it

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.last_name:
            data["last_name"] = self.last_name
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class BotRights:
    """The bot's administrator rights in a chat."""

    can_delete_messages: bool = True
    can_restrict_members: bool = True
    can_pin_messages: bool = True
    can_invite_users: bool = True
    can_change_info: bool = False
    can_promote_members: bool = False


@dataclass
class TgChat:
    """A group, supergroup or channel the bot is in.

    ``bot_rights`` None means the bot is a plain member; ``admin_ids`` are the human
    administrators, ``creator_id`` the owner. ``permissions`` are the default member
    permissions (``setChatPermissions``).
    """

    id: int
    title: str
    type: str = "supergroup"
    username: str | None = None
    bot_rights: BotRights | None = field(default_factory=BotRights)
    creator_id: int | None = None
    admin_ids: list[int] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)
    permissions: dict[str, bool] = field(
        default_factory=lambda: (
            dict.fromkeys(PERMISSION_KEYS, True)
            | {"can_change_info": False, "can_pin_messages": False, "can_manage_topics": False}
        )
    )

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            data["username"] = self.username
        return data

    def is_admin(self, user_id: int) -> bool:
        return user_id == self.creator_id or user_id in self.admin_ids


def sample_users() -> list[TgUser]:
    """The bot (``@vigie_test_bot``), alice, bob (a moderator) and the group owner."""
    return [
        TgUser(BOT_ID, "Vigie", is_bot=True, username="vigie_test_bot"),
        TgUser(ALICE_ID, "Alice", username="alice"),
        TgUser(BOB_ID, "Bob", username="bob"),
        TgUser(OWNER_ID, "Owner", username="owner"),
    ]


def sample_chats() -> list[TgChat]:
    """A supergroup where the bot is an admin (bob too) and the moderators' chat."""
    return [
        TgChat(
            GROUP_CHAT_ID,
            "Vigie Test Group",
            creator_id=OWNER_ID,
            admin_ids=[BOB_ID],
            member_ids=[ALICE_ID, BOB_ID, OWNER_ID, BOT_ID],
        ),
        TgChat(
            MODERATORS_CHAT_ID,
            "Vigie Moderators",
            type="group",
            bot_rights=None,
            creator_id=BOB_ID,
            member_ids=[BOB_ID, BOT_ID],
        ),
    ]


# --------------------------------------------------------------------------- recording


@dataclass
class ApiCall:
    """One Bot API call: method name as sent (camelCase), decoded params, uploaded files."""

    method: str
    params: dict[str, Any]
    files: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return f"{self.method} {self.params!r:.200}"


class TelegramError(Exception):
    """Raised by a method implementation to answer ``{"ok": false, ...}``."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def response(self) -> web.Response:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        parameters: dict[str, int] = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=self.code)


def _bad_request(detail: str) -> TelegramError:
    return TelegramError(400, f"Bad Request: {detail}")


def _decode_value(name: str, raw: str) -> Any:
    """PTB JSON-encodes every value except plain strings; undo that."""
    if name in STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw  # a plain string such as "@channelusername"


async def _read_params(request: web.Request) -> tuple[dict[str, Any], list[str]]:
    if request.content_type == "application/json":
        body = await request.text()
        return (json.loads(body) if body else {}), []
    params: dict[str, Any] = {name: _decode_value(name, v) for name, v in request.query.items()}
    files: list[str] = []
    for name, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files.append(value.filename)
        else:
            params[name] = _decode_value(name, str(value))
    return params, files


def _status(user: dict[str, Any], status: str) -> dict[str, Any]:
    """A minimal ChatMember of ``status`` (a banned one carries its until_date, 0 = forever)."""
    member: dict[str, Any] = {"user": user, "status": status}
    if status == "kicked":
        member["until_date"] = 0
    if status == "restricted":
        member.update(dict.fromkeys(PERMISSION_KEYS, False), is_member=True, until_date=0)
    return member


def _utf16_len(text: str) -> int:
    # Telegram measures entity offsets and lengths in UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


def _entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram would detect: leading bot command, @mentions, URLs."""
    found = []
    patterns = (
        ("bot_command", r"^/\w+(?:@\w+)?"),
        ("mention", r"(?<!\w)@\w{5,}"),
        ("url", r"https?://\S+|\b[\w-]+\.(?:com|org|net|io|ru|xyz|ly)\b\S*"),
    )
    for kind, pattern in patterns:
        for match in re.finditer(pattern, text):
            found.append(
                {
                    "type": kind,
                    "offset": _utf16_len(text[: match.start()]),
                    "length": _utf16_len(match.group()),
                }
            )
    return sorted(found, key=lambda entity: entity["offset"])


# --------------------------------------------------------------------------- the server


MethodHandler = Callable[[dict[str, Any]], Any]


class FakeTelegramServer(LocalServer):
    """Fake Telegram Bot API. See the module docstring.

    Args:
        token: the bot token PTB must use (others get 401 Unauthorized).
        users: known users; the first bot among them is the bot itself (default:
            :func:`sample_users`).
        chats: groups the bot is in (default: :func:`sample_chats`).
        can_read_all_group_messages: privacy mode off. With privacy mode on (the default, as
            on Telegram), a group where the bot is not an admin only delivers commands,
            replies to the bot and service messages; :meth:`push_message` returns None for a
            message the bot would not see.
        clock: the fake's time (message and edit dates); the suite's pinned instant by
            default, so share the bot's clock to keep both on the same day.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        users: list[TgUser] | None = None,
        chats: list[TgChat] | None = None,
        can_read_all_group_messages: bool = False,
        flood_limits: bool = True,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock or pinned_clock()
        self.token = token
        self.users: dict[int, TgUser] = {u.id: u for u in (users or sample_users())}
        self.bot = next(user for user in self.users.values() if user.is_bot)
        self.chats: dict[int, TgChat] = {c.id: c for c in (chats or sample_chats())}
        self.can_read_all_group_messages = can_read_all_group_messages
        for service_id, name in ((GROUP_ANONYMOUS_BOT_ID, "Group"), (CHANNEL_BOT_ID, "Channel")):
            self.users.setdefault(service_id, TgUser(service_id, name, is_bot=True))
        # Each getUpdates takes a turn; a long poll still waiting when another one arrives (a
        # second instance on the same token) is terminated with 409 Conflict, as Telegram does.
        self._poll_turn = 0
        #: Unprompted 429s when the bot writes faster than Telegram allows (see PER_CHAT_SPACING).
        self.flood_limits = flood_limits
        self._sent_at: dict[int, list[int]] = {}  # chat id -> send times (unix seconds)
        #: The update types asked for by the last getUpdates that named them (None: default).
        self.allowed_updates: list[str] | None = None
        self.banned_sender_chats: set[tuple[int, int]] = set()
        self.migrated: dict[int, int] = {}  # old basic group id -> supergroup id

        self.calls: CallLog[ApiCall] = CallLog(ApiCall.describe)
        self.faults: list[Fault] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.restrictions: dict[tuple[int, int], dict[str, Any]] = {}
        self.bans: dict[tuple[int, int], int] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.open_callback_queries: set[str] = set()

        self._pending: list[dict[str, Any]] = []
        self._updates_changed = asyncio.Condition()
        self._closing = False
        self._update_ids = itertools.count(100_000)
        self._message_ids: dict[int, itertools.count] = {}
        self._callback_ids = itertools.count(1)
        self._method_table = self._methods()

    def _unix_now(self) -> int:
        """The fake's time as Telegram dates carry it: whole Unix seconds."""
        return int(self.clock.now().timestamp())

    # ----------------------------------------------------------------- addresses

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``."""
        return f"{self.origin}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.origin}/file/bot"

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a ``getUpdates`` offset, of the types the bot asked for
        (the others are never delivered)."""
        return [update for update in self._pending if self._wanted(update)]

    # ----------------------------------------------------------------- waiting and faults

    async def wait_for_call(
        self,
        method: str | None = None,
        *,
        where: Callable[[ApiCall], bool] | None = None,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
    ) -> ApiCall:
        """The next unconsumed call to ``method`` (case-insensitive) matching ``where``.

        Fails the test (AssertionError) after ``timeout`` seconds.
        """

        def predicate(call: ApiCall) -> bool:
            same_method = method is None or call.method.lower() == method.lower()
            return same_method and (where is None or where(call))

        return await self.calls.wait_for(predicate, timeout=timeout)

    def calls_to(self, method: str) -> list[ApiCall]:
        """Every recorded call to ``method`` (case-insensitive)."""
        return self.calls.matching(lambda call: call.method.lower() == method.lower())

    def fail(
        self,
        method: str,
        description: str = "Bad Request: message to delete not found",
        *,
        error_code: int = 400,
        retry_after: int | None = None,
        times: int = 1,
        where: Callable[[ApiCall], bool] | None = None,
    ) -> None:
        """Answer the next ``times`` calls to ``method`` (matching ``where``) with an error.

        E.g. ``fail("banChatMember", "Forbidden: bot was kicked from the supergroup chat",
        error_code=403)``; see also :meth:`flood`.
        """
        error = TelegramError(error_code, description, retry_after)

        def matches(call: ApiCall) -> bool:
            return call.method.lower() == method.lower() and (where is None or where(call))

        self.faults.append(Fault(matches=matches, respond=error.response, times=times))

    def flood(self, method: str, retry_after: int = 3, *, times: int = 1) -> None:
        """Answer the next ``times`` calls to ``method`` with 429 (PTB raises RetryAfter)."""
        description = f"Too Many Requests: retry after {retry_after}"
        self.fail(method, description, error_code=429, retry_after=retry_after, times=times)

    # ----------------------------------------------------------------- pushing updates

    async def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (``update_id`` is assigned) and wake the long poll."""
        update = {"update_id": next(self._update_ids), **update}
        async with self._updates_changed:
            self._pending.append(update)
            self._updates_changed.notify_all()
        return update

    async def push_message(
        self,
        chat_id: int,
        from_id: int,
        text: str | None = None,
        *,
        caption: str | None = None,
        reply_to: int | None = None,
        forward_origin: dict[str, Any] | None = None,
        forward_from: int | None = None,
        **fields: Any,
    ) -> dict[str, Any] | None:
        """Push a ``message`` update ``from_id`` sends in ``chat_id``; returns the message.

        Entities (commands, @mentions, URLs) are computed as Telegram does. ``caption``
        without ``text`` sends a photo with that caption. ``forward_from`` (a user id) or a
        raw ``forward_origin`` makes it a forwarded message. Returns None, pushing nothing,
        when privacy mode hides the message from the bot.
        """
        message = self._user_message(chat_id, from_id, text, caption, **fields)
        if reply_to is not None:
            message["reply_to_message"] = self.messages[(chat_id, reply_to)]
        if forward_from is not None:
            forward_origin = {
                "type": "user",
                "date": self._unix_now() - 60,
                "sender_user": self.users[forward_from].payload(),
            }
        if forward_origin is not None:
            message["forward_origin"] = forward_origin
        self._store(message)
        if not self._bot_sees(message):
            return None
        await self.push_update({"message": message})
        return message

    async def push_command(
        self, chat_id: int, from_id: int, command: str, args: str = ""
    ) -> dict[str, Any] | None:
        """Push ``/command@botusername args`` (addressed to the bot, as from a group menu)."""
        text = f"/{command}@{self.bot.username} {args}".strip()
        return await self.push_message(chat_id, from_id, text)

    async def push_edited_message(
        self, chat_id: int, message_id: int, text: str
    ) -> dict[str, Any] | None:
        """Edit a stored message's text and push an ``edited_message`` update."""
        message = dict(self.messages[(chat_id, message_id)])
        message.update(text=text, edit_date=self._unix_now(), entities=_entities(text))
        self._store(message)
        if not self._bot_sees(message):
            return None
        await self.push_update({"edited_message": message})
        return message

    async def push_new_members(
        self, chat_id: int, users: list[TgUser], *, added_by: int | None = None
    ) -> dict[str, Any]:
        """Push the service message for ``users`` joining (or being added by ``added_by``)."""
        for user in users:
            self.users[user.id] = user
            self.chats[chat_id].member_ids.append(user.id)
        sender = added_by if added_by is not None else users[0].id
        message = self._new_message(chat_id, self.users[sender])
        message["new_chat_members"] = [user.payload() for user in users]
        self._store(message)
        await self.push_update({"message": message})
        return message

    async def push_as_chat(self, chat_id: int, sender_chat_id: int, text: str) -> dict[str, Any]:
        """Push a message sent on behalf of a chat: an anonymous administrator when
        ``sender_chat_id`` is the group itself (``from`` is GroupAnonymousBot), else the
        channel ``sender_chat_id`` posting in the group (``from`` is the Channel bot)."""
        sender = GROUP_ANONYMOUS_BOT_ID if sender_chat_id == chat_id else CHANNEL_BOT_ID
        message = self._user_message(chat_id, sender, text, None)
        channel = self.chats.get(sender_chat_id)
        message["sender_chat"] = (
            channel.payload()
            if channel is not None
            else {"id": sender_chat_id, "type": "channel", "title": f"channel {sender_chat_id}"}
        )
        self._store(message)
        await self.push_update({"message": message})
        return message

    async def push_my_chat_member(
        self, chat_id: int, from_id: int, old_status: str, new_status: str
    ) -> dict[str, Any]:
        """Push ``my_chat_member``: the bot's own status changed in ``chat_id`` (a group, or a
        private chat with ``from_id`` where "kicked" means the user blocked the bot)."""
        change = {
            "chat": self._chat(chat_id),
            "from": self.users[from_id].payload(),
            "date": self._unix_now(),
            "old_chat_member": _status(self.bot.payload(), old_status),
            "new_chat_member": _status(self.bot.payload(), new_status),
        }
        return await self.push_update({"my_chat_member": change})

    async def push_chat_member(
        self, chat_id: int, user_id: int, old_status: str, new_status: str
    ) -> dict[str, Any]:
        """Push ``chat_member`` (delivered only to a bot that asked for it in allowed_updates)."""
        user = self.users[user_id].payload()
        change = {
            "chat": self._chat(chat_id),
            "from": user,
            "date": self._unix_now(),
            "old_chat_member": _status(user, old_status),
            "new_chat_member": _status(user, new_status),
        }
        return await self.push_update({"chat_member": change})

    async def migrate_group(self, old_id: int, new_id: int) -> None:
        """The basic group ``old_id`` becomes the supergroup ``new_id``: the two service
        messages are pushed, and every later call naming ``old_id`` is refused with
        ``migrate_to_chat_id`` (PTB raises ``ChatMigrated``)."""
        chat = self.chats[old_id]
        by = chat.creator_id or self.bot.id
        old_service = self._new_message(old_id, self.users[by], migrate_to_chat_id=new_id)
        del self.chats[old_id]
        chat.id, chat.type = new_id, "supergroup"
        self.chats[new_id] = chat
        self.migrated[old_id] = new_id
        new_service = self._new_message(new_id, self.users[CHANNEL_BOT_ID])
        new_service.update(migrate_from_chat_id=old_id, sender_chat=chat.payload())
        await self.push_update({"message": old_service})
        await self.push_update({"message": new_service})

    async def push_callback_query(
        self, from_id: int, data: str, *, chat_id: int, message_id: int
    ) -> dict[str, Any]:
        """Push a click by ``from_id`` on an inline button carrying ``data``."""
        query = {
            "id": str(next(self._callback_ids)),
            "from": self.users[from_id].payload(),
            "chat_instance": str(chat_id),
            "data": data,
            "message": self.messages[(chat_id, message_id)],
        }
        self.open_callback_queries.add(query["id"])
        await self.push_update({"callback_query": query})
        return query

    # ----------------------------------------------------------------- world helpers

    def _new_message(self, chat_id: int, sender: TgUser, **fields: Any) -> dict[str, Any]:
        chat = self._chat(chat_id)
        ids = self._message_ids.setdefault(chat_id, itertools.count(1))
        return {
            "message_id": next(ids),
            "date": self._unix_now(),
            "chat": chat,
            "from": sender.payload(),
            **fields,
        }

    def _user_message(
        self, chat_id: int, from_id: int, text: str | None, caption: str | None, **fields: Any
    ) -> dict[str, Any]:
        message = self._new_message(chat_id, self.users[from_id], **fields)
        if text is not None:
            message["text"] = text
            message["entities"] = _entities(text)
        if caption is not None:
            message["caption"] = caption
            message["caption_entities"] = _entities(caption)
            if text is None:
                size = {"file_id": "photo-1", "file_unique_id": "u-photo-1"}
                message["photo"] = [{**size, "width": 90, "height": 90}]
        return message

    def _chat(self, chat_id: int | str) -> dict[str, Any]:
        """The chat payload for a group id, a user id (private chat) or ``@username``."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            found = [c for c in self.chats.values() if f"@{c.username}" == chat_id]
            if found:
                return found[0].payload()
            raise _bad_request("chat not found")
        chat_id = int(chat_id)
        if chat_id in self.migrated:
            raise TelegramError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self.migrated[chat_id],
            )
        if chat_id in self.chats:
            return self.chats[chat_id].payload()
        user = self.users.get(chat_id)
        if user is None:
            raise _bad_request("chat not found")
        private = {"id": user.id, "type": "private", "first_name": user.first_name}
        return private | ({"username": user.username} if user.username else {})

    def _store(self, message: dict[str, Any]) -> None:
        self.messages[(message["chat"]["id"], message["message_id"])] = message

    def _bot_sees(self, message: dict[str, Any]) -> bool:
        """Privacy mode: what a non-admin bot receives from a group."""
        chat = self.chats.get(message["chat"]["id"])
        if chat is None or self.can_read_all_group_messages or chat.bot_rights is not None:
            return True
        text = message.get("text") or ""
        replied = message.get("reply_to_message") or {}
        return (
            text.startswith("/")
            or replied.get("from", {}).get("id") == self.bot.id
            or "new_chat_members" in message
        )

    def _group(self, params: dict[str, Any]) -> TgChat:
        chat_id = params.get("chat_id")
        if chat_id in self.migrated:
            self._chat(chat_id)  # raises the migration error
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            self._chat(chat_id)  # raises "chat not found" for unknown ids
            raise _bad_request("method is available for supergroup and channel chats only")
        return chat

    def _require_right(self, chat: TgChat, right: str, detail: str) -> None:
        if chat.bot_rights is None or not getattr(chat.bot_rights, right):
            raise _bad_request(detail)

    def _user(self, params: dict[str, Any]) -> TgUser:
        user_id = params.get("user_id")
        if isinstance(user_id, int) and user_id < 0:  # a chat id given to a user method
            raise _bad_request("invalid user_id specified")
        user = self.users.get(user_id)
        if user is None:
            raise _bad_request("user not found")
        return user

    def _stored_message(self, params: dict[str, Any], missing: str) -> dict[str, Any]:
        chat_id = self._chat(params.get("chat_id"))["id"]
        message = self.messages.get((chat_id, params.get("message_id")))
        if message is None:
            raise _bad_request(missing)
        return message

    # ----------------------------------------------------------------- HTTP plumbing

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._endpoint)
        return app

    async def _endpoint(self, request: web.Request) -> web.StreamResponse:
        params, files = await _read_params(request)
        call = ApiCall(request.match_info["method"], params, files)
        await self.calls.add(call)
        if request.match_info["token"] != self.token:
            return TelegramError(401, "Unauthorized").response()
        # Not "fault or ...": aiohttp responses are mappings, so empty ones are falsy.
        response = take_fault(self.faults, call)
        if response is not None:
            return response
        handler = self._method_table.get(call.method.lower())
        if handler is None:
            return TelegramError(404, "Not Found").response()
        try:
            result = await handler(params)
        except TelegramError as error:
            return error.response()
        return web.json_response({"ok": True, "result": result})

    async def before_shutdown(self) -> None:
        # Release long polls now, or shutting down would wait for their timeout.
        async with self._updates_changed:
            self._closing = True
            self._updates_changed.notify_all()

    def _methods(self) -> dict[str, MethodHandler]:
        """Implemented methods by lower-case name (Telegram method names ignore case)."""
        table = {
            "getMe": self._get_me,
            "logOut": self._log_out,
            "close": self._close,
            "getWebhookInfo": self._get_webhook_info,
            "deleteWebhook": self._delete_webhook,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "restrictChatMember": self._restrict_chat_member,
            "banChatMember": self._ban_chat_member,
            "unbanChatMember": self._unban_chat_member,
            "banChatSenderChat": self._ban_chat_sender_chat,
            "unbanChatSenderChat": self._unban_chat_sender_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
            "getChat": self._get_chat,
            "setChatPermissions": self._set_chat_permissions,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }
        return {name.lower(): handler for name, handler in table.items()}

    # ----------------------------------------------------------------- Bot API methods
    # One coroutine per method, named after it: params in, "result" out or TelegramError.

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot.payload() | {
            "can_join_groups": True,
            "can_read_all_group_messages": self.can_read_all_group_messages,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _log_out(self, params: dict[str, Any]) -> bool:
        return True

    async def _close(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long poll: confirm updates below ``offset``, then wait up to ``timeout`` seconds."""
        self._poll_turn += 1
        turn = self._poll_turn
        if params.get("allowed_updates") is not None:  # Telegram remembers the last list
            self.allowed_updates = list(params["allowed_updates"])
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        async with self._updates_changed:
            self._updates_changed.notify_all()  # a poll still waiting is terminated by this one
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._updates_changed.wait_for(
                        lambda: self._deliverable() or self._closing or self._poll_turn != turn
                    )
        if self._poll_turn != turn and not self._closing:
            raise TelegramError(409, CONFLICT)
        return [] if self._closing else self._deliverable()[:limit]

    def _deliverable(self) -> list[dict[str, Any]]:
        """Pending updates of the types the bot asked for; the others are dropped, as
        Telegram never delivers them."""
        self._pending = [u for u in self._pending if self._wanted(u)]
        return self._pending

    def _wanted(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if not self.allowed_updates:  # none named (or []): every type but the excluded ones
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in self.allowed_updates

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        text = self._checked_text(params)
        if chat["type"] == "private" and not self.users[chat["id"]].has_started_bot:
            raise TelegramError(403, "Forbidden: bot can't initiate conversation with a user")
        self._within_flood_limits(chat)
        message = self._new_message(chat["id"], self.bot, text=text)
        message["entities"] = params.get("entities") or _entities(text)
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        reply_to = reply_to or params.get("reply_to_message_id")
        if reply_to is not None:
            message["reply_to_message"] = self.messages.get((chat["id"], reply_to))
        self._store(message)
        return message

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._stored_message(params, "message to edit not found")
        text = self._checked_text(params)
        markup = params.get("reply_markup", message.get("reply_markup"))
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are"
                " exactly the same as a current content and reply markup of the message"
            )
        return self._edit(message, text=text, entities=_entities(text), reply_markup=markup)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._stored_message(params, "message to edit not found")
        markup = params.get("reply_markup")
        if markup == message.get("reply_markup"):
            raise _bad_request("message is not modified")
        return self._edit(message, reply_markup=markup)

    def _within_flood_limits(self, chat: dict[str, Any]) -> None:
        """429 with retry_after when this message would exceed Telegram's sending limits."""
        if not self.flood_limits:
            return
        now = self._unix_now()
        sent = [t for t in self._sent_at.get(chat["id"], []) if now - t < 60]
        wait = 0
        if sent and now - sent[-1] < PER_CHAT_SPACING:
            wait = PER_CHAT_SPACING - (now - sent[-1])
        if chat["type"] != "private" and len(sent) >= PER_GROUP_PER_MINUTE:
            wait = max(wait, 60 - (now - sent[-PER_GROUP_PER_MINUTE]))
        if wait:
            raise TelegramError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        self._sent_at[chat["id"]] = [*sent, now]

    def _until(self, params: dict[str, Any]) -> int:
        """The until_date Telegram keeps: 0 (forever) when it is closer than 30 s or further
        than 366 days."""
        until = int(params.get("until_date") or 0)
        ahead = until - self._unix_now()
        return until if UNTIL_MIN <= ahead <= UNTIL_MAX else 0

    @staticmethod
    def _checked_text(params: dict[str, Any]) -> str:
        """The text of a send or edit, refused as Telegram refuses it (too long, bad HTML)."""
        text = params.get("text") or ""
        try:
            check_text(text, params.get("parse_mode"))
        except TextRefused as refused:
            raise _bad_request(str(refused)) from None
        return text

    def _edit(self, message: dict[str, Any], **changes: Any) -> dict[str, Any]:
        edited = {**message, **changes, "edit_date": self._unix_now()}
        if edited.get("reply_markup") is None:
            edited.pop("reply_markup", None)
        self._store(edited)
        return edited

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        message = self._stored_message(params, "message to delete not found")
        if self._unix_now() - message["date"] >= DELETE_WINDOW:
            raise _bad_request("message can't be deleted")
        chat = self.chats.get(message["chat"]["id"])
        own = message["from"]["id"] == self.bot.id
        if chat is not None and not own:
            self._require_right(chat, "can_delete_messages", "message can't be deleted")
        del self.messages[(message["chat"]["id"], message["message_id"])]
        return True

    async def _delete_messages(self, params: dict[str, Any]) -> bool:
        chat = self._group(params)
        self._require_right(chat, "can_delete_messages", "message can't be deleted")
        for message_id in params.get("message_ids") or []:
            message = self.messages.get((chat.id, message_id))
            if message and self._unix_now() - message["date"] < DELETE_WINDOW:
                del self.messages[(chat.id, message_id)]  # unknown or too old: skipped
        return True

    async def _restrict_chat_member(self, params: dict[str, Any]) -> bool:
        chat, user = self._moderated(params, "restrict/unrestrict")
        if chat.type != "supergroup":
            raise _bad_request("method is available only for supergroups")
        permissions = dict.fromkeys(PERMISSION_KEYS, False) | (params.get("permissions") or {})
        if all(permissions.values()):
            self.restrictions.pop((chat.id, user.id), None)  # everything allowed: lifted
        else:
            until = self._until(params)
            self.restrictions[(chat.id, user.id)] = {"permissions": permissions, "until": until}
        return True

    def _moderated(self, params: dict[str, Any], action: str) -> tuple[TgChat, TgUser]:
        """Chat and target of a restrict/ban call, with Telegram's refusals."""
        chat = self._group(params)
        self._require_right(
            chat, "can_restrict_members", f"not enough rights to {action} chat member"
        )
        user = self._user(params)
        if chat.is_admin(user.id) or user.id == self.bot.id:
            raise _bad_request("user is an administrator of the chat")
        return chat, user

    async def _ban_chat_member(self, params: dict[str, Any]) -> bool:
        chat, user = self._moderated(params, "restrict/unrestrict")
        self.bans[(chat.id, user.id)] = self._until(params)
        self.restrictions.pop((chat.id, user.id), None)
        if user.id in chat.member_ids:
            chat.member_ids.remove(user.id)
        return True

    async def _unban_chat_member(self, params: dict[str, Any]) -> bool:
        chat = self._group(params)
        self._require_right(
            chat, "can_restrict_members", "not enough rights to restrict/unrestrict chat member"
        )
        user = self._user(params)
        was_banned = self.bans.pop((chat.id, user.id), None) is not None
        # Without only_if_banned, Telegram also removes a current member from the chat.
        if not was_banned and not params.get("only_if_banned") and user.id in chat.member_ids:
            chat.member_ids.remove(user.id)
        return True

    async def _ban_chat_sender_chat(self, params: dict[str, Any]) -> bool:
        chat = self._group(params)
        self._require_right(chat, "can_restrict_members", "not enough rights")
        self.banned_sender_chats.add((chat.id, int(params["sender_chat_id"])))
        return True

    async def _unban_chat_sender_chat(self, params: dict[str, Any]) -> bool:
        chat = self._group(params)
        self._require_right(chat, "can_restrict_members", "not enough rights")
        self.banned_sender_chats.discard((chat.id, int(params["sender_chat_id"])))
        return True

    async def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._group(params)
        return self._member(chat, self._user(params))

    def _member(self, chat: TgChat, user: TgUser) -> dict[str, Any]:
        base = {"user": user.payload()}
        key = (chat.id, user.id)
        if user.id == chat.creator_id:
            return base | {"status": "creator", "is_anonymous": False}
        if user.id == self.bot.id and chat.bot_rights is not None:
            return base | self._admin_rights(chat.bot_rights)
        if user.id in chat.admin_ids:
            return base | self._admin_rights(BotRights(can_promote_members=True))
        if key in self.bans:
            return base | {"status": "kicked", "until_date": self.bans[key]}
        if key in self.restrictions:
            restriction = self.restrictions[key]
            return base | {
                "status": "restricted",
                "is_member": user.id in chat.member_ids,
                "until_date": restriction["until"],
                **restriction["permissions"],
            }
        status = "member" if user.id in chat.member_ids else "left"
        return base | {"status": status}

    @staticmethod
    def _admin_rights(rights: BotRights) -> dict[str, Any]:
        return {
            "status": "administrator",
            "can_be_edited": False,
            "is_anonymous": False,
            "can_manage_chat": True,
            "can_manage_video_chats": False,
            "can_post_stories": False,
            "can_edit_stories": False,
            "can_delete_stories": False,
            "can_manage_topics": False,
            **vars(rights),
        }

    async def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._group(params)
        admin_ids = [chat.creator_id, *chat.admin_ids]
        if chat.bot_rights is not None:
            admin_ids.append(self.bot.id)
        return [self._member(chat, self.users[uid]) for uid in admin_ids if uid in self.users]

    async def _get_chat_member_count(self, params: dict[str, Any]) -> int:
        return len(self._group(params).member_ids)

    async def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        full = chat | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat["id"] in self.chats:
            full["permissions"] = dict(self.chats[chat["id"]].permissions)
        return full

    async def _set_chat_permissions(self, params: dict[str, Any]) -> bool:
        chat = self._group(params)
        self._require_right(chat, "can_restrict_members", "not enough rights to change chat")
        chat.permissions = dict.fromkeys(PERMISSION_KEYS, False) | params.get("permissions", {})
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self.open_callback_queries:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self.open_callback_queries.discard(query_id)
        return True

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code", "")], sort_keys=True)

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands[self._commands_key(params)] = list(params.get("commands") or [])
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True


# --------------------------------------------------------------------------- PTB helpers


def application_builder(server: FakeTelegramServer) -> ApplicationBuilder:
    """An ApplicationBuilder whose bot talks to ``server`` (token and URLs set)."""
    return (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
    )


@contextlib.asynccontextmanager
async def running_application(
    application: Application, *, poll_timeout: int = 1
) -> AsyncIterator[Application]:
    """Initialize, poll and start ``application``; stop and shut it down on exit.

    ``run_polling()`` would own the event loop, hence this sequence. ``poll_timeout`` is the
    ``getUpdates`` long-poll timeout; stopping does not wait for it.
    """
    await application.initialize()
    try:
        await application.updater.start_polling(timeout=poll_timeout)
        await application.start()
        yield application
    finally:
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
