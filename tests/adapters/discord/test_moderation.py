"""Messages in, sanctions out: what the core decides reaches Discord through the outbox, with
audit-log reasons, and Discord's refusals (403, 429, disconnects, a failing handler) never stop
the bot."""

from __future__ import annotations

import datetime as dt

import discord
import pytest

from bot.desk import Actor
from bot.service import CommunityService
from tests.adapters.discord.conftest import (
    COMPLAINT,
    INSULT,
    Harness,
    running_bot,
    test_settings,
)
from tests.fakes.discord_server import (
    ALICE_ID,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MODERATORS_CHANNEL_ID,
    FakeDiscordServer,
    FakeUser,
    sample_guild,
)

MEMBER = f"/guilds/{GUILD_ID}/members/{ALICE_ID}"
DELETE = "/channels/{}/messages/{}"


async def test_an_insult_is_deleted_and_the_ladder_times_its_author_out(harness: Harness) -> None:
    first, decision = await harness.post(INSULT)
    assert decision.matched == ("insultes",)
    await harness.pump()
    delete = await harness.request(
        "DELETE", f"/channels/{GENERAL_CHANNEL_ID}/messages/{first['id']}"
    )
    assert delete.reason is not None and delete.reason.startswith("Vigie — règle insultes")
    dm = await harness.request("POST", "/users/@me/channels")
    assert dm.json == {"recipient_id": ALICE_ID}
    warning = await harness.request("POST", "/channels/{}/messages")
    assert "Pas d'insultes" in warning.json["content"]  # the statement of reasons, in French

    for _ in range(4):  # the same member insists until the ladder reaches a timeout
        await harness.post(INSULT)
        await harness.pump()
        if harness.server.requests_to("PATCH", MEMBER):
            break
    timeout = await harness.request("PATCH", MEMBER)
    until = dt.datetime.fromisoformat(timeout.json["communication_disabled_until"])
    assert until - harness.server.clock.now() == dt.timedelta(hours=1)  # the bot's clock too
    assert timeout.reason is not None and "insultes" in timeout.reason
    assert harness.server.guild.member(ALICE_ID).communication_disabled_until is not None


async def test_a_shouted_message_gets_the_statement_of_reasons_as_a_reply(
    harness: Harness,
) -> None:
    payload, decision = await harness.post("ARRÊTEZ DE NOUS PRENDRE POUR DES IDIOTS")
    assert decision.matched == ("majuscules",)
    await harness.pump()
    reply = await harness.request("POST", f"/channels/{GENERAL_CHANNEL_ID}/messages")
    assert reply.json["content"].startswith(f"<@{ALICE_ID}> ")
    assert reply.json["message_reference"]["message_id"] == int(payload["id"])
    assert reply.json["allowed_mentions"]["users"] == [ALICE_ID]  # pings the author only


async def test_a_threat_bans_its_author_with_a_deletion_window(harness: Harness) -> None:
    _, decision = await harness.post("je vais te retrouver, tu vas le regretter")
    assert decision.matched == ("menaces",)
    await harness.pump()
    ban = await harness.request("PUT", f"/guilds/{GUILD_ID}/bans/{ALICE_ID}")
    assert ban.query == {"delete_message_seconds": "86400"}
    assert ban.reason is not None and "menaces" in ban.reason
    assert ALICE_ID in harness.server.guild.bans


async def test_a_legitimate_complaint_is_left_alone(harness: Harness) -> None:
    _, decision = await harness.post(COMPLAINT)
    assert decision.matched == () and decision.actions == ()
    report = await harness.pump()
    assert report.done == 0
    assert harness.server.requests_to("DELETE", DELETE) == []
    assert harness.server.requests_to("PATCH", MEMBER) == []
    assert harness.posts_to(GENERAL_CHANNEL_ID) == []


async def test_an_edit_that_adds_an_insult_is_decided_again(harness: Harness) -> None:
    payload, decision = await harness.post("Bonjour à tous")
    assert decision.actions == ()
    await harness.server.dispatch_message_edit(
        int(payload["id"]), "Bonjour à tous, bande de c0nn4rds"
    )
    edited = await harness.event("decision")
    assert edited.message.edited and edited.matched == ("insultes",)
    await harness.pump()
    await harness.request("DELETE", f"/channels/{GENERAL_CHANNEL_ID}/messages/{payload['id']}")


async def test_a_403_on_delete_is_reported_once_and_the_bot_keeps_working(
    harness: Harness,
) -> None:
    harness.server.fail("DELETE", DELETE, times=2)
    for _ in range(2):
        await harness.post(INSULT)
    report = await harness.pump()
    assert [p.request.kind for p, _ in report.failed] == ["delete", "delete"]
    assert all("403" in reason for _, reason in report.failed)
    posts = [r.json["content"] for r in harness.posts_to(MODERATORS_CHANNEL_ID)]
    reports = [text for text in posts if "Manage Messages" in text]
    assert len(reports) == 1  # once per (action, channel, cause), however many failures
    assert f"<#{GENERAL_CHANNEL_ID}>" in reports[0]
    [dropped] = [text for text in posts if "given up" in text]  # and both listed as dropped
    assert dropped.count("• delete") == 2
    assert harness.server.requests_to("PATCH", MEMBER)  # the rest of the decision went through

    payload, _ = await harness.post(INSULT)
    await harness.pump()
    await harness.request("DELETE", f"/channels/{GENERAL_CHANNEL_ID}/messages/{payload['id']}")
    assert len(harness.posts_to(MODERATORS_CHANNEL_ID)) == len(posts)


