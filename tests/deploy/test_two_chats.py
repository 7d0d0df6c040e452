"""One `vigie run telegram` process serving two groups with two charters, against the fake Bot
API: each message is judged by its own chat's charter and each executed action is logged in its
own chat's log chat."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.adapters.telegram.app import TelegramBot, TelegramSettings, build_bot
from bot.deploy.communities import Communities, LiveModChannels, from_deployment
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
    BotRights,
    FakeTelegramServer,
    TgChat,
    application_builder,
    running_application,
    sample_chats,
)

SECOND_GROUP = -1_002_000_000_001
SECOND_MODS = -1_002_000_000_002
FIRST_LOG = -1_001_000_000_009
SECOND_LOG = -1_002_000_000_009


def chats() -> list[TgChat]:
    def log_chat(chat_id: int) -> TgChat:
        return TgChat(chat_id, "Log", type="group", bot_rights=None, member_ids=[BOB_ID, BOT_ID])

    second = TgChat(
        SECOND_GROUP, "Second brand", creator_id=OWNER_ID, member_ids=[ALICE_ID, BOB_ID, BOT_ID]
    )
    # The owner created both groups; Bob administers the first one only, and is a plain member
    # of the second brand's moderators' chat.
    mods = TgChat(
        SECOND_MODS,
        "Second brand moderators",
        type="group",
        bot_rights=None,
        creator_id=OWNER_ID,
        member_ids=[BOB_ID, OWNER_ID, BOT_ID],
    )
    return [*sample_chats(), second, mods, log_chat(FIRST_LOG), log_chat(SECOND_LOG)]


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
    moderators: "{SECOND_MODS}"
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
            TelegramSettings(
                mod_chat=MODERATORS_CHAT_ID,
                mod_chats=LiveModChannels(communities, chats=True),
            ),
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
        f"Vigie: Deletion · member {ALICE_ID} · rule mot_interdit"
    ]


def in_chat(chat: int) -> Any:
    return lambda call: int(call.params.get("chat_id", 0)) == chat


async def test_a_report_goes_to_its_own_communitys_moderators_chat(running: Running) -> None:
    reported = await running.server.push_message(SECOND_GROUP, ALICE_ID, "buy my account")
    await running.events.get()  # its decision
    assert reported is not None
    await running.server.push_message(
        SECOND_GROUP, ALICE_ID, "/report spam", reply_to=reported["message_id"]
    )
    await running.server.wait_for_call("sendMessage", where=in_chat(ALICE_ID))  # "reported"
    await running.bot.pump.pass_once()

    card = await running.server.wait_for_call("sendMessage", where=in_chat(SECOND_MODS))
    assert "buy my account" in card.params["text"]
    assert running.sent_to(MODERATORS_CHAT_ID) == []


RULES = [  # where /rules is typed: the charter and language of the community it stands for
    (MODERATORS_CHAT_ID, "Pas d'insultes", "Forbidden word"),
    (SECOND_MODS, "Forbidden word", "Pas d'insultes"),
    (SECOND_GROUP, "Forbidden word", "Pas d'insultes"),
]


@pytest.mark.parametrize(("chat", "shown", "absent"), RULES)
async def test_rules_in_a_chat_is_its_own_communitys_charter(
    running: Running, chat: int, shown: str, absent: str
) -> None:
    running.server.users[BOB_ID].language_code = None
    await running.server.push_command(
        chat, BOB_ID, "rules" if chat != MODERATORS_CHAT_ID else "regles"
    )
    answer = await running.server.wait_for_call("sendMessage", where=in_chat(chat))
    assert shown in answer.params["text"] and absent not in answer.params["text"]


WARN = [  # who types /warn Alice where: the community it acts on, or None for a refusal
    (BOB_ID, MODERATORS_CHAT_ID, str(GROUP_CHAT_ID)),  # the first group's moderators' chat
    (OWNER_ID, SECOND_MODS, str(SECOND_GROUP)),  # the second brand's: its group, its charter
    (BOB_ID, SECOND_MODS, None),  # administering the first group makes him no staff here
    (BOB_ID, SECOND_GROUP, None),
]


@pytest.mark.parametrize(("user", "chat", "community"), WARN)
async def test_a_moderators_command_acts_on_the_community_of_its_chat(
    running: Running, db: Database, user: int, chat: int, community: str | None
) -> None:
    from bot.store.members import MemberQueries

    await running.server.push_command(chat, user, "warn", f"{ALICE_ID} tone")
    answer = await running.server.wait_for_call("sendMessage", where=in_chat(chat))
    history = {
        where: MemberQueries(db).member_file("telegram", where, str(ALICE_ID)).cases
        for where in (str(GROUP_CHAT_ID), str(SECOND_GROUP))
    }
    if community is None:
        assert history == {str(GROUP_CHAT_ID): [], str(SECOND_GROUP): []}, answer.params["text"]
    else:
        assert [where for where, cases in history.items() if cases] == [community]


async def test_a_refused_action_is_reported_to_its_own_communitys_moderators(
    running: Running,
) -> None:
    running.server.chats[SECOND_GROUP].bot_rights = BotRights(can_delete_messages=False)
    await running.post(SECOND_GROUP, f"I love {BRAND_WORD}")  # its charter deletes the word
    await running.bot.pump.pass_once()

    alert, dropped = running.sent_to(SECOND_MODS)  # in its language: English
    assert alert.startswith("⛔ Telegram refuses") and "can't be deleted" in alert
    assert dropped.startswith("❌ Action given up") and "delete — user" in dropped
    assert all("can't be deleted" not in text for text in running.sent_to(MODERATORS_CHAT_ID))


async def test_start_up_checks_each_communitys_moderators_chat(running: Running) -> None:
    running.server.chats.pop(SECOND_MODS)  # the bot was removed from it, or the id is wrong
    problems = await running.bot.startup_problems()
    assert [p for p in problems if str(SECOND_MODS) in p] != []
    assert [p for p in problems if str(MODERATORS_CHAT_ID) in p] == []
