"""The caps detector: messages written mostly in capital letters (shouting).

The share is computed over cased letters of the original text, after removing what people do not
type in capitals on purpose: links, mentions, custom emoji and `:emoji_codes:`. Short messages
("OK", "LOL") are left alone below `min_letters`.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext, text_for

NAME = "caps"

_NOT_TYPED = re.compile(r"https?://\S+|www\.\S+|<a?:\w+:\d+>|<@[!&]?\d+>|@\w+|:\w+:")


class Config(BaseModel):
    """How much of a message may be in capitals."""

    model_config = ConfigDict(extra="forbid")

    ratio: float = Field(
        0.7,
        gt=0,
        le=1,
        description="Share of capitals among letters from which a message is reported "
        "(0.7 = 70 %).",
    )
    min_letters: int = Field(
        12, ge=1, description="Messages with fewer letters than this are never reported."
    )


def capitals(text: str) -> tuple[int, int]:
    """(capital letters, cased letters) in the text, links and mentions left out."""
    typed = _NOT_TYPED.sub(" ", text)
    upper = sum(1 for ch in typed if ch.isupper())
    lower = sum(1 for ch in typed if ch.islower())
    return upper, upper + lower


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report a message whose share of capitals reaches `ratio`, if it is long enough to judge."""
    upper, letters = capitals(message.text)
    share = upper / letters if letters else 0.0
    matched = letters >= config.min_letters and share >= config.ratio
    return Detection(
        NAME,
        matched,
        score=round(share, 4),
        threshold=config.ratio,
        observed=letters,
        limit=config.min_letters,
        detail={"capitals": upper, "letters": letters},
    )


def _percent(value: float, lang: str) -> str:
    return f"{round(value * 100)} %" if lang != "en" else f"{round(value * 100)}%"


def explain(detection: Detection, lang: str) -> str:
    """The share of capitals against the threshold, or why the message was too short to judge."""
    share, threshold = (
        _percent(detection.score or 0, lang),
        _percent(detection.threshold or 0, lang),
    )
    letters, minimum = int(detection.observed or 0), int(detection.limit or 0)
    if not detection.matched and letters < minimum:
        return text_for(
            lang,
            f"Message trop court pour juger des majuscules ({letters} lettres, minimum {minimum}).",
            f"Message too short to judge capitals ({letters} letters, minimum {minimum}).",
        )
    fr_verb, en_verb = (
        ("atteint", "reaches") if detection.matched else ("reste sous", "stays under")
    )
    return text_for(
        lang,
        f"{share} de majuscules sur {letters} lettres, ce qui {fr_verb} le seuil de {threshold}.",
        f"{share} capitals over {letters} letters, which {en_verb} the threshold of {threshold}.",
    )
