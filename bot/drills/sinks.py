"""Drills played in a Discord or Telegram sandbox channel instead of a terminal.

The runner is synchronous and works on story time; platforms are asynchronous. So a platform sink
only queues the feed items `show`n to it, and `flush()` publishes them in order. `SandboxDrill`
drives one session: it moves story time (a `StoryClock` paced by the scenario's time scale, or
explicit `step`s in tests), flushes the sink, and turns the trainee's commands and deletions in the
sandbox into the same action models as the terminal (`bot.drills.commands`), so scoring is the same.

- Discord: each persona posts through one channel webhook ("Vigie drill") with the persona's name;
  the plan, Vigie and the results of actions are posted by the bot. A trainee deleting a persona's
  message (MESSAGE_DELETE) is a drill `delete`; `!command` lines in the channel are commands.
- Telegram: bots have no per-message sender names, so the bot posts "<b>Persona</b>: text"; bots
  get no deletion updates, so the trainee types `/supprimer` (in reply to a persona's message),
  `/niveau 2`, `/ack`, `/note …` — any terminal command with a slash.

Each sink keeps the map scenario message id → platform message id, in both directions.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import discord
from telegram import ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.adapters.discord.operations import clip
from bot.adapters.telegram.longtext import split_text, truncate
from bot.drills.commands import VERBS, CommandError, SessionCommand, parse, wait_for
from bot.drills.feed import FanOut, FeedItem, Kind, MemorySink
from bot.drills.loader import Drill
from bot.drills.pacing import StoryClock
from bot.drills.record import DrillRecord
from bot.drills.runner import DrillSession
from bot.drills.terminal import format_item
from bot.i18n.catalog import messages
from bot.text.normalize import plain

log = logging.getLogger("vigie.drills.sandbox")
WEBHOOK_NAME = "Vigie drill"
# Items with an author that is a character of the story: a persona, the press, the cell, the brand.
VOICED = (Kind.MESSAGE, Kind.EXTERNAL, Kind.CELL, Kind.BRAND)
ON_MESSAGE = ("delete", "warn", "mute", "ban", "reply")  # verbs whose first argument is a message
TELEGRAM_LIMIT = 4096
_NO_MENTIONS = discord.AllowedMentions.none()


# --- sinks -----------------------------------------------------------------------------------------


class PlatformSink:
    """Queues feed items (and plain texts) and publishes them in order on `flush()`.

    A failed post is logged and skipped: one platform error must not stop the drill."""

    errors: tuple[type[Exception], ...] = ()

    def __init__(self, timezone: str) -> None:
        self.timezone = timezone
        self.muted = False  # once the trainee ends, the rest of the story plays silently
        self.posted: dict[str, int] = {}  # scenario message id -> platform message id
        self._pending: list[FeedItem | str] = []
        self._lock = asyncio.Lock()

    def show(self, item: FeedItem) -> None:
        """Queue the item (the runner is synchronous; `flush` publishes)."""
        if not self.muted:
            self._pending.append(item)

    def say(self, text: str) -> None:
        """Queue a plain message of the bot (welcome, help, status)."""
        self._pending.append(text)

    async def flush(self) -> None:
        """Publish everything queued, in order."""
        async with self._lock:  # handlers and the clock loop flush concurrently
            while self._pending:
                entry = self._pending.pop(0)
                try:
                    await self._publish(entry)
                except self.errors:
                    log.exception("could not publish a drill item in the sandbox")

    async def _publish(self, entry: FeedItem | str) -> None:
        if isinstance(entry, str):
            await self._post(entry)
            return
        if entry.kind in VOICED and entry.author:
            platform_id = await self._voice(entry)
            if entry.kind is Kind.MESSAGE and entry.message_id:
                self.posted[entry.message_id] = platform_id
        else:
            await self._post(format_item(entry, self.timezone).strip())
        for request in entry.actions:
            if entry.kind is Kind.ACTION and request.kind == "delete":
                await self._delete_persona_message(request.message_id or "")

    async def _delete_persona_message(self, scenario_id: str) -> None:
        """The trainee deleted a message by command: remove it from the sandbox too. The map
        entry goes first, so the platform's deletion event is not counted a second time."""
        platform_id = self.posted.pop(scenario_id, None)
        if platform_id is not None:
            await self._delete(platform_id)

    def scenario_id(self, platform_id: int | None) -> str | None:
        """The scenario's id of a persona message posted in the sandbox."""
        for scenario_id, posted in self.posted.items():
            if posted == platform_id:
                return scenario_id
        return None

    def forget(self, platform_id: int) -> str | None:
        """A persona message was deleted in the sandbox: its scenario id (once)."""
        scenario_id = self.scenario_id(platform_id)
        if scenario_id is not None:
            del self.posted[scenario_id]
        return scenario_id

    async def _voice(self, item: FeedItem) -> int:
        raise NotImplementedError

    async def _post(self, text: str) -> None:
        raise NotImplementedError

    async def _delete(self, platform_id: int) -> None:
        raise NotImplementedError


