"""The mentions detector: mass mentions, and @everyone / @here.

Platforms count mentions themselves when they can (`message.mentions`); the text is read too
(`<@123>`, `<@&456>` for Discord users and roles, `@name` for Telegram), and the larger count wins
so that nothing is counted twice. The same person mentioned five times counts once.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext, Runner
from bot.i18n.catalog import messages

NAME = "mentions"

_DISCORD_MENTION = re.compile(r"<@[!&]?(\d+)>")
_HANDLE = re.compile(r"(?<![\w@.+<-])@(\w{2,32})")  # not an e-mail address, not <@123>
_EVERYONE = re.compile(r"(?<![\w@])@(everyone|here)\b", re.IGNORECASE)


class Config(BaseModel):
    """How many people a message may mention."""

    model_config = ConfigDict(extra="forbid")

    max: int = Field(
        5,
        ge=0,
        description="A message mentioning more distinct people or roles than this is a mass "
        "mention.",
    )
    everyone: bool = Field(
        True,
        description="An @everyone or @here is reported on its own (exempt moderators by role in "
        "the rule).",
    )


def count_mentions(message: Message) -> tuple[int, str | None]:
    """Distinct people and roles mentioned, and the @everyone/@here used if any."""
    text = message.text
    if "@" not in text:  # every mention the text can hold has one (most messages: none)
        return message.mentions, None
    named = {f"<{m.group(1)}>" for m in _DISCORD_MENTION.finditer(text)}
    named |= {m.group(1).casefold() for m in _HANDLE.finditer(text)} - {"everyone", "here"}
    everyone = _EVERYONE.search(text)
    return max(message.mentions, len(named)), everyone.group(0).lower() if everyone else None


def prepare(config: Config) -> Runner:
    """`detect` bound to `config`; a message that mentions no one (most) gets a shared verdict."""
    limit, everyone_counts = config.max, config.everyone
    nobody = Detection(NAME, limit < 0, observed=0, limit=limit, detail={"everyone": None})

    def run(message: Message, context: DetectorContext) -> Detection:
        count, everyone = count_mentions(message)
        if everyone_counts and everyone:
            return Detection(
                NAME,
                True,
                observed=count,
                limit=limit,
                excerpt=everyone,
                detail={"everyone": everyone},
            )
        if not count and everyone is None:
            return nobody
        return Detection(
            NAME, count > limit, observed=count, limit=limit, detail={"everyone": everyone}
        )

    return run


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report a mass mention or an @everyone/@here, with the count either way."""
    return prepare(config)(message, context)


def explain(detection: Detection, lang: str) -> str:
    """How many mentions, against which limit, or which @everyone."""
    count, limit = int(detection.observed or 0), int(detection.limit or 0)
    if detection.matched and detection.excerpt:
        return messages().text(lang, "detectors.mentions_everyone", excerpt=detection.excerpt)
    if detection.matched:
        return messages().text(lang, "detectors.mentions_over", count=count, limit=limit)
    return messages().plural(lang, "detectors.mentions_within", count, limit=limit)
