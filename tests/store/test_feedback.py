"""Moderator feedback as training examples: the classifier label behind a case and its verdict."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.core.decision import RuleOutcome
from bot.store.cases import CaseRepository
from bot.store.database import Database
from bot.store.feedback import FeedbackExample, classifier_labels, feedback_examples
from bot.store.recorder import DecisionRecorder
from bot.store.retention import Retention
from tests.store.builders import T0, action, decision, message

LATER = T0 + timedelta(hours=1)
SPAM = {"label": "spam"}


def escalate(db: Database, mid: str, text: str, lang: str = "fr") -> int:
    """Record a matched decision that escalates `mid`; return its case id."""
    msg = message(mid, text=text)
    made = replace(decision(msg, actions=(action(msg, "escalate"),)), language=lang)
    DecisionRecorder(db, timedelta(days=30)).record([made])
    return next(c.id for c in CaseRepository(db).list_open() if c.message_id == mid)


@pytest.mark.parametrize(
    ("trace", "rule", "labels"),
    [
        ([], "insults", []),
        ([{"rule": "insults", "detections": [{"detector": "keywords"}]}], "insults", []),
        (
            [
                {
                    "rule": "links",
                    "detections": [{"detector": "classifier", "detail": {"label": "spam"}}],
                },
                {
                    "rule": "insults",
                    "detections": [
                        {"detector": "classifier", "detail": {"label": "toxic"}},
                        {"detector": "classifier", "detail": {"label": "hate"}},
                        {"detector": "classifier", "detail": {"label": "toxic"}},
                    ],
                },
            ],
            "insults",
            ["toxic", "hate"],
        ),
        ([{"rule": "insults", "detections": [{"detector": "classifier"}]}], "insults", []),
    ],
    ids=["empty", "no-classifier", "this-rule-only-deduplicated", "no-label"],
)
def test_classifier_labels(trace: list[dict[str, Any]], rule: str, labels: list[str]) -> None:
    assert classifier_labels(trace, rule) == labels


def test_decided_cases_become_examples(db: Database) -> None:
    cases = CaseRepository(db)
    confirmed = escalate(db, "m1", "espèce d'idiot")
    overturned = escalate(db, "m2", "idiot, moi ? je plaisante", lang="en")
    undecided = escalate(db, "m3", "encore")
    cases.decide(confirmed, "mod-a", "confirm", T0 + timedelta(minutes=1))
    cases.decide(overturned, "mod-a", "overturn", T0 + timedelta(minutes=2))
    assert undecided  # stays open: no example

    assert feedback_examples(db) == [
        FeedbackExample("espèce d'idiot", "toxic", "confirm", "fr", T0 + timedelta(minutes=1)),
        FeedbackExample(
            "idiot, moi ? je plaisante", "toxic", "overturn", "en", T0 + timedelta(minutes=2)
        ),
    ]


def test_an_appeal_overturning_a_case_replaces_its_verdict(db: Database) -> None:
    cases = CaseRepository(db)
    case_id = escalate(db, "m1", "espèce d'idiot")
    cases.decide(case_id, "mod-a", "confirm", T0)
    appeal = cases.appeal("u1", "c'était une citation", LATER, case_id=case_id)
    cases.decide(appeal, "mod-b", "overturn", LATER)
    assert [(e.verdict, e.at) for e in feedback_examples(db)] == [("overturn", LATER)]


def test_a_rule_without_classifier_gives_an_unlabelled_example(db: Database) -> None:
    msg = message("m1", text="lien douteux")
    plain = RuleOutcome("insults", True, "mot interdit", severity=2)
    made = replace(decision(msg, actions=(action(msg, "escalate"),)), outcomes=(plain,))
    DecisionRecorder(db, timedelta(days=30)).record([made])
    case_id = CaseRepository(db).list_open()[0].id
    CaseRepository(db).decide(case_id, "mod-a", "confirm", LATER)
    assert [(e.text, e.label) for e in feedback_examples(db)] == [("lien douteux", None)]


def test_purged_text_gives_no_example(db: Database) -> None:
    case_id = escalate(db, "m1", "espèce d'idiot")
    CaseRepository(db).decide(case_id, "mod-a", "confirm", LATER)
    Retention(db).purge(T0 + timedelta(days=100), timedelta(days=90), timedelta(days=365))
    assert feedback_examples(db) == []
