"""The interfaces (Protocols) that the upper floors implement and the core calls.

Adapters implement `Gateway`; the store implements `Outbox` and `StrikeLedger`; the ML floor
implements `Scorer`. Composition, not inheritance: nothing here is a base class to subclass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.core.decision import ActionRequest


class Scorer(Protocol):
    """Scores a message's text for every label it knows (toxic, hate, threat, negative, spam...).

    `text` is the normalised form the model was trained on (`NormalizedText.folded`).
    """

    @property
    def labels(self) -> tuple[str, ...]: ...

    def score(self, text: str) -> Mapping[str, float]: ...

    def explain(self, text: str, label: str, k: int = 5) -> list[tuple[str, float]]: ...


class StrikeLedger(Protocol):
    """The strikes an author holds in a community (read by the engine, written after a decision)."""

    def live_strikes(self, community: str, user_id: str, now: datetime) -> int: ...

    def add(
        self, community: str, user_id: str, rule: str, weight: int, at: datetime, expires: datetime
    ) -> None: ...


class Outcome(StrEnum):
    """What happened when a gateway tried an action."""

    DONE = "done"
    RETRY = "retry"  # transient: rate limit, disconnect, 5xx
    FAILED = "failed"  # permanent: forbidden, not found, invalid


@dataclass(frozen=True, slots=True)
class ActionResult:
    """A gateway's answer for one action; `retry_after` in seconds when the platform said so."""

    outcome: Outcome
    detail: str = ""
    retry_after: float | None = None

    @classmethod
    def done(cls, detail: str = "") -> ActionResult:
        """A successful execution."""
        return cls(Outcome.DONE, detail)


class Gateway(Protocol):
    """Executes action requests on one platform. Never raises for platform errors: it answers."""

    async def execute(self, request: ActionRequest) -> ActionResult: ...


@dataclass(frozen=True, slots=True)
class PendingAction:
    """An action waiting in the outbox, with how many times it was tried."""

    id: int
    request: ActionRequest
    attempts: int


class Outbox(Protocol):
    """Actions recorded before they are executed and marked after, so a crash loses none."""

    def enqueue(self, requests: Sequence[ActionRequest], at: datetime) -> None: ...

    def due(
        self, now: datetime, platform: str | None = None, limit: int = 100
    ) -> list[PendingAction]: ...

    def mark_done(self, action_id: int, at: datetime, detail: str = "") -> None: ...

    def mark_retry(
        self, action_id: int, at: datetime, not_before: datetime, error: str
    ) -> None: ...

    def mark_failed(self, action_id: int, at: datetime, error: str) -> None: ...
