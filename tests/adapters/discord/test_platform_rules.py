"""Discord's own rules, modelled by the fake Discord, and what the adapter does under them: the
permission hierarchy, overwrites limited to the bot's own permissions, role pings, forwarded
messages, the interaction deadline, closed DMs and GUILD_CREATE without presences."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

import discord
import pytest

from bot.core.clock import ManualClock
from bot.core.decision import ActionRequest
from bot.core.ports import Outcome
from bot.desk import Actor
from bot.service import CommunityService
from tests.adapters.discord.conftest import (
    DEFERRED_MESSAGE,
    INSULT,
    Harness,
    option,
    running_bot,
)
from tests.fakes.discord_server import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MODERATORS_CHANNEL_ID,
    OWNER_ID,
    FakeDiscordServer,
    FakeMember,
    FakeRole,
    FakeUser,
    sample_guild,
)

COMMUNITY = str(GUILD_ID)
CAROL_ID = 100_000_000_000_000_306  # an administrator below the bot
DAVE_ID = 100_000_000_000_000_307  # a member whose role is above the bot's
ADMIN_ROLE_ID = 100_000_000_000_000_210
SENIOR_ROLE_ID = 100_000_000_000_000_211
SERVICE_ROLE_ID = 320_000_000_000_000_001  # the playbook's customer-service role (`role:` contact)


def world(**bot_lacks: bool) -> FakeDiscordServer:
    """The sample guild plus an administrator (carol, below the bot), a member above the bot
    (dave) and the playbook's customer-service role, not mentionable, held by alice."""
    guild = sample_guild()
    guild.roles += [
        FakeRole(ADMIN_ROLE_ID, "Admin", discord.Permissions(administrator=True).value, 1),
        FakeRole(SENIOR_ROLE_ID, "Senior", 0, position=9),
        FakeRole(SERVICE_ROLE_ID, "Service client", 0, position=1, mentionable=False),
    ]
    guild.members += [
        FakeMember(FakeUser(CAROL_ID, "carol"), [ADMIN_ROLE_ID]),
        FakeMember(FakeUser(DAVE_ID, "dave"), [SENIOR_ROLE_ID]),
    ]
    next(m for m in guild.members if m.user.id == ALICE_ID).roles.append(SERVICE_ROLE_ID)
    bot_role = next(role for role in guild.roles if role.name == "Vigie")
    for name in bot_lacks:
        bot_role.permissions &= ~discord.Permissions(**{name: True}).value
    return FakeDiscordServer(guild, clock=ManualClock(_pinned()))


def _pinned() -> Any:
    from tests.clocks import PINNED

    return PINNED


def sanction(kind: str, user: int, key: str = "") -> ActionRequest:
    return ActionRequest(
        kind=kind,
        key=f"rules:{kind}:{user}:{key}",
        community=COMMUNITY,
        platform="discord",
        channel=str(GENERAL_CHANNEL_ID),
        user_id=str(user),
        reason="test",
        duration=timedelta(hours=1) if kind == "timeout" else None,
    )


async def run(harness: Harness, service: CommunityService, *requests: ActionRequest) -> list[str]:
    """Queue and execute `requests`; the texts the bot then posted to the moderators."""
    before = len(harness.posts_to(MODERATORS_CHANNEL_ID))
    service.outbox.enqueue(list(requests), service.clock.now())
    await harness.pump()
    return [p.json["content"] for p in harness.posts_to(MODERATORS_CHANNEL_ID)[before:]]


# --- permissions and hierarchy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "target", "why"),
    [
        ("timeout", OWNER_ID, "owner"),
        ("kick", OWNER_ID, "owner"),
        ("timeout", CAROL_ID, "administrator"),
        ("ban", DAVE_ID, "highest role"),
        ("kick", DAVE_ID, "highest role"),
    ],
    ids=["mute-owner", "kick-owner", "mute-admin", "ban-higher-role", "kick-higher-role"],
)
async def test_a_protected_member_is_refused_and_reported_as_such(
    service: CommunityService, kind: str, target: int, why: str
) -> None:
    async with world() as server, running_bot(service, server) as harness:
        told = await run(harness, service, sanction(kind, target))
        [report] = [text for text in told if "protects" in text]
        assert f"<@{target}>" in report and why in report and "Grant it" not in report
        assert [text for text in told if "given up" in text]  # and listed as dropped
        member = server.guild.member(target)
        assert member is not None and member.communication_disabled_until is None


async def test_a_missing_permission_is_named(service: CommunityService) -> None:
    async with world(ban_members=True) as server, running_bot(service, server) as harness:
        told = await run(harness, service, sanction("ban", ALICE_ID))
        assert any("Ban Members" in text for text in told)
        assert ALICE_ID not in server.guild.bans


