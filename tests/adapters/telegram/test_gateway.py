"""The Telegram gateway against the fake Bot API: each action kind becomes the right calls, and
each platform error the right answer for the dispatcher (never an exception)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from telegram import Bot

from bot.adapters.telegram.gateway import TelegramGateway
from bot.core.clock import ManualClock
from bot.core.decision import ActionRequest
from bot.core.ports import Outcome
from bot.service import CommunityService
from tests.clocks import PINNED
from tests.fakes.telegram_server import (
    ALICE_ID,
    BOB_ID,
    GROUP_CHAT_ID,
    MODERATORS_CHAT_ID,
    FakeTelegramServer,
)

Check = Callable[[dict[str, Any], int], bool]


async def posted(server: FakeTelegramServer, user: int = ALICE_ID) -> int:
    """A message in the group, for an action to act on; its id."""
    message = await server.push_message(GROUP_CHAT_ID, user, "un message")
    assert message is not None
    return int(message["message_id"])


def action(kind: str, message_id: int | None, user: int = ALICE_ID, **fields: Any) -> ActionRequest:
    return ActionRequest(
        kind,
        f"test:{kind}:{message_id}",
        str(GROUP_CHAT_ID),
        "telegram",
        channel=str(GROUP_CHAT_ID),
        message_id=None if message_id is None else str(message_id),
        user_id=str(user),
        **fields,
    )


def until_in(low: float, high: float) -> Check:
    return lambda p, _: (
        low < p["until_date"] - PINNED.timestamp() <= high and not any(p["permissions"].values())
    )


@pytest.mark.parametrize(
    ("kind", "fields", "method", "check"),
    [
        (
            "delete",
            {},
            "deleteMessage",
            lambda p, m: p == {"chat_id": GROUP_CHAT_ID, "message_id": m},
        ),
        ("hold", {}, "deleteMessage", lambda p, m: p["message_id"] == m),
        ("timeout", {"duration": timedelta(hours=1)}, "restrictChatMember", until_in(3590, 3600)),
        ("timeout", {"duration": timedelta(seconds=5)}, "restrictChatMember", until_in(31, 40)),
        (
            "ban",
            {"params": {"delete_message_seconds": 86400}},
            "banChatMember",
            # revoke_messages only hides the history from the banned user: not sent.
            lambda p, _: p["user_id"] == ALICE_ID and "revoke_messages" not in p,
        ),
        ("kick", {}, "unbanChatMember", lambda p, _: p["only_if_banned"] is True),
        ("unban", {}, "unbanChatMember", lambda p, _: p["user_id"] == ALICE_ID),
        (
            "warn",
            {"notice": "Avertissement", "params": {"where": "reply"}},
            "sendMessage",
            lambda p, m: p["chat_id"] == GROUP_CHAT_ID and p["reply_parameters"]["message_id"] == m,
        ),
        (
            "notify_author",
            {"notice": "Votre message a été retiré"},
            "sendMessage",
            lambda p, _: p["chat_id"] == ALICE_ID and p["text"].startswith("Votre message"),
        ),
        (
            "lock",
            {"params": {"locked": True, "channels": []}},
            "setChatPermissions",
            lambda p, _: p["permissions"]["can_send_messages"] is False,
        ),
        (
            "post_statement",
            {"params": {"statement": "s1", "texts": {"en": "Hello", "fr": "Bonjour"}}},
            "sendMessage",
            lambda p, _: p["chat_id"] == GROUP_CHAT_ID and p["text"] == "Bonjour\n\nHello",
        ),
    ],
    ids=[
        "delete",
        "hold",
        "mute-1h",
        "mute-lengthened",
        "ban",
        "kick",
        "unban",
        "warn-reply",
        "notify-author",
        "lock",
        "statement",
    ],
)
async def test_action_kinds(
    server: FakeTelegramServer,
    gateway: TelegramGateway,
    kind: str,
    fields: dict[str, Any],
    method: str,
    check: Check,
) -> None:
    message_id = await posted(server)
    result = await gateway.execute(action(kind, message_id, **fields))
    assert result.outcome is Outcome.DONE, result.detail
    call = await server.wait_for_call(method)
    assert check(call.params, message_id), call.params


async def test_private_notice_falls_back_to_a_reply_in_the_group(
    server: FakeTelegramServer, gateway: TelegramGateway
) -> None:
    server.users[ALICE_ID].has_started_bot = False
    message_id = await posted(server)
    result = await gateway.execute(action("notify_author", message_id, notice="Motif"))
    assert result.outcome is Outcome.DONE and "replied in the group" in result.detail
    reply = await server.wait_for_call(
        "sendMessage", where=lambda c: c.params["chat_id"] == GROUP_CHAT_ID
    )
    assert (
        reply.params["text"].startswith("Motif")
        and "Message privé impossible" in reply.params["text"]
    )


async def test_slow_mode_is_refused_and_asked_of_the_moderators(
    server: FakeTelegramServer, gateway: TelegramGateway
) -> None:
    result = await gateway.execute(action("slow_mode", None, params={"seconds": 30}))
    assert result.outcome is Outcome.FAILED and "no Bot API method" in result.detail
    advice = await server.wait_for_call("sendMessage")
    assert advice.params["chat_id"] == MODERATORS_CHAT_ID and "Mode lent" in advice.params["text"]


async def test_an_alert_refused_by_a_flood_limit_waits_it_out_and_is_sent(
    server: FakeTelegramServer, gateway: TelegramGateway, clock: ManualClock
) -> None:
    """The moderators' chat under a flood limit: the alert (here, slow mode to set by hand) is
    sent after Telegram's delays, not only logged."""
    waited: list[float] = []

    async def wait(seconds: float) -> None:  # the edge's sleep, on the test's clock
        waited.append(seconds)
        clock.advance(timedelta(seconds=seconds))

    gateway.sleep = wait
    server.flood("sendMessage", retry_after=3, times=2)
    await gateway.execute(action("slow_mode", None, params={"seconds": 30}))
    await gateway.flush()
    assert waited == [3.0, 3.0]  # two refusals waited out, then the third call went through
    tries = [c for c in server.calls_to("sendMessage") if c.params["chat_id"] == MODERATORS_CHAT_ID]
    assert len(tries) == 3 and all("Mode lent" in c.params["text"] for c in tries)