def _subtext(item: FeedItem) -> str:
    """Where and which message: the id the trainee can name in a command."""
    parts = [f"#{item.channel}" if item.channel else "", item.message_id or ""]
    if item.reply_to:
        parts.append(f"↳ {item.reply_to}")
    return " · ".join(part for part in parts if part)


class DiscordSink(PlatformSink):
    """Posts the feed in a Discord channel: personas through a webhook named after each of them."""

    errors = (discord.HTTPException,)

    def __init__(self, client: discord.Client, channel_id: int, timezone: str) -> None:
        super().__init__(timezone)
        self.client, self.channel_id = client, channel_id
        self._webhook: discord.Webhook | None = None

    async def _channel(self) -> Any:
        return self.client.get_channel(self.channel_id) or await self.client.fetch_channel(
            self.channel_id
        )

    async def webhook(self) -> discord.Webhook:
        """The channel's drill webhook: an existing one of ours, or created once."""
        if self._webhook is None:
            channel = await self._channel()
            mine = [w for w in await channel.webhooks() if w.name == WEBHOOK_NAME and w.token]
            self._webhook = mine[0] if mine else await channel.create_webhook(name=WEBHOOK_NAME)
        return self._webhook

    async def _voice(self, item: FeedItem) -> int:
        subtext = _subtext(item) if item.kind is Kind.MESSAGE else ""
        content = item.text + (f"\n-# {subtext}" if subtext else "")
        hook = await self.webhook()
        message = await hook.send(
            clip(content), username=item.author[:80], wait=True, allowed_mentions=_NO_MENTIONS
        )
        return message.id

    async def _post(self, text: str) -> None:
        channel = await self._channel()
        await channel.send(clip(text), allowed_mentions=_NO_MENTIONS)

    async def _delete(self, platform_id: int) -> None:
        await self.client.http.delete_message(self.channel_id, platform_id, reason="drill")


class TelegramSink(PlatformSink):
    """Posts the feed in a Telegram chat as the bot: "<b>Persona</b>: text"."""

    errors = (TelegramError,)

    def __init__(self, bot: Any, chat_id: int, timezone: str) -> None:
        super().__init__(timezone)
        self.bot, self.chat_id = bot, chat_id

    async def _voice(self, item: FeedItem) -> int:
        body = f"<b>{_escape(item.author)}</b>: {_escape(item.text)}"
        subtext = _subtext(item) if item.kind is Kind.MESSAGE else ""
        if subtext:
            body += f"\n<i>{_escape(subtext)}</i>"
        reply_to = self.posted.get(item.reply_to or "")
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        # Cut on a boundary that keeps the HTML valid: a slice could split a tag or an entity.
        text = truncate(body, TELEGRAM_LIMIT, html=True)
        message = await self.bot.send_message(
            self.chat_id, text, parse_mode=ParseMode.HTML, reply_parameters=reply
        )
        return int(message.message_id)

    async def _post(self, text: str) -> None:
        for part in split_text(text, TELEGRAM_LIMIT):
            await self.bot.send_message(self.chat_id, part)

    async def _delete(self, platform_id: int) -> None:
        await self.bot.delete_message(self.chat_id, platform_id)


def _escape(text: str) -> str:
    """Telegram's HTML needs only <, > and & escaped; quotes stay readable in the Bot API's log."""
    return html.escape(text, quote=False)


# --- the session -----------------------------------------------------------------------------------


def with_target(text: str, target: str | None, known: set[str] | dict[str, Any]) -> str:
    """A command typed in reply to a persona's message names that message: `delete` in reply to
    m07 is `delete m07` (unless the command already names a message of the story)."""
    words = text.split(maxsplit=1)
    if not words or target is None or VERBS.get(plain(words[0])) not in ON_MESSAGE:
        return text
    rest = words[1] if len(words) > 1 else ""
    if rest and rest.split()[0] in known:
        return text
    return f"{words[0]} {target} {rest}".strip()


