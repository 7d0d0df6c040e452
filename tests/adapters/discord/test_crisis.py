"""The crisis plan on Discord: a level change posts its notifications as cards with an
Acknowledge button (mentioning the person or role called) and sets slow mode; approved statements
are posted; locks set and lift the @everyone overwrite."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import discord
import pytest

from bot.core.clock import ManualClock
from bot.core.decision import ActionRequest
from bot.desk import Actor
from bot.service import CommunityService
from tests.adapters.discord.conftest import (
    DEFERRED_UPDATE,
    EPHEMERAL,
    UPDATE_MESSAGE,
    Harness,
    card_buttons,
    card_fields,
    click,
    message_with_button,
    running_bot,
    slash,
)
from tests.fakes.discord_server import (
    ALICE_ID,
    BOB_ID,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MODERATORS_CHANNEL_ID,
    FakeDiscordServer,
    FakeMember,
    FakeUser,
)

COMMUNITY = str(GUILD_ID)
HEAD_OF_COMMUNICATION = "310000000000000003"  # the playbook's `com` holder on Discord
CUSTOMER_SERVICE_ROLE = "320000000000000001"  # the playbook's `service_client` holder


def notifications(harness: Harness) -> dict[str, dict]:
    """The crisis cards posted in the moderators' channel, by the mention they open with."""
    posts = harness.posts_to(MODERATORS_CHANNEL_ID)
    return {p.json["content"]: p.json for p in posts if p.json.get("embeds")}


async def declare_alert(harness: Harness, service: CommunityService) -> None:
    """The community manager declares level 2 (alert) and the outbox is drained."""
    claire = Actor("Claire (CM)", frozenset({"community_manager"}))
    service.desk.declare_level(COMMUNITY, 2, claire, "network outage")
    await harness.pump()


async def test_a_level_change_posts_its_notifications_and_enables_slow_mode(
    harness: Harness, service: CommunityService
) -> None:
    await declare_alert(harness, service)
    slow = await harness.request("PATCH", f"/channels/{GENERAL_CHANNEL_ID}")
    assert slow.json == {"rate_limit_per_user": 30}
    assert slow.reason is not None and "crise niveau 2" in slow.reason
    assert harness.server.guild.channel(GENERAL_CHANNEL_ID).rate_limit_per_user == 30

    cards = notifications(harness)
    person, role = cards[f"<@{HEAD_OF_COMMUNICATION}>"], cards[f"<@&{CUSTOMER_SERVICE_ROLE}>"]
    assert person["allowed_mentions"]["users"] == [int(HEAD_OF_COMMUNICATION)]  # pings only them
    assert role["allowed_mentions"]["roles"] == [int(CUSTOMER_SERVICE_ROLE)]
    assert "Alerte (2)" in person["embeds"][0]["description"]
    assert "<t:" in card_fields(person)["Acknowledge by"]
    [ack] = card_buttons(person)
    assert ack.startswith("vigie:ack:") and ack.endswith("-k2")


async def test_a_crisis_notification_is_acknowledged_with_its_button(
    harness: Harness, service: CommunityService
) -> None:
    await declare_alert(harness, service)
    [ack] = card_buttons(notifications(harness)[f"<@{HEAD_OF_COMMUNICATION}>"])
    refused = await click(harness.server, ack, ALICE_ID)
    assert refused.json["data"]["flags"] & EPHEMERAL

    answer = await click(harness.server, ack, BOB_ID)  # a moderator of the charter
    assert answer.json["type"] == UPDATE_MESSAGE and answer.json["data"]["components"] == []
    assert card_fields(answer.json["data"])["Outcome"] == f"🟢 Acknowledged by <@{BOB_ID}>"
    waiting = [
        c["case"]
        for c in service.desk.crisis_status(COMMUNITY, Actor("test", frozenset({"moderator"})))[
            "cases"
        ]
    ]
    assert ack.removeprefix("vigie:ack:") not in waiting


async def test_an_approved_statement_is_posted_in_the_main_channel(
    harness: Harness, service: CommunityService
) -> None:
    await declare_alert(harness, service)
    [statement] = service.desk.crisis_status(COMMUNITY, Actor("test", frozenset({"moderator"})))[
        "statements"
    ]
    helene = Actor("Hélène", frozenset({f"user:{HEAD_OF_COMMUNICATION}"}))
    service.desk.approve_statement(statement["statement"], helene)
    await harness.pump()
    [post] = harness.posts_to(GENERAL_CHANNEL_ID)
    english, french = post.json["content"].split("\n\n")  # the guild's language (en-US) first
    assert english.startswith("Hello everyone") and french.startswith("Bonjour à toutes")
    assert post.json["allowed_mentions"]["parse"] == []


