"""A fake Discord (gateway websocket + REST API v10) for end-to-end tests of discord.py.

The fake holds a small world (guilds, channels, roles, members, messages, webhooks), plays the
gateway handshake (HELLO, IDENTIFY, READY, GUILD_CREATE, RESUME), lets the test dispatch
gateway events, records every REST request and serves the endpoints a moderation bot uses.
Errors (403, 429...) can be injected per route.

Typical use::

    async with FakeDiscordServer() as server:
        client = discord.Client(intents=intents, guild_ready_timeout=0.01)
        async with running_client(client, server):
            await server.dispatch_message(GENERAL_CHANNEL_ID, ALICE_ID, "hello")
            request = await server.wait_for_request("DELETE", "/channels/{}/messages/{}")
            assert request.reason == "spam"

discord.py internals relied upon (checked against 2.7.1): ``discord.http.Route.BASE`` (REST
base URL, read when a route is built) and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``
(first gateway URL); both are patched by :func:`patched_discord_endpoints`. discord.py parses
JSON only when ``Content-Type`` is exactly ``application/json`` and treats a 429 without a
``Via`` header as a Cloudflare ban, so the fake sends both headers as Discord does.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import math
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import discord
import yarl
from aiohttp import WSMsgType, web

from bot.core.clock import Clock
from tests.clocks import PINNED, pinned_clock
from tests.fakes import DEFAULT_WAIT_TIMEOUT, CallLog, Fault, LocalServer, take_fault
from tests.fakes.discord_rules import (
    MISSING_PERMISSIONS,
    PermissionRefused,
    check_overwrite,
    may_act_on,
    pinged_roles,
    require,
)

__all__ = [
    "ALICE_ID",
    "BOB_ID",
    "BOT_ID",
    "GENERAL_CHANNEL_ID",
    "GUILD_ID",
    "MEMBER_ROLE_ID",
    "MODERATORS_CHANNEL_ID",
    "MODERATOR_ROLE_ID",
    "FakeChannel",
    "FakeDiscordServer",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "RecordedRequest",
    "patched_discord_endpoints",
    "running_client",
    "sample_guild",
]

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
# Long enough that discord.py's keep-alive thread never beats during a test.
HEARTBEAT_INTERVAL_MS = 41_250

# Channel types (https://discord.com/developers/docs/resources/channel#channel-object).
GUILD_TEXT = 0
DM = 1
GUILD_CATEGORY = 4

# Gateway opcodes.
OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME = 0, 1, 2, 6
OP_REQUEST_MEMBERS, OP_INVALID_SESSION, OP_HELLO, OP_HEARTBEAT_ACK = 8, 9, 10, 11

# Gateway intents Discord reserves to approved bots ("privileged").
INTENT_MEMBERS = 1 << 1
INTENT_PRESENCES = 1 << 8
INTENT_MESSAGE_CONTENT = 1 << 15

# Interaction types and callback types.
INTERACTION_APPLICATION_COMMAND = 2
INTERACTION_COMPONENT = 3
CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED_MESSAGE = 5
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_DEFERRED_UPDATE = 6
# An interaction must be answered (or deferred) within this many seconds, else 10062.
INTERACTION_DEADLINE = dt.timedelta(seconds=3)
CANNOT_DM = 50007
MESSAGE_REFERENCE_FORWARD = 1
EPHEMERAL_FLAG = 1 << 6
LOADING_FLAG = 1 << 7

# Ids of the world built by sample_guild().
GUILD_ID = 100_000_000_000_000_001
GENERAL_CHANNEL_ID = 100_000_000_000_000_101
MODERATORS_CHANNEL_ID = 100_000_000_000_000_102
MODERATOR_ROLE_ID = 100_000_000_000_000_201
MEMBER_ROLE_ID = 100_000_000_000_000_202
BOT_ROLE_ID = 100_000_000_000_000_203
BOT_ID = 100_000_000_000_000_301
ALICE_ID = 100_000_000_000_000_302
BOB_ID = 100_000_000_000_000_303
OWNER_ID = 100_000_000_000_000_304


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


class SnowflakeFactory:
    """Fresh, increasing snowflakes carrying the fake's current time, as discord.py reads it
    back (the counter keeps them increasing while the clock stands still)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._counter = itertools.count()

    def next(self) -> int:
        millis = int(self._clock.now().timestamp() * 1000) - DISCORD_EPOCH_MS
        return (millis << 22) | (next(self._counter) & 0x3FFFFF)


# --------------------------------------------------------------------------- world model


@dataclass
class FakeUser:
    """A Discord user (human or bot)."""

    id: int
    username: str
    bot: bool = False
    global_name: str | None = None
    accepts_dms: bool = True  # False: the user closed DMs from server members (50007)

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class FakeRole:
    """A guild role; ``permissions`` is the permission bit field (see discord.Permissions)."""

    id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    mentionable: bool = True

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "hoist": False,
            "managed": False,
            "mentionable": self.mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class FakeChannel:
    """A guild channel (text by default). Overwrites are raw Discord overwrite objects."""

    id: int
    name: str
    type: int = GUILD_TEXT
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    rate_limit_per_user: int = 0
    permission_overwrites: list[dict[str, Any]] = field(default_factory=list)

    def payload(self, guild_id: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(guild_id),
            "name": self.name,
            "position": self.position,
            "topic": self.topic,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "nsfw": False,
            "rate_limit_per_user": self.rate_limit_per_user,
            "permission_overwrites": list(self.permission_overwrites),
            "last_message_id": None,
            "flags": 0,
        }


@dataclass
class FakeMember:
    """A user's membership of a guild."""

    user: FakeUser
    roles: list[int] = field(default_factory=list)
    joined_at: dt.datetime = PINNED - dt.timedelta(days=30)
    nick: str | None = None
    communication_disabled_until: str | None = None

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(role) for role in self.roles],
            "joined_at": _iso(self.joined_at),
            "nick": self.nick,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "premium_since": None,
            "avatar": None,
            "communication_disabled_until": self.communication_disabled_until,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data


@dataclass
class FakeGuild:
    """A guild. Its ``@everyone`` role must have the guild's id, as on Discord."""

    id: int
    name: str
    owner_id: int
    channels: list[FakeChannel] = field(default_factory=list)
    roles: list[FakeRole] = field(default_factory=list)
    members: list[FakeMember] = field(default_factory=list)
    bans: dict[int, str | None] = field(default_factory=dict)
    system_channel_id: int | None = None
    preferred_locale: str = "en-US"

    def channel(self, channel_id: int) -> FakeChannel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def member(self, user_id: int) -> FakeMember | None:
        return next((m for m in self.members if m.user.id == user_id), None)

    def permissions_of(self, member: FakeMember) -> int:
        """Guild-level permissions: @everyone plus the member's roles (owner: everything)."""
        if member.user.id == self.owner_id:
            return discord.Permissions.all().value
        value = 0
        for role in self.roles:
            if role.id == self.id or role.id in member.roles:
                value |= role.permissions
        if value & discord.Permissions(administrator=True).value:
            return discord.Permissions.all().value
        return value

    def payload(self, *, presences: bool = True) -> dict[str, Any]:
        """The GUILD_CREATE payload. Without the presences intent Discord sends only the bot's
        own member (``bot_id``) and the real ``member_count``: the others arrive by chunking."""
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "icon": None,
            "unavailable": False,
            "large": False,
            "member_count": len(self.members),
            "roles": [role.payload() for role in self.roles],
            "channels": [channel.payload(self.id) for channel in self.channels],
            "members": [
                member.payload() for member in self.members if presences or member.user.bot
            ],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "preferred_locale": self.preferred_locale,
            "system_channel_id": str(self.system_channel_id) if self.system_channel_id else None,
            "joined_at": _iso(PINNED - dt.timedelta(days=1)),
        }


