"""Manual moderation: a moderator's warn, timeout, kick, ban (temporary or not, with message
cleanup), unban, delete, purge and note, each recorded as a case decided by that moderator, with
the strike the charter gives when a rule is cited, the statement of reasons to the member, the
platform actions through the outbox and a mod-log line; and a member's history (infractions,
casier). Every check is here; the front ends only parse and render."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.core.decision import ActionRequest
from bot.core.timeparse import isoformat
from bot.desk import plans
from bot.desk.commands import SANCTIONS, NativeAction, Purge, Sanction, Standing, Unban
from bot.desk.context import DeskContext, Result
from bot.desk.plans import action_name
from bot.desk.refusals import Refusal
from bot.desk.roles import Actor, Role, require, role_of
from bot.i18n import formats
from bot.i18n.catalog import messages
from bot.i18n.formats import duration as spelt
from bot.store.casefile import Case
from bot.store.sanctions import NewSanction
from bot.store.tables import CaseKind

MAX_TIMEOUT = timedelta(days=28)  # Discord's limit; Telegram treats longer as forever
MAX_BAN = timedelta(days=366)
MAX_CLEAN = timedelta(days=7)  # platforms delete at most the last 7 days of a banned member
MAX_PURGE = 100  # Discord's bulk delete takes 100 messages at most


@dataclass(frozen=True, slots=True)
class History:
    """A member's record: their cases (newest first, with the sanction and whether it was
    lifted) and live strikes."""

    user_id: str
    strikes: int
    entries: list[tuple[Case, str | None, datetime | None, datetime | None]]
    timezone: str  # the community's, for the dates shown

    def lines(self, lang: str) -> list[str]:
        """One line per case: number, date, kind or action, rule, reason, status."""
        catalog, timezone = messages(), self.timezone
        rows = []
        for case, action, until, lifted in self.entries:
            what = action_name(action, lang) if action else catalog.text(lang, f"card.{case.kind}")
            parts = [f"#{case.id}", formats.day(case.created_at, lang, timezone), what]
            if case.rule:
                parts.append(case.rule)
            if case.reason:
                parts.append(case.reason[:80])
            if until is not None:
                parts.append(f"→ {formats.moment(until, lang, timezone, 'short')}")
            lifted_or_status = "desk.history_lifted" if lifted else f"case.status.{case.status}"
            parts.append(catalog.text(lang, lifted_or_status))
            rows.append(" · ".join(parts))
        return rows or [catalog.text(lang, "desk.history_empty")]


def _check(ctx: DeskContext, command: Sanction) -> None:
    """Refuse what the desk cannot do as asked (refusals name what is missing)."""
    if command.action not in SANCTIONS:
        raise ValueError(f"unknown sanction {command.action!r}")  # a front end's bug
    if not command.reason.strip():
        raise Refusal("reason_required")
    if command.rule is not None and command.rule not in {r.id for r in ctx.charter.rules}:
        raise Refusal("unknown_rule", rule=command.rule)
    if command.action == "timeout" and command.duration is None:
        raise Refusal("duration_required")
    limit = {"timeout": MAX_TIMEOUT, "ban": MAX_BAN}.get(command.action)
    if limit is not None and command.duration is not None and command.duration > limit:
        raise Refusal("duration_too_long", limit=spelt(limit, ctx.lang))
    if command.action == "delete" and command.message_id is None:
        raise Refusal("no_message")


def _resolve(ctx: DeskContext, command: Sanction) -> tuple[Sanction, str | None]:
    """The command with its platform, member and channel filled from the message on record,
    and that message's text (the content the statement of reasons names)."""
    platform = command.platform or ctx.platform
    command = replace(command, platform=platform)
    if command.message_id is None:
        return command, None
    message = ctx.members.message(platform, command.community, command.message_id)
    if message is None:
        return command, None
    return (
        replace(
            command,
            user_id=command.user_id or message["author_id"],
            channel=command.channel or message["channel"],
            user_name=command.user_name or message.get("author_name") or "",
        ),
        message.get("text"),
    )


def _strike(ctx: DeskContext, rule_id: str | None, at: datetime) -> tuple[int, datetime] | None:
    """The strike a cited rule gives: its own weight or its severity's, for the charter's TTL."""
    if rule_id is None:
        return None
    rule = ctx.charter.rule(rule_id)
    sanctions = ctx.charter.sanctions
    weight = rule.strikes if rule.strikes is not None else sanctions.weights.get(rule.severity, 0)
    return weight, at + sanctions.strike_ttl


