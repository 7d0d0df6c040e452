"""What happened in one drill, as plain values: the messages the crowd posted with the engine's
decision on each, the trainee's actions and what they did, the drafts, posts, replies, sanctions,
levels and notes, and the contingency plan's events. The runner fills it; scoring and the debrief
only read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.decision import Decision
from bot.crisis.escalation import Case
from bot.crisis.events import CrisisEvent
from bot.drills.schema import Inject


@dataclass(frozen=True, slots=True)
class Played:
    """An inject as it was played; `decision` for the messages posted in the community."""

    inject: Inject
    at: datetime
    decision: Decision | None = None

    @property
    def suggested(self) -> tuple[str, ...]:
        """The actions Vigie's engine suggested for it."""
        return tuple(a.kind for a in self.decision.actions) if self.decision else ()


@dataclass(slots=True)
class Done:
    """A trainee's action, whether it could be done and what it did."""

    at: datetime
    action: Any  # one of bot.drills.responses.Action
    ok: bool
    detail: str = ""

    @property
    def do(self) -> str:
        """The kind of action."""
        return str(self.action.do)


@dataclass(slots=True)
class Draft:
    """A statement being prepared: written, submitted, approved."""

    id: str
    text: str
    created_at: datetime
    template: str | None = None
    plan_statement: str | None = None  # the monitor's statement id, for the plan's own proposals
    submitted_to: str | None = None  # role
    submitted_at: datetime | None = None
    approved_by: str | None = None  # person
    approved_role: str | None = None
    approved_at: datetime | None = None

    @property
    def approved(self) -> bool:
        """Whether someone of the cell approved it."""
        return self.approved_at is not None


@dataclass(frozen=True, slots=True)
class Posted:
    """A public statement as it went out."""

    at: datetime
    draft: str
    text: str
    level: int
    approved_role: str | None
    auto: bool = False  # the level lets statements go out without approval


@dataclass(frozen=True, slots=True)
class Replied:
    """A public reply to one message."""

    at: datetime
    message: str
    text: str


@dataclass(frozen=True, slots=True)
class Sanction:
    """A moderation action on a message or its author."""

    at: datetime
    kind: str  # delete | warn | timeout | ban
    message: str
    user: str


@dataclass(frozen=True, slots=True)
class LevelMark:
    """The level in force from `at`."""

    at: datetime
    level: int
    by: str


@dataclass(frozen=True, slots=True)
class Called:
    """The trainee called (or relaunched) a member of the cell."""

    at: datetime
    role: str
    who: str
    case: str | None


@dataclass
class DrillRecord:
    """Everything the scoring and the debrief need to know about one drill."""

    start: datetime
    end: datetime
    trainee: str
    played: list[Played] = field(default_factory=list)
    done: list[Done] = field(default_factory=list)
    drafts: dict[str, Draft] = field(default_factory=dict)
    posts: list[Posted] = field(default_factory=list)
    replies: list[Replied] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    levels: list[LevelMark] = field(default_factory=list)
    notes: list[tuple[datetime, str]] = field(default_factory=list)
    calls: list[Called] = field(default_factory=list)
    checked: list[tuple[datetime, int]] = field(default_factory=list)
    events: list[CrisisEvent] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)  # the plan's escalations, as they ended
    checklist: list[dict[str, Any]] = field(default_factory=list)
    finished: bool = False

    def message(self, message_id: str) -> Played | None:
        """The community message with this id, if it was posted."""
        for played in self.played:
            if played.inject.id == message_id:
                return played
        return None

    def level_at(self, moment: datetime) -> int:
        """The level the trainee had declared at `moment` (0 before any)."""
        level = 0
        for mark in self.levels:
            if mark.at <= moment:
                level = mark.level
        return level

    def deleted(self) -> dict[str, datetime]:
        """Message id -> when it was deleted."""
        found: dict[str, datetime] = {}
        for sanction in self.sanctions:
            if sanction.kind == "delete":
                found.setdefault(sanction.message, sanction.at)
        return found
