"""What every detector module provides and what it receives.

A detector module defines:
- `NAME: str`, the key used in a charter's `when` clause;
- `class Config(BaseModel, extra="forbid")`, its strict configuration;
- `detect(message, config, context) -> Detection`, matched or not, always with the evidence
  (so a decision can say why a rule did *not* fire, too);
- `explain(detection, lang) -> str`, one sentence in "fr" or "en" for the trace and the notice.
Detectors are pure: they read the message, the normalised text and the sliding-window history, and
never write anything (the engine records the message in the history after deciding).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from bot.core.decision import Detection
from bot.core.message import Message
from bot.text.normalize import NormalizedText

if TYPE_CHECKING:
    from bot.detectors.history import History


class ScoresUnavailable(RuntimeError):
    """Raised by `DetectorContext.scores()` when no model is loaded (degraded mode)."""


@dataclass(frozen=True, slots=True)
class DetectorContext:
    """What a detector may read besides the message itself."""

    text: NormalizedText
    history: History
    now: datetime
    # Scores of the classifiers for this message, computed at most once and only if a rule asks.
    scores: Callable[[], Mapping[str, float]]
    # What one detector parsed from this message, for the next rule that uses the same detector
    # (two rules reading links parse them once). Keyed by the detector's name.
    memo: dict[str, Any] = field(default_factory=dict)


class DetectorModule(Protocol):
    """The shape of a detector module (a module object satisfies it structurally)."""

    NAME: str
    Config: type[BaseModel]

    def detect(self, message: Message, config: Any, context: DetectorContext) -> Detection: ...

    def explain(self, detection: Detection, lang: str) -> str: ...


Runner = Callable[[Message, DetectorContext], Detection]


def runner(module: DetectorModule, config: Any) -> Runner:
    """`module.detect` bound to `config`, built once per charter.

    A module may define `prepare(config) -> Runner`: the work that depends only on the settings
    (compiled patterns, the not-matched verdicts, which checks can be skipped) is then done once
    when the charter is loaded rather than at every message, and the hot path reads no pydantic
    attribute. `detect` of such a module is `prepare(config)(message, context)`: one
    implementation either way."""
    prepare = getattr(module, "prepare", None)
    if prepare is not None:
        return prepare(config)  # type: ignore[no-any-return]
    detect = module.detect
    return lambda message, context: detect(message, config, context)
