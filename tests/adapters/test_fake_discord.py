"""Smoke tests: the real discord.py client against the fake Discord server.

They prove the fake is faithful enough for adapter tests: login, READY and guild cache,
gateway events reaching handlers, moderation REST calls, injected errors and interactions.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from tests.fakes.discord_server import (
    ALICE_ID,
    BOB_ID,
    BOT_ID,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MODERATOR_ROLE_ID,
    MODERATORS_CHANNEL_ID,
    FakeDiscordServer,
    FakeUser,
    running_client,
)

pytestmark = pytest.mark.asyncio

EVENT_TIMEOUT = 2.0


class RecordingClient(discord.Client):
    """A client whose event handlers queue what they receive, for the test to await."""

    def __init__(self, *, message_content: bool = True, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.members = True
        intents.message_content = message_content
        # guild_ready_timeout: discord.py waits that long after the last GUILD_CREATE.
        super().__init__(intents=intents, guild_ready_timeout=0.01, **options)
        self.events: dict[str, asyncio.Queue[Any]] = {}

    def queue(self, event: str) -> asyncio.Queue[Any]:
        return self.events.setdefault(event, asyncio.Queue())

    async def next_event(self, event: str) -> Any:
        return await asyncio.wait_for(self.queue(event).get(), EVENT_TIMEOUT)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.id != BOT_ID:  # the fake echoes the bot's own messages, as Discord
            self.queue("message").put_nowait(message)

    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        self.queue("message_edit").put_nowait((before, after))

    async def on_member_join(self, member: discord.Member) -> None:
        self.queue("member_join").put_nowait(member)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        self.queue("reaction").put_nowait(payload)

    async def on_resumed(self) -> None:
        self.queue("resumed").put_nowait(True)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeDiscordServer]:
    async with FakeDiscordServer() as fake:
        yield fake


@pytest_asyncio.fixture
async def client(server: FakeDiscordServer) -> AsyncIterator[RecordingClient]:
    bot = RecordingClient()
    async with running_client(bot, server):
        yield bot


async def user_message(
    server: FakeDiscordServer, client: RecordingClient, content: str, author: int = ALICE_ID
) -> discord.Message:
    await server.dispatch_message(GENERAL_CHANNEL_ID, author, content)
    return await client.next_event("message")


@pytest.mark.asyncio
async def test_login_ready_and_guild_cache(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    assert client.user is not None and client.user.id == BOT_ID
    guild = client.get_guild(GUILD_ID)
    assert guild is not None and guild.member_count == 4
    assert {c.name for c in guild.text_channels} == {"general", "moderators"}
    bob = guild.get_member(BOB_ID)
    assert bob is not None and guild.get_role(MODERATOR_ROLE_ID) in bob.roles
    assert bob.joined_at is not None
    moderators = guild.get_channel(MODERATORS_CHANNEL_ID)
    assert not moderators.permissions_for(guild.get_member(ALICE_ID)).view_channel
    assert moderators.permissions_for(bob).view_channel
    assert server.requests_to("GET", "/users/@me")
    assert server.requests_to("GET", "/oauth2/applications/@me")
    assert server.identify_payload["intents"] & discord.Intents(message_content=True).value


@pytest.mark.asyncio
async def test_message_create_reaches_on_message(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    message = await user_message(server, client, "buy cheap followers <@100000000000000303>")
    assert message.author.id == ALICE_ID
    assert isinstance(message.author, discord.Member)
    assert message.content == "buy cheap followers <@100000000000000303>"
    assert message.channel.id == GENERAL_CHANNEL_ID
    assert [user.id for user in message.mentions] == [BOB_ID]


@pytest.mark.asyncio
async def test_content_is_empty_without_the_message_content_intent() -> None:
    async with FakeDiscordServer(message_content_intent=False) as server:
        bot = RecordingClient()
        async with running_client(bot, server):
            plain = await user_message(server, bot, "hidden text")
            mention = await user_message(server, bot, f"<@{BOT_ID}> visible text")
    assert plain.content == ""
    assert mention.content == f"<@{BOT_ID}> visible text"


@pytest.mark.asyncio
async def test_privileged_intent_not_granted_closes_with_4014() -> None:
    async with FakeDiscordServer(
        message_content_intent=False, enforce_privileged_intents=True
    ) as server:
        # connect(reconnect=False) surfaces the close code; with reconnect=True (as in
        # Client.start) discord.py raises PrivilegedIntentsRequired for the same close.
        with pytest.raises(discord.ConnectionClosed) as closed:
            async with running_client(RecordingClient(), server):
                pass
    assert closed.value.code == 4014


@pytest.mark.asyncio
async def test_delete_message_records_request_and_reason(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    first = await user_message(server, client, "spam 1")
    second = await user_message(server, client, "spam 2")
    await first.delete()  # discord.py's Message.delete() sends no audit-log reason
    request = await server.wait_for_request("DELETE", f"/channels/{{}}/messages/{first.id}")
    assert request.reason is None
    # The reason reaches Discord only through the HTTP layer (or bulk delete).
    await client.http.delete_message(second.channel.id, second.id, reason="spam: link farm")
    request = await server.wait_for_request("DELETE", "/channels/{}/messages/{}")
    assert request.path == f"/channels/{GENERAL_CHANNEL_ID}/messages/{second.id}"
    assert request.reason == "spam: link farm"
    assert first.id not in server.messages and second.id not in server.messages


@pytest.mark.asyncio
async def test_timeout_member_sends_patch(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    member = client.get_guild(GUILD_ID).get_member(ALICE_ID)
    # An absolute end: a relative one would be computed by discord.py from the wall clock.
    end = server.clock.now() + dt.timedelta(minutes=10)
    await member.timeout(end, reason="flood")
    request = await server.wait_for_request("PATCH", f"/guilds/{GUILD_ID}/members/{ALICE_ID}")
    assert dt.datetime.fromisoformat(request.json["communication_disabled_until"]) == end
    assert request.reason == "flood"
    assert server.guild.member(ALICE_ID).communication_disabled_until is not None


@pytest.mark.asyncio
async def test_ban_sends_delete_message_seconds(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    guild = client.get_guild(GUILD_ID)
    await guild.ban(discord.Object(ALICE_ID), reason="raid", delete_message_seconds=3600)
    request = await server.wait_for_request("PUT", f"/guilds/{GUILD_ID}/bans/{ALICE_ID}")
    assert request.query == {"delete_message_seconds": "3600"}
    assert request.reason == "raid"
    assert server.guild.bans == {ALICE_ID: "raid"} and server.guild.member(ALICE_ID) is None
    await guild.unban(discord.Object(ALICE_ID))
    await server.wait_for_request("DELETE", f"/guilds/{GUILD_ID}/bans/{ALICE_ID}")
    assert server.guild.bans == {}


@pytest.mark.asyncio
async def test_injected_403_raises_forbidden(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    message = await user_message(server, client, "spam")
    server.fail("DELETE", "/channels/{}/messages/{}")
    with pytest.raises(discord.Forbidden) as error:
        await message.delete()
    assert error.value.status == 403 and error.value.code == 50013
    await message.delete()  # the fault was for one request only


@pytest.mark.asyncio
async def test_injected_429_is_retried_or_raised(server: FakeDiscordServer) -> None:
    bot = RecordingClient(max_ratelimit_timeout=30)
    async with running_client(bot, server):
        channel = bot.get_channel(GENERAL_CHANNEL_ID)
        server.rate_limit("POST", "/channels/{}/messages", retry_after=0.01)
        await channel.send("warning")
        assert len(server.requests_to("POST", "/channels/{}/messages")) == 2
        server.rate_limit("POST", "/channels/{}/messages", retry_after=60)
        with pytest.raises(discord.RateLimited):
            await channel.send("warning")


@pytest.mark.asyncio
async def test_button_interaction_is_answered(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    clicked: asyncio.Future[discord.Interaction] = asyncio.get_running_loop().create_future()

    class Review(discord.ui.View):
        @discord.ui.button(label="Approve", custom_id="review:approve")
        async def approve(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
            await interaction.response.send_message("Approved", ephemeral=True)
            clicked.set_result(interaction)

    channel = client.get_channel(MODERATORS_CHANNEL_ID)
    sent = await channel.send("Message flagged", view=Review(timeout=None))
    post = await server.wait_for_request("POST", f"/channels/{MODERATORS_CHANNEL_ID}/messages")
    assert post.json["components"][0]["components"][0]["custom_id"] == "review:approve"

    event = await server.dispatch_component("review:approve", message_id=sent.id, user_id=BOB_ID)
    interaction = await asyncio.wait_for(clicked, EVENT_TIMEOUT)
    assert interaction.user.id == BOB_ID
    assert MODERATOR_ROLE_ID in [role.id for role in interaction.user.roles]
    callback = await server.wait_for_request("POST", f"/interactions/{event['id']}/{{}}/callback")
    assert callback.json["type"] == 4 and callback.json["data"]["content"] == "Approved"


@pytest.mark.asyncio
async def test_slash_command_sync_and_invoke(server: FakeDiscordServer) -> None:
    bot = RecordingClient()
    tree = app_commands.CommandTree(bot)
    invoked: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    @tree.command(name="report", description="Report a message")
    async def report(interaction: discord.Interaction, reason: str) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.followup.send(f"Reported: {reason}", ephemeral=True)
        invoked.set_result(reason)

    async with running_client(bot, server):
        tree.copy_global_to(guild=discord.Object(GUILD_ID))
        synced = await tree.sync(guild=discord.Object(GUILD_ID))
        assert [command.name for command in synced] == ["report"]
        option = {"name": "reason", "type": 3, "value": "scam"}
        await server.dispatch_slash_command(
            "report", user_id=ALICE_ID, channel_id=GENERAL_CHANNEL_ID, options=[option]
        )
        assert await asyncio.wait_for(invoked, EVENT_TIMEOUT) == "scam"
    followup = await server.wait_for_request("POST", f"/webhooks/{BOT_ID}/{{}}")
    assert followup.json["content"] == "Reported: scam"


@pytest.mark.asyncio
async def test_edit_join_and_reaction_events(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    message = await user_message(server, client, "hello")
    await server.dispatch_message_edit(message.id, "hello, buy now")
    before, after = await client.next_event("message_edit")
    assert (before.content, after.content) == ("hello", "hello, buy now")

    await server.dispatch_member_join(FakeUser(555, "newcomer"))
    member = await client.next_event("member_join")
    assert member.id == 555 and member.joined_at is not None

    await server.dispatch_reaction(message.id, BOB_ID, "\N{WARNING SIGN}")
    reaction = await client.next_event("reaction")
    assert reaction.user_id == BOB_ID and reaction.emoji.name == "\N{WARNING SIGN}"
    assert reaction.member is not None and reaction.member.id == BOB_ID


@pytest.mark.asyncio
async def test_moderation_calls_on_channels_and_dms(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    guild = client.get_guild(GUILD_ID)
    channel = guild.get_channel(GENERAL_CHANNEL_ID)
    await channel.edit(slowmode_delay=30, reason="raid")
    request = await server.wait_for_request("PATCH", f"/channels/{GENERAL_CHANNEL_ID}")
    assert request.json == {"rate_limit_per_user": 30} and request.reason == "raid"

    await channel.set_permissions(guild.default_role, send_messages=False, reason="lock")
    request = await server.wait_for_request("PUT", "/channels/{}/permissions/{}")
    assert int(request.json["deny"]) == discord.Permissions(send_messages=True).value

    await guild.get_member(ALICE_ID).send("You were warned.")
    dm = await server.wait_for_request("POST", "/users/@me/channels")
    assert dm.json == {"recipient_id": ALICE_ID}
    sent = await server.wait_for_request("POST", "/channels/{}/messages")
    assert sent.json["content"] == "You were warned."

    webhook = await channel.create_webhook(name="Vigie")
    posted = await webhook.send("Calm down, please.", username="Vigie Bot", wait=True)
    assert posted.author.name == "Vigie Bot" and posted.webhook_id == webhook.id


@pytest.mark.asyncio
async def test_dropped_connection_resumes_and_replays(
    server: FakeDiscordServer, client: RecordingClient
) -> None:
    await server.drop_connection()
    missed = await server.dispatch_message(GENERAL_CHANNEL_ID, ALICE_ID, "sent while away")
    await server.gateway_log.wait_for(lambda payload: payload["op"] == 6)
    assert await client.next_event("resumed") is True
    message = await client.next_event("message")
    assert message.id == int(missed["id"])
