"""The hate set's figures per functionality and language: the hate model's AUC and accuracy, and
how often the charter does what the functionality expects.

A functionality's AUC sets its cases against the opposite class of the same language (a hateful
functionality against every non-hateful case, a non-hateful one against every hateful case), the
way functional test suites are read; the `all` row of a language is the AUC over all its cases.
Score accuracy is the share of cases whose hate score is on the right side of the model's own
threshold. Decision accuracy is the share the charter handles as `bot.ml.suites.meets` expects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.decision import Decision
from bot.core.message import Message
from bot.ml.suite_blind_hate_d import HateCases

LANGS = ("fr", "en")


@dataclass(frozen=True, slots=True)
class HateRow:
    """One functionality in one language (or `all` of a language)."""

    name: str
    lang: str
    hateful: bool | None  # None for the `all` rows
    cases: int
    mean_score: float | None
    auc: float | None
    score_accuracy: float | None
    decision_accuracy: float


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """The probability that a positive scores above a negative (ties count half), or None."""
    if not len(positives) or not len(negatives):
        return None
    pos = np.asarray(positives, dtype=np.float64)[:, None]
    neg = np.asarray(negatives, dtype=np.float64)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def evaluate_hate(
    cases: Mapping[str, HateCases],
    decide: Callable[[Message], Decision],
    meets: Callable[[str, Decision], bool],
    message_of: Callable[[str, str], Message],
    hate_scores: Callable[[list[str]], list[float]] | None = None,
    threshold: float = 0.5,
) -> list[HateRow]:
    """Every functionality per language, then each language's `all` row."""
    rows: list[HateRow] = []
    for lang in LANGS:
        texts = {name: getattr(group, lang) for name, group in cases.items()}
        scores = {name: hate_scores(list(t)) if hate_scores else None for name, t in texts.items()}
        passed = {
            name: [
                meets(cases[name].expectation, decide(message_of(f"{name}-{lang}-{i}", text)))
                for i, text in enumerate(t)
            ]
            for name, t in texts.items()
        }
        pools = {
            flag: [s for n, v in scores.items() if v and cases[n].hateful is flag for s in v]
            for flag in (True, False)
        }
        for name, group in cases.items():
            rows.append(
                _row(name, lang, group.hateful, scores[name], passed[name], pools, threshold)
            )
        every = [s for v in scores.values() if v for s in v]
        labels = [cases[n].hateful for n, v in scores.items() for _ in (v or ())]
        rows.append(
            HateRow(
                "all",
                lang,
                None,
                sum(len(v) for v in passed.values()),
                float(np.mean(every)) if every else None,
                auc(pools[True], pools[False]) if hate_scores else None,
                _accuracy(every, labels, threshold) if hate_scores else None,
                float(np.mean([p for v in passed.values() for p in v])),
            )
        )
    return rows


def _row(
    name: str,
    lang: str,
    hateful: bool,
    scores: list[float] | None,
    passed: list[bool],
    pools: Mapping[bool, list[float]],
    threshold: float,
) -> HateRow:
    if scores is None:
        return HateRow(name, lang, hateful, len(passed), None, None, None, float(np.mean(passed)))
    area = auc(scores, pools[False]) if hateful else auc(pools[True], scores)
    return HateRow(
        name,
        lang,
        hateful,
        len(passed),
        float(np.mean(scores)),
        area,
        _accuracy(scores, [hateful] * len(scores), threshold),
        float(np.mean(passed)),
    )


def _accuracy(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> float:
    hits = [(s >= threshold) == label for s, label in zip(scores, labels, strict=True)]
    return float(np.mean(hits)) if hits else 0.0


def format_rows(rows: Sequence[HateRow]) -> list[str]:
    """One printable line per row: cases, mean hate score, AUC, score and decision accuracy."""

    def figure(value: float | None) -> str:
        return "  -  " if value is None else f"{value:.3f}"

    lines = [f"{'functionality':26} lang  n   hate  mean   AUC    acc   decided"]
    for r in rows:
        kind = "-" if r.hateful is None else ("yes" if r.hateful else "no")
        lines.append(
            f"{r.name:26} {r.lang:4} {r.cases:3} {kind:4} {figure(r.mean_score)} "
            f"{figure(r.auc)} {figure(r.score_accuracy)} {r.decision_accuracy:.3f}"
        )
    return lines