async def test_a_lock_denies_writing_to_everyone_and_an_unlock_restores_it(
    harness: Harness, service: CommunityService
) -> None:
    def lock(locked: bool) -> ActionRequest:
        return ActionRequest(
            kind="lock",
            key=f"test:lock:{locked}",
            community=COMMUNITY,
            platform="discord",
            reason="crisis level 3 (crise)",
            params={"channels": ["general", "support"], "locked": locked},
        )

    service.outbox.enqueue([lock(True)], service.clock.now())
    report = await harness.pump()
    put = await harness.request("PUT", f"/channels/{GENERAL_CHANNEL_ID}/permissions/{GUILD_ID}")
    denied = discord.Permissions(int(put.json["deny"]))
    # The sample bot lacks Send Messages in Threads: Discord would refuse to deny it (50013).
    assert denied.send_messages and not denied.send_messages_in_threads and put.json["type"] == 0
    assert report.done == 1  # "support" does not exist: skipped, named in the outbox detail

    service.outbox.enqueue([lock(False)], service.clock.now())
    await harness.pump()
    await harness.request("DELETE", f"/channels/{GENERAL_CHANNEL_ID}/permissions/{GUILD_ID}")
    assert harness.server.guild.channel(GENERAL_CHANNEL_ID).permission_overwrites == []


async def test_a_slow_acknowledgement_is_deferred_before_the_work(
    harness: Harness, service: CommunityService, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await declare_alert(harness, service)
    [ack] = card_buttons(notifications(harness)[f"<@{HEAD_OF_COMMUNICATION}>"])
    record = service.desk.ack

    def slow_ack(*args: Any) -> Any:
        clock.advance(timedelta(seconds=5))  # the database took five seconds
        return record(*args)

    monkeypatch.setattr(service.desk, "ack", slow_ack)
    card = message_with_button(harness.server, ack)
    interaction = await harness.server.dispatch_component(ack, message_id=card, user_id=BOB_ID)
    first = await harness.request("POST", f"/interactions/{interaction['id']}/{{}}/callback")
    assert first.json["type"] == DEFERRED_UPDATE  # within Discord's three seconds
    edit = await harness.request(
        "PATCH", f"/webhooks/{{}}/{interaction['token']}/messages/@original"
    )
    assert card_fields(edit.json)["Outcome"] == f"🟢 Acknowledged by <@{BOB_ID}>"
    assert edit.json["components"] == []


def _approve(statement: str, *confirm: bool) -> list[dict]:
    options = [{"name": "statement", "type": 3, "value": statement}]
    options += [{"name": "confirm", "type": 5, "value": value} for value in confirm]
    return [{"name": "approve", "type": 1, "options": options}]


async def test_the_plans_approver_posts_a_statement_with_crisis_approve_after_confirming(
    service: CommunityService, server: FakeDiscordServer
) -> None:
    """/crisis approve: the approver first reads the text that will be posted, then confirms;
    a manager who is not the statement's approver is refused; nothing is posted before."""
    helene = int(HEAD_OF_COMMUNICATION)
    server.guild.members.append(FakeMember(FakeUser(helene, "helene"), []))
    managers = service.staff.managers | {f"user:{BOB_ID}", f"user:{helene}"}
    managed = CommunityService(
        service.charter, service.engine, service.db, service.clock, "discord",
        replace(service.staff, managers=managers), service.crisis,
    )  # fmt: skip
    async with running_bot(managed, server) as harness:
        await declare_alert(harness, managed)
        staff = Actor("test", frozenset({"moderator"}))
        [waiting] = managed.desk.crisis_status(COMMUNITY, staff)["statements"]
        statement = waiting["statement"]

        refused = await slash(server, "crisis", BOB_ID, _approve(statement, True))
        assert refused.json["data"]["flags"] & EPHEMERAL
        assert "Refused" in refused.json["data"]["content"]  # a manager, not the approver
        shown = (await slash(server, "crisis", helene, _approve(statement))).json["data"]
        assert "Hello everyone" in shown["content"]  # the text as it will be posted
        assert f"/crisis approve statement:{statement} confirm:True" in shown["content"]
        await harness.pump()
        assert harness.posts_to(GENERAL_CHANNEL_ID) == []  # nothing posted before confirming

        done = (await slash(server, "crisis", helene, _approve(statement, True))).json["data"]
        assert done["content"] == f"Statement {statement} approved."
        await harness.pump()
        [post] = harness.posts_to(GENERAL_CHANNEL_ID)
        assert post.json["content"].startswith("Hello everyone")
        assert not managed.desk.crisis_status(COMMUNITY, staff)["statements"]
