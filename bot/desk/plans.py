"""What a moderator's command does on the platform, planned as outbox actions (keys
`case:<id>:<kind>`, so a retry or a second click never does it twice): the statement of reasons
first, then the sanction, a temporary ban's unban at its end, the undoing of an overturned
sanction, and the mod-log line. Pure: nothing here touches the store or a platform."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.charter.fields import pick
from bot.charter.schema import Charter
from bot.core.decision import ActionRequest
from bot.desk.commands import Sanction
from bot.i18n.catalog import messages
from bot.i18n.formats import duration as spelt

# The action kinds the desk plans beyond the charter's registry: every gateway must handle them.
DESK_KINDS = ("review_card", "modlog", "unban", "untimeout", "purge")
EXCERPT = 120
UNDOABLE = {"ban": "unban", "timeout": "untimeout"}  # what lifts a sanction still in force
ICONS = {  # of the mod-log
    "warn": "⚠️",
    "timeout": "🔇",
    "kick": "👢",
    "ban": "⛔",
    "unban": "✅",
    "delete": "🗑️",
    "purge": "🧹",
    "note": "📝",
}


@dataclass(frozen=True, slots=True)
class Target:
    """Where a sanction lands: the platform, the member and the message."""

    platform: str
    community: str
    user_id: str | None
    channel: str | None = None
    message_id: str | None = None


def _request(kind: str, case_id: int, target: Target, reason: str, **fields: Any) -> ActionRequest:
    return ActionRequest(
        kind=kind,
        key=f"case:{case_id}:{kind}",
        community=target.community,
        platform=target.platform,
        channel=target.channel,
        message_id=target.message_id,
        user_id=target.user_id,
        reason=reason[:400],
        **fields,
    )


def notice(
    charter: Charter, command: Sanction, case_id: int, excerpt: str | None, lang: str
) -> str:
    """The statement of reasons of a moderator's sanction (EU DSA art. 17): what was decided,
    which rule or reason, which content, that a person decided, how to appeal."""
    if command.action == "ban" and command.duration is not None:
        what = messages().text(lang, "desk.what_ban_until", duration=spelt(command.duration, lang))
    else:
        duration = spelt(command.duration, lang) if command.duration else ""
        what = messages().text(lang, f"desk.what_{command.action}", duration=duration)
    if command.delete_message and command.action != "delete":
        also = messages().text(lang, "desk.what_delete")
        what = messages().text(lang, "desk.what_also", what=what, also=also)
    lines = [messages().text(lang, "desk.notice_head", what=what)]
    if command.rule is not None:
        rule = charter.rule(command.rule)
        lines.append(
            messages().text(
                lang,
                "desk.notice_rule",
                community=charter.meta.community,
                title=pick(rule.title, lang),
                text=pick(rule.text, lang),
            )
        )
    lines.append(messages().text(lang, "desk.notice_reason", reason=command.reason))
    if excerpt:
        shown = excerpt if len(excerpt) <= EXCERPT else excerpt[:EXCERPT] + "…"
        lines.append(messages().text(lang, "desk.notice_content", excerpt=shown))
    lines.append(messages().text(lang, "desk.notice_human", case=case_id))
    lines.append(
        messages().text(lang, "desk.notice_appeal", appeal=pick(charter.public.appeal, lang))
    )
    return "\n".join(lines)


def sanction_actions(
    command: Sanction, case_id: int, target: Target, text: str | None, at: datetime
) -> list[tuple[ActionRequest, datetime]]:
    """The actions of a sanction, due at `at` (a temporary ban's unban at its end). The author
    is told first: after a kick or a ban the platform may no longer let the bot reach them."""
    reason = command.reason
    planned: list[tuple[ActionRequest, datetime]] = []
    action = command.action
    if action == "warn":
        planned.append((_request("warn", case_id, target, reason, notice=text), at))
    elif action != "note" and text is not None:
        planned.append((_request("notify_author", case_id, target, reason, notice=text), at))
    if action == "delete" or (command.delete_message and target.message_id):
        planned.append((_request("delete", case_id, target, reason), at))
    if action == "timeout":
        planned.append(
            (_request("timeout", case_id, target, reason, duration=command.duration), at)
        )
    elif action == "kick":
        planned.append((_request("kick", case_id, target, reason), at))
    elif action == "ban":
        clean = int(command.clean.total_seconds()) if command.clean else 0
        params = {"delete_message_seconds": clean}
        planned.append((_request("ban", case_id, target, reason, params=params), at))
        if command.duration is not None:
            lift = _request("unban", case_id, target, "temporary ban ended")
            planned.append((lift, at + command.duration))
    return planned


def purge_actions(
    case_id: int, target: Target, messages: Sequence[tuple[str, str]], reason: str
) -> ActionRequest:
    """Delete these (channel, message id) of a member at once."""
    params = {"messages": [list(pair) for pair in messages]}
    return _request("purge", case_id, target, reason, params=params)


def unban_action(case_id: int, target: Target, reason: str) -> ActionRequest:
    """Lift a ban."""
    return _request("unban", case_id, target, reason)


def undo_actions(
    case_id: int, target: Target, done: Sequence[str], text: str
) -> list[ActionRequest]:
    """What lifts the sanctions `done` that are still in force (unban, end of the timeout), and
    the member's notice that the decision is overturned."""
    undo = [
        _request(UNDOABLE[kind], case_id, target, "decision overturned")
        for kind in dict.fromkeys(done)
        if kind in UNDOABLE
    ]
    tell = ActionRequest(
        kind="notify_author",
        key=f"case:{case_id}:lifted",
        community=target.community,
        platform=target.platform,
        user_id=target.user_id,
        channel=target.channel,
        reason="decision overturned",
        notice=text,
    )
    return [*undo, tell] if target.user_id else undo


def lifted_notice(charter: Charter, case_id: int, rule: str | None, lang: str) -> str:
    """What the member is told when a moderator's sanction is overturned."""
    title = ""
    if rule is not None:
        try:
            shown = pick(charter.rule(rule).title, lang)
        except KeyError:  # a rule renamed since: say nothing rather than something wrong
            shown = ""
        title = f" ({shown})" if shown else ""
    return messages().text(lang, "desk.lifted", case=case_id, rule=title)


def modlog(
    key: str, platform: str, community: str, text: str, case_id: int | None = None
) -> ActionRequest:
    """One line in the community's mod-log (its moderators' channel or chat)."""
    params: dict[str, Any] = {"text": text}
    if case_id is not None:
        params["case"] = case_id
    return ActionRequest(
        kind="modlog", key=f"{key}:modlog", community=community, platform=platform, params=params
    )


def manual_line(
    action: str,
    member: str,
    moderator: str,
    reason: str,
    case_id: int,
    link: str,
    lang: str,
    duration: timedelta | None = None,
) -> str:
    """The mod-log line of a moderator's action."""
    name = action_name(action, lang)
    if duration is not None:
        name += f" ({spelt(duration, lang)})"
    return messages().text(
        lang,
        "desk.log_manual",
        icon=ICONS.get(action, "•"),
        action=name,
        member=member,
        moderator=moderator,
        reason=reason or "—",
        case=case_id,
        link=link,
    )


def action_name(action: str, lang: str) -> str:
    """The name of an action kind or a verdict in `lang`, as the mod-log and a member's history
    show it."""
    return messages().text(lang, f"desk.action_{action}")
