"""discord.py objects → the platform-neutral values of the core, and the small parsings the adapter
needs (languages, message links, audit-log reasons). Pure functions over the attributes discord.py
exposes, so they are tested with plain stand-ins.

Conventions: community = the guild id, channel = the channel id (its name goes in `extra`),
author roles = the role ids *and* names, each name also in a folded form ("Community Manager" →
`community_manager`, "Modérateur" → `moderateur`) so that charters name roles the way people
write them.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.core.decision import ActionRequest
from bot.core.message import Author, Message
from bot.i18n.catalog import messages
from bot.text.normalize import plain

PLATFORM = "discord"
AUDIT_REASON_LIMIT = 512  # Discord truncates X-Audit-Log-Reason beyond this
LANGUAGES = ("fr", "en")  # the languages the adapter's own texts are written in

_MESSAGE_LINK = re.compile(
    r"https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/channels/"
    r"(?P<guild>\d+|@me)/(?P<channel>\d+)/(?P<message>\d+)"
)
_SNOWFLAKE = re.compile(r"\d{15,21}")


def fold_role_name(name: str) -> str:
    """A role name as a charter writes it: lower case, no accents, spaces and hyphens as `_`."""
    return re.sub(r"[\s\-]+", "_", plain(name.strip()))


def role_names(name: str) -> tuple[str, ...]:
    """The name as written, and its folded form when it differs."""
    folded = fold_role_name(name)
    return (name,) if folded == name else (name, folded)


def member_roles(user: Any, guild_id: int | None) -> tuple[str, ...]:
    """Role ids and names of a member (none for a plain user); @everyone (id = guild id) left out."""
    found: list[str] = []
    for role in getattr(user, "roles", None) or ():
        if role.id == guild_id:
            continue
        found += [str(role.id), *role_names(role.name)]
    return tuple(dict.fromkeys(found))


def author_of(user: Any, guild_id: int | None) -> Author:
    """The core author of a Discord user or member."""
    return Author(
        id=str(user.id),
        name=getattr(user, "display_name", None) or user.name,
        roles=member_roles(user, guild_id),
        joined=getattr(user, "joined_at", None),
        created=user.created_at,
        is_bot=bool(user.bot),
    )


def message_of(message: Any, *, edited: bool = False) -> Message | None:
    """The core message of a guild message (None for a DM: no community to moderate).

    An edit is dated by its edit time, so it is decided again under a new key.
    """
    guild = message.guild
    if guild is None:
        return None
    at: datetime = (message.edited_at if edited else None) or message.created_at
    reference = message.reference
    forwarded = forwarded_text(message)
    extra = {"channel_name": getattr(message.channel, "name", None), "guild_name": guild.name}
    if forwarded is not None:
        extra["forwarded"] = True
    return Message(
        id=str(message.id),
        ts=at,
        author=author_of(message.author, guild.id),
        text=message.content or forwarded or "",
        platform=PLATFORM,
        community=str(guild.id),
        channel=str(message.channel.id),
        reply_to=(
            str(reference.message_id)
            if reference and reference.message_id and forwarded is None
            else None
        ),
        edited=edited,
        mentions=len(set(message.raw_mentions)) + len(set(message.raw_role_mentions)),
        extra={key: value for key, value in extra.items() if value},
    )


def forwarded_text(message: Any) -> str | None:
    """The text of a forwarded message: Discord sends a forward with an empty `content` and the
    forwarded message in `message_snapshots` (its reference has type FORWARD); None otherwise."""
    snapshots = getattr(message, "message_snapshots", None) or []
    if not snapshots:
        return None
    return "\n".join(snapshot.content for snapshot in snapshots if snapshot.content)


def identities(user: Any, guild_id: int | None = None) -> frozenset[str]:
    """Everything `Staff.may_moderate` may know a person by: the id, `user:ID` (the playbook's
    form), and for a member each role's id, `role:ID` and names."""
    found = {str(user.id), f"user:{user.id}"}
    for role in getattr(user, "roles", None) or ():
        if role.id != guild_id:
            found.update({str(role.id), f"role:{role.id}", *role_names(role.name)})
    return frozenset(found)


def moderator_name(user: Any) -> str:
    """How a Discord moderator is recorded on a case (stable across renames, unlike a name)."""
    return f"{PLATFORM}:{user.id}"


def lang_of(locale: object, fallback: str) -> str:
    """The adapter language for a Discord locale ("fr", "en-US", `Locale.french`...)."""
    value = str(getattr(locale, "value", locale) or "").lower()
    for lang in LANGUAGES:
        if value == lang or value.startswith(f"{lang}-"):
            return lang
    return fallback if fallback in LANGUAGES else LANGUAGES[0]


def parse_message_ref(text: str, channel_id: int) -> tuple[str, str] | None:
    """(channel id, message id) from a message link, or from a bare id in `channel_id`."""
    text = text.strip()
    link = _MESSAGE_LINK.search(text)
    if link:
        return link["channel"], link["message"]
    if _SNOWFLAKE.fullmatch(text):
        return str(channel_id), text
    return None


def audit_reason(request: ActionRequest, lang: str) -> str:
    """The audit-log reason of an action, in the community's language (the charter's first, the
    one the engine words the reason in): who decided, under which rule, and why."""
    parts = ["Vigie"]
    if request.rule:
        parts.append(messages().text(lang, "discord.audit_rule", rule=request.rule))
    if request.reason:
        parts.append(request.reason)
    text = " — ".join(parts)
    return text if len(text) <= AUDIT_REASON_LIMIT else text[: AUDIT_REASON_LIMIT - 1] + "…"


def snowflake(value: str | int | None) -> int | None:
    """An id as Discord wants it, or None when `value` is not one (a name, empty)."""
    text = str(value or "").strip()
    return int(text) if text.isdecimal() else None