async def test_a_different_loss_of_rights_is_reported_and_a_recovered_one_again(
    service: CommunityService,
) -> None:
    async with world() as server, running_bot(service, server) as harness:
        first = await run(harness, service, sanction("timeout", OWNER_ID))
        assert any("protects" in text for text in first)
        server.fail("PATCH", "/guilds/{}/members/{}")  # the role lost Moderate Members
        second = await run(harness, service, sanction("timeout", ALICE_ID, "a"))
        assert any("Moderate Members" in text for text in second)  # not hidden by the first
        assert not await _reports(harness, service, sanction("timeout", OWNER_ID, "b"))
        await run(harness, service, sanction("timeout", ALICE_ID, "c"))  # works again
        server.fail("PATCH", "/guilds/{}/members/{}")
        again = await run(harness, service, sanction("timeout", ALICE_ID, "d"))
        assert any("Moderate Members" in text for text in again)


async def _reports(
    harness: Harness, service: CommunityService, request: ActionRequest
) -> list[str]:
    told = await run(harness, service, request)
    return [text for text in told if "given up" not in text]


async def test_an_overwrite_beyond_the_bots_permissions_is_refused(
    server: FakeDiscordServer,
) -> None:
    from tests.fakes.discord_server import patched_discord_endpoints

    client = discord.Client(intents=discord.Intents.none())
    with patched_discord_endpoints(server):
        await client.login("token")
        threads = discord.Permissions(send_messages_in_threads=True).value
        with pytest.raises(discord.Forbidden) as refused:
            await client.http.edit_channel_permissions(
                GENERAL_CHANNEL_ID, GUILD_ID, "0", str(threads), 0
            )
        await client.close()
    assert refused.value.code == 50013


# --- role pings ---------------------------------------------------------------------------------


async def test_an_unpingable_crisis_role_is_called_through_its_members(
    service: CommunityService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "vigie.discord")
    async with world() as server, running_bot(service, server) as harness:
        assert any("Service client" in r.getMessage() for r in caplog.records)  # at start-up
        claire = Actor("Claire (CM)", frozenset({"community_manager"}))
        service.desk.declare_level(COMMUNITY, 2, claire, "outage")
        await harness.pump()
        cards = [p.json for p in harness.posts_to(MODERATORS_CHANNEL_ID) if p.json.get("embeds")]
        [card] = [c for c in cards if f"<@&{SERVICE_ROLE_ID}>" in c["content"]]
        assert f"<@{ALICE_ID}>" in card["content"]
        sent = server.messages[max(server.messages)]  # what Discord made of it
        pinged = [m for m in server.messages.values() if m["content"] == card["content"]]
        assert pinged and pinged[0]["mention_roles"] == []  # the role itself is not pinged
        assert card["allowed_mentions"]["users"] == [ALICE_ID]
        assert sent is not None


async def test_the_fake_pings_a_role_only_when_discord_would(server: FakeDiscordServer) -> None:
    role = FakeRole(SERVICE_ROLE_ID, "Service client", mentionable=False)
    server.guild.roles.append(role)
    body = {"content": f"<@&{SERVICE_ROLE_ID}>", "allowed_mentions": {"parse": ["roles"]}}
    quiet = server._new_message(GENERAL_CHANNEL_ID, server.bot_user, body)
    role.mentionable = True
    loud = server._new_message(GENERAL_CHANNEL_ID, server.bot_user, body)
    assert quiet["mention_roles"] == [] and loud["mention_roles"] == [str(SERVICE_ROLE_ID)]


# --- forwarded messages -------------------------------------------------------------------------


async def test_a_forwarded_insult_is_moderated_from_its_snapshot(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "vigie.discord")
    original, _ = await harness.post("bonjour", author=BOB_ID, channel=MODERATORS_CHANNEL_ID)
    original = dict(original, content=INSULT)
    forward = await harness.server.dispatch_forward(GENERAL_CHANNEL_ID, ALICE_ID, original)
    assert forward["content"] == "" and forward["message_reference"]["type"] == 1
    decision = await harness.event("decision")
    assert decision.message.text == INSULT and decision.matched == ("insultes",)
    assert decision.message.reply_to is None
    assert not any("Message Content" in r.getMessage() for r in caplog.records)


# --- interactions -------------------------------------------------------------------------------


