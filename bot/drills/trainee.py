"""What each trainee action does in the drill: moderation goes through the action planners (the
same ActionRequests the platforms execute), levels and acknowledgements through the crisis monitor,
drafts are rendered from the plan's templates, submitted to the cell and posted, replies and notes
are recorded. An action that cannot be done raises ActionRefused with the reason, in the drill's
language; nothing is recorded for it but the refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.actions import ban, delete, timeout, warn
from bot.actions.base import ActionContext
from bot.charter.fields import pick
from bot.core.decision import ActionRequest
from bot.core.timeparse import format_duration
from bot.crisis import events as ev
from bot.crisis.events import CrisisEvent
from bot.crisis.statements import Situation, render
from bot.drills import plan
from bot.drills.announce import short
from bot.drills.feed import Kind
from bot.drills.record import Called, Draft, LevelMark, Posted, Replied, Sanction
from bot.i18n.catalog import messages
from bot.text.normalize import plain

if TYPE_CHECKING:
    from bot.drills.runner import DrillSession

Handler = Callable[["DrillSession", Any, datetime], str]


class ActionRefused(Exception):
    """The action cannot be done now; the message says why (in the drill's language)."""


def apply_action(session: DrillSession, action: Any, at: datetime) -> str:
    """Do one action at story time `at`; return what it did (ActionRefused if it cannot)."""
    return _HANDLERS[action.do](session, action, at)


def _refuse(session: DrillSession, key: str, **values: Any) -> ActionRefused:
    return ActionRefused(messages().text(session.lang, f"drills.{key}", **values))


# --- moderation ----------------------------------------------------------------------------------


def _moderate(session: DrillSession, action: Any, at: datetime) -> str:
    message = session.messages.get(action.message)
    if message is None:
        raise _refuse(session, "err_no_message", message=action.message)
    deleted = session.record.deleted()
    if action.do == "delete" and action.message in deleted:
        raise _refuse(session, "err_deleted", message=action.message)
    context = ActionContext.for_message(message, at, reason="drill: trainee")
    request = _plan_moderation(action, context)
    session.record.sanctions.append(Sanction(at, request.kind, message.id, message.author.id))
    duration = getattr(action, "duration", None)
    detail = messages().text(
        session.lang,
        f"drills.done_{action.do}",
        message=message.id,
        user=message.author.name,
        duration=format_duration(duration) if duration else "",
    )
    session.show(Kind.ACTION, detail, message_id=message.id, actions=(request,))
    return detail


def _plan_moderation(action: Any, context: ActionContext) -> ActionRequest:
    if action.do == "delete":
        return delete.plan(delete.Config(), context)
    if action.do == "warn":
        return warn.plan(warn.Config(), context)
    if action.do == "mute":
        return timeout.plan(timeout.Config(duration=action.duration), context)
    return ban.plan(ban.Config(), context)


# --- the plan: levels, calls -----------------------------------------------------------------------


def _level(session: DrillSession, action: Any, at: datetime) -> str:
    community = session.drill.scenario.meta.community
    try:
        events = session.monitor.declare(
            community, action.level, session.trainee, at, action.reason
        )
    except ValueError as exc:
        raise _refuse(session, "err_level", reason=str(exc)) from None
    session.record.levels.append(LevelMark(at, action.level, session.trainee))
    session.on_crisis(events)
    return messages().text(session.lang, "drills.done_level", level=action.level)


def _active_case(session: DrillSession, role: str) -> Any:
    incident = session.open_incident()
    for case in session.monitor.cases.values():
        if case.active and case.role == role and (incident is None or case.incident == incident):
            return case
    return None


def _ack(session: DrillSession, action: Any, at: datetime) -> str:
    own = session.drill.scenario.meta.trainee_role
    if action.case:
        case = next(
            (c for c in session.monitor.cases.values() if action.case in (c.id, short(c.id))), None
        )
    else:
        case = _active_case(session, action.role or own)
    if case is None or not case.active:
        raise _refuse(session, "err_no_case", role=session.role_name(action.role or own))
    if case.role != own:  # acknowledging for someone else would hide that they never answered
        raise _refuse(session, "err_not_yours", role=session.role_name(case.role))
    session.on_crisis(session.monitor.ack(case.id, session.trainee, at))
    return messages().text(session.lang, "drills.done_ack", case=short(case.id))


def _alert(session: DrillSession, action: Any, at: datetime) -> str:
    if not session.cell.played(action.role, action.who):
        raise _refuse(session, "err_yourself")
    case = _active_case(session, action.role)
    kind = "ack" if case is not None else "confirm"
    target = case.id if case is not None else None
    session.schedule(session.cell.answer(kind, action.role, action.who, target, at))
    session.record.calls.append(Called(at, action.role, action.who, target))
    person = session.cell.person(action.role, action.who)
    detail = messages().text(
        session.lang, "drills.done_alert", person=person, role=session.role_name(action.role)
    )
    session.show(Kind.ACTION, detail)
    return detail


# --- statements --------------------------------------------------------------------------------


def _draft(session: DrillSession, action: Any, at: datetime) -> str:
    if action.id in session.record.drafts:
        raise _refuse(session, "err_draft_exists", draft=action.id)
    text = action.text if action.text is not None else _render(session, action.template, at)
    session.record.drafts[action.id] = Draft(action.id, text, at, template=action.template)
    detail = messages().text(session.lang, "drills.done_draft", draft=action.id, text=text)
    session.show(Kind.ACTION, detail)
    return detail


def _render(session: DrillSession, template: str, at: datetime) -> str:
    """The plan's template with the story's variables and the next update from the cadence."""
    drill, level = session.drill, session.level()
    incident = session.monitor.incidents.get(session.open_incident() or "")
    every = plan.update_every(drill.playbook, level) or plan.update_every(
        drill.playbook, drill.playbook.top
    )
    situation = Situation(
        drill.scenario.meta.community,
        incident.id if incident else "drill",
        level,
        incident.opened_at if incident else at,
        at,
        at + every if every else None,
    )
    extra = {
        name: {session.lang: value} for name, value in drill.scenario.writing.variables.items()
    }
    return pick(render(drill.playbook, template, situation, extra), session.lang)


def _find_draft(session: DrillSession, name: str) -> Draft:
    draft = session.record.drafts.get(name)
    if draft is None:
        raise _refuse(session, "err_no_draft", draft=name)
    return draft


def _submit(session: DrillSession, action: Any, at: datetime) -> str:
    draft = _find_draft(session, action.draft)
    role = action.role or _plan_approver(session, draft)
    if not session.cell.played(role, action.who):
        raise _refuse(session, "err_own_approval")
    draft.submitted_to, draft.submitted_at = role, at
    draft.approved_by = draft.approved_role = draft.approved_at = None
    session.schedule(session.cell.answer("approve", role, action.who, draft.id, at))
    person = session.cell.person(role, action.who)
    detail = messages().text(
        session.lang,
        "drills.done_submit",
        draft=draft.id,
        person=person,
        role=session.role_name(role),
    )
    session.show(Kind.ACTION, detail)
    return detail


def _plan_approver(session: DrillSession, draft: Draft) -> str:
    if draft.plan_statement is not None:
        statement = session.monitor.statements.get(draft.plan_statement)
        if statement is not None:
            return statement.approver
    meta = session.drill.scenario.meta
    return plan.default_approver(session.drill.playbook, session.level(), meta.trainee_role)


def _post(session: DrillSession, action: Any, at: datetime) -> str:
    draft = _find_draft(session, action.draft)
    if any(post.draft == draft.id for post in session.record.posts):
        raise _refuse(session, "err_posted", draft=draft.id)
    level = session.level()
    auto = session.drill.playbook.level(level).auto_statements
    posted = Posted(at, draft.id, draft.text, level, draft.approved_role, auto)
    session.record.posts.append(posted)
    brand = session.drill.scenario.meta.brand
    session.show(Kind.BRAND, draft.text, author=brand)
    if draft.approved or auto:
        _tell_monitor(session, draft, at)
    key = "done_post" if draft.approved or auto else "done_post_unapproved"
    detail = messages().text(session.lang, f"drills.{key}", draft=draft.id)
    session.show(Kind.ACTION, detail)
    return detail


def _tell_monitor(session: DrillSession, draft: Draft, at: datetime) -> None:
    """The plan's pending statement is answered by what the trainee posted (its text replaces the
    template's), so the incident record shows the first response and starts the update clock."""
    statement_id = draft.plan_statement
    if statement_id is None:
        incident = session.open_incident()
        pending = [
            s
            for s in session.monitor.statements.values()
            if s.incident == incident and s.status == "proposed"
        ]
        statement_id = min(pending, key=lambda s: s.proposed_at).id if pending else None
    statement = session.monitor.statements.get(statement_id or "")
    if statement is None or statement.status != "proposed":
        _account_post(session, draft, at)
        return
    statement.texts = {session.lang: draft.text}
    by = draft.approved_by or session.trainee
    session.on_crisis(session.monitor.approve_statement(statement.id, by, at))


def _account_post(session: DrillSession, draft: Draft, at: datetime) -> None:
    """A statement the plan did not propose (an update written ahead of time): the incident still
    counts it, so its update clock restarts from it as it would in production."""
    incident = session.open_incident()
    if incident is None:
        return
    community = session.drill.scenario.meta.community
    data = {"statement": f"drill:{draft.id}", "template": draft.template, "auto": False}
    event = CrisisEvent(ev.STATEMENT_POSTED, community, at, incident, data)
    session.monitor.course.account(event)
    session.record.events.append(event)


# --- replies, notes, checklist -----------------------------------------------------------------


def _reply(session: DrillSession, action: Any, at: datetime) -> str:
    message = session.messages.get(action.message)
    if message is None and session.record.message(action.message) is None:
        raise _refuse(session, "err_no_message", message=action.message)
    session.record.replies.append(Replied(at, action.message, action.text))
    brand = session.drill.scenario.meta.brand
    session.show(Kind.BRAND, action.text, author=brand, reply_to=action.message)
    return messages().text(session.lang, "drills.done_reply", message=action.message)


def _note(session: DrillSession, action: Any, at: datetime) -> str:
    session.record.notes.append((at, action.text))
    detail = messages().text(session.lang, "drills.done_note")
    session.show(Kind.ACTION, detail)
    return detail


def _check(session: DrillSession, action: Any, at: datetime) -> str:
    incident_id = session.open_incident()
    incident = session.monitor.incidents.get(incident_id or "")
    if incident is None:
        raise _refuse(session, "err_no_incident")
    index = _item_index(incident.checklist, action.item)
    if index is None:
        raise _refuse(session, "err_no_item", item=action.item)
    session.on_crisis(session.monitor.check_item(incident.id, index, session.trainee, at))
    session.record.checked.append((at, index))
    detail = messages().text(
        session.lang, "drills.done_check", item=incident.checklist[index]["text"]
    )
    session.show(Kind.ACTION, detail)
    return detail


def _item_index(checklist: list[dict[str, Any]], item: int | str) -> int | None:
    if isinstance(item, int) or str(item).isdigit():
        index = int(item)
        return index if 0 <= index < len(checklist) else None
    words = plain(str(item))
    for index, entry in enumerate(checklist):
        if words in plain(entry["text"]):
            return index
    return None


_HANDLERS: dict[str, Handler] = {
    "delete": _moderate,
    "warn": _moderate,
    "mute": _moderate,
    "ban": _moderate,
    "level": _level,
    "ack": _ack,
    "alert": _alert,
    "draft": _draft,
    "submit": _submit,
    "post": _post,
    "reply": _reply,
    "note": _note,
    "check": _check,
}
