"""The values the review queue hands out (cases, notes, case files, verdicts) and its errors."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Row

from bot.store.tables import CaseStatus


class Verdict(StrEnum):
    """What a moderator decides about a case."""

    CONFIRM = "confirm"
    OVERTURN = "overturn"
    ESCALATE = "escalate"


STATUS_OF_VERDICT = {
    Verdict.CONFIRM: CaseStatus.CONFIRMED,
    Verdict.OVERTURN: CaseStatus.OVERTURNED,
    Verdict.ESCALATE: CaseStatus.ESCALATED,
}


class CaseError(Exception):
    """A case operation that cannot be done; the message says why."""


class CaseNotFound(CaseError, LookupError):
    """No case (or decision) with that id."""


class CaseConflict(CaseError):
    """The case is taken by someone else, already decided, or already appealed."""


class FourEyesViolation(CaseError):
    """A moderator tried to review an appeal against their own decision."""


class NotTheAuthor(CaseError):
    """Someone other than the author of the message tried to appeal its decision."""


class NotDecided(CaseConflict):
    """An appeal against a case that is not decided yet."""


class AlreadyAppealed(CaseConflict):
    """An appeal against a decision that is already under appeal."""


@dataclass(frozen=True, slots=True)
class Case:
    """A case as stored."""

    id: int
    kind: str
    status: str
    community: str
    platform: str
    channel: str | None
    message_id: str | None
    decision_id: int | None
    rule: str | None
    author_id: str | None
    severity: int
    reason: str
    text: str | None
    assigned_to: str | None
    assigned_at: datetime | None
    deadline: datetime | None
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    verdict: str | None
    original_moderator: str | None
    appeal_of: int | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> Case:
        """Build from a row of the cases table."""
        data = row._mapping
        return cls(**{f.name: data[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class CaseNote:
    """A moderator's note on a case."""

    id: int
    author: str
    at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class CaseFile:
    """Everything a moderator needs to decide: the case, the message, the decision and its trace."""

    case: Case
    message: dict[str, Any] | None
    decision: dict[str, Any] | None
    notes: tuple[CaseNote, ...]
