"""Cases and verdicts: a member's report and appeal, a moderator's verdict (confirm keeps the
decision and applies what a held message's rule proposed; overturn undoes what can be undone —
unban, end of the timeout, strike removed — and tells the member), taking a case, and applying
the sanction a case's rule proposes. Store errors become typed refusals here, and only here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import timedelta
from typing import Any

from bot.actions import notify_author
from bot.actions.base import ActionContext
from bot.charter.fields import entry, pick
from bot.core.decision import ActionRequest
from bot.desk import plans
from bot.desk.commands import Sanction
from bot.desk.context import DeskContext, Result
from bot.desk.moderation import sanction, undo_sanction
from bot.desk.outcome import verdict_notice
from bot.desk.plans import action_name
from bot.desk.refusals import Refusal
from bot.desk.roles import Actor, Role, require
from bot.i18n.catalog import messages
from bot.store.casefile import (
    AlreadyAppealed,
    Case,
    CaseConflict,
    CaseFile,
    CaseNotFound,
    FourEyesViolation,
    NotDecided,
    NotTheAuthor,
    Verdict,
)
from bot.store.outbox import action_from_dict
from bot.store.tables import CaseKind, CaseStatus

MANUAL_KINDS = frozenset({CaseKind.SANCTION.value, CaseKind.NATIVE.value})
_STRONGEST = ("ban", "kick", "timeout", "warn")


@contextmanager
def refused(case_id: int, ctx: DeskContext | None = None) -> Iterator[None]:
    """Store errors about a case, as the refusals a person reads."""
    try:
        yield
    except FourEyesViolation as exc:
        raise Refusal("four_eyes") from exc
    except CaseNotFound as exc:
        raise Refusal("unknown_case", case=case_id) from exc
    except CaseConflict as exc:
        raise _busy(ctx, case_id) from exc


def _busy(ctx: DeskContext | None, case_id: int) -> Refusal:
    """Taken by someone (named) or already decided."""
    holder = None
    if ctx is not None:
        with suppress(CaseNotFound):
            case = ctx.cases.case(case_id)
            holder = case.assigned_to if case.status == CaseStatus.TAKEN else None
    if holder:
        return Refusal("case_taken", case=case_id, who=holder)
    return Refusal("case_busy", case=case_id)


def card_request(ctx: DeskContext, platform: str, community: str, case_id: int) -> ActionRequest:
    """The outbox action that posts a case's card to the moderators (one kind on every platform,
    retried after a rate limit or a crash like every other action)."""
    return ActionRequest(
        kind="review_card",
        key=f"{platform}:card:{case_id}",
        community=community,
        platform=platform,
        reason="case for review",
        params={"case": case_id},
    )


def report(
    ctx: DeskContext,
    actor: Actor,
    community: str,
    channel: str,
    message_id: str,
    reason: str,
) -> Result:
    """A member reports a message: a case for the moderators, its card queued."""
    message = ctx.members.message(ctx.platform, community, message_id)
    case_id = ctx.cases.open_case(
        "report",
        community,
        ctx.platform,
        ctx.clock.now(),
        actor=actor.id,
        channel=channel,
        message_id=message_id,
        reason=reason[:500],
        severity=1,
        author_id=message["author_id"] if message else None,
    )
    ctx.enqueue([card_request(ctx, ctx.platform, community, case_id)])
    return Result("done_report", {"case": case_id}, case_id)


def appeal(
    ctx: DeskContext,
    actor: Actor,
    author_id: str,
    text: str,
    community: str | None = None,
    case_id: int | None = None,
    decision_id: int | None = None,
) -> Result:
    """A sanctioned member contests a decision (their latest by default): an appeal case for
    another moderator than the one who decided."""
    if case_id is None and decision_id is None:
        latest = ctx.members.latest_sanction(ctx.platform, community, author_id)
        if latest is None:
            raise Refusal("appeal_none")
        kind, number = latest
        case_id, decision_id = (number, None) if kind == "case" else (None, number)
    try:
        appeal_id = ctx.cases.appeal(
            author_id,
            text[:2000] or "—",
            ctx.clock.now(),
            case_id=case_id,
            decision_id=None if case_id is not None else decision_id,
        )
    except CaseNotFound as exc:
        raise Refusal("appeal_none") from exc
    except NotTheAuthor as exc:
        raise Refusal("appeal_not_yours") from exc
    except NotDecided as exc:
        raise Refusal("appeal_not_decided") from exc
    except AlreadyAppealed as exc:
        raise Refusal("appeal_pending") from exc
    case = ctx.cases.case(appeal_id)
    ctx.enqueue([card_request(ctx, case.platform, case.community, appeal_id)])
    return Result("done_appeal", {"case": appeal_id}, appeal_id)


def take(ctx: DeskContext, case_id: int, actor: Actor) -> Result:
    """The moderator takes the case (the others see who holds it)."""
    require(actor, ctx.staff, Role.MODERATOR)
    with refused(case_id, ctx):
        ctx.cases.take(case_id, actor.id, ctx.clock.now())
    return Result("done_take", {"case": case_id}, case_id)


def review(
    ctx: DeskContext, case_id: int, verdict: Verdict | str, actor: Actor, note: str | None = None
) -> Result:
    """A moderator's verdict on a case; see the module docstring."""
    require(actor, ctx.staff, Role.MODERATOR)
    verdict = Verdict(verdict)
    now = ctx.clock.now()
    with refused(case_id, ctx):
        case = ctx.cases.case(case_id)
        if case.kind in MANUAL_KINDS:
            return _review_sanction(ctx, case, verdict, actor, note)
        if case.assigned_to != actor.id:
            ctx.cases.take(case_id, actor.id, now)
        ctx.cases.decide(case_id, actor.id, verdict, now, note)
    decided = ctx.cases.get(case_id)
    ctx.enqueue(
        [*after_verdict(ctx, decided, verdict), _verdict_log(ctx, decided.case, verdict, actor)]
    )
    if verdict is Verdict.OVERTURN and decided.case.appeal_of is not None:
        _undo_appealed(ctx, decided.case.appeal_of, actor)
    return Result(f"done_{verdict.value}", {"case": case_id}, case_id)


