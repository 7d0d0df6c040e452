"""One `vigie run discord` process serving two guilds with two charters (the deployment file's
promise), against the fake Discord: each message is judged by its own guild's charter, each
executed action is logged in its own guild's log channel, and the metrics move as messages flow."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio

from bot.adapters.discord.client import VigieDiscord
from bot.core.clock import ManualClock
from bot.deploy.communities import Communities, from_deployment, mod_channels
from bot.deploy.config import parse_deployment
from bot.deploy.health import Health, Listener
from bot.deploy.metrics import Metrics
from bot.store.database import Database
from tests.adapters.discord.conftest import EVENT_TIMEOUT, slash, test_settings
from tests.adapters.discord.test_moderator_commands import answer_of
from tests.fakes.discord_server import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    BOT_ROLE_ID,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MODERATORS_CHANNEL_ID,
    FakeChannel,
    FakeDiscordServer,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    running_client,
    sample_guild,
)

ROOT = Path(__file__).resolve().parents[2]
# The outbox runs what is due by this clock: after any message the fake dates.
NOW = datetime(2100, 1, 1, tzinfo=UTC)
SECOND_GUILD = 200_000_000_000_000_001
SECOND_GENERAL = 200_000_000_000_000_101
SECOND_MODERATORS = 200_000_000_000_000_102
SECOND_LOG = 200_000_000_000_000_103
SECOND_MODLOG = 200_000_000_000_000_104
FIRST_LOG = 100_000_000_000_000_109
# The second brand forbids a word the first one allows: only its own charter can delete it.
BRAND_WORD = "ananas"
BRAND_MODS = "brand_mods"


def second_charter(folder: Path) -> Path:
    """The English example charter plus a rule of the second brand."""
    text = (ROOT / "charters" / "en" / "opalia.yaml").read_text(encoding="utf-8")
    rule = (
        "rules:\n"
        "  - id: mot_interdit\n"
        "    title: {fr: Mot interdit, en: Forbidden word}\n"
        "    text: {fr: Pas ce mot., en: Not this word.}\n"
        "    severity: 1\n"
        f"    when: {{any: [{{keywords: {{words: [{BRAND_WORD}]}}}}]}}\n"
        "    actions: [delete]\n"
    )
    path = folder / "brand2.yaml"
    text = text.replace("rules:\n", rule, 1)
    # Its own moderators: a role called "Moderator" moderates the first guild, not this one.
    text = text.replace("moderators: [moderateur, moderator]", f"moderators: [{BRAND_MODS}]")
    path.write_text(text, encoding="utf-8")
    return path


def deployment_text(second: Path) -> str:
    return f"""
communities:
  - name: Opalia (Discord)
    brand: opalia
    platform: discord
    guild: {GUILD_ID}
    charter: {ROOT / "charters" / "fr" / "opalia.yaml"}
    moderators: "{MODERATORS_CHANNEL_ID}"
    log: vigie-log
  - name: Second brand
    brand: brand2
    platform: discord
    guild: {SECOND_GUILD}
    charter: {second}
    moderators: "{SECOND_MODERATORS}"
    log: "{SECOND_LOG}"
    modlog: "{SECOND_MODLOG}"
    language: en
    timezone: Europe/London