def sanction(ctx: DeskContext, command: Sanction, actor: Actor) -> Result:
    """Do a moderator's sanction; see the module docstring."""
    role = require(actor, ctx.staff, Role.MODERATOR)
    _check(ctx, command)
    command, excerpt = _resolve(ctx, command)
    user_id = command.user_id
    if user_id is None:
        raise Refusal("no_message" if command.message_id else "no_target")
    _not_self(actor, user_id)
    if command.action != "note":  # a note is for the moderators: it sanctions no one
        _may_sanction(ctx, role, user_id, command.standing)
    if not command.user_name:
        name = ctx.members.name_of(str(command.platform), command.community, user_id)
        command = replace(command, user_name=name or "")
    at = ctx.clock.now()
    new = _new_sanction(ctx, command, user_id, actor, at)
    target = plans.Target(
        new.platform, new.community, new.user_id, command.channel, command.message_id
    )

    def plan(case_id: int) -> list[tuple[ActionRequest, datetime]]:
        text = None
        if command.action != "note":
            text = plans.notice(ctx.charter, command, case_id, excerpt, ctx.lang)
        planned = plans.sanction_actions(command, case_id, target, text, at)
        member = command.user_name or new.user_id
        line = plans.manual_line(
            command.action,
            member,
            actor.shown,
            new.reason,
            case_id,
            ctx.link(case_id),
            ctx.lang,
            command.duration,
        )
        log = plans.modlog(f"case:{case_id}", new.platform, new.community, line, case_id)
        return [*planned, (log, at)]

    case_id = ctx.sanctions.record(new, at, plan)
    return _done(command, case_id, actor.lang, new.until, ctx.timezone)


def _new_sanction(
    ctx: DeskContext, command: Sanction, user_id: str, actor: Actor, at: datetime
) -> NewSanction:
    """The rows a sanction writes: its case's columns, its duration and its strike."""
    lasting = command.action in ("ban", "timeout") and command.duration is not None
    return NewSanction(
        kind=CaseKind.SANCTION,
        platform=str(command.platform),
        community=command.community,
        user_id=user_id,
        action=command.action,
        moderator=actor.id,
        reason=command.reason.strip()[:1000],
        channel=command.channel,
        message_id=command.message_id,
        rule=command.rule,
        severity=ctx.charter.rule(command.rule).severity if command.rule else 0,
        duration_s=int(command.duration.total_seconds()) if command.duration else None,
        until=at + command.duration if lasting and command.duration else None,
        strike=_strike(ctx, command.rule, at),
    )


def _done(
    command: Sanction, case_id: int, lang: str, until: datetime | None, timezone: str
) -> Result:
    values: dict[str, object] = {"case": case_id}
    if command.action == "timeout" and command.duration is not None:
        values["duration"] = spelt(command.duration, lang)
    if command.action == "ban":
        shown = formats.moment(until, lang, timezone, "short") if until else ""
        values["until"] = messages().text(lang, "desk.until", until=shown) if until else ""
    return Result(f"done_{command.action}", values, case_id)


def _not_self(actor: Actor, user_id: str) -> None:
    if actor.id == user_id or actor.id.endswith(f":{user_id}"):
        raise Refusal("self_target")


def _may_sanction(ctx: DeskContext, role: Role, user_id: str, standing: Standing) -> None:
    """Refuse to sanction the bot, the community's owner, or staff whose role (from the charter
    and the plan, matched on their platform roles or on their id) is not below the moderator's:
    a moderator cannot sanction a moderator, a community manager can, no one a manager."""
    if standing.bot:
        raise Refusal("target_bot")
    if standing.owner:
        raise Refusal("target_owner")
    known_as = standing.identities | {user_id, f"user:{user_id}"}
    if ctx.staff.role(known_as) >= role:
        raise Refusal("target_staff")


def unban(ctx: DeskContext, command: Unban, actor: Actor) -> Result:
    """Lift a member's ban: recorded as a case, the earlier bans marked lifted (their scheduled
    unban cancelled), the platform asked, the mod-log told."""
    require(actor, ctx.staff, Role.MODERATOR)
    if not command.reason.strip():
        raise Refusal("reason_required")
    platform = command.platform or ctx.platform
    at = ctx.clock.now()
    earlier = ctx.sanctions.active_ban(platform, command.community, command.user_id, at)
    new = NewSanction(
        CaseKind.SANCTION,
        platform,
        command.community,
        command.user_id,
        "unban",
        actor.id,
        command.reason.strip()[:1000],
    )
    target = plans.Target(platform, command.community, command.user_id)

    def plan(case_id: int) -> list[tuple[ActionRequest, datetime]]:
        line = plans.manual_line(
            "unban", command.user_id, actor.shown, new.reason, case_id, ctx.link(case_id), ctx.lang
        )
        log = plans.modlog(f"case:{case_id}", platform, command.community, line, case_id)
        return [(plans.unban_action(case_id, target, new.reason), at), (log, at)]

    case_id = ctx.sanctions.record(new, at, plan)
    if earlier is not None:
        ctx.sanctions.mark_lifted([earlier.case_id], actor.id, at)
    return Result("done_unban", {"case": case_id}, case_id)


