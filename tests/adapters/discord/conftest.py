"""The Discord adapter under test: a real `CommunityService` on a temporary SQLite file (the
example charter and playbook, no models), a `VigieDiscord` bot connected to the fake Discord, and
helpers that await what the bot did instead of sleeping.

The outbox is drained by the test (`await harness.pump()`), not by the background loop, so each
test decides when actions run and what it asserts has already happened.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.adapters.discord.client import VigieDiscord
from bot.adapters.discord.settings import DiscordSettings
from bot.core.clock import Clock, ManualClock
from bot.core.decision import Decision
from bot.core.dispatcher import DispatchReport
from bot.service import CommunityService, build_service
from bot.store.database import Database, open_database
from tests.clocks import pinned_clock
from tests.fakes.discord_server import (
    ALICE_ID,
    GENERAL_CHANNEL_ID,
    MODERATORS_CHANNEL_ID,
    FakeDiscordServer,
    RecordedRequest,
    running_client,
)

ROOT = Path(__file__).resolve().parents[3]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
PLAYBOOK = ROOT / "playbooks" / "fr" / "opalia.yaml"
EVENT_TIMEOUT = 2.0  # only ever reached by a failing test
INSULT = "t'es qu'un c0nn4rd"
COMPLAINT = "Trois jours sans internet, c'est inadmissible. Remboursez-nous !"


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied by each test (migrating costs more than copying)."""
    path = tmp_path_factory.mktemp("template") / "vigie.db"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def db(tmp_path: Path, migrated_db: Path) -> Iterator[Database]:
    path = tmp_path / "vigie.db"
    shutil.copy(migrated_db, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.dispose()


def make_service(
    db: Database, playbook: Path | None = PLAYBOOK, clock: Clock | None = None
) -> CommunityService:
    """The live service of the example charter, without models (keyword rules only), on the
    suite's pinned clock unless given another."""
    service, _ = build_service(CHARTER, db, clock or pinned_clock(), "discord", playbook, None)
    return service


@pytest.fixture
def clock() -> ManualClock:
    """The time of the bot and of the fake Discord alike: the suite's pinned instant."""
    return pinned_clock()


@pytest.fixture
def service(db: Database, clock: ManualClock) -> CommunityService:
    return make_service(db, clock=clock)


def test_settings(**changes: Any) -> DiscordSettings:
    """Settings for tests: the fake's #moderators, no background loop, no command sync."""
    values: dict[str, Any] = {
        "mod_channel": str(MODERATORS_CHANNEL_ID),
        "background": False,
        "sync_commands": False,
    }
    return DiscordSettings(**(values | changes))


test_settings.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


@dataclass
class Harness:
    """A connected bot, the fake Discord it talks to, and what the bot reported."""

    server: FakeDiscordServer
    bot: VigieDiscord
    events: asyncio.Queue[tuple[str, Any]] = field(default_factory=asyncio.Queue)

    async def event(self, name: str) -> Any:
        """The next event `name` the bot reported ("decision", "join", "ready")."""
        async with asyncio.timeout(EVENT_TIMEOUT):
            while True:
                kind, value = await self.events.get()
                if kind == name:
                    return value

    async def post(
        self, text: str, author: int = ALICE_ID, channel: int = GENERAL_CHANNEL_ID
    ) -> tuple[dict[str, Any], Decision]:
        """A member posts `text`; the message payload and the bot's decision on it."""
        payload = await self.server.dispatch_message(channel, author, text)
        return payload, await self.event("decision")

    async def pump(self) -> DispatchReport:
        """Execute every due action now."""
        return await self.bot.pump.pass_once()

    async def request(self, method: str, path: str, **options: Any) -> RecordedRequest:
        """The next REST request of the bot matching (see `FakeDiscordServer.wait_for_request`)."""
        return await self.server.wait_for_request(method, path, **options)

    def posts_to(self, channel: int) -> list[RecordedRequest]:
        """The messages the bot posted in `channel`."""
        return self.server.requests_to("POST", f"/channels/{channel}/messages")


@asynccontextmanager
async def running_bot(
    service: CommunityService,
    server: FakeDiscordServer,
    settings: DiscordSettings | None = None,
) -> AsyncIterator[Harness]:
    """`service` served on Discord by a bot connected to `server` until the block ends."""
    events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    bot = VigieDiscord(
        service,
        settings or test_settings(),
        on_event=lambda name, value: events.put_nowait((name, value)),
        guild_ready_timeout=0.01,
    )
    try:
        async with running_client(bot.client, server):
            harness = Harness(server, bot, events)
            await harness.event("ready")
            yield harness
    finally:
        await bot.pump.stop()
        bot.lane.close()


@pytest_asyncio.fixture
async def server(clock: ManualClock) -> AsyncIterator[FakeDiscordServer]:
    async with FakeDiscordServer(clock=clock) as fake:
        yield fake


@pytest_asyncio.fixture
async def harness(service: CommunityService, server: FakeDiscordServer) -> AsyncIterator[Harness]:
    async with running_bot(service, server) as running:
        yield running


def card_buttons(message: dict[str, Any]) -> list[str]:
    """The custom ids of the buttons of a card (a message body sent or edited by the bot)."""
    rows = message.get("components") or []
    return [button["custom_id"] for row in rows for button in row["components"]]


def card_fields(message: dict[str, Any]) -> dict[str, str]:
    """The fields of a card's embed, by name."""
    return {field["name"]: field["value"] for field in message["embeds"][0]["fields"]}


def message_with_button(server: FakeDiscordServer, custom_id: str) -> int:
    """The id of the message (a card) that carries the button `custom_id`."""
    for message_id, message in server.messages.items():
        for row in message.get("components") or []:
            if any(button.get("custom_id") == custom_id for button in row["components"]):
                return message_id
    raise AssertionError(f"no message with a button {custom_id!r}")


async def click(
    server: FakeDiscordServer,
    custom_id: str,
    user_id: int,
    locale: str = "en-US",
    message_id: int | None = None,
) -> RecordedRequest:
    """`user_id` presses the button `custom_id` (on `message_id`, by default the message that
    shows it now); the bot's answer to the interaction (see `answer_to`)."""
    message_id = message_id or message_with_button(server, custom_id)
    interaction = await server.dispatch_component(
        custom_id, message_id=message_id, user_id=user_id, locale=locale
    )
    return await answer_to(server, interaction)


async def answer_to(server: FakeDiscordServer, interaction: dict[str, Any]) -> RecordedRequest:
    """The bot's answer to `interaction`. The bot defers every command and click at once and
    answers later: a follow-up is returned as the answer it stands for (callback type 4 with the
    follow-up's data), an edit of the original response as an update of the card (type 7)."""
    first = await server.wait_for_request(
        "POST", f"/interactions/{interaction['id']}/{{}}/callback"
    )
    if first.json["type"] not in (DEFERRED_MESSAGE, DEFERRED_UPDATE):
        return first
    token = interaction["token"]
    later = await server.wait_for_request(
        where=lambda call: call.path.startswith("/webhooks/") and f"/{token}" in call.path
    )
    kind = UPDATE_MESSAGE if later.method == "PATCH" else 4
    return replace(later, json={"type": kind, "data": later.json})


async def slash(
    server: FakeDiscordServer,
    name: str,
    user_id: int,
    options: list[dict[str, Any]] | None = None,
    channel_id: int = GENERAL_CHANNEL_ID,
    locale: str = "en-US",
) -> RecordedRequest:
    """`user_id` runs the slash command `name`; the bot's answer (see `answer_to`)."""
    interaction = await server.dispatch_slash_command(
        name, user_id=user_id, channel_id=channel_id, options=options, locale=locale
    )
    return await answer_to(server, interaction)


def option(name: str, value: Any) -> dict[str, Any]:
    """A raw slash-command option (string or integer)."""
    return {"name": name, "type": 4 if isinstance(value, int) else 3, "value": value}


EPHEMERAL = 1 << 6
DEFERRED_MESSAGE = 5
DEFERRED_UPDATE = 6
UPDATE_MESSAGE = 7