def sample_guild(bot_user: FakeUser | None = None) -> FakeGuild:
    """A small guild: #general and a private #moderators, a Moderator role, alice and bob.

    bob is a moderator, alice a plain member, the bot has moderation permissions.
    """
    bot_user = bot_user or FakeUser(BOT_ID, "Vigie", bot=True)
    everyone = discord.Permissions(
        view_channel=True, send_messages=True, read_message_history=True, add_reactions=True
    )
    moderation = discord.Permissions(
        kick_members=True,
        ban_members=True,
        manage_messages=True,
        moderate_members=True,
        manage_channels=True,
        manage_roles=True,
        manage_webhooks=True,
        embed_links=True,
    )
    hidden = {"id": str(GUILD_ID), "type": 0, "allow": "0", "deny": str(1 << 10)}
    shown = {"id": str(MODERATOR_ROLE_ID), "type": 0, "allow": str(1 << 10), "deny": "0"}
    bot_shown = {"id": str(bot_user.id), "type": 1, "allow": str(1 << 10), "deny": "0"}
    return FakeGuild(
        id=GUILD_ID,
        name="Vigie Test Guild",
        owner_id=OWNER_ID,
        roles=[
            FakeRole(GUILD_ID, "@everyone", everyone.value, position=0),
            FakeRole(MEMBER_ROLE_ID, "Member", 0, position=1),
            FakeRole(MODERATOR_ROLE_ID, "Moderator", moderation.value, position=2),
            FakeRole(BOT_ROLE_ID, bot_user.username, moderation.value, position=3),
        ],
        channels=[
            FakeChannel(GENERAL_CHANNEL_ID, "general", position=0),
            FakeChannel(
                MODERATORS_CHANNEL_ID,
                "moderators",
                position=1,
                permission_overwrites=[hidden, shown, bot_shown],
            ),
        ],
        members=[
            FakeMember(bot_user, [BOT_ROLE_ID]),
            FakeMember(FakeUser(ALICE_ID, "alice"), [MEMBER_ROLE_ID]),
            FakeMember(FakeUser(BOB_ID, "bob"), [MEMBER_ROLE_ID, MODERATOR_ROLE_ID]),
            FakeMember(FakeUser(OWNER_ID, "owner"), []),
        ],
    )


# --------------------------------------------------------------------------- recording


@dataclass
class RecordedRequest:
    """One REST request as the fake received it. ``path`` excludes the ``/api/v10`` prefix."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    files: list[str]

    @property
    def reason(self) -> str | None:
        """The decoded ``X-Audit-Log-Reason`` header (discord.py URL-quotes it)."""
        raw = self.headers.get("X-Audit-Log-Reason")
        return unquote(raw) if raw is not None else None

    def matches(self, method: str | None, path: str | None) -> bool:
        """True if method and path pattern (``{}`` / ``{name}`` = one segment) match."""
        if method is not None and self.method != method.upper():
            return False
        return path is None or _path_regex(path).fullmatch(self.path) is not None

    def describe(self) -> str:
        return f"{self.method} {self.path} {self.query or ''} {self.json!r:.200}"


def _path_regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]*\}", pattern)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))


async def _read_body(request: web.Request) -> tuple[Any, list[str]]:
    """Decode a JSON body, or the ``payload_json`` part and file names of a multipart one."""
    if request.content_type == "application/json":
        text = await request.text()
        return (json.loads(text) if text else None), []
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        files = [part.filename for part in form.values() if isinstance(part, web.FileField)]
        payload = form.get("payload_json")
        return (json.loads(payload) if isinstance(payload, str) else None), files
    return None, []


RestHandler = Callable[[web.Request, "RecordedRequest"], Awaitable[web.Response]]


def _json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    # Exactly "application/json": discord.py does not parse "application/json; charset=...".
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(data).encode(), headers=all_headers)


def _error(status: int, code: int, message: str) -> web.Response:
    return _json_response({"message": message, "code": code}, status=status)


def _no_content() -> web.Response:
    return web.Response(status=204)


class Rejected(Exception):
    """Raised by a handler helper to answer with a Discord error instead."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


def _not_found(what: str, code: int) -> Rejected:
    return Rejected(_error(404, code, f"Unknown {what}"))


def _rate_limit_headers(
    bucket: str, remaining: int, reset_after: float, now: dt.datetime
) -> dict[str, str]:
    return {
        "X-RateLimit-Bucket": bucket,
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Reset": f"{now.timestamp() + reset_after:.3f}",
    }