def purge(ctx: DeskContext, command: Purge, actor: Actor) -> Result:
    """Delete the member's last messages on record (at most 100 at once)."""
    role = require(actor, ctx.staff, Role.MODERATOR)
    _not_self(actor, command.user_id)
    _may_sanction(ctx, role, command.user_id, command.standing)
    if not 1 <= command.count <= MAX_PURGE:
        raise Refusal("bad_count", limit=MAX_PURGE)
    if not command.reason.strip():
        raise Refusal("reason_required")
    platform = command.platform or ctx.platform
    found = ctx.members.latest_messages(platform, command.community, command.user_id, command.count)
    if not found:
        raise Refusal("nothing_to_purge")
    at = ctx.clock.now()
    new = NewSanction(
        CaseKind.SANCTION,
        platform,
        command.community,
        command.user_id,
        "purge",
        actor.id,
        command.reason.strip()[:1000],
    )
    target = plans.Target(platform, command.community, command.user_id)

    def plan(case_id: int) -> list[tuple[ActionRequest, datetime]]:
        line = plans.manual_line(
            "purge",
            command.user_id,
            actor.shown,
            f"{len(found)} × {new.reason}",
            case_id,
            ctx.link(case_id),
            ctx.lang,
        )
        log = plans.modlog(f"case:{case_id}", platform, command.community, line, case_id)
        return [(plans.purge_actions(case_id, target, found, new.reason), at), (log, at)]

    case_id = ctx.sanctions.record(new, at, plan)
    return Result("done_purge", {"case": case_id}, case_id, count=len(found))


NATIVE_ACTIONS = ("ban", "kick", "timeout", "unban")


def record_native(ctx: DeskContext, native: NativeAction) -> Result:
    """A moderator's action with the platform's own tools, recorded as a case attributed to them
    (no platform action: it is done already), with its mod-log line; an unban ends the bans."""
    if native.action not in NATIVE_ACTIONS:
        raise ValueError(f"not a native action Vigie records: {native.action!r}")
    at = ctx.clock.now()
    earlier = ctx.sanctions.active_ban(native.platform, native.community, native.user_id, at)
    new = NewSanction(
        kind=CaseKind.NATIVE,
        platform=native.platform,
        community=native.community,
        user_id=native.user_id,
        action=native.action,
        moderator=native.moderator,
        reason=(native.reason or "—")[:1000],
        until=native.until,
    )

    def plan(case_id: int) -> list[tuple[ActionRequest, datetime]]:
        member = native.user_name or native.user_id
        line = plans.manual_line(
            native.action,
            member,
            native.moderator,
            new.reason,
            case_id,
            ctx.link(case_id),
            ctx.lang,
        )
        log = plans.modlog(f"case:{case_id}", native.platform, native.community, line, case_id)
        return [(log, at)]

    case_id = ctx.sanctions.record(new, at, plan)
    if native.action == "unban" and earlier is not None:
        ctx.sanctions.mark_lifted([earlier.case_id], native.moderator, at)
    return Result(f"done_{native.action}", {"case": case_id, "until": "", "duration": ""}, case_id)


def infractions(
    ctx: DeskContext, community: str, user_id: str, actor: Actor, platform: str | None = None
) -> Result:
    """A member's history: for the moderators, or for the member about themself."""
    if role_of(actor, ctx.staff) < Role.MODERATOR and not (
        actor.id == user_id or actor.id.endswith(f":{user_id}")
    ):
        raise Refusal("not_staff")
    rows = ctx.sanctions.history(platform or ctx.platform, community, user_id)
    entries = [(case, row.action, row.until, row.lifted_at) for case, row in rows]
    live = ctx.strikes.live_strikes(community, user_id, ctx.clock.now())
    history = History(user_id, live, entries, ctx.timezone)
    counts = {"strikes": ("history_strikes", live), "cases": ("history_cases", len(entries))}
    return Result("history_title", {"member": user_id}, None, history, counts)


def undo_sanction(ctx: DeskContext, case: Case, by: str, tell: bool = True) -> int:
    """Lift the moderator's sanction a case records: strike removed, scheduled unban cancelled,
    the ban or timeout lifted on the platform, the member told. Returns strikes removed."""
    entry = ctx.sanctions.of_case(case.id)
    done = [entry.action] if entry is not None and entry.lifted_at is None else []
    target = plans.Target(case.platform, case.community, case.author_id, case.channel)
    text = plans.lifted_notice(ctx.charter, case.id, case.rule, ctx.lang)
    actions = plans.undo_actions(case.id, target, done, text) if entry else []
    if not tell:  # the member is told by the appeal's own outcome
        actions = [a for a in actions if a.kind != "notify_author"]
    return ctx.sanctions.lift(case.id, by, ctx.clock.now(), actions)


def iso(moment: datetime | None) -> str | None:
    """An ISO time or None (for front ends that show `until`)."""
    return isoformat(moment) if moment is not None else None