@pytest.mark.parametrize(
    ("arm", "kind", "user", "outcome", "retry_after", "alerts"),
    [
        (
            lambda s: s.flood("deleteMessage", retry_after=3),
            "delete",
            ALICE_ID,
            Outcome.RETRY,
            3,
            0,
        ),
        (
            lambda s: s.fail("deleteMessage", "Bad Gateway", error_code=502),
            "delete",
            ALICE_ID,
            Outcome.RETRY,
            None,
            0,
        ),
        (lambda s: s.fail("deleteMessage"), "delete", ALICE_ID, Outcome.DONE, None, 0),
        (
            lambda s: s.fail(
                "banChatMember",
                "Forbidden: bot was kicked from the supergroup chat",
                error_code=403,
                times=2,
            ),
            "ban",
            ALICE_ID,
            Outcome.FAILED,
            None,
            1,
        ),
        (
            lambda s: s.fail(
                "restrictChatMember",
                "Bad Request: not enough rights to restrict/unrestrict chat member",
                times=2,
            ),
            "timeout",
            ALICE_ID,
            Outcome.FAILED,
            None,
            1,
        ),
        (lambda s: None, "ban", BOB_ID, Outcome.FAILED, None, 0),  # bob is an administrator
    ],
    ids=["flood", "network", "already-deleted", "bot-removed", "no-rights", "target-is-admin"],
)
async def test_errors_become_answers(
    server: FakeTelegramServer,
    gateway: TelegramGateway,
    arm: Callable[[FakeTelegramServer], None],
    kind: str,
    user: int,
    outcome: Outcome,
    retry_after: float | None,
    alerts: int,
) -> None:
    message_id = await posted(server)
    arm(server)
    request = action(kind, message_id, user, duration=timedelta(minutes=5))
    results = [await gateway.execute(request) for _ in range(2 if alerts else 1)]
    assert {(r.outcome, r.retry_after) for r in results} == {(outcome, retry_after)}
    to_moderators = [
        c for c in server.calls_to("sendMessage") if c.params["chat_id"] == MODERATORS_CHAT_ID
    ]
    assert len(to_moderators) == alerts  # reported once, however often it happens


async def test_crisis_notice_to_an_unreachable_contact_reaches_the_moderators(
    server: FakeTelegramServer, gateway: TelegramGateway
) -> None:
    server.users[ALICE_ID].has_started_bot = False
    params = {"to": f"user:{ALICE_ID}", "text": "Alerte (2)", "case": "k1", "person": "Alice"}
    result = await gateway.execute(action("notify", None, params=params))
    assert result.outcome is Outcome.DONE and "moderators' chat only" in result.detail
    copy = await server.wait_for_call(
        "sendMessage", where=lambda c: c.params["chat_id"] == MODERATORS_CHAT_ID
    )
    assert "Alice n'a pas pu être joint" in copy.params["text"]
    assert copy.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "v:k:k1:ack"


@pytest.mark.parametrize(
    ("mod_chat", "outcome", "detail"),
    [(MODERATORS_CHAT_ID, Outcome.FAILED, "no case"), (None, Outcome.DONE, "review console")],
    ids=["no-case", "no-moderators-chat"],
)
async def test_escalation_without_a_card_to_post(
    bot: Bot,
    service: CommunityService,
    clock: ManualClock,
    mod_chat: int | None,
    outcome: Outcome,
    detail: str,
) -> None:
    gateway = TelegramGateway(bot, service.desk, clock, mod_chat)
    result = await gateway.execute(action("escalate", 999, rule="insultes"))
    assert result.outcome is outcome and detail in result.detail


@pytest.mark.parametrize(
    ("request_", "detail"),
    [
        (action("teleport", None), "not done on Telegram"),
        (ActionRequest("delete", "k", "general", "telegram", message_id="1"), "not a Telegram"),
    ],
    ids=["unknown-kind", "not-a-chat-id"],
)
async def test_what_telegram_cannot_do_fails_with_a_reason(
    gateway: TelegramGateway, request_: ActionRequest, detail: str
) -> None:
    result = await gateway.execute(request_)
    assert result.outcome is Outcome.FAILED and detail in result.detail
