"""The crisis commands as the front ends give them: status, declare a level, acknowledge, approve a
statement. The desk checks who asks and turns the crisis cell's errors into refusals; the commands
themselves are the crisis cell's (issue 15: `bot.crisis.cell`, reached through the live service's
`CrisisCommands`), so there is one implementation of each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.crisis.commands import NeedsConfirmation, NotApprover, Refused
from bot.desk.context import CrisisCommands, DeskContext, Result
from bot.desk.refusals import Refusal
from bot.desk.roles import Actor, Role, require


def _commands(ctx: DeskContext) -> CrisisCommands:
    if ctx.crisis is None or ctx.crisis_commands is None:
        raise Refusal("no_plan")
    return ctx.crisis_commands


def has_plan(ctx: DeskContext) -> bool:
    """Whether a contingency plan is loaded."""
    return ctx.crisis is not None


def communities(ctx: DeskContext) -> set[str]:
    """The communities the crisis monitor follows."""
    return set(ctx.crisis.monitor.communities) if ctx.crisis is not None else set()


def contacts(ctx: DeskContext, platform: str) -> list[str]:
    """The crisis cell's contacts on `platform` ("user:ID", "role:ID"), holders and backups."""
    if ctx.crisis is None:
        return []
    people = [
        contact
        for role in ctx.crisis.monitor.playbook.roles
        for contact in (role.holder, role.backup)
        if contact is not None
    ]
    found = [contact.channels().get(platform) for contact in people]
    return [str(target) for target in found if target]


def status(ctx: DeskContext, community: str, actor: Actor) -> dict[str, Any]:
    """The level, why, and for the staff the open escalations and statements waiting."""
    commands = _commands(ctx)
    try:
        found = commands.crisis_status(community)
    except KeyError as exc:
        raise Refusal("crisis_quiet") from exc
    if not found:
        raise Refusal("crisis_quiet")
    if _holds(actor, ctx, Role.MODERATOR):
        return dict(found)
    return {k: v for k, v in found.items() if k not in ("cases", "statements")}


def _holds(actor: Actor, ctx: DeskContext, role: Role) -> bool:
    try:
        require(actor, ctx.staff, role)
    except Refusal:
        return False
    return True


def _run(call: Callable[[], Any], key: str, refused: Refusal, denied: str) -> None:
    """A crisis command; its errors as refusals the asker reads in their own language (the crisis
    cell's own messages are for the logs): `refused` when the plan or the state does not allow it,
    `denied` (a refusal code) when the cell's own role check says no."""
    try:
        call()
    except NotApprover as exc:
        raise Refusal("crisis_not_approver", id=key) from exc
    except PermissionError as exc:  # the service's own check of the staff roles
        raise Refusal(denied) from exc
    except KeyError as exc:
        raise Refusal("crisis_unknown", id=key) from exc
    except Refused as exc:  # a level the plan forbids, a case or statement no longer waiting
        raise refused from exc
    except LookupError as exc:
        raise Refusal("no_plan") from exc


def _identities(actor: Actor) -> list[str]:
    return sorted(actor.identities | {actor.id})


def declare(ctx: DeskContext, community: str, level: int, actor: Actor, reason: str = "") -> Result:
    """A community manager or the crisis cell declares a level."""
    require(actor, ctx.staff, Role.MANAGER)
    commands = _commands(ctx)
    _run(
        lambda: commands.declare_level(community, level, actor.id, _identities(actor), reason),
        community,
        Refusal("crisis_level_refused", level=level),
        "not_manager",
    )
    return Result("done_level", {"level": level})


def ack(ctx: DeskContext, case_id: str, actor: Actor) -> Result:
    """Someone of the staff acknowledges a crisis escalation."""
    require(actor, ctx.staff, Role.MODERATOR)
    commands = _commands(ctx)
    _run(
        lambda: commands.ack(case_id, actor.id, _identities(actor)),
        case_id,
        Refusal("crisis_not_waiting", id=case_id),
        "not_staff",
    )
    return Result("done_ack", {"id": case_id})


def approve(ctx: DeskContext, statement_id: str, actor: Actor, confirmed: bool = True) -> Result:
    """The plan's approver agrees to a holding statement: it is posted. Unconfirmed, the answer
    is the text that would be posted (`approve_confirm`), to confirm first."""
    require(actor, ctx.staff, Role.MANAGER)
    commands = _commands(ctx)
    try:
        _run(
            lambda: commands.approve_statement(
                statement_id, actor.id, _identities(actor), confirmed
            ),
            statement_id,
            Refusal("crisis_not_waiting", id=statement_id),
            "not_manager",
        )
    except NeedsConfirmation as wait:
        text = "\n\n".join(wait.texts.values())
        return Result("approve_confirm", {"text": text, "id": statement_id})
    return Result("done_approve", {"id": statement_id})
