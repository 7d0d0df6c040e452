"""The caps detector: messages written mostly in capital letters (shouting).

The share is computed over cased letters of the original text, after removing what people do not
type in capitals on purpose: links, mentions, custom emoji and `:emoji_codes:`. Short messages
("OK", "LOL") are left alone below `min_letters`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext, Runner
from bot.i18n.catalog import messages
from bot.i18n.formats import percent

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


class _Keep(dict[int, str | None]):
    """A `str.translate` table keeping the characters a test accepts and deleting the others,
    learning each character on first sight: counting runs in C, only new characters pay."""

    def __init__(self, keep: Callable[[str], bool]) -> None:
        super().__init__()
        self._keep = keep

    def __missing__(self, code: int) -> str | None:
        self[code] = "x" if self._keep(chr(code)) else None
        return self[code]


_UPPER, _LOWER = _Keep(str.isupper), _Keep(str.islower)


def capitals(text: str) -> tuple[int, int]:
    """(capital letters, cased letters) in the text, links and mentions left out."""
    # Links, mentions and emoji codes all contain ":", "@", "<" or "www.": most texts have none.
    if ":" in text or "@" in text or "<" in text or "www." in text:
        text = _NOT_TYPED.sub(" ", text)
    upper = len(text.translate(_UPPER))
    return upper, upper + len(text.translate(_LOWER))


def prepare(config: Config) -> Runner:
    """`detect` bound to `config` (its two settings read once)."""
    ratio, min_letters = config.ratio, config.min_letters

    def run(message: Message, context: DetectorContext) -> Detection:
        upper, letters = capitals(message.text)
        share = upper / letters if letters else 0.0
        return Detection(
            NAME,
            letters >= min_letters and share >= ratio,
            round(share, 4),
            ratio,
            letters,
            min_letters,
            detail={"capitals": upper, "letters": letters},
        )

    return run


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report a message whose share of capitals reaches `ratio`, if it is long enough to judge."""
    return prepare(config)(message, context)


def _percent(value: float, lang: str) -> str:
    return percent(round(value, 2), lang)


def explain(detection: Detection, lang: str) -> str:
    """The share of capitals against the threshold, or why the message was too short to judge."""
    share, threshold = (
        _percent(detection.score or 0, lang),
        _percent(detection.threshold or 0, lang),
    )
    letters, minimum = int(detection.observed or 0), int(detection.limit or 0)
    if not detection.matched and letters < minimum:
        return messages().plural(lang, "detectors.caps_too_short", letters, minimum=minimum)
    key = "detectors.caps_reaches" if detection.matched else "detectors.caps_stays_under"
    return messages().text(lang, key, share=share, letters=letters, threshold=threshold)