"""


def second_guild(bot_user: FakeUser) -> FakeGuild:
    """A guild of the second brand: the same members, other channels."""
    first = sample_guild(bot_user)
    roles = [
        FakeRole(SECOND_GUILD, "@everyone", first.roles[0].permissions, position=0),
        FakeRole(BOT_ROLE_ID + 1, bot_user.username, first.roles[3].permissions, position=3),
    ]
    same_name = FakeRole(BOT_ROLE_ID + 2, "Moderator", 0, position=1)  # not this charter's
    roles.append(same_name)
    members = [FakeMember(bot_user, [BOT_ROLE_ID + 1])]
    members += [
        FakeMember(m.user, [same_name.id] if m.user.id == BOB_ID else [])
        for m in first.members
        if m.user.id != bot_user.id
    ]
    channels = [
        FakeChannel(SECOND_GENERAL, "general"),
        FakeChannel(SECOND_MODERATORS, "mods", position=1),
        FakeChannel(SECOND_LOG, "journal", position=2),
        FakeChannel(SECOND_MODLOG, "mod-log", position=3),
    ]
    return FakeGuild(SECOND_GUILD, "Second brand", first.owner_id, channels, roles, members)


def two_guilds() -> list[FakeGuild]:
    bot_user = FakeUser(BOT_ID, "Vigie", bot=True)
    first = sample_guild(bot_user)
    first.channels.append(FakeChannel(FIRST_LOG, "vigie-log", position=2))
    return [first, second_guild(bot_user)]


class Running:
    def __init__(self, server: FakeDiscordServer, bot: VigieDiscord, communities: Communities):
        self.server, self.bot, self.communities = server, bot, communities
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def decision(self) -> Any:
        async with asyncio.timeout(EVENT_TIMEOUT):
            while True:
                kind, value = await self.events.get()
                if kind == "decision":
                    return value

    async def post(self, channel: int, text: str) -> Any:
        await self.server.dispatch_message(channel, ALICE_ID, text)
        return await self.decision()

    def posted(self, channel: int) -> list[str]:
        calls = self.server.requests_to("POST", f"/channels/{channel}/messages")
        return [call.json.get("content") or "" for call in calls]


@pytest_asyncio.fixture
async def running(db: Database, tmp_path: Path) -> AsyncIterator[Running]:
    deployment = parse_deployment(deployment_text(second_charter(tmp_path)), "vigie.yaml", tmp_path)
    clock = ManualClock(NOW)
    communities = from_deployment(deployment, "discord", db, clock, Metrics(db), (None, "test"))
    settings = test_settings(
        mod_channels=mod_channels(communities.entries),
        modlog_channels=mod_channels(communities.entries, "modlog"),
    )
    holder: list[Running] = []
    bot = VigieDiscord(
        communities.default,
        settings,
        communities=communities,
        on_event=lambda name, value: holder[0].events.put_nowait((name, value)),
        guild_ready_timeout=0.01,
    )
    async with FakeDiscordServer(*two_guilds()) as server:
        holder.append(Running(server, bot, communities))
        async with running_client(bot.client, server):
            yield holder[0]
        await bot.pump.stop()


async def test_each_message_is_judged_by_its_own_guilds_charter(running: Running) -> None:
    first = await running.post(GENERAL_CHANNEL_ID, f"j'adore l'{BRAND_WORD} sur la pizza")
    second = await running.post(SECOND_GENERAL, f"I love {BRAND_WORD} on pizza")

    assert first.message.community == str(GUILD_ID)
    assert [a.kind for a in first.actions] == []
    assert second.message.community == str(SECOND_GUILD)
    assert "delete" in [a.kind for a in second.actions]
    assert [o.rule for o in second.outcomes if o.matched] == ["mot_interdit"]


async def test_each_action_is_logged_in_its_own_guilds_log_channel(running: Running) -> None:
    await running.post(GENERAL_CHANNEL_ID, "t'es qu'un c0nn4rd")
    await running.post(SECOND_GENERAL, f"{BRAND_WORD}!")
    await running.bot.pump.pass_once()

    alice = str(ALICE_ID)
    assert running.posted(FIRST_LOG) == [
        f"Vigie : Suppression · membre {alice} · règle insultes",
        f"Vigie : Avertissement · membre {alice} · règle insultes",
    ]
    assert running.posted(SECOND_LOG) == [
        f"Vigie: Deletion · member {alice} · rule mot_interdit",
    ]


async def test_each_guild_has_its_own_mod_log(running: Running) -> None:
    await running.post(GENERAL_CHANNEL_ID, "t'es qu'un c0nn4rd")  # the first names no mod-log
    await running.post(SECOND_GENERAL, f"{BRAND_WORD}!")
    await running.bot.pump.pass_once()

    lines = running.posted(SECOND_MODLOG)  # the second guild's decision only
    assert len(lines) == 1 and "mot_interdit" in lines[0] and "insultes" not in lines[0]


async def test_a_guild_the_deployment_does_not_name_is_not_moderated(
    running: Running, db: Database
) -> None:
    running.communities.services.pop(str(SECOND_GUILD))
    await running.server.dispatch_message(SECOND_GENERAL, ALICE_ID, BRAND_WORD)
    decided = await running.post(GENERAL_CHANNEL_ID, "bonjour")  # the next one is decided

    assert decided.message.community == str(GUILD_ID)
    assert (
        running.communities.metrics.messages.labels("discord", str(SECOND_GUILD))._value.get() == 0
    )


RULES = [  # guild, channel, the member's client language, what /rules shows, what it must not
    (GUILD_ID, GENERAL_CHANNEL_ID, "de", "Pas d'insultes", "Forbidden word"),
    (SECOND_GUILD, SECOND_GENERAL, "de", "Forbidden word", "Pas d'insultes"),
    (SECOND_GUILD, SECOND_GENERAL, "fr", "Mot interdit", "Forbidden word"),
]


@pytest.mark.parametrize(("guild", "channel", "locale", "shown", "absent"), RULES)
async def test_rules_shows_each_guilds_own_charter_in_its_own_language(
    running: Running, guild: int, channel: int, locale: str, shown: str, absent: str
) -> None:
    """A client language Vigie does not speak gets the guild's (the deployment file's); one it
    speaks gets that language, still of the guild's own charter."""
    answer = await slash(running.server, "rules", ALICE_ID, channel_id=channel, locale=locale)
    text = answer.json["data"]["content"]
    assert shown in text and absent not in text


