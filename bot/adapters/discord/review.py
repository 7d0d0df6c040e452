"""Moderator review without leaving Discord: cards for cases (escalations, reports, appeals) and
crisis notifications and mod-log lines are posted from the outbox, and the clicks on the buttons
become verdicts and acknowledgements at the desk — refused, privately, to anyone the charter or
the playbook does not name.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord

from bot.adapters.desks import Desks
from bot.adapters.discord.acting import actor_of, off_loop, private
from bot.adapters.discord.cards import (
    ButtonType,
    button_classes,
    case_embed,
    crisis_embed,
    deadline_of,
)
from bot.adapters.discord.channels import ChannelDirectory, mention_for
from bot.adapters.discord.operations import ActionFailed
from bot.adapters.discord.translate import lang_of, snowflake
from bot.core.decision import ActionRequest
from bot.desk import Desk, Refusal
from bot.i18n.catalog import messages
from bot.store.casefile import Verdict
from bot.store.tables import ACTIVE_CASE_STATUSES

log = logging.getLogger("vigie.discord")
_ACTIVE = {status.value for status in ACTIVE_CASE_STATUSES}


class ReviewDesk:
    """Posts the cards and handles their buttons; see the module docstring."""

    def __init__(
        self,
        desks: Desks,
        client: discord.Client,
        directory: ChannelDirectory,
        wake: Callable[[], None],
        modlog_channel: Callable[[str], str | None] = lambda community: None,
    ) -> None:
        self._desks = desks  # each guild's own desk (its charter, its staff)
        self._modlog_channel = modlog_channel
        self._client = client
        self._directory = directory
        self._wake = wake  # the verdict queued actions: let the dispatcher run now
        self._case_button, self._ack_button = button_classes(
            _guarded(self.verdict), _guarded(self.ack)
        )

    @property
    def buttons(self) -> tuple[ButtonType, ...]:
        """The button types to register with `client.add_dynamic_items`."""
        return self._case_button, self._ack_button

    # --- posting (from the outbox) -------------------------------------------------------------

    async def post_escalation(self, request: ActionRequest) -> str:
        """The card of the case an `escalate` action opened (found by its message and rule)."""
        found = await off_loop(self._desks.of(request.community).open_escalations, request)
        if not found:
            return "no open case left for this message (decided elsewhere)"
        return await self._post_case(request.community, max(found))

    async def post_case(self, request: ActionRequest) -> str:
        """The card of a case opened by a command (`review_card` action: params.case)."""
        return await self._post_case(request.community, int(request.params["case"]))

    async def post_modlog(self, request: ActionRequest) -> str:
        """A mod-log line, in the guild's mod-log channel (the deployment file's, else
        `--modlog-channel`; none: not posted)."""
        wanted = self._modlog_channel(request.community)
        if not wanted:
            return "no mod-log channel configured"
        guild = self._directory.guild_id(request.community)
        if guild is None:
            raise ActionFailed(f"community {request.community!r} is not a guild of this bot")
        channel = await self._directory.resolve(guild, wanted)
        if channel is None:
            raise ActionFailed(f"no mod-log channel {wanted!r} in this guild")
        target = self._client.get_partial_messageable(channel, guild_id=guild)
        text = str(request.params.get("text", ""))[:2000]
        await target.send(text, allowed_mentions=discord.AllowedMentions.none())
        return "logged"

    async def _post_case(self, community: str, case_id: int) -> str:
        guild, channel = await self._moderators(community)
        lang = self._directory.lang(guild)
        embed, view = await off_loop(self.case_message, self._desks.of(community), case_id, lang)
        target = self._client.get_partial_messageable(channel, guild_id=guild)
        await target.send(embed=embed, view=view or discord.utils.MISSING)
        return f"card of case {case_id} posted"

    def case_message(
        self, desk: Desk, case_id: int, lang: str, outcome: str | None = None
    ) -> tuple[discord.Embed, discord.ui.View | None]:
        """The embed of a case and its buttons (none once the case is decided)."""
        card = desk.card(case_id, lang)
        case = desk.case(case_id)
        embed = case_embed(card, case, lang, outcome)
        if case.status not in _ACTIVE:
            return embed, None
        view = discord.ui.View(timeout=None)
        for verdict in Verdict:
            view.add_item(
                self._case_button(
                    case_id, verdict, messages().text(lang, f"discord.button.{verdict.value}")
                )
            )
        return embed, view

    async def post_crisis(self, request: ActionRequest) -> str:
        """A crisis notification: a card mentioning the person or role called, with the
        Acknowledge button, in the moderators' channel (privately to a user of no guild)."""
        params = request.params
        kind, _, target_id = str(params.get("to", "")).partition(":")
        guild = self._directory.guild_id(request.community)
        if guild is None and kind == "user" and snowflake(target_id) is not None:
            return await self._notify_privately(int(target_id), params)
        guild, channel = await self._moderators(request.community)
        lang = self._directory.lang(guild)
        mention, allowed = mention_for(self._client.get_guild(guild), kind, target_id)
        target = self._client.get_partial_messageable(channel, guild_id=guild)
        await target.send(
            mention,
            embed=crisis_embed(params, lang),
            view=self._ack_view(params, lang, request.community) or discord.utils.MISSING,
            allowed_mentions=allowed,
        )
        return f"crisis notification for {params.get('to')} posted"

    async def _notify_privately(self, user_id: int, params: dict[str, Any]) -> str:
        lang = self._directory.fallback_lang
        channel = await self._client.create_dm(discord.Object(id=user_id))
        view = self._ack_view(params, lang) or discord.utils.MISSING
        await channel.send(embed=crisis_embed(params, lang), view=view)
        return "crisis notification sent privately"

    def _ack_view(
        self, params: dict[str, Any], lang: str, community: str | None = None
    ) -> discord.ui.View | None:
        if not params.get("case"):
            return None
        deadline = deadline_of(params)
        # A button label cannot hold a Discord timestamp: the community's own time, written out.
        when = self._desks.time_of(community, deadline) if deadline else "—"
        view = discord.ui.View(timeout=None)
        view.add_item(
            self._ack_button(
                str(params["case"]), messages().text(lang, "discord.button.ack", deadline=when)
            )
        )
        return view

    async def _moderators(self, community: str) -> tuple[int, int]:
        guild = self._directory.guild_id(community)
        if guild is None:
            raise ActionFailed(f"community {community!r} is not a guild of this bot")
        channel = await self._directory.moderators(guild)
        if channel is None:
            raise ActionFailed("this guild has no moderators' channel (see --mod-channel)")
        return guild, channel

    # --- clicks ------------------------------------------------------------------------------

    async def verdict(
        self, interaction: discord.Interaction, case_id: int, verdict: Verdict
    ) -> None:
        """A moderator pressed Confirm, Overturn or Escalate on a case card (the click is
        already deferred: the card is edited as the original response)."""
        lang = lang_of(interaction.locale, self._directory.lang(interaction.guild_id))
        desk = self._desks.of(interaction.guild_id)
        actor = actor_of(interaction, lang)
        try:
            await off_loop(desk.review, case_id, verdict, actor)
        except Refusal as refusal:
            return await private(interaction, refusal.text(lang))
        self._wake()
        card_lang = self._directory.lang(interaction.guild_id)
        outcome = messages().text(
            card_lang, f"discord.verdict.{verdict.value}", who=interaction.user.mention
        )
        embed, view = await off_loop(self.case_message, desk, case_id, card_lang, outcome)
        await interaction.edit_original_response(embed=embed, view=view)

    async def ack(self, interaction: discord.Interaction, case_id: str) -> None:
        """Someone of the crisis cell pressed Acknowledge on a crisis notification (deferred)."""
        lang = lang_of(interaction.locale, self._directory.lang(interaction.guild_id))
        error = await off_loop(self.acknowledge, case_id, interaction, lang)
        if error is not None:
            return await private(interaction, error)
        card_lang = self._directory.lang(interaction.guild_id)
        outcome = messages().text(card_lang, "discord.ack.done", who=interaction.user.mention)
        embeds = interaction.message.embeds if interaction.message else []
        embed = embeds[0] if embeds else discord.Embed()
        embed.add_field(
            name=messages().text(card_lang, "discord.card.status"), value=outcome, inline=False
        )
        await interaction.edit_original_response(embed=embed, view=None)

    def acknowledge(self, case_id: str, interaction: discord.Interaction, lang: str) -> str | None:
        """Record an acknowledgement (button or /ack); the refusal to show, if any."""
        try:
            self._desks.of(interaction.guild_id).ack(case_id, actor_of(interaction, lang))
        except Refusal as refusal:
            return refusal.text(lang)
        self._wake()
        return None


Handler = TypeVar("Handler", bound=Callable[..., Awaitable[None]])


def _guarded(handler: Handler) -> Handler:
    """A click handler that defers the click before any work (Discord forgets an interaction
    not answered within three seconds: 10062), then logs a failure and tells the moderator,
    instead of leaving them with Discord's bare "This interaction failed"."""

    @functools.wraps(handler)
    async def guarded(interaction: discord.Interaction, *args: Any) -> None:
        try:
            if not interaction.response.is_done():
                await interaction.response.defer()  # a component: the card is edited later
            await handler(interaction, *args)
        except Exception:
            log.exception("the button %s failed", dict(interaction.data or {}).get("custom_id"))
            with contextlib.suppress(discord.HTTPException):
                await private(
                    interaction, messages().text(lang_of(interaction.locale, "fr"), "discord.error")
                )

    return guarded  # type: ignore[return-value]
