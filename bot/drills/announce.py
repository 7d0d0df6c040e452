"""What the trainee is shown of the story and of the plan: each inject as a feed item (with Vigie's
suggestion for a community message), each crisis event worded in the drill's language, the plan's
own draft statements registered as drafts the trainee can submit, and the status summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.charter.fields import pick
from bot.core.timeparse import parse_timestamp
from bot.crisis import events as ev
from bot.crisis.events import CrisisEvent
from bot.drills.feed import FeedItem, Kind
from bot.drills.record import Draft, Played
from bot.i18n.catalog import messages

if TYPE_CHECKING:
    from bot.drills.runner import DrillSession


def short(identifier: str) -> str:
    """The last part of a plan id: `opalia-20260312-1410-k2` -> `k2`."""
    return identifier.rsplit("-", 1)[-1]


def inject(session: DrillSession, played: Played) -> list[FeedItem]:
    """The feed items of one inject."""
    item, at, lang = played.inject, played.at, session.lang
    author = session.drill.scenario.persona(item.persona).name if item.persona else ""
    if item.kind in ("message", "leak"):
        items = [
            FeedItem(
                at, Kind.MESSAGE, item.text or "", author, item.channel, item.id, item.reply_to
            )
        ]
        if session.drill.scenario.meta.assist and played.decision and played.decision.actions:
            kinds = ", ".join(dict.fromkeys(played.suggested))
            rules = ", ".join(played.decision.matched)
            text = messages().text(
                lang, "drills.suggestion", actions=kinds, rules=rules, message=item.id
            )
            items.append(FeedItem(at, Kind.SUGGESTION, text, "Vigie", message_id=item.id))
        return items
    if item.kind in ("press", "post"):
        source = item.source or messages().text(
            lang, "drills.press_source" if item.kind == "press" else "drills.elsewhere"
        )
        return [FeedItem(at, Kind.EXTERNAL, item.text or "", f"[{source}] {author}", None, item.id)]
    if item.kind == "silence":
        assert item.role is not None
        person = session.cell.person(item.role, item.who)
        text = item.text or messages().text(
            lang, "drills.silence", person=person, role=session.role_name(item.role)
        )
        return [FeedItem(at, Kind.INFO, text)]
    if item.kind == "joins":
        return [
            FeedItem(
                at, Kind.INFO, item.text or messages().text(lang, "drills.joins", count=item.count)
            )
        ]
    return [FeedItem(at, Kind.INFO, item.text or "")]


def crisis_event(session: DrillSession, event: CrisisEvent) -> list[FeedItem]:
    """How one event of the plan reads in the feed (some are not shown: they echo an action)."""
    text = _event_text(session, event)
    if text is None:
        return []
    return [FeedItem(event.at, Kind.PLAN, text, "Vigie", actions=event.actions)]


def _event_text(session: DrillSession, event: CrisisEvent) -> str | None:
    lang, data = session.lang, event.data
    role = session.role_name(data["role"]) if "role" in data else ""
    case = short(str(data.get("case", "")))
    if event.type == ev.LEVEL:
        name = pick(session.drill.playbook.level(data["level"]).name, lang)
        if not data.get("by"):
            key = "level_auto_down" if data["level"] < data.get("from", 0) else "level_auto"
            return messages().text(
                lang, f"drills.{key}", level=data["level"], name=name, reason=data["reason"]
            )
        return messages().text(lang, "drills.level", level=data["level"], name=name, by=data["by"])
    if event.type == ev.NOTIFY:
        deadline = session.clock_label(parse_timestamp(data["deadline"]))
        mine = data["role"] == session.drill.scenario.meta.trainee_role and data["who"] == "holder"
        key = "notify_you" if mine else "notify"
        return messages().text(
            lang, f"drills.{key}", person=data["person"], role=role, case=case, deadline=deadline
        )
    if event.type == ev.ACK:
        return messages().text(lang, "drills.ack", by=data["by"], case=case, role=role)
    if event.type == ev.ESCALATE:
        return messages().text(
            lang, "drills.escalate", origin=data["from"], to=data["to"], case=case
        )
    if event.type == ev.EXHAUSTED:
        return messages().text(lang, "drills.exhausted", role=role, case=case)
    if event.type == ev.STATEMENT_PROPOSED:
        approver = session.role_name(data["approver"])
        draft = _draft_name(session, data["statement"])
        return messages().text(
            lang, "drills.proposed", draft=draft, template=data["template"], approver=approver
        )
    if event.type == ev.STATEMENT_OVERDUE:
        return messages().text(lang, "drills.overdue", due=session.clock_label(event.at))
    if event.type == ev.UPDATE_DUE:
        return messages().text(lang, "drills.update_due", template=data.get("template") or "-")
    if event.type == ev.CHECKLIST:
        return _checklist_text(session, event)
    if event.type == ev.INCIDENT_CLOSED:
        return messages().text(lang, "drills.closed")
    if event.type == ev.ACTION:
        key = "plan_undo" if data.get("undo") else "plan_action"
        return messages().text(lang, f"drills.{key}", action=data["action"], level=data["level"])
    return None


def _checklist_text(session: DrillSession, event: CrisisEvent) -> str:
    lang = session.lang
    incident = session.monitor.incidents.get(event.incident or "")
    first = len(incident.checklist) - len(event.data["items"]) if incident else 0
    items = "; ".join(f"[{first + i}] {text}" for i, text in enumerate(event.data["items"]))
    text = messages().text(lang, "drills.checklist", level=event.data["level"], items=items or "-")
    if event.data.get("avoid"):
        text += "\n" + messages().text(lang, "drills.avoid", items="; ".join(event.data["avoid"]))
    return text


def _draft_name(session: DrillSession, statement_id: str) -> str:
    for name, draft in session.record.drafts.items():
        if draft.plan_statement == statement_id:
            return name
    return short(statement_id)


def register_plan_draft(session: DrillSession, event: CrisisEvent) -> None:
    """The plan proposed a statement: the trainee can submit and post it as draft `sN`."""
    statement = event.data["statement"]
    name = short(statement)
    if name in session.record.drafts:  # a second incident restarts the numbering
        name = f"{name}-{len(session.record.drafts)}"
    texts = event.data.get("texts") or {}
    session.record.drafts[name] = Draft(
        name,
        texts.get(session.lang) or next(iter(texts.values()), ""),
        event.at,
        template=event.data.get("template"),
        plan_statement=statement,
    )


def status(session: DrillSession) -> dict[str, Any]:
    """Level, open calls, drafts and the main indicators, for the trainee's `status` command."""
    community = session.drill.scenario.meta.community
    level = session.level()
    cases = [
        {
            "case": short(case.id),
            "role": session.role_name(case.role),
            "calling": session.cell.person(*case.chain[case.step]),
            "deadline": session.clock_label(case.deadline) if case.deadline else "-",
        }
        for case in session.monitor.cases.values()
        if case.active
    ]
    drafts = [
        {"draft": name, "state": _draft_state(draft, session)}
        for name, draft in session.record.drafts.items()
    ]
    indicators = {}
    if community in session.monitor.communities:
        found = session.monitor.status(community)["indicators"]
        indicators = {
            name: found[name]["value"] for name in ("volume", "complainers") if name in found
        }
    return {
        "level": level,
        "name": pick(session.drill.playbook.level(level).name, session.lang),
        "cases": cases,
        "drafts": drafts,
        "indicators": indicators,
    }


def _draft_state(draft: Draft, session: DrillSession) -> str:
    if any(post.draft == draft.id for post in session.record.posts):
        return messages().text(session.lang, "drills.state_posted")
    if draft.approved:
        return messages().text(session.lang, "drills.state_approved", by=draft.approved_by)
    if draft.submitted_to:
        return messages().text(
            session.lang, "drills.state_submitted", role=session.role_name(draft.submitted_to)
        )
    return messages().text(session.lang, "drills.state_draft")