class SandboxDrill:
    """One trainee playing one scenario in a sandbox channel; see the module docstring."""

    def __init__(
        self,
        drill: Drill,
        sink: PlatformSink,
        trainee: str = "trainee",
        story_clock: StoryClock | None = None,
        prefix: str = "!",
    ) -> None:
        self.drill, self.sink, self.lang = drill, sink, drill.lang
        self.memory = MemorySink()
        self.session = DrillSession(drill, FanOut(sink, self.memory), trainee)
        self.story_clock, self.prefix = story_clock, prefix
        self.ended = False

    async def start(self) -> None:
        """Welcome the trainee in the channel."""
        meta = self.drill.scenario.meta
        self.sink.say(
            messages().text(
                self.lang, "drills.terminal.welcome", title=meta.title, brand=meta.brand
            )
        )
        self.sink.say(messages().text(self.lang, "drills.sandbox.intro", prefix=self.prefix))
        await self.sink.flush()

    async def step(self, to: datetime | None = None) -> None:
        """Play the story up to `to` (default: where the story clock is) and publish it."""
        target = to or (self.story_clock.now() if self.story_clock else self.session.now)
        self.session.advance(target)
        await self.sink.flush()

    async def command(self, text: str, reply_to: int | None = None) -> None:
        """One command of the trainee (without its prefix), maybe in reply to a persona message."""
        if self.story_clock is not None:  # the story moved on while the trainee was typing
            self.session.advance(self.story_clock.now())
        text = with_target(text, self.sink.scenario_id(reply_to), self.session.messages)
        at = self.session.now - self.session.record.start
        try:
            parsed = parse(text, at)
        except CommandError as exc:
            self.sink.say(messages().text(self.lang, "drills.terminal.unknown", command=str(exc)))
            parsed = None
        if isinstance(parsed, SessionCommand):
            self._session_command(parsed)
        elif parsed is not None:
            self.session.act(parsed)
        await self.sink.flush()

    async def deleted(self, platform_id: int) -> None:
        """A message was deleted in the sandbox: a persona's one is the trainee's `delete`."""
        scenario_id = self.sink.forget(platform_id)
        if scenario_id is not None:
            await self.command(f"delete {scenario_id}")

    def _session_command(self, command: SessionCommand) -> None:
        if command.name == "end":
            self.ended = True
        elif command.name == "help":
            self.sink.say(messages().text(self.lang, "drills.terminal.help"))
        elif command.name == "status":
            self.sink.say(self._status())
        elif command.name == "wait":
            self._wait(command.argument)
        else:
            self.sink.say(
                messages().text(self.lang, "drills.sandbox.terminal_only", command=command.name)
            )

    def _wait(self, argument: str) -> None:
        try:
            span = wait_for(argument)
        except ValueError:
            self.sink.say(
                messages().text(self.lang, "drills.terminal.unknown", command=f"wait {argument}")
            )
            return
        reached = self.session.wait(span)
        if self.story_clock is not None:
            self.story_clock.jump(reached)

    def _status(self) -> str:
        status = self.session.status()
        lines = [
            messages().text(
                self.lang,
                "drills.terminal.status_level",
                level=status["level"],
                name=status["name"],
            )
        ]
        lines += [
            messages().text(self.lang, "drills.terminal.status_case", **case)
            for case in status["cases"]
        ]
        lines += [
            messages().text(self.lang, "drills.terminal.status_draft", **draft)
            for draft in status["drafts"]
        ]
        return "\n".join(lines)

    async def finish(self) -> DrillRecord:
        """Play the story to its end (silently if the trainee ended it) and say it is over."""
        self.sink.muted = self.ended
        record = self.session.finish()
        self.sink.muted = False
        self.sink.say(messages().text(self.lang, "drills.terminal.end"))
        await self.sink.flush()
        return record

    async def run(
        self, sleep: Callable[[float], Awaitable[Any]], every: float = 1.0
    ) -> DrillRecord:
        """Play in real time until the story ends or the trainee types `end`."""
        await self.start()
        while not (self.session.over or self.ended):
            await self.step()
            await sleep(every)
        return await self.finish()


# --- the platforms' events -------------------------------------------------------------------------


def attach_discord(client: discord.Client, drill: SandboxDrill, channel_id: int) -> None:
    """Listen to the sandbox channel: `!command` lines and deletions of persona messages."""

    async def on_message(message: discord.Message) -> None:
        if message.channel.id != channel_id or message.author.bot or message.webhook_id:
            return
        if not message.content.startswith(drill.prefix):
            return
        reference = message.reference.message_id if message.reference else None
        await drill.command(message.content[len(drill.prefix) :], reference)

    async def on_raw_message_delete(payload: discord.RawMessageDeleteEvent) -> None:
        if payload.channel_id == channel_id:
            await drill.deleted(payload.message_id)

    client.event(on_message)
    client.event(on_raw_message_delete)


def attach_telegram(
    application: Application[Any, Any, Any, Any, Any, Any], drill: SandboxDrill, chat_id: int
) -> None:
    """Listen to the sandbox chat: `/command` messages (bots get no deletion updates)."""

    async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or not message.text:
            return
        verb, _, rest = message.text.partition(" ")
        verb = verb.removeprefix("/").split("@", 1)[0]  # "/level@vigie_bot" -> "level"
        replied = message.reply_to_message
        await drill.command(f"{verb} {rest}".strip(), replied.message_id if replied else None)

    application.add_handler(MessageHandler(filters.Chat(chat_id) & filters.COMMAND, on_command))
