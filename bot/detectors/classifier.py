"""The classifier detector: a label of the text models (toxic, hate, threat, spam...) at or
above a threshold.

The scores come from `context.scores()`, computed at most once per message whichever rules ask.
Without a model (degraded mode) the rule does not match and says why, rather than failing the
whole decision: the keyword rules keep working.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext, ScoresUnavailable
from bot.detectors.speech import Speech, read_speech
from bot.i18n.catalog import messages
from bot.i18n.formats import listing, number
from bot.ml.specs import SPECS

NAME = "classifier"
# A misspelt label would never match: the rule would be silently off. The labels are the models'.
LABELS = frozenset(label for spec in SPECS for label in spec.labels)


class Config(BaseModel):
    """Which label of the models, from which score."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(
        min_length=1,
        description="The model's label to read, e.g. 'toxic', 'hate', 'threat', 'spam'.",
    )
    threshold: float = Field(
        0.8, ge=0, le=1, description="Match when the label's score (0 to 1) is at least this."
    )
    below: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Match only under this score: a band for doubtful messages that a human "
        "should see, while a stricter rule handles the clear ones.",
    )
    aimed: bool = Field(
        False,
        description="Match only a message aimed at someone (you, a mention, the staff, a group): "
        "swearing at a broken box is not an insult to anyone.",
    )

    aimed: bool = Field(
        False,
        description="Match only a message aimed at someone (you, a mention, the staff, a group): "
        "swearing at a broken box is not an insult to anyone.",
    )

    @field_validator("label")
    @classmethod
    def _known_label(cls, label: str) -> str:
        if label not in LABELS:
            raise ValueError(
                f"unknown label {label!r}; the models give: {', '.join(sorted(LABELS))}"
            )
        return label

    @model_validator(mode="after")
    def _band(self) -> Config:
        if self.below is not None and self.below <= self.threshold:
            raise ValueError("`below` must be greater than `threshold`")
        return self


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report a score at or above the threshold; without a model or a label, say so."""
    try:
        scores = context.scores()
    except ScoresUnavailable:
        return _degraded(config, {"degraded": "no_model"})
    if config.label not in scores:
        return _degraded(config, {"degraded": "no_label", "labels": sorted(scores)})
    score = float(scores[config.label])
    detail: dict[str, object] = {"label": config.label}
    if config.below is not None:
        detail["below"] = config.below
    in_band = config.below is None or score < config.below
    if config.aimed and score >= config.threshold and in_band and not _aimed(context):
        detail["unaimed"] = True
        in_band = False
    return Detection(
        NAME,
        score >= config.threshold and in_band,
        score=score,
        threshold=config.threshold,
        detail=detail,
    )


def _degraded(config: Config, why: dict[str, object]) -> Detection:
    """No score: the rule does not match and records why as a code, worded when read."""
    detail: dict[str, object] = {"label": config.label, **why}
    return Detection(NAME, False, threshold=config.threshold, detail=detail)


def _aimed(context: DetectorContext) -> bool:
    speech = context.memo.get("speech")
    if not isinstance(speech, Speech):
        speech = context.memo["speech"] = read_speech(context.text)
    return speech.addressed


def _number(value: float, lang: str) -> str:
    return number(value, lang, "0.00")


def _why(detection: Detection, lang: str) -> str:
    """Why there is no score, in `lang`. Traces stored before the codes hold an English sentence,
    quoted as it is."""
    code = str(detection.detail["degraded"])
    if code == "no_model":
        return messages().text(lang, "detectors.classifier_no_model")
    if code == "no_label":
        labels = [str(label) for label in detection.detail.get("labels") or ()]
        shown = listing(labels, lang) if labels else messages().text(lang, "detectors.no_labels")
        return messages().text(lang, "detectors.classifier_no_label", labels=shown)
    return code


def explain(detection: Detection, lang: str) -> str:
    """The label's score against the threshold, or why there is no score."""
    label = detection.detail.get("label", "?")
    say = messages().text
    if "degraded" in detection.detail:
        return say(lang, "detectors.classifier_degraded", label=label, reason=_why(detection, lang))
    score, threshold = _number(detection.score or 0, lang), _number(detection.threshold or 0, lang)
    if detection.detail.get("unaimed"):
        return say(lang, "detectors.classifier_unaimed", label=label, score=score)
    below = detection.detail.get("below")
    if below is not None and (detection.score or 0) >= below:
        ceiling = _number(float(below), lang)
        return say(
            lang, "detectors.classifier_other_rule", label=label, score=score, ceiling=ceiling
        )
    key = (
        "detectors.classifier_reaches" if detection.matched else "detectors.classifier_stays_under"
    )
    return say(lang, key, label=label, score=score, threshold=threshold)
