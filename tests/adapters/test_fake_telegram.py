"""Smoke tests: a real python-telegram-bot Application against the fake Bot API server.

They prove the fake is faithful enough for adapter tests: initialization and long polling,
updates reaching handlers, moderation calls with their parameters, injected errors mapped
to PTB's exceptions, and a clean, fast shutdown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from telegram import (
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberRestricted,
    ChatPermissions,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.telegram_server import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    GROUP_CHAT_ID,
    MODERATORS_CHAT_ID,
    FakeTelegramServer,
    TgUser,
    application_builder,
    running_application,
)

pytestmark = pytest.mark.asyncio

EVENT_TIMEOUT = 2.0


@pytest.fixture(autouse=True)
def _local_http(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours proxy variables; the fake is local. PTB_TIMEDELTA opts in to PTB 22's
    # timedelta durations (RetryAfter.retry_after) without deprecation warnings.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as fake:
        yield fake


@pytest.fixture
def app(server: FakeTelegramServer) -> Application:
    return application_builder(server).build()


def recorder(queue: asyncio.Queue[Update]) -> Any:
    """A PTB callback that queues the updates it receives."""

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        queue.put_nowait(update)

    return record


async def next_update(queue: asyncio.Queue[Update]) -> Update:
    return await asyncio.wait_for(queue.get(), EVENT_TIMEOUT)


@pytest.mark.asyncio
async def test_initialize_poll_and_clean_shutdown(
    server: FakeTelegramServer, app: Application
) -> None:
    # Stopping cancels the 30 s long poll instead of waiting for it: waiting would time out.
    async with asyncio.timeout(EVENT_TIMEOUT):
        async with running_application(app, poll_timeout=30):
            assert app.bot.username == "vigie_test_bot"
            await server.wait_for_call("getUpdates", where=lambda c: c.params.get("timeout") == 30)
    methods = [call.method for call in server.calls]
    assert methods[:2] == ["getMe", "deleteWebhook"]
    assert methods[-1] == "getUpdates"  # PTB's final call confirming the offset


@pytest.mark.asyncio
async def test_long_poll_wakes_on_push_and_honours_offset(
    server: FakeTelegramServer, app: Application
) -> None:
    async with app:
        poll = asyncio.create_task(app.bot.get_updates(timeout=10))
        await server.wait_for_call("getUpdates")
        pushed = await server.push_message(GROUP_CHAT_ID, ALICE_ID, "hello")
        updates = await asyncio.wait_for(poll, EVENT_TIMEOUT)
        assert [u.message.text for u in updates] == ["hello"]
        # Same offset: delivered again; offset past it: confirmed and dropped.
        assert len(await app.bot.get_updates(timeout=0)) == 1
        assert await app.bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()
    assert server.pending_updates == [] and pushed["text"] == "hello"


@pytest.mark.asyncio
async def test_a_second_poller_terminates_the_long_poll_in_flight(
    server: FakeTelegramServer, app: Application
) -> None:
    other = application_builder(server).build()  # a second instance, same token
    async with app, other:
        waiting = asyncio.create_task(app.bot.get_updates(timeout=10))
        await server.wait_for_call("getUpdates")
        second = asyncio.create_task(other.bot.get_updates(timeout=10))
        with pytest.raises(Conflict) as conflict:
            await asyncio.wait_for(waiting, EVENT_TIMEOUT)
        assert "terminated by other getUpdates request" in conflict.value.message
        await server.push_message(GROUP_CHAT_ID, ALICE_ID, "hello")
        assert [u.message.text for u in await asyncio.wait_for(second, EVENT_TIMEOUT)] == ["hello"]
        # One poller alone, poll after poll, is never in conflict with itself.
        assert len(await app.bot.get_updates(timeout=0)) == 1


@pytest.mark.asyncio
async def test_group_message_moderation_flow(server: FakeTelegramServer, app: Application) -> None:
    handled: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def moderate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        await context.bot.delete_message(message.chat_id, message.message_id)
        until = server.clock.now() + dt.timedelta(minutes=10)
        await context.bot.restrict_chat_member(
            message.chat_id, message.from_user.id, ChatPermissions.no_permissions(), until
        )
        buttons = [[InlineKeyboardButton("Ban", callback_data=f"ban:{message.from_user.id}")]]
        await context.bot.send_message(
            MODERATORS_CHAT_ID, "Spam removed", reply_markup=InlineKeyboardMarkup(buttons)
        )
        handled.set_result(message.message_id)

    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, moderate))
    async with running_application(app):
        pushed = await server.push_message(GROUP_CHAT_ID, ALICE_ID, "cheap pills http://spam.ru")
        assert await asyncio.wait_for(handled, EVENT_TIMEOUT) == pushed["message_id"]

    deleted = await server.wait_for_call("deleteMessage")
    assert deleted.params == {"chat_id": GROUP_CHAT_ID, "message_id": pushed["message_id"]}
    restricted = await server.wait_for_call("restrictChatMember")
    assert restricted.params["user_id"] == ALICE_ID
    assert not any(restricted.params["permissions"].values())
    assert restricted.params["until_date"] == int(server.clock.now().timestamp()) + 10 * 60
    sent = await server.wait_for_call("sendMessage")
    assert sent.params["chat_id"] == MODERATORS_CHAT_ID
    button = sent.params["reply_markup"]["inline_keyboard"][0][0]
    assert button == {"text": "Ban", "callback_data": f"ban:{ALICE_ID}"}
    assert (GROUP_CHAT_ID, pushed["message_id"]) not in server.messages


@pytest.mark.asyncio
async def test_callback_query_is_answered(server: FakeTelegramServer, app: Application) -> None:
    done: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def on_click(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer("Banned")
        await query.edit_message_text(f"Banned by {query.from_user.first_name}")
        done.set_result(query.data)

    app.add_handler(CallbackQueryHandler(on_click, pattern=r"^ban:"))
    async with running_application(app):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ban", callback_data="ban:1001")]])
        alert = await app.bot.send_message(MODERATORS_CHAT_ID, "Spam", reply_markup=markup)
        query = await server.push_callback_query(
            BOB_ID, "ban:1001", chat_id=MODERATORS_CHAT_ID, message_id=alert.message_id
        )
        assert await asyncio.wait_for(done, EVENT_TIMEOUT) == "ban:1001"

    answered = await server.wait_for_call("answerCallbackQuery")
    assert answered.params == {"callback_query_id": query["id"], "text": "Banned"}
    edited = await server.wait_for_call("editMessageText")
    assert edited.params["text"] == "Banned by Bob"
    assert server.open_callback_queries == set()


@pytest.mark.asyncio
async def test_commands_edits_joins_captions_and_forwards(
    server: FakeTelegramServer, app: Application
) -> None:
    commands: asyncio.Queue[Update] = asyncio.Queue()
    edits: asyncio.Queue[Update] = asyncio.Queue()
    joins: asyncio.Queue[Update] = asyncio.Queue()
    forwards: asyncio.Queue[Update] = asyncio.Queue()
    app.add_handler(CommandHandler("report", recorder(commands)))
    # filters.TEXT also matches edited messages: route edits first.
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, recorder(edits)))
    app.add_handler(MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, recorder(joins)))
    app.add_handler(MessageHandler(filters.FORWARDED & filters.CAPTION, recorder(forwards)))

    async with running_application(app):
        await server.push_command(GROUP_CHAT_ID, BOB_ID, "report", "scam link")
        update = await next_update(commands)
        assert update.effective_user.id == BOB_ID

        original = await server.push_message(GROUP_CHAT_ID, ALICE_ID, "hi")
        await server.push_edited_message(GROUP_CHAT_ID, original["message_id"], "hi t.me/x")
        update = await next_update(edits)
        assert update.edited_message.text == "hi t.me/x"

        await server.push_new_members(GROUP_CHAT_ID, [TgUser(2001, "Newbie")])
        update = await next_update(joins)
        assert [user.id for user in update.message.new_chat_members] == [2001]

        await server.push_message(GROUP_CHAT_ID, ALICE_ID, caption="win", forward_from=BOB_ID)
        update = await next_update(forwards)
        assert update.message.caption == "win" and update.message.photo
        assert update.message.forward_origin.sender_user.id == BOB_ID


@pytest.mark.asyncio
async def test_privacy_mode_hides_plain_messages_from_non_admin_bot(
    server: FakeTelegramServer,
) -> None:
    # In the moderators' chat the bot is not an admin and privacy mode is on.
    assert await server.push_message(MODERATORS_CHAT_ID, BOB_ID, "just chatting") is None
    assert await server.push_command(MODERATORS_CHAT_ID, BOB_ID, "stats") is not None
    async with FakeTelegramServer(can_read_all_group_messages=True) as open_server:
        assert await open_server.push_message(MODERATORS_CHAT_ID, BOB_ID, "seen") is not None


@pytest.mark.asyncio
async def test_injected_errors_map_to_ptb_exceptions(
    server: FakeTelegramServer, app: Application
) -> None:
    async with app:
        bot = app.bot
        # PTB strips the "Bad Request: " / "Forbidden: " prefix and capitalises the rest.
        server.fail("deleteMessage", "Bad Request: message to delete not found")
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await bot.delete_message(GROUP_CHAT_ID, 1)
        server.fail("banChatMember", "Forbidden: bot was kicked from the group", error_code=403)
        with pytest.raises(Forbidden, match=r"(?i)bot was kicked"):
            await bot.ban_chat_member(GROUP_CHAT_ID, ALICE_ID)
        server.flood("sendMessage", retry_after=3)
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(GROUP_CHAT_ID, "hello")
        assert flood.value.retry_after == dt.timedelta(seconds=3)
        await bot.send_message(GROUP_CHAT_ID, "hello")  # one fault only
        # Telegram's own refusals, without injection:
        with pytest.raises(BadRequest, match=r"(?i)user is an administrator"):
            await bot.restrict_chat_member(GROUP_CHAT_ID, BOB_ID, ChatPermissions())
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await bot.delete_message(GROUP_CHAT_ID, 999)


@pytest.mark.asyncio
async def test_member_state_follows_moderation(
    server: FakeTelegramServer, app: Application
) -> None:
    async with app:
        bot = app.bot
        me = await bot.get_chat_member(GROUP_CHAT_ID, BOT_ID)
        assert isinstance(me, ChatMemberAdministrator) and me.can_delete_messages
        admins = await bot.get_chat_administrators(GROUP_CHAT_ID)
        assert {admin.user.id for admin in admins} >= {BOB_ID, BOT_ID}

        await bot.restrict_chat_member(
            GROUP_CHAT_ID, ALICE_ID, ChatPermissions.no_permissions(), until_date=dt.timedelta(1)
        )
        member = await bot.get_chat_member(GROUP_CHAT_ID, ALICE_ID)
        assert isinstance(member, ChatMemberRestricted) and not member.can_send_messages

        await bot.ban_chat_member(GROUP_CHAT_ID, ALICE_ID)
        assert isinstance(await bot.get_chat_member(GROUP_CHAT_ID, ALICE_ID), ChatMemberBanned)
        await bot.unban_chat_member(GROUP_CHAT_ID, ALICE_ID, only_if_banned=True)
        assert (await bot.get_chat_member(GROUP_CHAT_ID, ALICE_ID)).status == "left"

        chat = await bot.get_chat(GROUP_CHAT_ID)
        assert chat.title == "Vigie Test Group" and chat.permissions.can_send_messages
        await bot.set_chat_permissions(GROUP_CHAT_ID, ChatPermissions(can_send_messages=False))
        assert not (await bot.get_chat(GROUP_CHAT_ID)).permissions.can_send_messages
        await bot.set_my_commands([("report", "Report a message")])
        assert [c.command for c in await bot.get_my_commands()] == ["report"]