async def test_a_missing_member_permission_names_the_server_wide_permission(
    service: CommunityService,
) -> None:
    guild = sample_guild()
    bot_role = next(role for role in guild.roles if role.name == "Vigie")
    bot_role.permissions &= ~discord.Permissions(moderate_members=True).value
    async with FakeDiscordServer(guild) as server, running_bot(service, server) as harness:
        for _ in range(2):  # the second insult reaches a timeout
            await harness.post(INSULT)
            await harness.pump()
        posts = [r.json["content"] for r in harness.posts_to(MODERATORS_CHANNEL_ID)]
    [report] = [text for text in posts if "Moderate Members" in text]
    assert "this server" in report  # not a channel's overwrites


async def test_a_short_rate_limit_is_waited_out_by_the_client(harness: Harness) -> None:
    harness.server.rate_limit("DELETE", DELETE, retry_after=0.01)
    await harness.post(INSULT)
    report = await harness.pump()
    assert report.failed == [] and report.retried == 0
    assert len(harness.server.requests_to("DELETE", DELETE)) == 2  # 429, then the retry


async def test_a_long_rate_limit_is_retried_later_from_the_outbox(harness: Harness) -> None:
    harness.server.rate_limit("DELETE", DELETE, retry_after=60)
    await harness.post(INSULT)
    report = await harness.pump()
    assert report.retried == 1 and report.failed == []
    assert len(harness.server.requests_to("DELETE", DELETE)) == 1
    assert (await harness.pump()).retried == 0  # not due before the minute Discord asked for


async def test_an_exception_in_a_handler_does_not_stop_the_bot(
    harness: Harness, service: CommunityService, monkeypatch: pytest.MonkeyPatch
) -> None:
    handle = service.handle
    calls: list[str] = []

    def failing_once(message):  # the database going away for one message, say
        calls.append(message.id)
        if len(calls) == 1:
            raise RuntimeError("database unavailable")
        return handle(message)

    monkeypatch.setattr(service, "handle", failing_once)
    await harness.server.dispatch_message(GENERAL_CHANNEL_ID, ALICE_ID, INSULT)
    _, decision = await harness.post(INSULT)
    assert len(calls) == 2 and decision.matched == ("insultes",)


async def test_the_bot_resumes_after_a_disconnect_and_moderates_what_it_missed(
    harness: Harness,
) -> None:
    await harness.server.drop_connection()
    missed = await harness.server.dispatch_message(GENERAL_CHANNEL_ID, ALICE_ID, INSULT)
    await harness.server.gateway_log.wait_for(lambda payload: payload["op"] == 6)  # RESUME
    decision = await harness.event("decision")
    assert decision.message.id == missed["id"] and decision.matched == ("insultes",)


async def test_a_member_joining_feeds_the_crisis_plan(
    harness: Harness, service: CommunityService
) -> None:
    await harness.server.dispatch_member_join(FakeUser(555, "newcomer"))
    member = await harness.event("join")
    assert member.id == 555
    assert (
        service.desk.crisis_status(str(GUILD_ID), Actor("test", frozenset({"moderator"})))["level"]
        == 0
    )


async def test_the_bots_own_messages_are_not_moderated(harness: Harness) -> None:
    own = await harness.server.dispatch_message(
        GENERAL_CHANNEL_ID, harness.server.bot_user.id, INSULT
    )
    _, decision = await harness.post("bonjour")  # the next decision is this one
    assert decision.message.text == "bonjour" and decision.message.id != own["id"]


async def test_the_background_loop_executes_actions_as_soon_as_they_are_queued(
    service: CommunityService, server: FakeDiscordServer
) -> None:
    async with running_bot(service, server, test_settings(background=True)) as harness:
        payload, _ = await harness.post(INSULT)  # no manual pump: the decision wakes the loop
        await harness.request("DELETE", f"/channels/{GENERAL_CHANNEL_ID}/messages/{payload['id']}")


async def test_a_sharded_client_moderates_its_shard(
    service: CommunityService, server: FakeDiscordServer
) -> None:
    settings = test_settings(shard_count=1, shard_ids=(0,), sharded=True)
    async with running_bot(service, server, settings) as harness:
        assert harness.server.identify_payload["shard"] == [0, 1]
        payload, decision = await harness.post(INSULT)
        assert decision.matched == ("insultes",)
        await harness.pump()
        await harness.request("DELETE", f"/channels/{GENERAL_CHANNEL_ID}/messages/{payload['id']}")


async def test_start_up_names_what_the_server_lacks(
    service: CommunityService, caplog: pytest.LogCaptureFixture
) -> None:
    guild = sample_guild()
    bot_role = next(role for role in guild.roles if role.name == "Vigie")
    bot_role.permissions &= ~discord.Permissions(ban_members=True).value
    settings = test_settings(mod_channel="moderation")  # the fake's channel is #moderators
    async with FakeDiscordServer(guild) as server, running_bot(service, server, settings):
        pass
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("no channel 'moderation' for the moderators" in w for w in warnings)
    assert any("the bot's role lacks: ban_members" in w for w in warnings)
