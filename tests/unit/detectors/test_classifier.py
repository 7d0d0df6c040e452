"""The classifier detector, with a fake scorer: a label's score against a threshold, or degraded."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from pydantic import ValidationError

from bot.core.decision import Detection
from bot.detectors import classifier

from .support import no_model, run


def scores(**values: float):
    """A fake scorer: a plain function returning fixed scores."""

    def score() -> Mapping[str, float]:
        return values

    return score


CASES = [
    # (scores, config, matched, score)
    (scores(toxic=0.93), {"label": "toxic"}, True, 0.93),
    (scores(toxic=0.8), {"label": "toxic", "threshold": 0.8}, True, 0.8),
    (scores(toxic=0.79), {"label": "toxic"}, False, 0.79),
    (scores(toxic=0.1, threat=0.6), {"label": "threat", "threshold": 0.5}, True, 0.6),
    (scores(toxic=0.99), {"label": "spam"}, False, None),
    (no_model, {"label": "toxic"}, False, None),
    (scores(toxic=0.75), {"label": "toxic", "threshold": 0.7, "below": 0.92}, True, 0.75),
    (scores(toxic=0.95), {"label": "toxic", "threshold": 0.7, "below": 0.92}, False, 0.95),
]
IDS = [
    "above",
    "at-threshold",
    "below",
    "other-label",
    "label-missing",
    "no-model",
    "in-doubtful-band",
    "above-band-left-to-another-rule",
]


@pytest.mark.parametrize(("scorer", "config", "matched", "score"), CASES, ids=IDS)
def test_detect(scorer, config: dict, matched: bool, score: float | None) -> None:
    detection = run(classifier, "message", config, scores=scorer)
    assert detection.matched is matched
    assert detection.score == score
    assert detection.threshold == config.get("threshold", 0.8)


def test_no_model_is_degraded_not_an_error() -> None:
    detection = run(classifier, "message", {"label": "toxic"}, scores=no_model)
    assert detection.detail == {"label": "toxic", "degraded": "no_model"}
    assert classifier.explain(detection, "fr") == (
        "Score « toxic » indisponible (mode dégradé : aucun modèle de classification n’est chargé)."
    )


def test_missing_label_lists_the_labels() -> None:
    detection = run(classifier, "message", {"label": "spam"}, scores=scores(toxic=0.1, hate=0.2))
    assert detection.detail == {
        "label": "spam",
        "degraded": "no_label",
        "labels": ["hate", "toxic"],
    }
    assert classifier.explain(detection, "fr").endswith("ils donnent : hate et toxic).")
    assert classifier.explain(detection, "en").endswith("they give: hate and toxic).")


def test_a_reason_stored_before_the_codes_is_quoted() -> None:
    detection = Detection("classifier", False, detail={"label": "toxic", "degraded": "no model"})
    assert (
        classifier.explain(detection, "fr")
        == "Score « toxic » indisponible (mode dégradé : no model)."
    )


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"label": ""},
        {"label": "toxic", "threshold": 1.2},
        {"label": "toxic", "threshold": -0.1},
        {"label": "toxic", "threshold": 0.9, "below": 0.8},
    ],
    ids=["no-label", "empty-label", "threshold-over-one", "negative-threshold", "band-upside-down"],
)
def test_invalid_config(config: dict) -> None:
    with pytest.raises(ValidationError):
        classifier.Config.model_validate(config)


@pytest.mark.parametrize(
    ("scorer", "lang", "expected"),
    [
        (
            scores(toxic=0.93),
            "fr",
            "Le score « toxic » du modèle est de 0,93, ce qui atteint le seuil de 0,80.",
        ),
        (
            scores(toxic=0.93),
            "en",
            "The model's “toxic” score is 0.93, which reaches the threshold of 0.80.",
        ),
        (
            scores(toxic=0.12),
            "fr",
            "Le score « toxic » du modèle est de 0,12, ce qui reste sous le seuil de 0,80.",
        ),
        (
            no_model,
            "fr",
            "Score « toxic » indisponible (mode dégradé : aucun modèle de classification n’est "
            "chargé).",
        ),
        (no_model, "en", "No “toxic” score (degraded mode: no classifier model is loaded)."),
    ],
    ids=["match-fr", "match-en", "under-fr", "degraded-fr", "degraded-en"],
)
def test_explain(scorer, lang: str, expected: str) -> None:
    detection = run(classifier, "message", {"label": "toxic"}, scores=scorer)
    assert classifier.explain(detection, lang) == expected
