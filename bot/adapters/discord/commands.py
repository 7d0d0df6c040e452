"""The slash commands: `/rules` (the public charter in the member's language), `/report` and the
"Report message" menu (a case for the moderators), `/appeal` (an appeal case, reviewed by another
moderator), `/crisis status`, `/crisis level` (manual trigger) and `/ack` for the staff. Names and
descriptions are English, localized in French (/regles, /signaler, /recours...) by a translator,
as the charter tells members to use them. Every answer is private (ephemeral).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord.channels import ChannelDirectory
from bot.adapters.discord.review import ReviewDesk, private
from bot.adapters.discord.texts import say
from bot.adapters.discord.translate import (
    identities,
    lang_of,
    moderator_name,
    parse_message_ref,
)
from bot.core.timeparse import parse_timestamp
from bot.service import CommunityService, NotAllowed
from bot.store.casefile import CaseError, CaseNotFound
from bot.store.userdata import UserData

log = logging.getLogger("vigie.discord")

_FRENCH = {
    "rules": "regles",
    "The community charter: what has no place here and how to appeal": (
        "La charte de la communauté : ce qui n'a pas sa place ici et comment contester"
    ),
    "report": "signaler",
    "Report a message to the moderators": "Signaler un message aux modérateurs",
    "message": "message",
    "The message link (right click → Copy Message Link) or its id": (
        "Le lien du message (clic droit → Copier le lien du message) ou son identifiant"
    ),
    "reason": "motif",
    "Why": "Pourquoi",
    "appeal": "recours",
    "Contest a decision about you (another moderator reviews it)": (
        "Contester une décision vous concernant (un autre modérateur la réexamine)"
    ),
    "decision": "decision",
    "The decision number (default: your latest)": "Le numéro de la décision (défaut : la dernière)",
    "case": "cas",
    "The case number": "Le numéro du cas",
    "crisis": "crise",
    "Crisis plan (staff)": "Plan de crise (équipe)",
    "status": "etat",
    "Where the community stands": "Où en est la communauté",
    "level": "niveau",
    "Declare a crisis level": "Déclarer un niveau de crise",
    "The level to declare": "Le niveau à déclarer",
    "ack": "pris-en-charge",
    "Acknowledge a crisis notification": "Prendre en charge une notification de crise",
    "Report message": "Signaler le message",
}
_CHUNK = 1900  # under Discord's 2000 characters, whole lines only


class FrenchNames(app_commands.Translator):
    """French names and descriptions for French Discord clients."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The French text of `string`, for the French locale only."""
        return _FRENCH.get(string.message) if locale is discord.Locale.french else None


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
    """What each command does; `build_tree` declares them to Discord."""

    def __init__(
        self,
        service: CommunityService,
        directory: ChannelDirectory,
        desk: ReviewDesk,
        wake: Callable[[], None],
    ) -> None:
        self._service = service
        self._directory = directory
        self._desk = desk
        self._wake = wake  # a level change queued actions: let the dispatcher run now

    def _lang(self, interaction: discord.Interaction) -> str:
        return lang_of(interaction.locale, self._directory.lang(interaction.guild_id))

    async def rules(self, interaction: discord.Interaction) -> None:
        """The public charter, in the member's language, privately."""
        for piece in chunks(self._service.rules_text(self._lang(interaction))):
            await private(interaction, piece)  # a follow-up once the command was deferred

    async def report(self, interaction: discord.Interaction, message: str, reason: str) -> None:
        """A member reports a message given by link or id."""
        lang = self._lang(interaction)
        ref = parse_message_ref(message, interaction.channel_id or 0)
        if interaction.guild_id is None:
            return await private(interaction, say("guild_only", lang))
        if ref is None:
            return await private(interaction, say("report.bad_ref", lang))
        await self._report(interaction, ref, reason, lang)

    async def report_menu(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """The "Report message" entry of a message's Apps menu."""
        lang = self._lang(interaction)
        if interaction.guild_id is None:
            return await private(interaction, say("guild_only", lang))
        await self._report(interaction, (str(message.channel.id), str(message.id)), "", lang)

    async def _report(
        self, interaction: discord.Interaction, ref: tuple[str, str], reason: str, lang: str
    ) -> None:
        community = str(interaction.guild_id)
        channel, message_id = ref
        reporter = moderator_name(interaction.user)
        case_id = self._service.report(reporter, community, channel, message_id, reason)
        self._desk.queue_card(community, case_id)
        await private(interaction, say("report.ok", lang, case=case_id))

    async def appeal(
        self,
        interaction: discord.Interaction,
        reason: str,
        decision: int | None = None,
        case: int | None = None,
    ) -> None:
        """A member contests a decision about them: an appeal case for another moderator."""
        lang = self._lang(interaction)
        if interaction.guild_id is None:
            return await private(interaction, say("guild_only", lang))
        community, author = str(interaction.guild_id), str(interaction.user.id)
        if case is None and decision is None:
            decision = self._latest_sanction(community, author)
            if decision is None:
                return await private(interaction, say("appeal.none", lang))
        try:
            appeal_id = self._service.appeal(
                author, reason, case_id=case, decision_id=None if case is not None else decision
            )
        except CaseNotFound:
            return await private(interaction, say("appeal.none", lang))
        except CaseError as exc:
            return await private(interaction, say("appeal.refused", lang, detail=exc))
        self._desk.queue_card(community, appeal_id)
        await private(interaction, say("appeal.ok", lang, case=appeal_id))

    def _latest_sanction(self, community: str, author: str) -> int | None:
        """The member's latest decision in the guild that did something to them."""
        decisions = UserData(self._service.db).export_user(community, author)["decisions"]
        acted = [d for d in decisions if d.get("actions") and d.get("mode") != "shadow"]
        return int(acted[-1]["id"]) if acted else None

    async def crisis_status(self, interaction: discord.Interaction) -> None:
        """The crisis level and what waits, for the staff."""
        lang = self._lang(interaction)
        if not self._is_staff(interaction):
            return await private(interaction, say("refused", lang))
        if self._service.crisis is None:
            return await private(interaction, say("crisis.no_plan", lang))
        try:
            status = self._service.crisis_status(str(interaction.guild_id))
        except KeyError:
            return await private(interaction, say("crisis.quiet", lang))
        await private(interaction, format_status(status, lang))

    async def crisis_level(
        self, interaction: discord.Interaction, level: int, reason: str = ""
    ) -> None:
        """A manual level change, for the roles the charter and the plan name."""
        lang = self._lang(interaction)
        user = interaction.user
        by = f"{user.display_name} ({moderator_name(user)})"
        try:
            self._service.declare_level(
                str(interaction.guild_id), level, by, identities(user, interaction.guild_id), reason
            )
        except NotAllowed:
            return await private(interaction, say("refused", lang))
        except ValueError as exc:
            return await private(interaction, say("crisis.level_refused", lang, detail=exc))
        except LookupError:
            return await private(interaction, say("crisis.no_plan", lang))
        self._wake()
        await private(interaction, say("crisis.level_set", lang, level=level))

    async def ack(self, interaction: discord.Interaction, case: str) -> None:
        """Acknowledge a crisis notification by its case id."""
        lang = self._lang(interaction)
        error = self._desk.acknowledge(case.strip(), interaction.user, interaction.guild_id, lang)
        await private(interaction, error or say("ack.ok", lang, case=case))

    def _is_staff(self, interaction: discord.Interaction) -> bool:
        return self._service.staff.may_moderate(identities(interaction.user, interaction.guild_id))

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """A command failed: log it, tell the member privately, keep running."""
        log.error("command %s failed", getattr(interaction.command, "name", "?"), exc_info=error)
        text = say("error", self._lang(interaction))
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not tell the member about the failed command")


def _when(value: str | None) -> str:
    """An ISO time as a Discord timestamp (shown in the reader's time zone)."""
    if not value:
        return "—"
    try:
        return discord.utils.format_dt(parse_timestamp(value), "f")
    except ValueError:
        return value


def format_status(status: dict[str, Any], lang: str) -> str:
    """The crisis status as a short Discord message."""
    lines = [
        say(
            "crisis.status",
            lang,
            level=status.get("level", 0),
            name=status.get("name", ""),
            since=_when(status.get("since")),
            incident=status.get("incident") or "—",
        )
    ]
    if status.get("cases"):
        lines.append(say("crisis.cases", lang))
        lines += [
            f"• `{c['case']}` — {c['role']} ({c['calling']}) — {_when(c.get('deadline'))}"
            for c in status["cases"]
        ]
    if status.get("statements"):
        lines.append(say("crisis.statements", lang))
        lines += [
            f"• `{s['statement']}` — {s['template']} ({s['approver']})"
            for s in status["statements"]
        ]
    return "\n".join(lines)[:2000]


def build_tree(client: discord.Client, commands: MemberCommands) -> app_commands.CommandTree:
    """The command tree of the bot, every command bound to `commands`."""
    tree: app_commands.CommandTree = app_commands.CommandTree(client)
    _member_commands(tree, commands)
    _staff_commands(tree, commands)
    tree.error(commands.on_error)
    return tree


def _member_commands(tree: app_commands.CommandTree, commands: MemberCommands) -> None:
    @tree.command(
        name="rules", description="The community charter: what has no place here and how to appeal"
    )
    async def rules(interaction: discord.Interaction) -> None:
        await commands.rules(interaction)

    @tree.command(name="report", description="Report a message to the moderators")
    @app_commands.describe(
        message="The message link (right click → Copy Message Link) or its id", reason="Why"
    )
    @app_commands.guild_only()
    async def report(interaction: discord.Interaction, message: str, reason: str) -> None:
        await commands.report(interaction, message, reason)

    @tree.context_menu(name="Report message")
    @app_commands.guild_only()
    async def report_menu(interaction: discord.Interaction, message: discord.Message) -> None:
        await commands.report_menu(interaction, message)

    @tree.command(
        name="appeal", description="Contest a decision about you (another moderator reviews it)"
    )
    @app_commands.describe(
        reason="Why",
        decision="The decision number (default: your latest)",
        case="The case number",
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
    crisis = app_commands.Group(name="crisis", description="Crisis plan (staff)", guild_only=True)

    @crisis.command(name="status", description="Where the community stands")
    async def status(interaction: discord.Interaction) -> None:
        await commands.crisis_status(interaction)

    @crisis.command(name="level", description="Declare a crisis level")
    @app_commands.describe(level="The level to declare", reason="Why")
    async def level(
        interaction: discord.Interaction, level: app_commands.Range[int, 0, 9], reason: str = ""
    ) -> None:
        await commands.crisis_level(interaction, level, reason)

    tree.add_command(crisis)

    @tree.command(name="ack", description="Acknowledge a crisis notification")
    @app_commands.describe(case="The case number")
    async def ack(interaction: discord.Interaction, case: str) -> None:
        await commands.ack(interaction, case)
