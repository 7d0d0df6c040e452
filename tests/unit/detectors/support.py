"""Helpers shared by the detector tests: messages, contexts and a one-call `run`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from bot.core.decision import Detection
from bot.core.message import Author, Message
from bot.detectors.base import DetectorContext, ScoresUnavailable
from bot.detectors.history import History
from bot.text.normalize import normalize

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def no_model() -> Mapping[str, float]:
    """The scores of a bot running without a model."""
    raise ScoresUnavailable("no model loaded")


def message(
    text: str = "",
    *,
    author: str = "u1",
    at: float = 0,
    community: str = "c1",
    mentions: int = 0,
    joined: datetime | None = None,
    created: datetime | None = None,
    id: str | None = None,
) -> Message:
    """A message `at` seconds after T0."""
    ts = T0 + timedelta(seconds=at)
    return Message(
        id=id or f"m{at}-{author}",
        ts=ts,
        author=Author(id=author, joined=joined, created=created),
        text=text,
        community=community,
        mentions=mentions,
    )


def context(
    msg: Message,
    history: History | None = None,
    scores: Callable[[], Mapping[str, float]] = no_model,
) -> DetectorContext:
    """The context the engine would build for `msg`."""
    return DetectorContext(normalize(msg.text), history or History(), msg.ts, scores)


def observe(history: History, *messages: Message) -> History:
    """Record messages in the history, as the engine does after each decision."""
    for msg in messages:
        history.observe(msg, normalize(msg.text))
    return history


def run(
    module: ModuleType,
    msg: Message | str,
    config: BaseModel | Mapping[str, Any] | None = None,
    history: History | None = None,
    scores: Callable[[], Mapping[str, float]] = no_model,
) -> Detection:
    """Validate `config` (a dict as written in a charter) and run the detector on `msg`."""
    if isinstance(msg, str):
        msg = message(msg)
    if not isinstance(config, BaseModel):
        config = module.Config.model_validate(dict(config or {}))
    return module.detect(msg, config, context(msg, history, scores))
