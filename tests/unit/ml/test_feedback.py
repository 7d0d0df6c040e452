"""Moderator verdicts: merged one per text and label, refused when too few or when harmful."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.ml.feedback import (
    FeedbackPolicy,
    FeedbackRefused,
    check_counts,
    regressions,
    to_examples,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Verdict:
    text: str
    label: str | None
    verdict: str
    language: str = "fr"
    at: datetime = T0


def _many(label, confirmed, overturned):
    return [Verdict(f"c{i}", label, "confirmed") for i in range(confirmed)] + [
        Verdict(f"o{i}", label, "overturned") for i in range(overturned)
    ]


def test_latest_verdict_wins_and_unknown_labels_are_ignored():
    items = [
        Verdict("t'es nul", "toxic", "confirmed", at=T0),
        Verdict("T'es  nul", "toxic", "overturned", at=T0 + timedelta(hours=1)),
        Verdict("spam?", "keyword:casino", "confirmed"),
        Verdict("hmm", "toxic", "maybe"),
    ]
    examples = to_examples(items, ("toxic", "spam"), FeedbackPolicy())
    assert [(e.text, e.labels) for e in examples] == [("T'es  nul", {"toxic": 0})]
    assert examples[0].source == "feedback" and examples[0].split == "train"


@pytest.mark.parametrize(
    ("confirmed", "overturned"),
    [(1, 0), (0, 1), (19, 40), (40, 19)],
    ids=["one-click", "one-overturn", "few-confirmed", "few-overturned"],
)
def test_too_few_verdicts_are_refused(confirmed, overturned):
    examples = to_examples(_many("toxic", confirmed, overturned), ("toxic",), FeedbackPolicy())
    with pytest.raises(FeedbackRefused, match="too few verdicts"):
        check_counts(examples, FeedbackPolicy(min_per_class=20))


def test_enough_verdicts_pass():
    examples = to_examples(_many("spam", 20, 25), ("spam",), FeedbackPolicy())
    assert check_counts(examples, FeedbackPolicy(min_per_class=20)) == {
        "spam": {"confirmed": 20, "overturned": 25}
    }


def test_no_usable_verdict_is_refused():
    with pytest.raises(FeedbackRefused, match="no usable"):
        check_counts([], FeedbackPolicy())


def _metrics(f1, auc):
    return {
        "labels": {"toxic": {"pooled": {"macro_f1": f1}, "per_dataset": {"olid": {"roc_auc": auc}}}}
    }


@pytest.mark.parametrize(
    ("candidate", "worse"),
    [
        (_metrics(0.80, 0.90), False),
        (_metrics(0.797, 0.895), False),
        (_metrics(0.79, 0.90), True),
        (_metrics(0.80, 0.88), True),
    ],
    ids=["same", "within-tolerance", "f1-drop", "auc-drop"],
)
def test_a_worse_model_is_detected(candidate, worse):
    found = regressions(_metrics(0.80, 0.90), candidate, FeedbackPolicy())
    assert bool(found) is worse
