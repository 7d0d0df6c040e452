"""The browser test of acting from the console: a moderator opens a case from the queue (filtered
on the member), bans its author with a reason, and the ban reaches the fake Discord; a second
moderator overturns the ban, and the unban reaches it too. The Discord bot that drains the outbox
runs on its own event loop in a thread, beside the served console, on the same database."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import AsyncExitStack
from typing import Any

import pytest
from playwright.sync_api import expect

from bot.core.message import Author, Message
from bot.desk import Actor
from bot.service import CommunityService, build_service
from tests.adapters.discord.conftest import Harness, running_bot
from tests.fakes.discord_server import ALICE_ID, GENERAL_CHANNEL_ID, GUILD_ID, FakeDiscordServer
from tests.review.browser.conftest import LiveConsole, login, shoot
from tests.review.demo import CHARTER

DRAIN_PASSES = 20  # the sample day's own actions are drained (and fail) first: bounded


class DiscordSide:
    """The fake Discord and a bot draining the outbox, on an event loop of their own."""

    def __init__(self, service: CommunityService) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.stack = AsyncExitStack()
        self.server: FakeDiscordServer = self.run(self._start(service))

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)

    async def _start(self, service: CommunityService) -> FakeDiscordServer:
        server = await self.stack.enter_async_context(FakeDiscordServer())
        self.harness: Harness = await self.stack.enter_async_context(running_bot(service, server))
        return server

    def drain(self) -> None:
        """Run the dispatcher until nothing is due."""

        async def passes() -> None:
            for _ in range(DRAIN_PASSES):
                report = await self.harness.pump()
                if not (report.done or report.failed or report.retried):
                    return

        self.run(passes())

    def close(self) -> None:
        self.run(self.stack.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def discord_side(live: LiveConsole, tmp_path: Any) -> Iterator[tuple[DiscordSide, int]]:
    """A threat Alice posted on the fake guild, reported by a member; the bot that drains."""
    service, _ = build_service(CHARTER, live.db, live.clock, "discord", models_dir=tmp_path)
    message = Message(
        id="100000000000009001",
        ts=live.clock.now(),
        author=Author(id=str(ALICE_ID), name="alice"),
        text="je passe avec des potes ce soir, tu vas voir",
        platform="discord",
        community=str(GUILD_ID),
        channel=str(GENERAL_CHANNEL_ID),
    )
    service.handle(message)
    reporter = Actor("discord:7", frozenset())
    case = service.desk.report(
        reporter, str(GUILD_ID), str(GENERAL_CHANNEL_ID), message.id, "menace"
    ).case_id
    side = DiscordSide(service)
    yield side, int(case or 0)
    side.close()


def test_a_moderator_bans_from_the_queue_and_another_overturns(
    page: Any, live: LiveConsole, discord_side: tuple[DiscordSide, int]
) -> None:
    side, case = discord_side
    login(page, live, "julien", f"/queue?author_id={ALICE_ID}")
    expect(page.locator(f"#case-{case}")).to_contain_text("je passe avec des potes")
    page.get_by_role("link", name=f"#{case}", exact=True).click()
    page.get_by_label("Action").select_option("ban")
    page.get_by_label("Motif (envoyé au membre)").fill("menace envers un membre")
    page.get_by_role("button", name="Appliquer", exact=True).click()
    expect(page.locator(".notice").first).to_contain_text("Sanction enregistrée")
    shoot(page, "case-banned")
    sanction_url = page.url.split("?")[0]

    side.drain()
    guild = side.server.guilds[GUILD_ID]
    assert guild.bans.get(ALICE_ID) is not None  # the ban reached Discord, with its reason

    page.context.clear_cookies()
    login(page, live, "sandra", sanction_url.removeprefix(live.url))
    page.get_by_role("button", name="Overturn this sanction").click()
    expect(page.locator(".notice").first).to_be_visible()
    side.drain()
    assert ALICE_ID not in guild.bans  # the unban reached Discord too