WARN = [  # guild, channel, Bob's answer: his role "Moderator" is staff in the first guild only
    (GUILD_ID, GENERAL_CHANNEL_ID, "Warning sent"),
    (SECOND_GUILD, SECOND_GENERAL, "Only the moderators"),
]


@pytest.mark.parametrize(("guild", "channel", "answer"), WARN)
async def test_a_moderators_command_is_checked_against_its_guilds_staff(
    running: Running, guild: int, channel: int, answer: str
) -> None:
    alice = running.server.guilds[guild].member(ALICE_ID)
    interaction = await running.server.dispatch_slash_command(
        "warn",
        user_id=BOB_ID,
        channel_id=channel,
        options=[
            {"name": "member", "type": 6, "value": str(ALICE_ID)},
            {"name": "reason", "type": 3, "value": "tone"},
        ],
        resolved={
            "users": {str(ALICE_ID): alice.user.payload()},
            "members": {str(ALICE_ID): alice.payload(with_user=False)},
        },
    )
    assert answer in await answer_of(running.server, interaction)


def sample(metrics: Metrics, name: str, labels: dict[str, str]) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


async def test_the_metrics_move_when_messages_flow(running: Running) -> None:
    metrics = running.communities.metrics
    listener = await Listener(
        Health(running.communities.db, metrics, running.bot.client.is_ready), port=0
    ).start()
    try:
        await running.post(SECOND_GENERAL, BRAND_WORD)
        await running.post(SECOND_GENERAL, "hello")
        await running.bot.pump.pass_once()
        import aiohttp

        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{listener.port}/metrics") as response:
                text = await response.text()
            async with http.get(f"http://127.0.0.1:{listener.port}/healthz") as response:
                health = await response.json()
                status = response.status
    finally:
        await listener.stop()

    second = str(SECOND_GUILD)
    assert (
        sample(metrics, "vigie_messages_total", {"platform": "discord", "community": second}) == 2
    )
    assert (
        sample(
            metrics,
            "vigie_decisions_total",
            {"community": second, "rule": "mot_interdit", "action": "delete"},
        )
        == 1
    )
    assert (
        sample(
            metrics,
            "vigie_actions_total",
            {"platform": "discord", "kind": "delete", "outcome": "executed"},
        )
        == 1
    )
    assert sample(metrics, "vigie_decision_seconds_count", {}) == 2
    assert "vigie_outbox_depth" in text and "vigie_decision_seconds_bucket" in text
    assert status == 200
    assert health["database"] == "ok" and health["gateway"] == "connected"
    assert health["last_message"] is not None


def test_an_unknown_platform_id_key_is_refused(tmp_path: Path) -> None:
    from bot.yamlsrc import ConfigError

    text = "communities:\n  - name: x\n    platform: discord\n    chat: 12\n    charter: c.yaml\n"
    with pytest.raises(ConfigError) as error:
        parse_deployment(text, "vigie.yaml", tmp_path)
    assert str(error.value).startswith("vigie.yaml:2:")


_ = discord  # the fake needs discord.py's permissions
