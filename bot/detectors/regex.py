"""The regex detector: patterns written in the charter, run with RE2.

RE2 runs in time linear in the text, whatever the pattern, so a charter cannot freeze the bot with a
catastrophic pattern; the price is that backreferences and lookarounds do not exist, and a pattern
using them is rejected when the charter is loaded, with RE2's reason. Note that RE2's `\\b` and
`\\w` are ASCII-only: on the folded text (accents removed) that rarely matters.
"""

from __future__ import annotations

from typing import Any, Literal

import re2
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext, Runner
from bot.i18n.catalog import messages

NAME = "regex"

MAX_EXCERPT = 80  # characters of the matched text kept as evidence


def _options(ignore_case: bool) -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # a bad pattern is reported once, as a validation error
    options.case_sensitive = not ignore_case
    return options


class Config(BaseModel):
    """Regular expressions that must not match a message."""

    model_config = ConfigDict(extra="forbid")

    patterns: list[str] = Field(
        min_length=1,
        description="RE2 regular expressions; the rule matches if any of them is found. No "
        "backreferences or lookarounds (RE2 runs in linear time).",
    )
    on: Literal["folded", "original"] = Field(
        "folded",
        description="'folded': the normalised text (lower case, no accents, disguises undone); "
        "'original': the message exactly as written.",
    )
    ignore_case: bool = Field(True, description="Ignore upper and lower case when matching.")

    _compiled: list[Any] = PrivateAttr(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compilable(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re2.compile(pattern, _options(ignore_case=False))
            except re2.error as exc:
                reason = exc.args[0] if exc.args else exc
                if isinstance(reason, bytes):
                    reason = reason.decode("utf-8", "replace")
                raise ValueError(
                    f"RE2 cannot compile this pattern: {pattern!r}: {reason}"
                ) from None
        return patterns

    @model_validator(mode="after")
    def _compile(self) -> Config:
        options = _options(self.ignore_case)
        self._compiled = [re2.compile(pattern, options) for pattern in self.patterns]
        return self


def _pattern_set(patterns: list[str], ignore_case: bool) -> Any:
    """Every pattern in one RE2 set: one scan of the text says which of them occur."""
    patterns_set = re2.Set.SearchSet(_options(ignore_case))
    for pattern in patterns:
        patterns_set.Add(pattern)
    patterns_set.Compile()
    return patterns_set


def prepare(config: Config) -> Runner:
    """`detect` bound to `config`: one scan with the set of all the patterns; only a message
    that matches one (rare) is searched again by that pattern for its span."""
    patterns, compiled, on = list(config.patterns), list(config._compiled), config.on
    patterns_set = _pattern_set(patterns, config.ignore_case)
    folded = on == "folded"
    nothing = Detection(NAME, matched=False, detail={"patterns": len(patterns), "on": on})

    def run(message: Message, context: DetectorContext) -> Detection:
        text = _encodable(context.text.folded if folded else message.text)
        found_in = patterns_set.Match(text)
        if not found_in:
            return nothing
        first = min(found_in)  # "the first pattern found": the charter's order
        found = compiled[first].search(text)
        return Detection(
            NAME,
            matched=True,
            span=found.span(),
            excerpt=found.group(0)[:MAX_EXCERPT],
            detail={"pattern": patterns[first], "on": on},
        )

    return run


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report the first pattern found in the chosen form of the text, or that none matched."""
    return prepare(config)(message, context)


def _encodable(text: str) -> str:
    """RE2 reads UTF-8: a lone surrogate (possible in decoded JSON) becomes "?", same length."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def explain(detection: Detection, lang: str) -> str:
    """Which pattern matched and what it matched, or that none matched."""
    if not detection.matched:
        return messages().text(lang, "detectors.regex_none")
    pattern = detection.detail.get("pattern", "")
    return messages().text(
        lang, "detectors.regex_match", pattern=pattern, excerpt=detection.excerpt
    )
