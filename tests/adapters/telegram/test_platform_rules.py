"""Telegram's own rules, modelled by the fake Bot API, and what the adapter does under them:
messages sent on behalf of a chat, a group upgraded to a supergroup, long texts, a second poller,
the update types asked for, the bot blocked in a private chat, permissions newer than the
library, arguments that look like numbers, and actions given up for good."""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from telegram import Bot

from bot.adapters.telegram.app import TelegramSettings, build_bot
from bot.adapters.telegram.cli import EXIT_FAILED, serve, wording
from bot.adapters.telegram.gateway import TelegramGateway
from bot.core.clock import ManualClock
from bot.core.decision import ActionRequest
from bot.core.ports import Outcome
from bot.service import CommunityService
from bot.store.tables import ACTIONS, DECISIONS, MESSAGES
from tests.adapters.telegram.conftest import Harness
from tests.fakes.telegram_rules import MAX_TEXT, check_text
from tests.fakes.telegram_server import (
    ALICE_ID,
    GROUP_CHAT_ID,
    MODERATORS_CHAT_ID,
    OWNER_ID,
    FakeTelegramServer,
    TgChat,
    application_builder,
    running_application,
    sample_users,
)

CHANNEL_ID = -1_002_000_000_077  # a channel posting in the group
SUPERGROUP_ID = -1_001_999_000_002  # the moderators' group once upgraded


def action(kind: str, user: int, message_id: int | None = None, **fields: Any) -> ActionRequest:
    return ActionRequest(
        kind,
        f"rules:{kind}:{user}:{message_id}",
        str(GROUP_CHAT_ID),
        "telegram",
        channel=str(GROUP_CHAT_ID),
        message_id=None if message_id is None else str(message_id),
        user_id=str(user),
        notice="Votre message a été retiré (règle 2).",
        **fields,
    )


def sent_to(server: FakeTelegramServer, chat_id: int) -> list[str]:
    return [
        c.params["text"] for c in server.calls_to("sendMessage") if c.params["chat_id"] == chat_id
    ]


# --- messages on behalf of a chat ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["timeout", "kick", "ban"], ids=["mute", "kick", "ban"])
async def test_an_anonymous_administrator_is_never_sanctioned_as_the_group(
    server: FakeTelegramServer, gateway: TelegramGateway, kind: str
) -> None:
    result = await gateway.execute(action(kind, GROUP_CHAT_ID))
    assert result.outcome is Outcome.FAILED and "anonymous administrator" in result.detail
    sanctions = ("restrictChatMember", "banChatMember", "banChatSenderChat")
    assert not [c for name in sanctions for c in server.calls_to(name)]


async def test_an_anonymous_administrator_gets_no_private_notice_in_public(
    server: FakeTelegramServer, gateway: TelegramGateway
) -> None:
    result = await gateway.execute(action("notify_author", GROUP_CHAT_ID))
    assert result.outcome is Outcome.DONE and "anonymous" in result.detail
    assert sent_to(server, GROUP_CHAT_ID) == []


async def test_a_channel_is_banned_with_the_sender_chat_methods(
    server: FakeTelegramServer, gateway: TelegramGateway
) -> None:
    ban = await gateway.execute(action("ban", CHANNEL_ID))
    assert ban.outcome is Outcome.DONE, ban.detail
    assert (GROUP_CHAT_ID, CHANNEL_ID) in server.banned_sender_chats
    assert not server.calls_to("banChatMember")
    muted = await gateway.execute(action("timeout", CHANNEL_ID))
    assert muted.outcome is Outcome.FAILED and "only banned" in muted.detail
    unban = await gateway.execute(action("unban", CHANNEL_ID))
    assert unban.outcome is Outcome.DONE and not server.banned_sender_chats


async def test_a_user_method_with_a_chat_id_fails_as_on_telegram(
    server: FakeTelegramServer, bot: Bot
) -> None:
    from telegram.error import BadRequest

    with pytest.raises(BadRequest, match="Invalid user_id specified"):
        await bot.ban_chat_member(GROUP_CHAT_ID, CHANNEL_ID)