async def test_an_interaction_answered_after_three_seconds_is_unknown(
    server: FakeDiscordServer, clock: ManualClock
) -> None:
    from tests.fakes.discord_server import patched_discord_endpoints

    data = {"id": "1", "name": "rules", "type": 1, "options": []}
    interaction = server._interaction(2, data, ALICE_ID, GENERAL_CHANNEL_ID)  # as dispatched
    clock.advance(timedelta(seconds=3, milliseconds=1))
    client = discord.Client(intents=discord.Intents.none())
    with patched_discord_endpoints(server):
        await client.login("token")
        route = discord.http.Route(
            "POST",
            "/interactions/{interaction_id}/{interaction_token}/callback",
            interaction_id=interaction["id"],
            interaction_token=interaction["token"],
        )
        with pytest.raises(discord.NotFound) as unknown:
            await client.http.request(route, json={"type": 4, "data": {"content": "late"}})
        await client.close()
    assert unknown.value.code == 10062


async def test_a_slow_report_is_deferred_before_the_work(
    harness: Harness, service: CommunityService, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload, _ = await harness.post("message douteux")
    report = service.desk.report

    def slow_report(*args: Any) -> Any:
        clock.advance(timedelta(seconds=5))  # the database took five seconds
        return report(*args)

    monkeypatch.setattr(service.desk, "report", slow_report)
    link = f"https://discord.com/channels/{GUILD_ID}/{GENERAL_CHANNEL_ID}/{payload['id']}"
    interaction = await harness.server.dispatch_slash_command(
        "report",
        user_id=BOB_ID,
        channel_id=GENERAL_CHANNEL_ID,
        options=[option("message", link), option("reason", "arnaque")],
    )
    first = await harness.request("POST", f"/interactions/{interaction['id']}/{{}}/callback")
    assert first.json["type"] == DEFERRED_MESSAGE
    answer = await harness.request("POST", f"/webhooks/{{}}/{interaction['token']}")
    assert "case #1" in answer.json["content"]


async def test_messages_are_decided_off_the_event_loop(
    harness: Harness, service: CommunityService, monkeypatch: pytest.MonkeyPatch
) -> None:
    handle, threads = service.handle, []

    def recording(message: Any) -> Any:
        threads.append(threading.current_thread())
        return handle(message)

    monkeypatch.setattr(service, "handle", recording)
    await harness.post("bonjour")
    assert threads and threads[0] is not threading.main_thread()


# --- direct messages ----------------------------------------------------------------------------


async def test_a_member_with_closed_dms_gets_the_notice_in_the_channel(
    harness: Harness, service: CommunityService
) -> None:
    harness.server.users[ALICE_ID].accepts_dms = False
    payload, _ = await harness.post("bonjour")
    request = ActionRequest(
        kind="notify_author",
        key="rules:dm",
        community=COMMUNITY,
        platform="discord",
        channel=str(GENERAL_CHANNEL_ID),
        message_id=payload["id"],
        user_id=str(ALICE_ID),
        notice="Votre message a été retiré (règle 2).",
    )
    result = await harness.bot.gateway.execute(request)
    assert result.outcome is Outcome.DONE  # its detail is what the outbox records
    assert result.detail == "DMs closed: replied in the channel instead"
    [reply] = harness.posts_to(GENERAL_CHANNEL_ID)
    assert reply.json["content"].startswith(f"<@{ALICE_ID}> Votre message")
    assert "direct messages are closed" in reply.json["content"]


# --- the guild as Discord sends it --------------------------------------------------------------


async def test_members_arrive_by_chunking_without_the_presences_intent(harness: Harness) -> None:
    chunk = await harness.server.gateway_log.wait_for(lambda p: p.get("op") == 8)
    assert str(chunk["d"]["guild_id"]) == str(GUILD_ID)
    guild = harness.bot.client.get_guild(GUILD_ID)
    assert guild is not None and guild.get_member(ALICE_ID) is not None
    assert guild.me is not None and guild.me.id == BOT_ID


async def test_statements_go_to_the_system_channel_in_the_guilds_language(
    service: CommunityService,
) -> None:
    guild = sample_guild()
    guild.system_channel_id, guild.preferred_locale = MODERATORS_CHANNEL_ID, "fr"
    async with FakeDiscordServer(guild) as server, running_bot(service, server) as harness:
        request = ActionRequest(
            kind="post_statement",
            key="rules:statement",
            community=COMMUNITY,
            platform="discord",
            params={"statement": "s", "texts": {"en": "Hello", "fr": "Bonjour"}},
        )
        result = await harness.bot.gateway.execute(request)
        assert result.outcome is Outcome.DONE, result.detail
        [post] = harness.posts_to(MODERATORS_CHANNEL_ID)
    assert post.json["content"] == "Bonjour\n\nHello"  # the guild's locale first
