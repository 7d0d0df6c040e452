"""Moderator feedback for the models: each case a moderator confirmed or overturned, whose text is
still on record, becomes a labelled example: the classifier label the rule used, and the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.store.database import Database
from bot.store.tables import CASES, DECISIONS, MESSAGES, CaseStatus, same_message


@dataclass(frozen=True, slots=True)
class FeedbackExample:
    """One example: `label` is the classifier label behind the rule (None if the rule used no
    classifier); `verdict` is "confirm" (the model was right) or "overturn" (it was wrong)."""

    text: str
    label: str | None
    verdict: str
    language: str
    at: datetime


def classifier_labels(trace: list[dict[str, Any]], rule: str | None) -> list[str]:
    """The labels of the classifier detections of `rule` in a decision trace, in trace order."""
    labels: list[str] = []
    for outcome in trace:
        if outcome.get("rule") != rule:
            continue
        for detection in outcome.get("detections", []):
            label = (detection.get("detail") or {}).get("label")
            if detection.get("detector") == "classifier" and label and label not in labels:
                labels.append(label)
    return labels


def feedback_examples(db: Database) -> list[FeedbackExample]:
    """The examples, oldest verdict first. When a decision was judged more than once (a case,
    then an appeal), only the latest verdict on each (decision, rule) counts."""
    query = (
        select(
            CASES.c.decision_id,
            CASES.c.rule,
            CASES.c.verdict,
            CASES.c.decided_at,
            DECISIONS.c.trace,
            DECISIONS.c.language,
            MESSAGES.c.text,
        )
        .join(DECISIONS, DECISIONS.c.id == CASES.c.decision_id)
        .join(
            MESSAGES,
            same_message(DECISIONS),
        )
        .where(
            CASES.c.status.in_([CaseStatus.CONFIRMED.value, CaseStatus.OVERTURNED.value]),
            MESSAGES.c.text.is_not(None),
        )
        .order_by(CASES.c.decided_at, CASES.c.id)
    )
    latest: dict[tuple[int, str | None], Any] = {}
    with db.read() as connection:
        for row in connection.execute(query):
            latest.pop((row.decision_id, row.rule), None)  # re-insert: keeps verdict order
            latest[(row.decision_id, row.rule)] = row
    examples = []
    for row in latest.values():
        labels: list[str | None] = [*classifier_labels(row.trace, row.rule)] or [None]
        examples += [
            FeedbackExample(row.text, label, row.verdict, row.language, row.decided_at)
            for label in labels
        ]
    return examples
