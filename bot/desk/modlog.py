"""The mod-log of automated decisions: one line per enforced decision that did something to a
member (who, what, which rule), posted once (its key is the decision's) in the community's
moderators' channel or chat; and the deletion of a flagged message by someone else than Vigie.
Moderators' own actions get theirs from `bot.desk.moderation`."""

from __future__ import annotations

from bot.core.decision import ActionRequest, Decision
from bot.desk import plans
from bot.desk.context import DeskContext
from bot.desk.plans import action_name
from bot.i18n.catalog import messages

LOGGED = ("delete", "hold", "warn", "timeout", "kick", "ban")


def automated_line(ctx: DeskContext, decision: Decision) -> ActionRequest | None:
    """The mod-log request of a decision, or None when it did nothing worth logging."""
    if not decision.enforced:
        return None
    kinds = [a.kind for a in decision.actions if a.kind in LOGGED]
    if not kinds:
        return None
    message = decision.message
    first = next(a for a in decision.actions if a.kind in LOGGED)
    lang = ctx.lang
    text = messages().text(
        lang,
        "desk.log_auto",
        actions=", ".join(action_name(k, lang) for k in dict.fromkeys(kinds)),
        member=message.author.name or message.author.id,
        rule=first.rule or "—",
        link="",
    )
    if message.edited:  # an edit made it a violation: moderators want to see those
        text = messages().text(lang, "desk.log_edited") + " " + text
    key = first.key.rsplit(":", 1)[0]
    return plans.modlog(key, message.platform, message.community, text)


def deleted_line(
    ctx: DeskContext, platform: str, community: str, message_id: str
) -> ActionRequest | None:
    """The mod-log line of a flagged message deleted by someone else than Vigie (its author, or
    a moderator by hand), or None for any other deletion."""
    found = ctx.members.flagged(platform, community, message_id)
    if found is None or found["by_vigie"]:
        return None
    text = found.get("text") or ""
    excerpt = text if len(text) <= 120 else text[:119] + "…"
    line = messages().text(
        ctx.lang,
        "desk.log_deleted",
        member=found.get("author_name") or found["author_id"],
        rules=", ".join(found["matched"]),
        excerpt=excerpt,
    )
    return plans.modlog(f"deleted:{platform}:{community}:{message_id}", platform, community, line)
