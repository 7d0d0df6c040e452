"""Fixtures of the Telegram adapter tests: the fake Bot API, a live service on a fresh SQLite
file (the Opalia charter without models, so keyword rules decide, and the Opalia playbook), and
the bot built on them, whose events a test awaits instead of sleeping."""

from __future__ import annotations

import asyncio
import functools
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from telegram import Bot

from bot import service as service_module
from bot.adapters.telegram.app import TelegramBot, TelegramSettings, build_bot
from bot.adapters.telegram.gateway import TelegramGateway
from bot.core.clock import ManualClock
from bot.core.decision import Decision
from bot.core.dispatcher import DispatchReport
from bot.service import CommunityService, build_service
from bot.store.database import open_database
from tests.clocks import pinned_clock
from tests.fakes.telegram_server import (
    MODERATORS_CHAT_ID,
    FakeTelegramServer,
    TgUser,
    application_builder,
    running_application,
    sample_users,
)

ROOT = Path(__file__).resolve().parents[3]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
PLAYBOOK = ROOT / "playbooks" / "fr" / "opalia.yaml"
EVENT_TIMEOUT = 2.0  # only reached by a failing test

# Crisis-cell members of the Opalia playbook who have a Telegram contact.
CLAIRE_ID = 510_000_001  # community manager (cm holder)
HELENE_ID = 510_000_003  # head of communication (com holder)


def users() -> list[TgUser]:
    """The fake's sample users plus the crisis cell's Telegram contacts."""
    return [
        *sample_users(),
        TgUser(CLAIRE_ID, "Claire", username="claire_cm", language_code="fr"),
        TgUser(HELENE_ID, "Hélène", username="helene_com"),
    ]


@pytest.fixture(autouse=True)
def _local_http(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours proxy variables and the fake is local; PTB_TIMEDELTA avoids PTB 22's
    # deprecation warning on RetryAfter.retry_after.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def clock() -> ManualClock:
    """The time of the bot and of the fake Bot API alike: the suite's pinned instant, which a
    test moves forward without sleeping (e.g. past a flood-control delay)."""
    return pinned_clock()


@pytest.fixture(scope="session", autouse=True)
def _parse_configs_once() -> Iterator[None]:
    # Parsing and validating the charter is most of a test's set-up; the result is immutable,
    # so `build_service` gets it from a cache (the loaders have their own tests).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(service_module, "load_charter", functools.cache(service_module.load_charter))
        patch.setattr(
            service_module, "load_playbook", functools.cache(service_module.load_playbook)
        )
        yield


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database with every migration applied, copied by each test (faster than
    migrating again)."""
    path = tmp_path_factory.mktemp("template") / "vigie.db"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def service(tmp_path: Path, clock: ManualClock, migrated: Path) -> CommunityService:
    path = tmp_path / "vigie.db"
    shutil.copyfile(migrated, path)
    built, _ = build_service(
        CHARTER, open_database(f"sqlite:///{path}"), clock, "telegram", PLAYBOOK
    )
    return built


@pytest_asyncio.fixture
async def server(clock: ManualClock) -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(users=users(), clock=clock) as fake:
        yield fake


@pytest_asyncio.fixture
async def bot(server: FakeTelegramServer) -> AsyncIterator[Bot]:
    """A bare Bot API client on the fake, for tests of the gateway without the application."""
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url) as b:
        yield b


@pytest.fixture
def gateway(bot: Bot, service: CommunityService, clock: ManualClock) -> TelegramGateway:
    """The Telegram gateway on the bare client, with the moderators' chat."""
    return TelegramGateway(bot, service.desk, clock, MODERATORS_CHAT_ID)


@dataclass
class Harness:
    """The running bot, its service and fake, and the events the bot reported."""

    server: FakeTelegramServer
    bot: TelegramBot
    service: CommunityService
    clock: ManualClock
    events: asyncio.Queue[tuple[str, Any]]

    async def next_event(self, kind: str) -> Any:
        """The next event of `kind` the bot reports (others before it are dropped)."""
        async with asyncio.timeout(EVENT_TIMEOUT):
            while True:
                seen, value = await self.events.get()
                if seen == kind:
                    return value

    async def decision(self) -> Decision:
        """The next decision the bot took."""
        return await self.next_event("decision")

    async def pump(self) -> DispatchReport:
        """One pass of the outbox pump, as the background task would run it."""
        return await self.bot.pump.pass_once()


@pytest_asyncio.fixture
async def h(
    server: FakeTelegramServer, service: CommunityService, clock: ManualClock
) -> AsyncIterator[Harness]:
    events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    settings = TelegramSettings(mod_chat=MODERATORS_CHAT_ID)
    bot = build_bot(
        service,
        settings,
        application_builder(server),
        lambda kind, value: events.put_nowait((kind, value)),
    )
    async with running_application(bot.application):
        yield Harness(server, bot, service, clock, events)
    bot.moderation.lane.close()
