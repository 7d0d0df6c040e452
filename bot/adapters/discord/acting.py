"""What every Discord command and button does around the desk: who asks (an `Actor` from the
interaction's user and their roles), then the desk's answer or refusal, privately, in their
language; the dispatcher is woken when the desk queued actions. The desk is called in a worker
thread (`off_loop`): it waits there for the service lane's lock and the database, while the
event loop goes on with heartbeats and other interactions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import discord

from bot.adapters.discord.translate import identities, moderator_name
from bot.desk import Actor, Refusal, Result, Standing

P = ParamSpec("P")
R = TypeVar("R")


def actor_of(interaction: discord.Interaction, lang: str) -> Actor:
    """The person behind an interaction, as the desk knows them."""
    user = interaction.user
    return Actor(
        moderator_name(user),
        identities(user, interaction.guild_id),
        lang,
        mention=f"{user.display_name} (<@{user.id}>)",
    )


async def off_loop(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`fn(*args)` (a desk call) in a worker thread, awaited: the lock it takes and the database
    it reads never hold the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)


def standing_of(interaction: discord.Interaction, user: discord.abc.User | None) -> Standing:
    """What Discord says of a command's target: their member roles (ids and names, as for an
    actor), whether they own the server, whether they are this bot."""
    if user is None:
        return Standing()
    guild = interaction.guild
    me = interaction.client.user
    return Standing(
        identities(user, interaction.guild_id),
        owner=guild is not None and guild.owner_id == user.id,
        bot=me is not None and me.id == user.id,
    )


async def private(interaction: discord.Interaction, text: str) -> None:
    """An answer only the person who asked sees (a follow-up once the answer was deferred)."""
    if interaction.response.is_done():
        await interaction.followup.send(text[:2000], ephemeral=True)
    else:
        await interaction.response.send_message(text[:2000], ephemeral=True)


async def run(
    interaction: discord.Interaction,
    lang: str,
    call: Callable[[], Result],
    wake: Callable[[], None],
    extra: Callable[[Result], Any] | None = None,
) -> Result | None:
    """Call the desk; answer its confirmation (plus `extra(result)` lines) or its refusal."""
    try:
        result = await off_loop(call)
    except Refusal as refusal:
        await private(interaction, refusal.text(lang))
        return None
    wake()
    text = result.text(lang)
    if extra is not None:
        text = "\n".join([text, *extra(result)])
    await private(interaction, text)
    return result