async def test_a_channel_post_in_the_group_is_decided_under_the_channel(h: Harness) -> None:
    await h.server.push_as_chat(GROUP_CHAT_ID, CHANNEL_ID, "t'es qu'un c0nn4rd")
    decision = await h.decision()
    assert decision.message.author.id == str(CHANNEL_ID)


# --- bans delete what the bot saw -------------------------------------------------------------


async def test_a_ban_deletes_the_members_recent_messages_the_bot_saw(h: Harness) -> None:
    ids = []
    for text in ("bonjour", "une question", "merci"):
        pushed = await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, text)
        ids.append(pushed["message_id"])
        await h.decision()
    request = action("ban", ALICE_ID, params={"delete_message_seconds": 86400})
    result = await h.bot.gateway.execute(request)
    assert result.outcome is Outcome.DONE and "3 recent message(s)" in result.detail
    deleted = await h.server.wait_for_call("deleteMessages")
    assert deleted.params["message_ids"] == ids
    assert not [key for key in h.server.messages if key[0] == GROUP_CHAT_ID and key[1] in ids]


# --- long texts -------------------------------------------------------------------------------


async def test_a_statement_longer_than_telegram_takes_is_split(
    server: FakeTelegramServer, gateway: TelegramGateway, clock: ManualClock
) -> None:
    paragraphs = [
        f"Paragraphe {n} : " + "la panne est en cours de résolution. " * 20 for n in range(12)
    ]
    text = "\n\n".join(paragraphs)
    assert len(text) > MAX_TEXT
    request = action("post_statement", ALICE_ID, params={"statement": "s", "texts": {"fr": text}})
    # Telegram takes one message a second in a chat: each part after the first is held back
    # (429, retry_after 1); the retry resumes at the part refused.
    outcomes = []
    for _ in range(3):
        result = await gateway.execute(request)
        outcomes.append((result.outcome, result.retry_after))
        clock.advance(timedelta(seconds=1))
    assert outcomes == [(Outcome.RETRY, 1), (Outcome.RETRY, 1), (Outcome.DONE, None)]
    parts = [
        m["text"] for (chat, _), m in server.messages.items() if chat == GROUP_CHAT_ID
    ]  # what the group shows: no part twice
    assert len(parts) == 3 and all(len(part) <= MAX_TEXT for part in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())  # nothing lost


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("x" * (MAX_TEXT + 1), "message is too long"),
        ("<b>gras", "Can't find end tag"),
        ("<b>gras</i>", "Unmatched end tag"),
        ("<div>bloc</div>", 'Unsupported start tag "div"'),
        ("1 < 2", "reserved"),
        ("&nbsp;", "Unsupported HTML entity"),
    ],
    ids=["too-long", "unclosed", "mismatched", "unsupported-tag", "bare-lt", "unknown-entity"],
)
async def test_the_fake_refuses_what_telegram_refuses(bot: Bot, text: str, refusal: str) -> None:
    from telegram.error import BadRequest

    with pytest.raises(BadRequest, match=f"(?i){refusal}"):
        await bot.send_message(GROUP_CHAT_ID, text, parse_mode="HTML")


# --- a group upgraded to a supergroup ----------------------------------------------------------


async def test_the_moderators_chat_is_followed_to_its_supergroup(h: Harness) -> None:
    await h.server.migrate_group(MODERATORS_CHAT_ID, SUPERGROUP_ID)
    assert await h.next_event("migration") == (MODERATORS_CHAT_ID, SUPERGROUP_ID)
    request = action("slow_mode", ALICE_ID, params={"seconds": 30})
    await h.bot.gateway.execute(request)
    advice = await h.server.wait_for_call(
        "sendMessage", where=lambda c: c.params["chat_id"] == SUPERGROUP_ID
    )
    assert "(30 secondes)" in advice.params["text"].replace("\xa0", " ")


