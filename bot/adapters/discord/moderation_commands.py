"""The moderators' slash commands and context menus on Discord: /warn, /timeout, /kick, /ban (a
duration makes it temporary, `clean` deletes the member's recent messages), /unban, /delete (a
message link), /purge (the member's last N messages), /note and /infractions; the user menu
"Infractions" and the message menu "Delete message". Names from the catalog, so French clients see
/avertir, /sourdine, /expulser, /bannir, /debannir, /supprimer, /nettoyer, /note, /casier. Each one
parses, calls the desk (which checks the charter's roles) and answers privately."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import discord
from discord import app_commands

from bot.adapters.desks import Desks
from bot.adapters.discord.acting import actor_of, private, run, standing_of
from bot.adapters.discord.channels import ChannelDirectory
from bot.adapters.discord.localized import options, slash
from bot.adapters.discord.translate import lang_of, parse_message_ref
from bot.core.timeparse import parse_duration
from bot.desk import Desk, Purge, Refusal, Result, Sanction, Unban
from bot.i18n.catalog import messages


def _duration(text: str | None) -> timedelta | None:
    """A typed duration; a Refusal (with the expected form) for anything unreadable."""
    if not text:
        return None
    try:
        found = parse_duration(text.strip())
    except ValueError as exc:
        raise Refusal("duration_required") from exc
    if found <= timedelta(0):
        raise Refusal("duration_required")
    return found


class ModerationCommands:
    """What each moderator command does; `declare_moderation` declares them to Discord."""

    def __init__(self, desks: Desks, directory: ChannelDirectory, wake: Callable[[], None]) -> None:
        self._desks = desks
        self._directory = directory
        self._wake = wake

    def _desk(self, interaction: discord.Interaction) -> Desk:
        """The desk of the guild the command was given in (its charter, its staff)."""
        return self._desks.of(interaction.guild_id)

    def _lang(self, interaction: discord.Interaction) -> str:
        return lang_of(interaction.locale, self._directory.lang(interaction.guild_id))

    async def _do(self, interaction: discord.Interaction, build: Callable[[str], Sanction]) -> None:
        lang = self._lang(interaction)
        actor = actor_of(interaction, lang)
        await run(
            interaction,
            lang,
            lambda: self._desk(interaction).sanction(build(lang), actor),
            self._wake,
        )

    async def sanction(
        self,
        interaction: discord.Interaction,
        action: str,
        member: discord.abc.User,
        reason: str,
        *,
        duration: str | None = None,
        rule: str | None = None,
        clean: str | None = None,
    ) -> None:
        """/warn, /timeout, /kick, /ban on a member."""

        def build(lang: str) -> Sanction:
            return Sanction(
                action=action,
                community=str(interaction.guild_id),
                user_id=str(member.id),
                user_name=member.display_name,
                reason=reason,
                rule=rule or None,
                duration=_duration(duration),
                clean=_duration(clean),
                standing=standing_of(interaction, member),
            )

        await self._do(interaction, build)

    async def delete(self, interaction: discord.Interaction, message: str, reason: str) -> None:
        """/delete a message by link (or id in this channel)."""
        ref = parse_message_ref(message, interaction.channel_id or 0)
        if ref is None:
            return await private(
                interaction, messages().text(self._lang(interaction), "desk.no_message")
            )
        await self._delete(interaction, ref, None, reason)

    async def delete_menu(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """The "Delete message" entry of a message's Apps menu."""
        lang = self._directory.lang(interaction.guild_id)
        ref = (str(message.channel.id), str(message.id))
        await self._delete(
            interaction, ref, message.author, messages().text(lang, "discord.menu_reason")
        )

    async def _delete(
        self,
        interaction: discord.Interaction,
        ref: tuple[str, str],
        author: discord.abc.User | None,
        reason: str,
    ) -> None:
        def build(lang: str) -> Sanction:
            return Sanction(
                action="delete",
                community=str(interaction.guild_id),
                user_id=str(author.id) if author else None,
                user_name=author.display_name if author else "",
                channel=ref[0],
                message_id=ref[1],
                reason=reason,
                standing=standing_of(interaction, author),
            )

        await self._do(interaction, build)

    async def unban(self, interaction: discord.Interaction, user: str, reason: str) -> None:
        """/unban a user by id."""
        lang = self._lang(interaction)
        actor = actor_of(interaction, lang)
        command = Unban(str(interaction.guild_id), user.strip().strip("<@!>"), reason)
        await run(
            interaction, lang, lambda: self._desk(interaction).unban(command, actor), self._wake
        )

    async def purge(
        self, interaction: discord.Interaction, member: discord.abc.User, count: int, reason: str
    ) -> None:
        """/purge the member's last messages."""
        lang = self._lang(interaction)
        actor = actor_of(interaction, lang)
        standing = standing_of(interaction, member)
        command = Purge(str(interaction.guild_id), str(member.id), count, reason, standing=standing)
        await run(
            interaction, lang, lambda: self._desk(interaction).purge(command, actor), self._wake
        )

    async def note(
        self, interaction: discord.Interaction, member: discord.abc.User, text: str
    ) -> None:
        """/note about a member."""
        await self.sanction(interaction, "note", member, text)

    async def infractions(self, interaction: discord.Interaction, member: discord.abc.User) -> None:
        """/infractions of a member (or the user menu "Infractions")."""
        lang = self._lang(interaction)
        actor = actor_of(interaction, lang)
        community, user = str(interaction.guild_id), str(member.id)

        def lines(result: Result) -> list[str]:
            return list(result.data.lines(lang))

        await run(
            interaction,
            lang,
            lambda: self._desk(interaction).infractions(community, user, actor),
            lambda: None,
            lines,
        )

    async def rules(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """The charter's rule ids matching what is typed (autocomplete)."""
        found = [r for r in self._desk(interaction).rule_ids() if current.lower() in r.lower()]
        return [app_commands.Choice(name=r, value=r) for r in found[:25]]


def declare_moderation(tree: app_commands.CommandTree, commands: ModerationCommands) -> None:
    """Declare the moderators' commands and menus on `tree`."""
    _sanctions(tree, commands)
    _others(tree, commands)


_DESCRIBE = {
    "member": slash("discord.slash.the_member"),
    "reason": slash("discord.slash.why_member"),
    "rule": slash("discord.slash.the_rule"),
}


def _sanctions(tree: app_commands.CommandTree, commands: ModerationCommands) -> None:
    @tree.command(name=slash("discord.slash.warn"), description=slash("discord.slash.warn_about"))
    @app_commands.rename(**options("member", "reason", "rule"))
    @app_commands.describe(**_DESCRIBE)
    @app_commands.autocomplete(rule=commands.rules)
    @app_commands.guild_only()
    async def warn(
        interaction: discord.Interaction, member: discord.User, reason: str, rule: str | None = None
    ) -> None:
        await commands.sanction(interaction, "warn", member, reason, rule=rule)

    @tree.command(
        name=slash("discord.slash.timeout"), description=slash("discord.slash.timeout_about")
    )
    @app_commands.rename(**options("member", "duration", "reason", "rule"))
    @app_commands.describe(duration=slash("discord.slash.how_long"), **_DESCRIBE)
    @app_commands.autocomplete(rule=commands.rules)
    @app_commands.guild_only()
    async def timeout(
        interaction: discord.Interaction,
        member: discord.User,
        duration: str,
        reason: str,
        rule: str | None = None,
    ) -> None:
        await commands.sanction(
            interaction, "timeout", member, reason, duration=duration, rule=rule
        )

    @tree.command(name=slash("discord.slash.kick"), description=slash("discord.slash.kick_about"))
    @app_commands.rename(**options("member", "reason", "rule"))
    @app_commands.describe(**_DESCRIBE)
    @app_commands.autocomplete(rule=commands.rules)
    @app_commands.guild_only()
    async def kick(
        interaction: discord.Interaction, member: discord.User, reason: str, rule: str | None = None
    ) -> None:
        await commands.sanction(interaction, "kick", member, reason, rule=rule)

    @tree.command(name=slash("discord.slash.ban"), description=slash("discord.slash.ban_about"))
    @app_commands.rename(**options("member", "reason", "duration", "clean", "rule"))
    @app_commands.describe(
        duration=slash("discord.slash.how_long"),
        clean=slash("discord.slash.clean_about"),
        **_DESCRIBE,
    )
    @app_commands.autocomplete(rule=commands.rules)
    @app_commands.guild_only()
    async def ban(
        interaction: discord.Interaction,
        member: discord.User,
        reason: str,
        duration: str | None = None,
        clean: str | None = None,
        rule: str | None = None,
    ) -> None:
        await commands.sanction(
            interaction, "ban", member, reason, duration=duration, clean=clean, rule=rule
        )


def _others(tree: app_commands.CommandTree, commands: ModerationCommands) -> None:
    @tree.command(name=slash("discord.slash.unban"), description=slash("discord.slash.unban_about"))
    @app_commands.rename(**options("user", "reason"))
    @app_commands.describe(
        user=slash("discord.slash.the_user"), reason=slash("discord.slash.why_member")
    )
    @app_commands.guild_only()
    async def unban(interaction: discord.Interaction, user: str, reason: str) -> None:
        await commands.unban(interaction, user, reason)

    @tree.command(
        name=slash("discord.slash.delete"), description=slash("discord.slash.delete_about")
    )
    @app_commands.rename(**options("message", "reason"))
    @app_commands.describe(
        message=slash("discord.slash.message_link"), reason=slash("discord.slash.why_member")
    )
    @app_commands.guild_only()
    async def delete(interaction: discord.Interaction, message: str, reason: str) -> None:
        await commands.delete(interaction, message, reason)

    @tree.command(name=slash("discord.slash.purge"), description=slash("discord.slash.purge_about"))
    @app_commands.rename(**options("member", "count", "reason"))
    @app_commands.describe(
        member=slash("discord.slash.the_member"),
        count=slash("discord.slash.how_many"),
        reason=slash("discord.slash.why_member"),
    )
    @app_commands.guild_only()
    async def purge(
        interaction: discord.Interaction,
        member: discord.User,
        count: app_commands.Range[int, 1, 100],
        reason: str,
    ) -> None:
        await commands.purge(interaction, member, count, reason)

    @tree.command(name=slash("discord.slash.note"), description=slash("discord.slash.note_about"))
    @app_commands.rename(**options("member", "text"))
    @app_commands.describe(
        member=slash("discord.slash.the_member"), text=slash("discord.slash.the_note")
    )
    @app_commands.guild_only()
    async def note(interaction: discord.Interaction, member: discord.User, text: str) -> None:
        await commands.note(interaction, member, text)

    @tree.command(
        name=slash("discord.slash.infractions"),
        description=slash("discord.slash.infractions_about"),
    )
    @app_commands.rename(**options("member"))
    @app_commands.describe(member=slash("discord.slash.the_member"))
    @app_commands.guild_only()
    async def infractions(interaction: discord.Interaction, member: discord.User) -> None:
        await commands.infractions(interaction, member)

    @tree.context_menu(name=slash("discord.slash.infractions_menu"))
    @app_commands.guild_only()
    async def infractions_menu(interaction: discord.Interaction, member: discord.User) -> None:
        await commands.infractions(interaction, member)

    @tree.context_menu(name=slash("discord.slash.delete_menu"))
    @app_commands.guild_only()
    async def delete_menu(interaction: discord.Interaction, message: discord.Message) -> None:
        await commands.delete_menu(interaction, message)
