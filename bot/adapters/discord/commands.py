"""The member and crisis slash commands: `/rules` (the public charter in the member's language),
`/report` and the "Report message" menu (a case for the moderators), `/appeal` (an appeal case,
reviewed by another moderator), `/crisis status`, `/crisis level` (manual trigger), `/crisis
approve` (a statement, by the plan's approver, after seeing its text) and `/ack` for the staff;
the moderators' own commands are in `moderation_commands`. Names and descriptions are catalog
entries (`discord.slash.*`, see `localized`): French clients see /regles, /signaler, /recours...,
as the charter tells members to use them. Each command calls the desk; every answer is private (ephemeral).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.adapters.desks import Desks
from bot.adapters.discord.acting import actor_of, off_loop, private, run
from bot.adapters.discord.channels import ChannelDirectory
from bot.adapters.discord.localized import options, slash
from bot.adapters.discord.moderation_commands import ModerationCommands, declare_moderation
from bot.adapters.discord.translate import lang_of, parse_message_ref
from bot.crisis.status_chat import status_text
from bot.desk import Desk, Refusal
from bot.i18n.catalog import messages

log = logging.getLogger("vigie.discord")

_CHUNK = 1900  # under Discord's 2000 characters, whole lines only


def chunks(text: str, size: int = _CHUNK) -> list[str]:
    """`text` cut at line ends into pieces of at most `size` characters (an overlong line is cut
    where it must)."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        for start in range(0, len(line), size):
            part = line[start : start + size]
            if len(current) + len(part) > size:
                pieces.append(current)
                current = ""
            current += part
    pieces.append(current)
    return [piece for piece in pieces if piece.strip()]