async def test_an_action_on_the_old_group_id_is_retried_on_the_new_one(
    server: FakeTelegramServer, gateway: TelegramGateway
) -> None:
    server.chats[-4_000_001] = TgChat(
        -4_000_001, "Petit groupe", type="group", member_ids=[ALICE_ID]
    )
    await server.migrate_group(-4_000_001, -1_004_000_001)
    request = ActionRequest(
        "post_statement",
        "rules:migrated",
        "-4000001",
        "telegram",
        params={"statement": "s", "texts": {"fr": "Bonjour"}},
    )
    first = await gateway.execute(request)
    assert first.outcome is Outcome.RETRY and "-1004000001" in first.detail
    second = await gateway.execute(request)
    assert second.outcome is Outcome.DONE
    assert sent_to(server, -1_004_000_001) == ["Bonjour"]


async def test_a_migration_moves_the_stored_rows_and_survives_a_restart(
    h: Harness, service: CommunityService
) -> None:
    small, upgraded = -4_000_001, -1_004_000_001
    h.server.chats[small] = TgChat(small, "Petit groupe", type="group", member_ids=[ALICE_ID])
    await h.server.push_message(small, ALICE_ID, "t'es qu'un c0nn4rd")
    await h.decision()  # decided; its actions wait in the outbox
    await h.server.migrate_group(small, upgraded)
    await h.next_event("migration")
    await h.bot.moderation.lane.run(lambda: None)  # the move runs in the lane, after the decision
    with service.db.read() as connection:
        stored = {
            table.name: set(connection.execute(select(table.c.community)).scalars())
            for table in (MESSAGES, DECISIONS, ACTIONS)
        }
    assert stored == {name: {str(upgraded)} for name in ("messages", "decisions", "actions")}
    report = await h.pump()
    assert report.done and not report.retried  # no ChatMigrated: the actions name the new chat
    assert [c.params["chat_id"] for c in h.server.calls_to("deleteMessage")] == [upgraded]


async def test_a_moderators_chat_that_moved_is_followed_after_a_restart(
    h: Harness, service: CommunityService
) -> None:
    await h.server.migrate_group(MODERATORS_CHAT_ID, SUPERGROUP_ID)
    await h.next_event("migration")
    await h.bot.moderation.lane.run(lambda: None)
    settings = TelegramSettings(mod_chat=MODERATORS_CHAT_ID, groups=(MODERATORS_CHAT_ID,))
    restarted = build_bot(service, settings, application_builder(h.server))
    assert restarted.settings.mod_chat == restarted.gateway.mod_chat == SUPERGROUP_ID
    assert restarted.settings.groups == (SUPERGROUP_ID,)
    restarted.moderation.lane.close()


# --- polling ----------------------------------------------------------------------------------