def _review_sanction(
    ctx: DeskContext, case: Case, verdict: Verdict, actor: Actor, note: str | None
) -> Result:
    """A moderator's own sanction stands until someone overturns it: then it is lifted."""
    if verdict is not Verdict.OVERTURN or case.status == CaseStatus.OVERTURNED:
        raise Refusal("case_busy", case=case.id)
    undo_sanction(ctx, case, actor.id)
    if note:
        ctx.cases.add_note(case.id, actor.id, note, ctx.clock.now())
    ctx.enqueue([_verdict_log(ctx, case, verdict, actor)])
    return Result("done_overturn", {"case": case.id}, case.id)


def _undo_appealed(ctx: DeskContext, case_id: int, actor: Actor) -> None:
    """An appeal against a moderator's sanction was upheld: the sanction is lifted."""
    original = ctx.cases.case(case_id)
    if original.kind in MANUAL_KINDS:
        undo_sanction(ctx, original, actor.id, tell=False)


def _verdict_log(ctx: DeskContext, case: Case, verdict: Verdict, actor: Actor) -> ActionRequest:
    line = messages().text(
        ctx.lang,
        "desk.log_verdict",
        case=case.id,
        verdict=action_name(verdict.value, ctx.lang),
        moderator=actor.shown,
        link=ctx.link(case.id),
    )
    key = f"case:{case.id}:{verdict.value}:{actor.id}"
    return plans.modlog(key, case.platform, case.community, line, case.id)


def after_verdict(ctx: DeskContext, case_file: CaseFile, verdict: Verdict) -> list[ActionRequest]:
    """The author told of an overturn or an appeal's outcome; a held message's proposed sanctions
    on confirmation; on overturn, the decision's ban or timeout lifted."""
    case = case_file.case
    context = ActionContext(
        case.community,
        case.platform,
        ctx.clock.now(),
        f"case:{case.id}:{verdict.value}",
        case.channel,
        rule=case.rule,
    )
    actions: list[ActionRequest] = []
    if case.author_id and (verdict is Verdict.OVERTURN or case.kind == "appeal"):
        notice = verdict_notice(ctx.charter, case, verdict, ctx.lang)
        request = notify_author.with_notice(context, notice)
        actions.append(replace(request, user_id=case.author_id, message_id=case.message_id))
    decision = case_file.decision or {}
    if verdict is Verdict.CONFIRM and case.kind == "escalation":
        actions.extend(_proposed_actions(decision, context))
    if verdict is Verdict.OVERTURN and decision:
        done = [a.get("type", "") for a in decision.get("actions", [])]
        target = plans.Target(case.platform, case.community, case.author_id, case.channel)
        actions.extend(plans.undo_actions(case.id, target, done, "")[:-1] if case.author_id else [])
    return actions


def _proposed_actions(decision: dict[str, Any], context: ActionContext) -> list[ActionRequest]:
    """Sanctions proposed by a priori moderation, executed once a moderator confirms them."""
    held = [a for a in decision.get("actions", []) if a.get("type") == "escalate"]
    proposed = held[0].get("params", {}).get("proposed", []) if held else []
    return [action_from_dict({**p, "key": f"{context.key}:{p['type']}"}) for p in proposed]


def take_proposed(ctx: DeskContext, case_id: int, actor: Actor, reason: str = "") -> Result:
    """Apply the sanction the case's rule proposes (its strongest, with the message deleted if
    the rule deletes), as the moderator's own, then confirm the case."""
    require(actor, ctx.staff, Role.MODERATOR)
    with refused(case_id, ctx):
        case = ctx.cases.case(case_id)
    command = proposed_sanction(ctx, case, reason)
    if command is None:
        raise Refusal("nothing_proposed")
    result = sanction(ctx, command, actor)
    if case.status in {s.value for s in (CaseStatus.OPEN, CaseStatus.TAKEN, CaseStatus.ESCALATED)}:
        review(ctx, case_id, Verdict.CONFIRM, actor)
    return result


def proposed_sanction(ctx: DeskContext, case: Case, reason: str = "") -> Sanction | None:
    """The sanction the rule of a case proposes, as a command (None without one)."""
    if case.rule is None or case.author_id is None:
        return None
    try:
        rule = ctx.charter.rule(case.rule)
    except KeyError:
        return None
    found = dict(entry(action) for action in rule.actions)
    strongest = next((name for name in _STRONGEST if name in found), None)
    deletes = "delete" in found or "hold" in found
    if strongest is None and not deletes:
        return None
    duration: timedelta | None = getattr(found.get("timeout"), "duration", None)
    return Sanction(
        action=strongest or "delete",
        community=case.community,
        user_id=case.author_id,
        reason=reason or pick(rule.title, ctx.lang),
        channel=case.channel,
        message_id=case.message_id,
        rule=case.rule,
        duration=duration if strongest == "timeout" else None,
        delete_message=deletes and case.message_id is not None,
        platform=case.platform,
    )
