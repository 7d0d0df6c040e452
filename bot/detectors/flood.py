"""The flood detector: too many messages from one author in a short window.

It reads the history of messages already decided; the message being decided is not in it yet, so
it counts as one more.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.core.decision import Detection
from bot.core.durations import PositiveDuration
from bot.core.message import Message
from bot.core.timeparse import format_duration, parse_duration
from bot.detectors.base import DetectorContext, Runner
from bot.i18n.catalog import messages
from bot.i18n.formats import duration as say_duration

NAME = "flood"


class Config(BaseModel):
    """How many messages one author may post in a window."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    count: int = Field(
        5, ge=1, description="More messages than this from one author within `window` is a flood."
    )
    window: PositiveDuration = Field("10s", description="The sliding window, e.g. '10s', '1m'.")


def prepare(config: Config) -> Runner:
    """`detect` bound to `config` (the window worded once, not at every message)."""
    count, window, worded = config.count, config.window, format_duration(config.window)

    def run(message: Message, context: DetectorContext) -> Detection:
        since = message.ts - window
        observed = context.history.author_count(message.community, message.author.id, since) + 1
        return Detection(
            NAME, observed > count, observed=observed, limit=count, detail={"window": worded}
        )

    return run


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report an author who posted more than `count` messages within `window`, this one included."""
    return prepare(config)(message, context)


def explain(detection: Detection, lang: str) -> str:
    """How many messages in which window, against the limit."""
    count, limit = int(detection.observed or 0), int(detection.limit or 0)
    window = say_duration(parse_duration(detection.detail.get("window", 0)), lang)
    if detection.matched:
        return messages().text(
            lang, "detectors.flood_over", count=count, window=window, limit=limit
        )
    return messages().plural(lang, "detectors.flood_within", count, window=window, limit=limit)