async def test_a_second_poller_stops_the_bot_with_a_clear_message(
    service: CommunityService, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeTelegramServer(users=sample_users()) as server:
        bot = build_bot(service, TelegramSettings(), application_builder(server))
        async with asyncio.timeout(10):  # polling would otherwise retry forever
            running = asyncio.create_task(serve(bot, asyncio.Event()))
            await server.wait_for_call("getUpdates")  # the bot is long polling
            # Another instance starts with the same token: its getUpdates terminates the bot's.
            async with running_application(application_builder(server).build(), poll_timeout=5):
                code = await running
    assert code == EXIT_FAILED
    assert wording("conflict", os.environ) in capsys.readouterr().err


async def test_a_command_does_not_wait_for_the_messages_being_decided(
    h: Harness, service: CommunityService, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    handle = service.handle

    def slow(message: Any) -> Any:  # a raid's backlog: this decision takes its time
        release.wait(10)
        return handle(message)

    monkeypatch.setattr(service, "handle", slow)
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, "t'es qu'un c0nn4rd")
    await h.server.push_command(GROUP_CHAT_ID, ALICE_ID, "signaler")  # not in reply: its usage
    usage = await h.server.wait_for_call(
        "sendMessage", where=lambda c: "/signaler" in c.params["text"]
    )
    assert usage.params["chat_id"] == GROUP_CHAT_ID and not release.is_set()
    release.set()
    assert (await h.decision()).matched == ("insultes",)


async def test_the_update_types_are_named_and_honoured(service: CommunityService) -> None:
    async with FakeTelegramServer(users=sample_users()) as server:
        stop = asyncio.Event()
        bot = build_bot(service, TelegramSettings(), application_builder(server))
        running = asyncio.create_task(serve(bot, stop))
        poll = await server.wait_for_call(
            "getUpdates", where=lambda c: "allowed_updates" in c.params
        )
        assert set(poll.params["allowed_updates"]) >= {
            "message",
            "callback_query",
            "my_chat_member",
            "chat_member",  # bans and mutes given by hand are recorded (issue 14)
        }
        stop.set()
        assert await running == 0


async def test_a_user_blocking_the_bot_is_no_setup_problem(h: Harness) -> None:
    await h.server.push_my_chat_member(ALICE_ID, ALICE_ID, "member", "kicked")
    await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, "bonjour")
    await h.decision()  # updates are handled in order: the first one is done
    private = [c for c in h.server.calls if c.params.get("chat_id") == ALICE_ID]
    assert private == [] and sent_to(h.server, MODERATORS_CHAT_ID) == []


# --- crashes found ----------------------------------------------------------------------------


async def test_lock_keeps_permissions_newer_than_the_library(
    server: FakeTelegramServer, gateway: TelegramGateway
) -> None:
    server.chats[GROUP_CHAT_ID].permissions["can_send_future_stickers"] = True
    result = await gateway.execute(action("lock", ALICE_ID, params={"locked": True}))
    assert result.outcome is Outcome.DONE, result.detail
    sent = (await server.wait_for_call("setChatPermissions")).params["permissions"]
    assert sent["can_send_messages"] is False and sent["can_invite_users"] is True


@pytest.mark.parametrize(
    ("command", "user", "answer"),
    [("recours", ALICE_ID, "Aucune décision"), ("crise", OWNER_ID, "Rien à signaler")],
    ids=["appeal", "crisis"],
)
async def test_a_superscript_is_not_a_number(
    h: Harness, command: str, user: int, answer: str
) -> None:
    chat = ALICE_ID if command == "recours" else GROUP_CHAT_ID
    await h.server.push_command(chat, user, command, "²")
    reply = await h.server.wait_for_call("sendMessage", where=lambda c: c.params["chat_id"] == chat)
    assert answer in reply.params["text"]


async def test_an_action_given_up_is_reported_to_the_moderators(h: Harness) -> None:
    request = action("timeout", GROUP_CHAT_ID)
    h.service.outbox.enqueue([request], h.service.clock.now())
    report = await h.pump()
    assert [pending.request.kind for pending, _ in report.failed] == ["timeout"]
    posted = await h.server.wait_for_call(
        "sendMessage", where=lambda c: c.params["chat_id"] == MODERATORS_CHAT_ID
    )
    assert "timeout" in posted.params["text"] and "anonymous administrator" in posted.params["text"]


# --- the splitter keeps HTML valid ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "mot " * 3000,
        "<b>" + "gras " * 1500 + "</b> fin " + "<i>it</i> " * 400,
        "a" * 9000,
        "&lt;x&gt; " * 1500,
    ],
    ids=["words", "open-tag-across-cut", "no-space", "entities"],
)
def test_split_parts_are_each_accepted(text: str) -> None:
    from bot.adapters.telegram.longtext import split_text

    parts = split_text(text, html=True)
    assert len(parts) > 1
    for part in parts:
        check_text(part, "HTML")


# --- time: the 48-hour delete window, until_date bounds, flood limits ---------------------------


async def test_a_message_older_than_48_hours_is_refused_by_the_fake(
    server: FakeTelegramServer, bot: Bot, clock: ManualClock
) -> None:
    from telegram.error import BadRequest

    message = await server.push_message(GROUP_CHAT_ID, ALICE_ID, "ancien")
    clock.advance(timedelta(hours=48))
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted"):
        await bot.delete_message(GROUP_CHAT_ID, message["message_id"])


