"""Discord's permission rules, as the fake Discord enforces them (pure functions over the world).

Checked against Discord's developer documentation (Permissions: "Permission Hierarchy",
"Permission Overwrites"; Guild: "Modify Guild Member", "Create Guild Ban", "Remove Guild
Member"; Message: "Allowed Mentions"):

* a bot needs the permission of each moderation call (Moderate Members for a timeout, Kick
  Members, Ban Members, Manage Messages to delete others' messages, Manage Roles to edit
  overwrites, Manage Channels to edit a channel), else 403 50013 "Missing Permissions";
* it can only act on members whose highest role is strictly below its own highest role, never
  on the owner, and it can never time out a member with Administrator: 403 50013 too;
* in a permission overwrite it can only allow or deny permissions it holds itself (unless it is
  an administrator): 403 50013;
* a role mention pings only when the role is ``mentionable`` or the author may Mention Everyone,
  and only if the message's ``allowed_mentions`` let it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from tests.fakes.discord_server import FakeGuild, FakeMember

MISSING_PERMISSIONS = 50013
ADMINISTRATOR = discord.Permissions(administrator=True).value


class PermissionRefused(Exception):
    """A call Discord refuses with 403 50013."""


def top_position(guild: FakeGuild, member: FakeMember) -> int:
    """The position of the member's highest role (0: @everyone only)."""
    positions = [role.position for role in guild.roles if role.id in member.roles]
    return max(positions, default=0)


def require(guild: FakeGuild, member: FakeMember, permission: str) -> None:
    """PermissionRefused unless `member` holds `permission` (a discord.Permissions flag)."""
    held = discord.Permissions(guild.permissions_of(member))
    if not getattr(held, permission):
        raise PermissionRefused(f"missing {permission}")


def may_act_on(guild: FakeGuild, bot: FakeMember, target: FakeMember, *, timeout: bool) -> None:
    """PermissionRefused when the role hierarchy (or the owner, or an administrator for a
    timeout) protects `target` from `bot`."""
    if target.user.id == guild.owner_id:
        raise PermissionRefused("the owner")
    if timeout and guild.permissions_of(target) & ADMINISTRATOR:
        raise PermissionRefused("an administrator")
    if top_position(guild, target) >= top_position(guild, bot):
        raise PermissionRefused("a member whose highest role is not below the bot's")


def check_overwrite(guild: FakeGuild, bot: FakeMember, allow: int, deny: int) -> None:
    """PermissionRefused when the overwrite allows or denies a permission the bot lacks."""
    held = guild.permissions_of(bot)
    require(guild, bot, "manage_roles")
    if held & ADMINISTRATOR:
        return
    beyond = (allow | deny) & ~held
    if beyond:
        names = [name for name, value in discord.Permissions(beyond) if value]
        raise PermissionRefused(f"overwrite of permissions the bot lacks: {', '.join(names)}")


def pinged_roles(
    guild: FakeGuild | None,
    author: FakeMember | None,
    mentioned: list[str],
    allowed: dict[str, Any] | None,
) -> list[str]:
    """The role ids a message actually pings among those its content mentions."""
    if guild is None:
        return []
    if allowed is not None:
        parse = allowed.get("parse") or []
        listed = [str(role) for role in allowed.get("roles") or []]
        mentioned = [role for role in mentioned if "roles" in parse or role in listed]
    everyone = (
        author is not None and discord.Permissions(guild.permissions_of(author)).mention_everyone
    )
    roles = {str(role.id): role for role in guild.roles}
    return [
        role_id
        for role_id in mentioned
        if role_id in roles and (roles[role_id].mentionable or everyone)
    ]
