"""Concrete advice for the debrief, drawn from what went wrong: each automatic failure, each missed
or late expectation (with what the plan or the charter says), the faults of the public messages, the
moderation mistakes, the calls left unanswered and the decision log."""

from __future__ import annotations

from bot.drills.expectations import LATE, MISSED
from bot.drills.lexicon import check_text
from bot.drills.loader import Drill
from bot.drills.record import DrillRecord
from bot.drills.scoring import ScoreCard
from bot.drills.timing import clock_label
from bot.i18n.catalog import messages


def advice(drill: Drill, record: DrillRecord, card: ScoreCard) -> list[str]:
    """The debrief's advice, most important first, without repeats."""
    lang = drill.lang
    found = [messages().text(lang, f"drills.advice.{failure.code}") for failure in card.failures]
    found += _from_outcomes(drill, card)
    found += _from_messages(drill, record)
    if card.removals.missed:
        found.append(
            messages().text(
                lang, "drills.advice.missed_removals", ids=", ".join(card.removals.missed)
            )
        )
    found += _from_cell(drill, record)
    if len(record.notes) < drill.scenario.coordination.min_notes:
        found.append(messages().text(lang, "drills.advice.notes"))
    if record.checklist and len({i for _, i in record.checked}) < len(record.checklist):
        found.append(messages().text(lang, "drills.advice.checklist"))
    unique = list(dict.fromkeys(found))
    return unique or [messages().text(lang, "drills.advice.all_good")]


def _from_outcomes(drill: Drill, card: ScoreCard) -> list[str]:
    lines = []
    for outcome in card.outcomes:
        if outcome.status not in (MISSED, LATE):
            continue
        if outcome.do in ("first_response", "update"):
            lines.append(messages().text(drill.lang, f"drills.advice.{outcome.do}"))
        elif outcome.why:
            when = clock_label(outcome.at, drill.timezone)
            lines.append(f"{when} — {outcome.why}")
    return lines


def _from_messages(drill: Drill, record: DrillRecord) -> list[str]:
    writing, lines = drill.scenario.writing, []
    for post in record.posts:
        quality = check_text(post.text, writing)
        if not quality.empathy:
            lines.append(messages().text(drill.lang, "drills.advice.empathy"))
        if not quality.facts:
            lines.append(
                messages().text(
                    drill.lang, "drills.advice.facts", facts=", ".join(writing.facts[:3])
                )
            )
        if not quality.next_update:
            lines.append(messages().text(drill.lang, "drills.advice.next_update"))
        lines += [messages().text(drill.lang, f"drills.advice.{fault}") for fault in quality.faults]
    return lines


def _from_cell(drill: Drill, record: DrillRecord) -> list[str]:
    own, lines = drill.scenario.meta.trainee_role, []
    for case in record.cases:
        if case.role == own and case.acked_by != record.trainee:
            lines.append(messages().text(drill.lang, "drills.advice.own_ack"))
        elif (
            case.role != own
            and case.step > 0
            and not any(c.role == case.role for c in record.calls)
        ):
            lines.append(messages().text(drill.lang, "drills.advice.relaunch"))
    return lines