async def test_an_old_message_is_reported_as_old_not_as_a_loss_of_rights(h: Harness) -> None:
    pushed = await h.server.push_message(GROUP_CHAT_ID, ALICE_ID, "bonjour")
    await h.decision()
    h.clock.advance(timedelta(hours=49))  # a moderator confirms the case two days later
    result = await h.bot.gateway.execute(action("delete", ALICE_ID, pushed["message_id"]))
    assert result.outcome is Outcome.FAILED and "older than 48 hours" in result.detail
    assert sent_to(h.server, MODERATORS_CHAT_ID) == []  # no "is the bot still an admin?"


@pytest.mark.parametrize(
    ("ahead", "kept"),
    [(timedelta(seconds=29), False), (timedelta(minutes=1), True), (timedelta(days=367), False)],
    ids=["under-30s-forever", "kept", "over-366-days-forever"],
)
async def test_the_fake_turns_out_of_range_until_dates_into_forever(
    server: FakeTelegramServer, bot: Bot, clock: ManualClock, ahead: timedelta, kept: bool
) -> None:
    from telegram import ChatPermissions

    until = clock.now() + ahead
    await bot.restrict_chat_member(
        GROUP_CHAT_ID, ALICE_ID, ChatPermissions.no_permissions(), until_date=until
    )
    recorded = server.restrictions[(GROUP_CHAT_ID, ALICE_ID)]["until"]
    assert (recorded == int(until.timestamp())) is kept and (recorded == 0) is not kept


async def test_a_short_mute_stays_short_when_telegrams_clock_is_ahead(
    bot: Bot, service: CommunityService, clock: ManualClock, server: FakeTelegramServer
) -> None:
    ours = ManualClock(clock.now() - timedelta(seconds=5))  # the bot's clock runs 5 s behind
    gateway = TelegramGateway(bot, service.desk, ours, MODERATORS_CHAT_ID)
    result = await gateway.execute(action("timeout", ALICE_ID, duration=timedelta(seconds=5)))
    assert result.outcome is Outcome.DONE
    assert server.restrictions[(GROUP_CHAT_ID, ALICE_ID)]["until"] != 0  # not forever


async def test_flood_limits_are_retried_after_telegrams_delay(
    service: CommunityService, clock: ManualClock
) -> None:
    fake = FakeTelegramServer(users=sample_users(), clock=clock)  # flood limits are on
    async with fake as server, Bot(server.token, base_url=server.base_url) as bot:
        gateway = TelegramGateway(bot, service.desk, clock, MODERATORS_CHAT_ID)
        warn = action("warn", ALICE_ID, params={"where": "reply"})
        assert (await gateway.execute(warn)).outcome is Outcome.DONE
        again = await gateway.execute(warn)
        assert again.outcome is Outcome.RETRY and again.retry_after == 1
        clock.advance(timedelta(seconds=1))
        assert (await gateway.execute(warn)).outcome is Outcome.DONE
        for _ in range(18):
            clock.advance(timedelta(seconds=1))
            assert (await gateway.execute(warn)).outcome is Outcome.DONE
        clock.advance(timedelta(seconds=1))
        minute = await gateway.execute(warn)  # the 21st message in a minute in a group
        assert minute.outcome is Outcome.RETRY and minute.retry_after > 1


@pytest.mark.parametrize(
    "text",
    ["<b>" + "a &amp; b " * 600 + "</b>", "<i>" + "x" * 5000 + "</i>"],
    ids=["entity-at-the-cut", "tag-open-at-the-cut"],
)
def test_a_truncated_html_text_is_still_accepted(text: str) -> None:
    from bot.adapters.telegram.longtext import truncate

    cut = truncate(text, MAX_TEXT, html=True)
    assert cut.endswith("…") and check_text(cut, "HTML")
