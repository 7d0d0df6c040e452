"""One `vigie run telegram` process serving two groups with two charters, against the fake Bot
API: each message is judged by its own chat's charter and each executed action is logged in its
own chat's log chat."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio

from bot.adapters.telegram.app import TelegramBot, TelegramSettings, build_bot
from bot.deploy.communities import Communities, from_deployment
from bot.deploy.config import parse_deployment
from bot.deploy.metrics import Metrics
from bot.store.database import Database
from tests.adapters.telegram.conftest import EVENT_TIMEOUT
from tests.clocks import pinned_clock
from tests.deploy.test_two_guilds import BRAND_WORD, ROOT, second_charter
from tests.fakes.telegram_server import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    GROUP_CHAT_ID,
    MODERATORS_CHAT_ID,
    OWNER_ID,
    FakeTelegramServer,
    TgChat,
    application_builder,
    running_application,
    sample_chats,
)

SECOND_GROUP = -1_002_000_000_001
FIRST_LOG = -1_001_000_000_009
SECOND_LOG = -1_002_000_000_009


def chats() -> list[TgChat]:
    def log_chat(chat_id: int) -> TgChat:
        return TgChat(chat_id, "Log", type="group", bot_rights=None, member_ids=[BOB_ID, BOT_ID])

    second = TgChat(
        SECOND_GROUP, "Second brand", creator_id=OWNER_ID, member_ids=[ALICE_ID, BOT_ID]
    )
    return [*sample_chats(), second, log_chat(FIRST_LOG), log_chat(SECOND_LOG)]


def deployment_text(second: Path) -> str:
    return f"""
communities:
  - name: Opalia (Telegram)
    platform: telegram
    chat: {GROUP_CHAT_ID}
    charter: {ROOT / "charters" / "fr" / "opalia.yaml"}
    moderators: "{MODERATORS_CHAT_ID}"
    log: "{FIRST_LOG}"
  - name: Second brand (Telegram)
    platform: telegram
    chat: {SECOND_GROUP}
    charter: {second}
    log: "{SECOND_LOG}"
    language: en
"""


class Running:
    def __init__(self, server: FakeTelegramServer, bot: TelegramBot, communities: Communities):
        self.server, self.bot, self.communities = server, bot, communities
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def post(self, chat: int, text: str) -> Any:
        await self.server.push_message(chat, ALICE_ID, text)
        async with asyncio.timeout(EVENT_TIMEOUT):
            while True:
                kind, value = await self.events.get()
                if kind == "decision":
                    return value

    def sent_to(self, chat: int) -> list[str]:
        calls = self.server.calls_to("sendMessage")
        return [c.params["text"] for c in calls if int(c.params["chat_id"]) == chat]


@pytest_asyncio.fixture
async def running(db: Database, tmp_path: Path) -> AsyncIterator[Running]:
    deployment = parse_deployment(deployment_text(second_charter(tmp_path)), "v.yaml", tmp_path)
    clock = pinned_clock()  # the fake's time too: it dates messages and refuses old deletes
    communities = from_deployment(deployment, "telegram", db, clock, Metrics(db), (None, "t"))
    holder: list[Running] = []
    async with FakeTelegramServer(chats=chats(), clock=clock) as server:
        bot = build_bot(
            communities.default,
            TelegramSettings(mod_chat=MODERATORS_CHAT_ID),
            application_builder(server),
            lambda kind, value: holder[0].events.put_nowait((kind, value)),
            communities=communities,
        )
        holder.append(Running(server, bot, communities))
        async with running_application(bot.application):
            yield holder[0]


async def test_each_chat_is_judged_by_its_own_charter_and_logged_in_its_own_log_chat(
    running: Running,
) -> None:
    first = await running.post(GROUP_CHAT_ID, f"j'adore l'{BRAND_WORD}")
    second = await running.post(SECOND_GROUP, f"I love {BRAND_WORD}")
    await running.bot.pump.pass_once()

    assert first.actions == () and "delete" in [a.kind for a in second.actions]
    assert running.sent_to(FIRST_LOG) == []
    assert running.sent_to(SECOND_LOG) == [
        f"Vigie: Deletion · member {ALICE_ID} · rule mot_interdit · deleted"
    ]