class MemberCommands:
    """What each member and crisis command does; `build_tree` declares them to Discord."""

    def __init__(self, desks: Desks, directory: ChannelDirectory, wake: Callable[[], None]) -> None:
        self._desks = desks
        self._directory = directory
        self._wake = wake  # the desk queued actions: let the dispatcher run now

    def _desk(self, interaction: discord.Interaction) -> Desk:
        """The desk of the guild the command was given in (its charter, its staff)."""
        return self._desks.of(interaction.guild_id)

    def lang(self, interaction: discord.Interaction) -> str:
        """The asker's language: their client's if Vigie speaks it, else the guild's."""
        return lang_of(interaction.locale, self._directory.lang(interaction.guild_id))

    async def rules(self, interaction: discord.Interaction) -> None:
        """The public charter, in the member's language, privately."""
        for piece in chunks(
            await off_loop(self._desk(interaction).rules_text, self.lang(interaction))
        ):
            await private(interaction, piece)  # a follow-up once the command was deferred

    async def report(self, interaction: discord.Interaction, message: str, reason: str) -> None:
        """A member reports a message given by link or id."""
        lang = self.lang(interaction)
        ref = parse_message_ref(message, interaction.channel_id or 0)
        if interaction.guild_id is None:
            return await private(interaction, messages().text(lang, "discord.guild_only"))
        if ref is None:
            return await private(interaction, messages().text(lang, "discord.report.bad_ref"))
        await self._report(interaction, ref, reason, lang)

    async def report_menu(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """The "Report message" entry of a message's Apps menu."""
        lang = self.lang(interaction)
        if interaction.guild_id is None:
            return await private(interaction, messages().text(lang, "discord.guild_only"))
        await self._report(interaction, (str(message.channel.id), str(message.id)), "", lang)

    async def _report(
        self, interaction: discord.Interaction, ref: tuple[str, str], reason: str, lang: str
    ) -> None:
        channel, message_id = ref
        actor = actor_of(interaction, lang)
        community = str(interaction.guild_id)
        await run(
            interaction,
            lang,
            lambda: self._desk(interaction).report(actor, community, channel, message_id, reason),
            self._wake,
        )

    async def appeal(
        self,
        interaction: discord.Interaction,
        reason: str,
        decision: int | None = None,
        case: int | None = None,
    ) -> None:
        """A member contests a decision about them (their latest by default): an appeal case
        for another moderator."""
        lang = self.lang(interaction)
        if interaction.guild_id is None:
            return await private(interaction, messages().text(lang, "discord.guild_only"))
        actor = actor_of(interaction, lang)
        author, community = str(interaction.user.id), str(interaction.guild_id)
        await run(
            interaction,
            lang,
            lambda: self._desk(interaction).appeal(
                actor, author, reason, community, case, decision
            ),
            self._wake,
        )

    async def crisis_status(self, interaction: discord.Interaction) -> None:
        """The crisis level and, for the staff, what waits."""
        lang = self.lang(interaction)
        actor = actor_of(interaction, lang)
        try:
            status = await off_loop(
                self._desk(interaction).crisis_status, str(interaction.guild_id), actor
            )
        except Refusal as refusal:
            return await private(interaction, refusal.text(lang))
        for piece in chunks(format_status(status, lang)):
            await private(interaction, piece)

    async def approve(
        self, interaction: discord.Interaction, statement: str, confirm: bool = False
    ) -> None:
        """The plan's approver agrees to a statement: without `confirm`, the text that would be
        posted and how to confirm it; with it, the statement is posted."""
        lang = self.lang(interaction)
        actor = actor_of(interaction, lang)
        try:
            result = self._desk(interaction).approve_statement(statement.strip(), actor, confirm)
        except Refusal as refusal:
            return await private(interaction, refusal.text(lang))
        if result.code == "approve_confirm":  # the desk's wording names Telegram's command
            text = messages().text(lang, "crisis_chat.approve_confirm", **result.values)
            for piece in chunks(text):
                await private(interaction, piece)
            return None
        self._wake()  # the statement was queued
        await private(interaction, result.text(lang))

    async def crisis_level(
        self, interaction: discord.Interaction, level: int, reason: str = ""
    ) -> None:
        """A manual level change, for the roles the charter and the plan name."""
        lang = self.lang(interaction)
        actor = actor_of(interaction, lang)
        community = str(interaction.guild_id)
        await run(
            interaction,
            lang,
            lambda: self._desk(interaction).declare_level(community, level, actor, reason),
            self._wake,
        )

    async def ack(self, interaction: discord.Interaction, case: str) -> None:
        """Acknowledge a crisis notification by its case id."""
        lang = self.lang(interaction)
        actor = actor_of(interaction, lang)
        await run(
            interaction, lang, lambda: self._desk(interaction).ack(case.strip(), actor), self._wake
        )

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """A command failed: log it, tell the member privately, keep running."""
        log.error("command %s failed", getattr(interaction.command, "name", "?"), exc_info=error)
        text = messages().text(self.lang(interaction), "discord.error")
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not tell the member about the failed command")


@dataclass(frozen=True, slots=True)
class DiscordMarkup:
    """Discord's markdown for the crisis status: the plan's words escaped, a bold headline,
    ids as inline code (easy to copy into /ack and /crisis approve)."""

    def text(self, value: str) -> str:
        """Escaped, so a name with `*` or `_` shows as written."""
        return discord.utils.escape_markdown(value)

    def bold(self, value: str) -> str:
        """Bold."""
        return f"**{value}**"

    def code(self, value: str) -> str:
        """Inline code."""
        return f"`{value}`"


def format_status(status: dict[str, Any], lang: str) -> str:
    """The crisis status in Discord's markdown (the one layout of `bot.crisis.status_chat`)."""
    return status_text(status, lang, DiscordMarkup())


def build_tree(
    client: discord.Client, commands: MemberCommands, moderation: ModerationCommands
) -> app_commands.CommandTree:
    """The command tree of the bot, every command bound to `commands` and `moderation`."""
    tree: app_commands.CommandTree = app_commands.CommandTree(client)
    _member_commands(tree, commands)
    _staff_commands(tree, commands)
    declare_moderation(tree, moderation)
    tree.error(commands.on_error)
    return tree


def _member_commands(tree: app_commands.CommandTree, commands: MemberCommands) -> None:
    @tree.command(name=slash("discord.slash.rules"), description=slash("discord.slash.rules_about"))
    async def rules(interaction: discord.Interaction) -> None:
        await commands.rules(interaction)

    @tree.command(
        name=slash("discord.slash.report"), description=slash("discord.slash.report_about")
    )
    @app_commands.rename(**options("message", "reason"))
    @app_commands.describe(
        message=slash("discord.slash.report_message"), reason=slash("discord.slash.why")
    )
    @app_commands.guild_only()
    async def report(interaction: discord.Interaction, message: str, reason: str) -> None:
        await commands.report(interaction, message, reason)

    @tree.context_menu(name=slash("discord.slash.report_menu"))
    @app_commands.guild_only()
    async def report_menu(interaction: discord.Interaction, message: discord.Message) -> None:
        await commands.report_menu(interaction, message)

    @tree.command(
        name=slash("discord.slash.appeal"), description=slash("discord.slash.appeal_about")
    )
    @app_commands.rename(**options("reason", "decision", "case"))
    @app_commands.describe(
        reason=slash("discord.slash.why"),
        decision=slash("discord.slash.appeal_decision"),
        case=slash("discord.slash.case_number"),
    )
    @app_commands.guild_only()
    async def appeal(
        interaction: discord.Interaction,
        reason: str,
        decision: int | None = None,
        case: int | None = None,
    ) -> None:
        await commands.appeal(interaction, reason, decision, case)


def _staff_commands(tree: app_commands.CommandTree, commands: MemberCommands) -> None:
    crisis = app_commands.Group(
        name=slash("discord.slash.crisis"),
        description=slash("discord.slash.crisis_about"),
        guild_only=True,
    )

    @crisis.command(
        name=slash("discord.slash.crisis_status"),
        description=slash("discord.slash.crisis_status_about"),
    )
    async def status(interaction: discord.Interaction) -> None:
        await commands.crisis_status(interaction)

    @crisis.command(
        name=slash("discord.slash.crisis_level"),
        description=slash("discord.slash.crisis_level_about"),
    )
    @app_commands.rename(**options("level", "reason"))
    @app_commands.describe(
        level=slash("discord.slash.crisis_level_level"), reason=slash("discord.slash.why")
    )
    async def level(
        interaction: discord.Interaction, level: app_commands.Range[int, 0, 9], reason: str = ""
    ) -> None:
        await commands.crisis_level(interaction, level, reason)

    @crisis.command(
        name=slash("discord.slash.crisis_approve"),
        description=slash("discord.slash.crisis_approve_about"),
    )
    @app_commands.rename(**options("statement", "confirm"))
    @app_commands.describe(
        statement=slash("discord.slash.crisis_approve_statement"),
        confirm=slash("discord.slash.crisis_approve_confirm"),
    )
    async def approve(
        interaction: discord.Interaction, statement: str, confirm: bool = False
    ) -> None:
        await commands.approve(interaction, statement, confirm)

    tree.add_command(crisis)

    @tree.command(name=slash("discord.slash.ack"), description=slash("discord.slash.ack_about"))
    @app_commands.rename(**options("case"))
    @app_commands.describe(case=slash("discord.slash.case_number"))
    async def ack(interaction: discord.Interaction, case: str) -> None:
        await commands.ack(interaction, case)
