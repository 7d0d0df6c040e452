"""Drills in a platform sandbox, against the fake Discord and the fake Telegram: persona messages
arrive with the persona's name, and what the trainee does in the sandbox is recorded as drill
actions and scored. Story time is driven step by step (`SandboxDrill.step`): nothing sleeps, the
tests await the platform calls the bot makes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import discord
import pytest
import pytest_asyncio

from bot.cli import main
from bot.drills.feed import FeedItem, MemorySink
from bot.drills.pacing import StoryClock
from bot.drills.record import DrillRecord
from bot.drills.runner import run_responses
from bot.drills.scoring import score
from bot.drills.sinks import (
    DiscordSink,
    PlatformSink,
    SandboxDrill,
    TelegramSink,
    attach_discord,
    attach_telegram,
)
from bot.i18n.catalog import messages
from tests.drills.helpers import PANNE, drill
from tests.fakes.discord_server import ALICE_ID, GENERAL_CHANNEL_ID, FakeDiscordServer
from tests.fakes.discord_server import running_client as running_discord
from tests.fakes.telegram_server import (
    ALICE_ID as TG_ALICE,
)
from tests.fakes.telegram_server import (
    GROUP_CHAT_ID,
    FakeTelegramServer,
    application_builder,
    running_application,
)

MINUTE = timedelta(minutes=1)


def _intents() -> discord.Intents:
    intents = discord.Intents.none()
    intents.guilds = intents.guild_messages = intents.message_content = True
    return intents


@pytest_asyncio.fixture
async def on_discord() -> AsyncIterator[tuple[FakeDiscordServer, SandboxDrill]]:
    async with FakeDiscordServer() as server:
        client = discord.Client(intents=_intents(), guild_ready_timeout=0.01)
        loaded = drill(PANNE)
        sink = DiscordSink(client, GENERAL_CHANNEL_ID, loaded.timezone)
        sandbox = SandboxDrill(loaded, sink, "tester")
        attach_discord(client, sandbox, GENERAL_CHANNEL_ID)
        async with running_discord(client, server):
            yield server, sandbox


@pytest.fixture
def _local_http(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours proxy variables, and the fake Telegram is local.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest_asyncio.fixture
async def on_telegram(_local_http: None) -> AsyncIterator[tuple[FakeTelegramServer, SandboxDrill]]:
    # Flood limits off: the sandbox posts a whole scene at once while the fake's clock stands
    # still (pinned), so every message after the first of each second would be refused; the drill
    # sink's pacing under Telegram's limits is the drills' own matter (issue 13's note).
    async with FakeTelegramServer(flood_limits=False) as server:
        application = application_builder(server).build()
        loaded = drill(PANNE)
        sink = TelegramSink(application.bot, GROUP_CHAT_ID, loaded.timezone)
        sandbox = SandboxDrill(loaded, sink, "tester", prefix="/")
        attach_telegram(application, sandbox, GROUP_CHAT_ID)
        async with running_application(application):
            yield server, sandbox


async def test_discord_personas_post_through_one_webhook_with_their_names(
    on_discord: tuple[FakeDiscordServer, SandboxDrill],
) -> None:
    server, sandbox = on_discord
    await sandbox.start()
    await sandbox.step(sandbox.session.record.start + 5 * MINUTE)

    executions = server.requests_to("POST", "/webhooks/{}/{}")
    names = [call.json["username"] for call in executions]
    assert names == [_name("camille"), _name("sophie"), _name("elodie")]
    assert len(server.requests_to("POST", f"/channels/{GENERAL_CHANNEL_ID}/webhooks")) == 1
    assert "Box en rouge" in executions[0].json["content"]
    assert "m01" in executions[0].json["content"]  # the id the trainee can name
    assert set(sandbox.sink.posted) == {"m01", "m02", "m03"}


async def test_discord_deleting_a_persona_message_is_a_scored_delete(
    on_discord: tuple[FakeDiscordServer, SandboxDrill],
) -> None:
    server, sandbox = on_discord
    start = sandbox.session.record.start
    await sandbox.step(start + 20 * MINUTE)  # m10, the insult, is posted at 20m
    insult = sandbox.sink.posted["m10"]

    await server.dispatch(
        "MESSAGE_DELETE",
        {
            "id": str(insult),
            "channel_id": str(GENERAL_CHANNEL_ID),
            "guild_id": str(server.guild.id),
        },
    )
    await server.wait_for_request(  # the bot confirms the action in the channel
        "POST",
        f"/channels/{GENERAL_CHANNEL_ID}/messages",
        where=lambda c: "m10" in c.json["content"],
    )

    record = await sandbox.finish()
    done = [(d.action.do, d.action.message, d.ok) for d in record.done]
    assert done == [("delete", "m10", True)]
    card = score(drill(PANNE), record, {})
    untouched = score(drill(PANNE), _played_without_actions(), {})
    assert card.score != untouched.score


async def test_discord_bang_commands_in_reply_to_a_persona_message(
    on_discord: tuple[FakeDiscordServer, SandboxDrill],
) -> None:
    server, sandbox = on_discord
    await sandbox.step(sandbox.session.record.start + 20 * MINUTE)

    await server.dispatch_message(
        GENERAL_CHANNEL_ID, ALICE_ID, "!supprimer", reply_to=sandbox.sink.posted["m10"]
    )
    # The drill's delete removes the persona's message from the sandbox too, once.
    await server.wait_for_request("DELETE", f"/channels/{GENERAL_CHANNEL_ID}/messages/{{}}")

    record = await sandbox.finish()
    assert [(d.action.do, d.action.message) for d in record.done] == [("delete", "m10")]
    assert "m10" not in sandbox.sink.posted


async def test_telegram_personas_are_named_and_level_is_recorded(
    on_telegram: tuple[FakeTelegramServer, SandboxDrill],
) -> None:
    server, sandbox = on_telegram
    await sandbox.step(sandbox.session.record.start + 4 * MINUTE)

    sent = [call.params["text"] for call in server.calls_to("sendMessage")]
    assert sent[0].startswith(f"<b>{_name('camille')}</b>: Quelqu'un d'autre n'a plus internet")
    assert sent[1].startswith(f"<b>{_name('sophie')}</b>: ")
    assert server.calls_to("sendMessage")[0].params["parse_mode"] == "HTML"

    await server.push_command(GROUP_CHAT_ID, TG_ALICE, "level", "2 panne confirmée")
    # The plan announces the level the trainee declared.
    await server.wait_for_call("sendMessage", where=lambda c: "Niveau 2" in c.params["text"])

    record = await sandbox.finish()
    [done] = record.done
    assert (done.action.do, done.action.level, done.ok) == ("level", 2, True)
    assert done.action.at == 4 * MINUTE


def _name(persona: str) -> str:
    return drill(PANNE).scenario.persona(persona).name


def _played_without_actions() -> DrillRecord:
    return run_responses(drill(PANNE), [], MemorySink(), "tester")


async def test_telegram_delete_in_reply_names_the_persona_message(
    on_telegram: tuple[FakeTelegramServer, SandboxDrill],
) -> None:
    server, sandbox = on_telegram
    await sandbox.step(sandbox.session.record.start + 20 * MINUTE)

    insult = sandbox.sink.posted["m10"]
    await server.push_message(GROUP_CHAT_ID, TG_ALICE, "/supprimer", reply_to=insult)
    await server.wait_for_call("deleteMessage", where=lambda c: c.params["message_id"] == insult)

    record = await sandbox.finish()
    assert [(d.action.do, d.action.message, d.ok) for d in record.done] == [("delete", "m10", True)]


class _Recorder(PlatformSink):
    """A sink without a platform: what would be posted, in order."""

    def __init__(self) -> None:
        super().__init__("Europe/Paris")
        self.texts: list[str] = []

    async def _voice(self, item: FeedItem) -> int:
        self.texts.append(f"{item.author}: {item.text}")
        return len(self.texts)

    async def _post(self, text: str) -> None:
        self.texts.append(text)


async def test_run_follows_the_story_clock_without_sleeping() -> None:
    loaded = drill(PANNE)
    wall = [0.0]

    async def sleep(seconds: float) -> None:  # the wall clock moves, nobody waits
        wall[0] += seconds

    meta = loaded.scenario.meta
    clock = StoryClock(meta.start, meta.time_scale, 1.0, lambda: wall[0])
    sink = _Recorder()
    record = await SandboxDrill(loaded, sink, "tester", clock).run(sleep, every=30)

    assert record.finished
    assert wall[0] == pytest.approx(
        (record.end - record.start).total_seconds() / clock.rate, abs=30
    )
    assert sink.texts[-1] == messages().text("fr", "drills.terminal.end")


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en_GB.UTF-8", "{env} is not set: the sandbox needs the bot's token"),
        ("fr_FR.UTF-8", "{env} n’est pas défini : le bac à sable a besoin du jeton du bot"),
        ("", "{env} n’est pas défini : le bac à sable a besoin du jeton du bot"),  # French first
    ],
)
def test_sandbox_without_a_token_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], locale: str, said: str
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    if locale:
        monkeypatch.setenv("LANG", locale)
    assert main(["drill", "sandbox", "discord", str(PANNE), "--channel", "1"]) == 2
    assert main(["drill", "sandbox", "telegram", str(PANNE), "--chat", "-100"]) == 2
    err = capsys.readouterr().err
    assert said.format(env="DISCORD_TOKEN") in err and said.format(env="TELEGRAM_TOKEN") in err
