"""Words for the evidence of a decision: why each rule fired or did not, in French or English.

The engine keeps evidence as values (detections); the words are produced here when someone reads
them, so deciding a clean message costs no sentence-building.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.decision import Detection, RuleOutcome
from bot.detectors.registry import DETECTORS


def describe_detections(
    detections: Iterable[Detection], lang: str, only_matched: bool = False
) -> str:
    """One sentence per detection (only those that matched, if asked), joined."""
    return " ".join(
        DETECTORS[d.detector].explain(d, lang) for d in detections if d.matched or not only_matched
    )


def describe_outcome(outcome: RuleOutcome, lang: str) -> str:
    """Why a rule fired, or why it did not (exemption, or each detector's evidence)."""
    if outcome.exempt:
        return outcome.exempt
    return outcome.reason or describe_detections(outcome.detections, lang)