def _rate_limited_response(retry_after: float, is_global: bool, now: dt.datetime) -> web.Response:
    headers = _rate_limit_headers("", remaining=0, reset_after=retry_after, now=now)
    del headers["X-RateLimit-Bucket"]  # the recording middleware adds the route's bucket
    headers.update(
        {
            # Without "Via", discord.py takes a 429 for a Cloudflare ban and gives up.
            "Via": "1.1 google",
            "Retry-After": str(math.ceil(retry_after)),
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
    )
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    return _json_response(body, status=429, headers=headers)


# --------------------------------------------------------------------------- the server


class FakeDiscordServer(LocalServer):
    """Fake Discord gateway + REST API. See the module docstring.

    Args:
        guilds: the guilds the bot is in (default: :func:`sample_guild`).
        bot_user: the bot's own user (default: ``BOT_ID`` "Vigie"); it should be a member of
            every guild.
        application_id: the bot application id (default: the bot user id, as on Discord).
        message_content_intent: whether the privileged message-content intent is granted.
            Without it (or if the client does not request it), dispatched messages carry empty
            content, embeds, attachments and components, except the bot's own messages, DMs
            and messages mentioning the bot, as on Discord.
        members_intent: whether the privileged members intent is granted.
        enforce_privileged_intents: close the gateway with code 4014 when the client requests
            a privileged intent that is not granted, as Discord does (``Client.start`` then
            raises ``PrivilegedIntentsRequired``; ``connect(reconnect=False)`` raises
            ``ConnectionClosed`` with code 4014).
        echo_events: send the gateway events Discord emits after REST changes (the bot's own
            MESSAGE_CREATE, MESSAGE_DELETE, GUILD_MEMBER_UPDATE, GUILD_BAN_ADD...).
        token: when given, a REST request authorized with another bot token is refused with
            401, as Discord does (``Client.login`` then raises ``LoginFailure``).
        clock: the fake's time (snowflakes, timestamps, rate-limit resets); the suite's pinned
            instant by default, so share the bot's clock to keep both on the same day.
    """

    def __init__(
        self,
        *guilds: FakeGuild,
        bot_user: FakeUser | None = None,
        application_id: int | None = None,
        message_content_intent: bool = True,
        members_intent: bool = True,
        enforce_privileged_intents: bool = False,
        echo_events: bool = True,
        token: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock or pinned_clock()
        self.token = token
        self.bot_user = bot_user or FakeUser(BOT_ID, "Vigie", bot=True)
        self.guilds: dict[int, FakeGuild] = {
            g.id: g for g in (guilds or [sample_guild(self.bot_user)])
        }
        self.application_id = application_id or self.bot_user.id
        self.granted_intents = INTENT_PRESENCES
        if message_content_intent:
            self.granted_intents |= INTENT_MESSAGE_CONTENT
        if members_intent:
            self.granted_intents |= INTENT_MEMBERS
        self.enforce_privileged_intents = enforce_privileged_intents
        self.echo_events = echo_events
        self.ids = SnowflakeFactory(self.clock)

        self.requests: CallLog[RecordedRequest] = CallLog(RecordedRequest.describe)
        self.gateway_log: CallLog[dict[str, Any]] = CallLog()
        self.faults: list[Fault] = []

        self.users: dict[int, FakeUser] = {self.bot_user.id: self.bot_user}
        for guild in self.guilds.values():
            self.users.update({m.user.id: m.user for m in guild.members})
        self.messages: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, dict[str, Any]] = {}
        self.webhooks: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, dict[str, Any]] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self._acknowledged: set[int] = set()
        self._interaction_created: dict[int, dt.datetime] = {}
        self._original_responses: dict[str, int] = {}

        self.session_id: str | None = None
        self.identify_payload: dict[str, Any] | None = None
        self._ws: web.WebSocketResponse | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._send_lock = asyncio.Lock()
        self._seq = 0
        self._sent_events: list[dict[str, Any]] = []

    # ----------------------------------------------------------------- addresses and access

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return f"{self.origin}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """Value for ``DiscordWebSocket.DEFAULT_GATEWAY`` (also the resume URL)."""
        return f"ws://127.0.0.1:{self.port}/"

    @property
    def guild(self) -> FakeGuild:
        """The first (usually only) guild."""
        return next(iter(self.guilds.values()))

    @property
    def connected(self) -> bool:
        """True while a client holds an identified gateway connection."""
        return self._ws is not None and not self._ws.closed

    # ----------------------------------------------------------------- waiting and faults

    async def wait_for_request(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        where: Callable[[RecordedRequest], bool] | None = None,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
    ) -> RecordedRequest:
        """The next unconsumed REST request matching method, path pattern and ``where``.

        ``path`` is relative to ``/api/v10``; ``{}`` or ``{name}`` matches one segment.
        Fails the test (AssertionError) after ``timeout`` seconds.
        """

        def predicate(call: RecordedRequest) -> bool:
            return call.matches(method, path) and (where is None or where(call))

        return await self.requests.wait_for(predicate, timeout=timeout)

    def requests_to(
        self, method: str | None = None, path: str | None = None
    ) -> list[RecordedRequest]:
        """Every recorded request matching method and path pattern."""
        return self.requests.matching(lambda call: call.matches(method, path))

    def fail(
        self,
        method: str,
        path: str,
        *,
        status: int = 403,
        code: int = 50013,
        message: str = "Missing Permissions",
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with a Discord error (default: 403)."""
        self.faults.append(
            Fault(
                matches=lambda call: call.matches(method, path),
                respond=lambda: _error(status, code, message),
                times=times,
            )
        )

    def rate_limit(
        self,
        method: str,
        path: str,
        *,
        retry_after: float = 0.01,
        times: int = 1,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with 429 and ``retry_after`` seconds.

        discord.py sleeps ``retry_after`` then retries; with ``max_ratelimit_timeout`` set
        below it, it raises ``discord.RateLimited`` instead.
        """
        self.faults.append(
            Fault(
                matches=lambda call: call.matches(method, path),
                respond=lambda: _rate_limited_response(retry_after, is_global, self.clock.now()),
                times=times,
            )
        )

    # ----------------------------------------------------------------- gateway: dispatch API

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH event (op 0) to the connected client.

        While the connection is down after :meth:`drop_connection`, events are kept and
        replayed when the client resumes, as Discord does.
        """
        if self.session_id is None:
            raise RuntimeError("no gateway session: the client has not identified yet")
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            self.messages[int(data["id"])] = data
            data = self._as_seen_by_bot(data)
        self._seq += 1
        payload = {"op": OP_DISPATCH, "t": event, "s": self._seq, "d": data}
        self._sent_events.append(payload)
        if self.connected:
            await self._send(self._ws, payload)

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the gateway socket with ``code``; discord.py reconnects and RESUMEs.

        Wait for the resume with ``await server.gateway_log.wait_for(lambda p: p["op"] == 6)``.
        """
        ws, self._ws = self._ws, None
        if ws is not None:
            await ws.close(code=code)

    async def dispatch_message(
        self,
        channel_id: int,
        author_id: int,
        content: str,
        *,
        embeds: list[dict[str, Any]] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """Dispatch MESSAGE_CREATE for a message ``author_id`` posts; returns the full payload.

        Mentions (``<@id>``, ``<@&id>``) are parsed from ``content``.
        """
        body: dict[str, Any] = {"content": content, "embeds": embeds or []}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to)}
        message = self._new_message(channel_id, self.users[author_id], body)
        message["attachments"] = attachments or []
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    async def dispatch_forward(
        self, channel_id: int, author_id: int, original: dict[str, Any]
    ) -> dict[str, Any]:
        """Dispatch MESSAGE_CREATE for ``author_id`` forwarding ``original`` (a message payload)
        into ``channel_id``, shaped as Discord sends it: empty ``content``, the forwarded text
        in ``message_snapshots[0].message``, ``message_reference.type`` 1 (FORWARD)."""
        message = self._new_message(channel_id, self.users[author_id], {"content": ""})
        snapshot = {
            key: original.get(key)
            for key in (
                "type",
                "content",
                "embeds",
                "attachments",
                "timestamp",
                "edited_timestamp",
                "flags",
                "mentions",
                "mention_roles",
                "components",
            )
        }
        message["message_snapshots"] = [{"message": snapshot}]
        message["message_reference"] = {
            "type": MESSAGE_REFERENCE_FORWARD,
            "message_id": original["id"],
            "channel_id": original["channel_id"],
            "guild_id": original.get("guild_id"),
        }
        message["flags"] = message["flags"] | (1 << 14)  # HAS_SNAPSHOT
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    async def dispatch_message_edit(self, message_id: int, content: str) -> dict[str, Any]:
        """Dispatch MESSAGE_UPDATE: the stored message with new content and edit timestamp."""
        message = dict(self.messages[message_id])
        message.update(content=content, edited_timestamp=_iso(self.clock.now()))
        message.update(self._mentions(content, self._guild_of(int(message["channel_id"]))))
        await self.dispatch("MESSAGE_UPDATE", message)
        return message

    async def dispatch_member_join(
        self, user: FakeUser, *, guild_id: int | None = None, roles: list[int] | None = None
    ) -> dict[str, Any]:
        """Add ``user`` to the guild and dispatch GUILD_MEMBER_ADD."""
        guild = self.guilds[guild_id] if guild_id else self.guild
        member = FakeMember(user, list(roles or []), joined_at=self.clock.now())
        guild.members.append(member)
        self.users[user.id] = user
        data = {**member.payload(), "guild_id": str(guild.id)}
        await self.dispatch("GUILD_MEMBER_ADD", data)
        return data

    async def dispatch_reaction(
        self, message_id: int, user_id: int, emoji: str = "\N{WARNING SIGN}"
    ) -> dict[str, Any]:
        """Dispatch MESSAGE_REACTION_ADD of a unicode ``emoji`` by ``user_id``."""
        message = self.messages[message_id]
        channel_id = int(message["channel_id"])
        data: dict[str, Any] = {
            "user_id": str(user_id),
            "channel_id": str(channel_id),
            "message_id": str(message_id),
            "message_author_id": message["author"]["id"],
            "emoji": {"id": None, "name": emoji},
            "burst": False,
            "type": 0,
        }
        guild = self._guild_of(channel_id)
        if guild is not None:
            data["guild_id"] = str(guild.id)
            data["member"] = guild.member(user_id).payload()
        await self.dispatch("MESSAGE_REACTION_ADD", data)
        return data

    async def dispatch_slash_command(
        self,
        name: str,
        *,
        user_id: int,
        channel_id: int,
        options: list[dict[str, Any]] | None = None,
        resolved: dict[str, Any] | None = None,
        command_id: int | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """Dispatch INTERACTION_CREATE for the chat-input command ``name``.

        ``options`` are raw Discord options (``{"name", "type", "value"}``); user options also
        need ``resolved`` data. The command is looked up among synced guild commands first.
        ``locale`` is the user's client language (``interaction.locale``).
        """
        data: dict[str, Any] = {
            "id": str(command_id or self._command_id(name, channel_id)),
            "name": name,
            "type": 1,
            "options": options or [],
        }
        if resolved:
            data["resolved"] = resolved
        guild = self._guild_of(channel_id)
        if guild is not None and self._is_guild_command(guild.id, name):
            data["guild_id"] = str(guild.id)
        interaction = self._interaction(
            INTERACTION_APPLICATION_COMMAND, data, user_id, channel_id, locale=locale
        )
        await self.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    async def dispatch_message_command(
        self, name: str, *, target_message_id: int, user_id: int, locale: str = "en-US"
    ) -> dict[str, Any]:
        """Dispatch INTERACTION_CREATE for the message context-menu command ``name`` (a
        message's Apps menu) on the stored message ``target_message_id``."""
        message = self.messages[target_message_id]
        channel_id = int(message["channel_id"])
        data: dict[str, Any] = {
            "id": str(self._command_id(name, channel_id)),
            "name": name,
            "type": 3,
            "target_id": str(target_message_id),
            "resolved": {"messages": {str(target_message_id): message}},
        }
        guild = self._guild_of(channel_id)
        if guild is not None and self._is_guild_command(guild.id, name):
            data["guild_id"] = str(guild.id)
        interaction = self._interaction(
            INTERACTION_APPLICATION_COMMAND, data, user_id, channel_id, locale=locale
        )
        await self.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    async def dispatch_component(
        self,
        custom_id: str,
        *,
        message_id: int,
        user_id: int,
        component_type: int = 2,
        values: list[str] | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """Dispatch INTERACTION_CREATE for a click on a button (or a select's ``values``)."""
        message = self.messages[message_id]
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        interaction = self._interaction(
            INTERACTION_COMPONENT,
            data,
            user_id,
            int(message["channel_id"]),
            message=message,
            locale=locale,
        )
        await self.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    # ----------------------------------------------------------------- gateway: protocol

    async def _send(self, ws: web.WebSocketResponse | None, payload: dict[str, Any]) -> None:
        if ws is None or ws.closed:
            return
        async with self._send_lock:  # REST handlers and the socket loop both send
            await ws.send_str(json.dumps(payload))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            hello = {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}
            await self._send(ws, {"op": OP_HELLO, "d": hello, "s": None, "t": None})
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._on_gateway_payload(ws, json.loads(message.data))
        finally:
            self._sockets.discard(ws)
            if self._ws is ws:
                self._ws = None
        return ws

    async def _on_gateway_payload(self, ws: web.WebSocketResponse, payload: dict) -> None:
        await self.gateway_log.add(payload)
        op, data = payload.get("op"), payload.get("d")
        if op == OP_HEARTBEAT:
            await self._send(ws, {"op": OP_HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == OP_IDENTIFY:
            await self._identify(ws, data)
        elif op == OP_RESUME:
            await self._resume(ws, data)
        elif op == OP_REQUEST_MEMBERS:
            await self._send_member_chunk(data)

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identify_payload = data
        requested = int(data.get("intents", 0))
        privileged = INTENT_MEMBERS | INTENT_PRESENCES | INTENT_MESSAGE_CONTENT
        if self.enforce_privileged_intents and requested & privileged & ~self.granted_intents:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        self.session_id = uuid.uuid4().hex
        self._seq, self._sent_events, self._ws = 0, [], ws
        await self.dispatch("READY", self._ready_payload(data))
        presences = bool(requested & self.granted_intents & INTENT_PRESENCES)
        for guild in self.guilds.values():
            await self.dispatch("GUILD_CREATE", guild.payload(presences=presences))

    def _ready_payload(self, identify: dict[str, Any]) -> dict[str, Any]:
        ready = {
            "v": 10,
            "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.guilds],
            "session_id": self.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
        }
        if "shard" in identify:
            ready["shard"] = identify["shard"]
        return ready

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("session_id") != self.session_id:
            await self._send(ws, {"op": OP_INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        self._ws = ws
        missed = [p for p in self._sent_events if p["s"] > (data.get("seq") or 0)]
        for payload in missed:
            await self._send(ws, payload)
        await self.dispatch("RESUMED", {})

    async def _send_member_chunk(self, data: dict[str, Any]) -> None:
        guild = self.guilds[int(data["guild_id"])]
        chunk = {
            "guild_id": str(guild.id),
            "members": [member.payload() for member in guild.members],
            "chunk_index": 0,
            "chunk_count": 1,
            "nonce": data.get("nonce"),
        }
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def _echo(self, event: str, data: dict[str, Any]) -> None:
        """Emit the event Discord sends after a REST change, if enabled and connected."""
        if self.echo_events and self.connected:
            await self.dispatch(event, data)

    async def before_shutdown(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=1001)

    # ----------------------------------------------------------------- world helpers

    def _guild_of(self, channel_id: int) -> FakeGuild | None:
        return next((g for g in self.guilds.values() if g.channel(channel_id)), None)

    def _channel_payload(self, channel_id: int) -> dict[str, Any] | None:
        if channel_id in self.dm_channels:
            return self.dm_channels[channel_id]
        guild = self._guild_of(channel_id)
        return guild.channel(channel_id).payload(guild.id) if guild else None

    def _user_payload(self, user_id: int) -> dict[str, Any]:
        user = self.users.get(user_id) or FakeUser(user_id, f"user{user_id}")
        return user.payload()

    def _bot_permissions(self, guild: FakeGuild) -> int:
        member = guild.member(self.bot_user.id)
        return guild.permissions_of(member) if member else 0

    def _mentions(self, content: str, guild: FakeGuild | None) -> dict[str, Any]:
        user_ids = [int(u) for u in re.findall(r"<@!?(\d+)>", content)]
        mentions = []
        for user_id in dict.fromkeys(user_ids):
            user = self._user_payload(user_id)
            member = guild.member(user_id) if guild else None
            if member is not None:
                user["member"] = member.payload(with_user=False)
            mentions.append(user)
        return {
            "mentions": mentions,
            "mention_roles": re.findall(r"<@&(\d+)>", content),
            "mention_everyone": "@everyone" in content or "@here" in content,
        }

    def _new_message(
        self, channel_id: int, author: FakeUser, body: dict[str, Any], **extra: Any
    ) -> dict[str, Any]:
        """A full message object as Discord returns it, stored in :attr:`messages`."""
        guild = self._guild_of(channel_id)
        content = body.get("content") or ""
        message: dict[str, Any] = {
            "id": str(self.ids.next()),
            "channel_id": str(channel_id),
            "author": author.payload(),
            "content": content,
            "timestamp": _iso(self.clock.now()),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
            **self._mentions(content, guild),
            **extra,
        }
        if author.id == self.bot_user.id:  # what the bot's message really pings
            message["mention_roles"] = pinged_roles(
                guild,
                guild.member(author.id) if guild else None,
                message["mention_roles"],
                body.get("allowed_mentions"),
            )
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if guild is not None:
            message["guild_id"] = str(guild.id)
            member = guild.member(author.id)
            if member is not None:
                message["member"] = member.payload(with_user=False)
        self._add_reference(message, body.get("message_reference"))
        self.messages[int(message["id"])] = message
        return message

    def _add_reference(self, message: dict[str, Any], reference: dict | None) -> None:
        if not reference:
            return
        referenced = self.messages.get(int(reference["message_id"]))
        message["type"] = 19  # REPLY
        message["message_reference"] = {
            "type": 0,
            "message_id": str(reference["message_id"]),
            "channel_id": message["channel_id"],
            "guild_id": message.get("guild_id"),
        }
        message["referenced_message"] = referenced

    def _as_seen_by_bot(self, message: dict[str, Any]) -> dict[str, Any]:
        """Strip what the bot may not read without the message-content intent."""
        requested = int((self.identify_payload or {}).get("intents", 0))
        if requested & self.granted_intents & INTENT_MESSAGE_CONTENT:
            return message
        bot_id = str(self.bot_user.id)
        mentioned = any(user["id"] == bot_id for user in message.get("mentions", []))
        is_dm = int(message["channel_id"]) in self.dm_channels
        if message["author"]["id"] == bot_id or mentioned or is_dm:
            return message
        hidden = dict(message, content="", embeds=[], attachments=[], components=[])
        hidden.pop("poll", None)
        return hidden

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        user_id: int,
        channel_id: int,
        *,
        message: dict[str, Any] | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        guild = self._guild_of(channel_id)
        interaction_id = self.ids.next()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "channel_id": str(channel_id),
            "channel": self._channel_payload(channel_id),
            "token": f"interaction-token-{interaction_id}",
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "authorizing_integration_owners": {},
            "attachment_size_limit": 8 * 1024 * 1024,
        }
        if guild is not None:
            member = guild.member(user_id)
            permissions = str(guild.permissions_of(member))
            payload.update(
                guild_id=str(guild.id),
                guild_locale="en-US",
                context=0,
                app_permissions=str(self._bot_permissions(guild)),
                member={**member.payload(), "permissions": permissions},
            )
        else:
            payload.update(user=self._user_payload(user_id), context=1)
        if message is not None:
            payload["message"] = message
        self.interactions[interaction_id] = payload
        self._interaction_created[interaction_id] = self.clock.now()
        return payload

    def _command_id(self, name: str, channel_id: int) -> int:
        guild = self._guild_of(channel_id)
        for scope in (guild.id if guild else None, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return int(command["id"])
        return self.ids.next()

    def _is_guild_command(self, guild_id: int, name: str) -> bool:
        return any(c["name"] == name for c in self.commands.get(guild_id, []))

    # ----------------------------------------------------------------- REST plumbing

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/", self._gateway)
        for method, path, handler in self._routes():
            app.router.add_route(method, API_PREFIX + path, self._endpoint(handler))
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._endpoint(self._unknown_route))
        return app

    def _endpoint(self, handler: RestHandler) -> Callable[[web.Request], Any]:
        """Wrap ``handler``: record the request, serve an armed fault or the handler's answer."""

        async def endpoint(request: web.Request) -> web.StreamResponse:
            body, files = await _read_body(request)
            call = RecordedRequest(
                method=request.method,
                path=request.path[len(API_PREFIX) :],
                query=dict(request.query),
                headers=dict(request.headers),
                json=body,
                files=files,
            )
            await self.requests.add(call)
            # Not "fault or handler()": aiohttp responses are mappings, so empty ones are falsy.
            response = take_fault(self.faults, call)
            if response is None and not self._authorized(request):
                response = _error(401, 0, "401: Unauthorized")
            if response is None:
                try:
                    response = await handler(request, call)
                except Rejected as rejection:
                    response = rejection.response
            # Every answer carries bucket headers, as on Discord, so discord.py's rate-limit
            # bookkeeping runs as in production (headers a fault already set win).
            bucket = f"{request.method}:{request.match_info.route.resource.canonical}"
            for name, value in _rate_limit_headers(
                bucket, 49, reset_after=0.001, now=self.clock.now()
            ).items():
                response.headers.setdefault(name, value)
            return response

        return endpoint

    def _authorized(self, request: web.Request) -> bool:
        """Whether a request's bot token (if it sends one: webhooks and interaction callbacks
        do not) is the expected one."""
        sent = request.headers.get("Authorization")
        return self.token is None or sent is None or sent == f"Bot {self.token}"

    async def _unknown_route(self, request: web.Request, call: RecordedRequest) -> web.Response:
        return _error(404, 0, "404: Not Found")

    def _routes(self) -> list[tuple[str, str, Callable]]:
        channel = "/channels/{channel_id}"
        message = channel + "/messages/{message_id}"
        member = "/guilds/{guild_id}/members/{user_id}"
        ban = "/guilds/{guild_id}/bans/{user_id}"
        webhook_message = "/webhooks/{webhook_id}/{token}/messages/{message_id}"
        # Order matters: literal segments ("@me", "bulk-delete") before placeholders.
        return [
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway_bot),
            ("GET", "/users/@me", self._get_me),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/users/{user_id}", self._get_user),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", channel, self._get_channel),
            ("PATCH", channel, self._edit_channel),
            ("PUT", channel + "/permissions/{target_id}", self._put_overwrite),
            ("DELETE", channel + "/permissions/{target_id}", self._delete_overwrite),
            ("GET", channel + "/messages", self._get_history),
            ("POST", channel + "/messages", self._create_message),
            ("POST", channel + "/messages/bulk-delete", self._bulk_delete),
            ("GET", message, self._get_message),
            ("PATCH", message, self._edit_message),
            ("DELETE", message, self._delete_message),
            ("PUT", message + "/reactions/{emoji}/@me", self._no_op),
            ("DELETE", message + "/reactions/{tail:.*}", self._no_op),
            ("POST", channel + "/webhooks", self._create_webhook),
            ("GET", channel + "/webhooks", self._channel_webhooks),
            ("GET", "/guilds/{guild_id}", self._get_guild),
            ("GET", "/guilds/{guild_id}/channels", self._guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self._guild_roles),
            ("GET", "/guilds/{guild_id}/members", self._list_members),
            ("GET", member, self._get_member),
            ("PATCH", member, self._edit_member),
            ("DELETE", member, self._kick),
            ("PUT", member + "/roles/{role_id}", self._add_role),
            ("DELETE", member + "/roles/{role_id}", self._remove_role),
            ("GET", "/guilds/{guild_id}/bans", self._list_bans),
            ("GET", ban, self._get_ban),
            ("PUT", ban, self._ban),
            ("DELETE", ban, self._unban),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._callback),
            ("GET", "/webhooks/{webhook_id}", self._get_webhook),
            ("DELETE", "/webhooks/{webhook_id}", self._delete_webhook),
            ("POST", "/webhooks/{webhook_id}/{token}", self._execute_webhook),
            ("GET", webhook_message, self._get_webhook_message),
            ("PATCH", webhook_message, self._edit_webhook_message),
            ("DELETE", webhook_message, self._delete_webhook_message),
            ("GET", "/applications/{app_id}/commands", self._get_commands),
            ("PUT", "/applications/{app_id}/commands", self._put_commands),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self._get_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._put_commands),
        ]

    # Lookups shared by the handlers; each raises Rejected (a Discord 404) when missing.

    @staticmethod
    def _id(request: web.Request, name: str) -> int:
        return int(request.match_info[name])

    def _find_guild(self, request: web.Request) -> FakeGuild:
        guild = self.guilds.get(self._id(request, "guild_id"))
        if guild is None:
            raise _not_found("Guild", 10004)
        return guild

    def _find_member(self, request: web.Request) -> tuple[FakeGuild, FakeMember]:
        guild = self._find_guild(request)
        member = guild.member(self._id(request, "user_id"))
        if member is None:
            raise _not_found("Member", 10007)
        return guild, member

    def _find_guild_channel(self, request: web.Request) -> tuple[FakeGuild, FakeChannel]:
        channel_id = self._id(request, "channel_id")
        guild = self._guild_of(channel_id)
        if guild is None:
            raise _not_found("Channel", 10003)
        return guild, guild.channel(channel_id)

    def _find_message(self, request: web.Request) -> dict[str, Any]:
        message = self.messages.get(self._id(request, "message_id"))
        if message is None or message["channel_id"] != request.match_info["channel_id"]:
            raise _not_found("Message", 10008)
        return message

    def _bot_member(self, guild: FakeGuild) -> FakeMember:
        member = guild.member(self.bot_user.id)
        if member is None:
            raise _not_found("Guild", 10004)
        return member

    def _check(self, rule: Callable[[], None]) -> None:
        """Run a permission rule of :mod:`discord_rules`; a refusal is Discord's 403 50013."""
        try:
            rule()
        except PermissionRefused:
            raise Rejected(_error(403, MISSING_PERMISSIONS, "Missing Permissions")) from None

    def _check_moderation(
        self, guild: FakeGuild, target: FakeMember | None, permission: str, *, timeout: bool
    ) -> None:
        bot = self._bot_member(guild)
        self._check(lambda: require(guild, bot, permission))
        if target is not None:
            self._check(lambda: may_act_on(guild, bot, target, timeout=timeout))

    async def _no_op(self, request: web.Request, call: RecordedRequest) -> web.Response:
        return _no_content()

    # ----------------------------------------------------------------- REST: users, gateway

    async def _get_gateway(self, request: web.Request, call: RecordedRequest) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request, call: RecordedRequest) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _get_me(self, request: web.Request, call: RecordedRequest) -> web.Response:
        user = {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0}
        return _json_response(user)

    async def _get_user(self, request: web.Request, call: RecordedRequest) -> web.Response:
        user = self.users.get(self._id(request, "user_id"))
        if user is None:
            raise _not_found("User", 10013)
        return _json_response(user.payload())

    async def _get_application(self, request: web.Request, call: RecordedRequest) -> web.Response:
        return _json_response(
            {
                "id": str(self.application_id),
                "name": self.bot_user.username,
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self._user_payload(self.guild.owner_id),
                "verify_key": "0" * 64,
                "flags": 0,
                "bot": self.bot_user.payload(),
            }
        )

    async def _create_dm(self, request: web.Request, call: RecordedRequest) -> web.Response:
        recipient = str((call.json or {})["recipient_id"])
        for channel in self.dm_channels.values():
            if channel["recipients"][0]["id"] == recipient:
                return _json_response(channel)
        channel = {
            "id": str(self.ids.next()),
            "type": DM,
            "last_message_id": None,
            "flags": 0,
            "recipients": [self._user_payload(int(recipient))],
        }
        self.dm_channels[int(channel["id"])] = channel
        return _json_response(channel)

    # ----------------------------------------------------------------- REST: channels

    async def _get_channel(self, request: web.Request, call: RecordedRequest) -> web.Response:
        channel = self._channel_payload(self._id(request, "channel_id"))
        if channel is None:
            raise _not_found("Channel", 10003)
        return _json_response(channel)

    async def _edit_channel(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, channel = self._find_guild_channel(request)
        self._check(lambda: require(guild, self._bot_member(guild), "manage_channels"))
        body = call.json or {}
        for key in ("name", "topic", "position", "rate_limit_per_user", "permission_overwrites"):
            if key in body:
                setattr(channel, key, body[key])
        payload = await self._channel_changed(guild, channel)
        return _json_response(payload)

    async def _channel_changed(self, guild: FakeGuild, channel: FakeChannel) -> dict[str, Any]:
        payload = channel.payload(guild.id)
        await self._echo("CHANNEL_UPDATE", payload)
        return payload

    async def _put_overwrite(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, channel = self._find_guild_channel(request)
        target = request.match_info["target_id"]
        body = call.json or {}
        allow, deny = int(body.get("allow", 0)), int(body.get("deny", 0))
        self._check(lambda: check_overwrite(guild, self._bot_member(guild), allow, deny))
        overwrite = {
            "id": target,
            "type": int(body.get("type", 0)),
            "allow": str(body.get("allow", "0")),
            "deny": str(body.get("deny", "0")),
        }
        others = [o for o in channel.permission_overwrites if o["id"] != target]
        channel.permission_overwrites = [*others, overwrite]
        await self._channel_changed(guild, channel)
        return _no_content()

    async def _delete_overwrite(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, channel = self._find_guild_channel(request)
        self._check(lambda: require(guild, self._bot_member(guild), "manage_roles"))
        target = request.match_info["target_id"]
        channel.permission_overwrites = [
            o for o in channel.permission_overwrites if o["id"] != target
        ]
        await self._channel_changed(guild, channel)
        return _no_content()

    # ----------------------------------------------------------------- REST: messages

    async def _get_history(self, request: web.Request, call: RecordedRequest) -> web.Response:
        channel_id = request.match_info["channel_id"]
        limit = int(request.query.get("limit", 50))
        before = int(request.query.get("before", 1 << 63))
        after = int(request.query.get("after", 0))
        found = [
            message
            for message_id, message in self.messages.items()
            if message["channel_id"] == channel_id and after < message_id < before
        ]
        found.sort(key=lambda message: int(message["id"]), reverse=True)
        return _json_response(found[:limit])

    async def _create_message(self, request: web.Request, call: RecordedRequest) -> web.Response:
        channel_id = self._id(request, "channel_id")
        if self._channel_payload(channel_id) is None:
            raise _not_found("Channel", 10003)
        if channel_id in self.dm_channels:
            recipient = self.users.get(int(self.dm_channels[channel_id]["recipients"][0]["id"]))
            if recipient is not None and not recipient.accepts_dms:
                raise Rejected(_error(403, CANNOT_DM, "Cannot send messages to this user"))
        message = self._new_message(channel_id, self.bot_user, call.json or {})
        message["attachments"] = self._attachments(call.files)
        await self._echo("MESSAGE_CREATE", message)
        return _json_response(message)

    def _attachments(self, filenames: list[str]) -> list[dict[str, Any]]:
        return [
            {
                "id": str(self.ids.next()),
                "filename": name,
                "size": 0,
                "url": f"{self.origin}/attachments/{name}",
                "proxy_url": f"{self.origin}/attachments/{name}",
            }
            for name in filenames
        ]

    async def _get_message(self, request: web.Request, call: RecordedRequest) -> web.Response:
        return _json_response(self._find_message(request))

    async def _edit_message(self, request: web.Request, call: RecordedRequest) -> web.Response:
        message = self._find_message(request)
        self._apply_edit(message, (call.json or {}))
        await self._echo("MESSAGE_UPDATE", message)
        return _json_response(message)

    def _apply_edit(self, message: dict[str, Any], body: dict[str, Any]) -> None:
        for key in ("content", "embeds", "components", "flags"):
            if body.get(key) is not None:
                message[key] = body[key]
        message["edited_timestamp"] = _iso(self.clock.now())

    async def _delete_message(self, request: web.Request, call: RecordedRequest) -> web.Response:
        message = self._find_message(request)
        guild = self._guild_of(int(message["channel_id"]))
        if guild is not None and message["author"]["id"] != str(self.bot_user.id):
            self._check(lambda: require(guild, self._bot_member(guild), "manage_messages"))
        del self.messages[int(message["id"])]
        deleted = {key: message[key] for key in ("id", "channel_id", "guild_id") if key in message}
        await self._echo("MESSAGE_DELETE", deleted)
        return _no_content()

    async def _bulk_delete(self, request: web.Request, call: RecordedRequest) -> web.Response:
        channel_id = request.match_info["channel_id"]
        ids = [str(i) for i in (call.json or {}).get("messages", [])]
        if not 2 <= len(ids) <= 100:
            return _error(400, 50016, "You must provide at least 2 and fewer than 100 messages")
        for message_id in ids:
            self.messages.pop(int(message_id), None)
        event = {"ids": ids, "channel_id": channel_id}
        guild = self._guild_of(int(channel_id))
        if guild is not None:
            event["guild_id"] = str(guild.id)
        await self._echo("MESSAGE_DELETE_BULK", event)
        return _no_content()

    # ----------------------------------------------------------------- REST: guilds, members

    async def _get_guild(self, request: web.Request, call: RecordedRequest) -> web.Response:
        payload = self._find_guild(request).payload()
        for key in ("members", "channels", "threads", "voice_states", "presences"):
            del payload[key]
        return _json_response(payload)

    async def _guild_channels(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild = self._find_guild(request)
        return _json_response([channel.payload(guild.id) for channel in guild.channels])

    async def _guild_roles(self, request: web.Request, call: RecordedRequest) -> web.Response:
        return _json_response([role.payload() for role in self._find_guild(request).roles])

    async def _list_members(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild = self._find_guild(request)
        limit = int(request.query.get("limit", 1))
        after = int(request.query.get("after", 0))
        members = sorted(guild.members, key=lambda member: member.user.id)
        return _json_response([m.payload() for m in members if m.user.id > after][:limit])

    async def _get_member(self, request: web.Request, call: RecordedRequest) -> web.Response:
        _, member = self._find_member(request)
        return _json_response(member.payload())

    async def _edit_member(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, member = self._find_member(request)
        body = call.json or {}
        if "communication_disabled_until" in body:
            timeout = body["communication_disabled_until"] is not None
            self._check_moderation(guild, member, "moderate_members", timeout=timeout)
            member.communication_disabled_until = body["communication_disabled_until"]
        if "nick" in body:
            member.nick = body["nick"]
        if "roles" in body:
            member.roles = [int(role) for role in body["roles"]]
        return _json_response(await self._member_changed(guild, member))

    async def _member_changed(self, guild: FakeGuild, member: FakeMember) -> dict[str, Any]:
        payload = member.payload()
        await self._echo("GUILD_MEMBER_UPDATE", {**payload, "guild_id": str(guild.id)})
        return payload

    async def _add_role(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, member = self._find_member(request)
        role_id = self._id(request, "role_id")
        if role_id not in member.roles:
            member.roles.append(role_id)
        await self._member_changed(guild, member)
        return _no_content()

    async def _remove_role(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, member = self._find_member(request)
        member.roles = [role for role in member.roles if role != self._id(request, "role_id")]
        await self._member_changed(guild, member)
        return _no_content()

    async def _kick(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, member = self._find_member(request)
        self._check_moderation(guild, member, "kick_members", timeout=False)
        await self._remove_member(guild, member)
        return _no_content()

    async def _remove_member(self, guild: FakeGuild, member: FakeMember) -> None:
        guild.members.remove(member)
        event = {"guild_id": str(guild.id), "user": member.user.payload()}
        await self._echo("GUILD_MEMBER_REMOVE", event)

    async def _list_bans(self, request: web.Request, call: RecordedRequest) -> web.Response:
        bans = self._find_guild(request).bans
        return _json_response(
            [{"user": self._user_payload(uid), "reason": reason} for uid, reason in bans.items()]
        )

    async def _get_ban(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, user_id = self._find_guild(request), self._id(request, "user_id")
        if user_id not in guild.bans:
            raise _not_found("Ban", 10026)
        return _json_response({"user": self._user_payload(user_id), "reason": guild.bans[user_id]})

    async def _ban(self, request: web.Request, call: RecordedRequest) -> web.Response:
        # Discord bans any user id, member or not; the member (if any) leaves the guild.
        guild, user_id = self._find_guild(request), self._id(request, "user_id")
        self._check_moderation(guild, guild.member(user_id), "ban_members", timeout=False)
        guild.bans[user_id] = call.reason
        member = guild.member(user_id)
        if member is not None:
            await self._remove_member(guild, member)
        event = {"guild_id": str(guild.id), "user": self._user_payload(user_id)}
        await self._echo("GUILD_BAN_ADD", event)
        return _no_content()

    async def _unban(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, user_id = self._find_guild(request), self._id(request, "user_id")
        if user_id not in guild.bans:
            raise _not_found("Ban", 10026)
        del guild.bans[user_id]
        event = {"guild_id": str(guild.id), "user": self._user_payload(user_id)}
        await self._echo("GUILD_BAN_REMOVE", event)
        return _no_content()

    # ----------------------------------------------------------------- REST: interactions

    async def _callback(self, request: web.Request, call: RecordedRequest) -> web.Response:
        interaction_id = self._id(request, "interaction_id")
        interaction = self.interactions.get(interaction_id)
        if interaction is None or interaction["token"] != request.match_info["token"]:
            raise _not_found("interaction", 10062)
        if self.clock.now() - self._interaction_created[interaction_id] > INTERACTION_DEADLINE:
            # Not answered nor deferred in time: Discord has forgotten the interaction.
            raise _not_found("interaction", 10062)
        if interaction_id in self._acknowledged:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        self._acknowledged.add(interaction_id)
        body = call.json or {}
        kind = int(body.get("type", 0))
        # discord.py (with_response=1) reads the interaction id from this answer.
        answer = {"id": str(interaction_id), "type": interaction["type"]}
        message = await self._callback_message(interaction, kind, body.get("data") or {})
        if message is None:
            return _json_response({"interaction": answer})
        answer.update(
            response_message_id=message["id"],
            response_message_loading=kind == CALLBACK_DEFERRED_MESSAGE,
            response_message_ephemeral=bool(message["flags"] & EPHEMERAL_FLAG),
        )
        resource = {"type": kind, "message": message}
        return _json_response({"interaction": answer, "resource": resource})

    async def _callback_message(
        self, interaction: dict[str, Any], kind: int, data: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The message an interaction response creates or updates, if any."""
        if kind == CALLBACK_UPDATE_MESSAGE and "message" in interaction:
            message = self.messages[int(interaction["message"]["id"])]
            self._apply_edit(message, data)
            await self._echo("MESSAGE_UPDATE", message)
            return message
        if kind == CALLBACK_DEFERRED_UPDATE and "message" in interaction:
            # A deferred edit: the component's message becomes the original response, which
            # the bot edits later (PATCH .../messages/@original).
            self._original_responses[interaction["token"]] = int(interaction["message"]["id"])
            return None
        if kind not in (CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE):
            return None
        if kind == CALLBACK_DEFERRED_MESSAGE:
            data = {"content": "", "flags": (data.get("flags") or 0) | LOADING_FLAG}
        message = self._new_message(
            int(interaction["channel_id"]),
            self.bot_user,
            data,
            interaction_metadata=self._interaction_metadata(interaction),
            webhook_id=str(self.application_id),
        )
        self._original_responses[interaction["token"]] = int(message["id"])
        if not message["flags"] & EPHEMERAL_FLAG:
            await self._echo("MESSAGE_CREATE", message)
        return message

    @staticmethod
    def _interaction_metadata(interaction: dict[str, Any]) -> dict[str, Any]:
        user = interaction["member"]["user"] if "member" in interaction else interaction["user"]
        metadata = {
            "id": interaction["id"],
            "type": interaction["type"],
            "user": user,
            "authorizing_integration_owners": interaction["authorizing_integration_owners"],
        }
        if "message" in interaction:
            metadata["interacted_message_id"] = interaction["message"]["id"]
        return metadata

    # ----------------------------------------------------------------- REST: webhooks

    async def _create_webhook(self, request: web.Request, call: RecordedRequest) -> web.Response:
        guild, channel = self._find_guild_channel(request)
        webhook_id = self.ids.next()
        webhook = {
            "id": str(webhook_id),
            "type": 1,
            "guild_id": str(guild.id),
            "channel_id": str(channel.id),
            "name": (call.json or {}).get("name", "webhook"),
            "avatar": None,
            "token": f"webhook-token-{webhook_id}",
            "application_id": str(self.application_id),
            "user": self.bot_user.payload(),
        }
        self.webhooks[webhook_id] = webhook
        return _json_response(webhook)

    async def _channel_webhooks(self, request: web.Request, call: RecordedRequest) -> web.Response:
        channel_id = request.match_info["channel_id"]
        return _json_response([w for w in self.webhooks.values() if w["channel_id"] == channel_id])

    async def _get_webhook(self, request: web.Request, call: RecordedRequest) -> web.Response:
        webhook = self.webhooks.get(self._id(request, "webhook_id"))
        if webhook is None:
            raise _not_found("Webhook", 10015)
        return _json_response(webhook)

    async def _delete_webhook(self, request: web.Request, call: RecordedRequest) -> web.Response:
        if self.webhooks.pop(self._id(request, "webhook_id"), None) is None:
            raise _not_found("Webhook", 10015)
        return _no_content()

    def _webhook_target(self, request: web.Request, call: RecordedRequest) -> tuple[int, FakeUser]:
        """(channel id, author) for an interaction follow-up or a webhook execution."""
        webhook_id = self._id(request, "webhook_id")
        token = request.match_info["token"]
        if webhook_id == self.application_id:
            for interaction in self.interactions.values():
                if interaction["token"] == token:
                    return int(interaction["channel_id"]), self.bot_user
        webhook = self.webhooks.get(webhook_id)
        if webhook is None or webhook["token"] != token:
            raise _not_found("Webhook", 10015)
        # Personas: each execution may override the displayed name.
        name = (call.json or {}).get("username") or webhook["name"]
        return int(webhook["channel_id"]), FakeUser(webhook_id, name, bot=True)

    async def _execute_webhook(self, request: web.Request, call: RecordedRequest) -> web.Response:
        channel_id, author = self._webhook_target(request, call)
        webhook_id = request.match_info["webhook_id"]
        message = self._new_message(channel_id, author, call.json or {}, webhook_id=webhook_id)
        message["attachments"] = self._attachments(call.files)
        if not message["flags"] & EPHEMERAL_FLAG:
            await self._echo("MESSAGE_CREATE", message)
        if request.query.get("wait", "false").lower() in ("true", "1"):
            return _json_response(message)
        return _no_content()

    def _find_webhook_message(self, request: web.Request) -> dict[str, Any]:
        raw_id = request.match_info["message_id"]
        if raw_id == "@original":
            message_id = self._original_responses.get(request.match_info["token"], 0)
        else:
            message_id = int(raw_id)
        if message_id not in self.messages:
            raise _not_found("Message", 10008)
        return self.messages[message_id]

    async def _get_webhook_message(
        self, request: web.Request, call: RecordedRequest
    ) -> web.Response:
        return _json_response(self._find_webhook_message(request))

    async def _edit_webhook_message(
        self, request: web.Request, call: RecordedRequest
    ) -> web.Response:
        message = self._find_webhook_message(request)
        self._apply_edit(message, (call.json or {}))
        message["flags"] &= ~LOADING_FLAG  # editing a deferred response completes it
        await self._echo("MESSAGE_UPDATE", message)
        return _json_response(message)

    async def _delete_webhook_message(
        self, request: web.Request, call: RecordedRequest
    ) -> web.Response:
        message = self._find_webhook_message(request)
        del self.messages[int(message["id"])]
        return _no_content()

    # ----------------------------------------------------------------- REST: app commands

    @staticmethod
    def _command_scope(request: web.Request) -> int | None:
        guild_id = request.match_info.get("guild_id")
        return int(guild_id) if guild_id else None

    async def _get_commands(self, request: web.Request, call: RecordedRequest) -> web.Response:
        return _json_response(self.commands.get(self._command_scope(request), []))

    async def _put_commands(self, request: web.Request, call: RecordedRequest) -> web.Response:
        scope = self._command_scope(request)
        commands = [self._command(body, scope) for body in call.json or []]
        self.commands[scope] = commands
        return _json_response(commands)

    def _command(self, body: dict[str, Any], guild_id: int | None) -> dict[str, Any]:
        command = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **body,
            "id": str(self.ids.next()),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
        }
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        return command


# --------------------------------------------------------------------------- client helpers


@contextlib.contextmanager
def patched_discord_endpoints(server: FakeDiscordServer) -> Iterator[None]:
    """Point discord.py's REST base and gateway at ``server``, restoring them afterwards.

    Both are class attributes (process-wide state): never leave them patched.
    """
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def running_client(
    client: discord.Client,
    server: FakeDiscordServer,
    *,
    token: str = "fake-discord-token",
    timeout: float = DEFAULT_WAIT_TIMEOUT,
) -> AsyncIterator[discord.Client]:
    """Log ``client`` in against ``server``, connect it and wait for READY; close on exit.

    Build the client with a small ``guild_ready_timeout`` (e.g. 0.01): discord.py waits that
    long after the last GUILD_CREATE before firing ``on_ready``.
    """
    with patched_discord_endpoints(server):
        await client.login(token)
        connection = asyncio.create_task(client.connect(reconnect=False))
        try:
            await _wait_ready(client, connection, timeout)
            yield client
        finally:
            await client.close()
            with contextlib.suppress(discord.ConnectionClosed):
                await connection


async def _wait_ready(client: discord.Client, connection: asyncio.Task, timeout: float) -> None:
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait(
        {ready, connection}, timeout=timeout, return_when="FIRST_COMPLETED"
    )
    if ready in done:
        return
    ready.cancel()
    if connection in done:
        connection.result()  # re-raise why the connection ended (e.g. PrivilegedIntentsRequired)
        raise AssertionError("discord client disconnected before READY")
    raise AssertionError(f"discord client not ready within {timeout}s")
