"""The schema of a drill scenario (`playbooks/drills/**.yaml`): the story and its fictional brand,
the charter and contingency plan it is played against, the time scale, the personas, how the crisis
cell answers, the timeline of injects with their ground-truth labels and expectations, and the
scoring grid. Field-level checks only: cross-references (personas, roles, levels, templates) are
checked by the loader, which knows where each key sits in the file."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from bot.charter.fields import Slug, Strict
from bot.core.durations import PositiveDuration, positive
from bot.core.timeparse import parse_timestamp
from bot.drills.timing import parse_offset

Offset = Annotated[timedelta, BeforeValidator(parse_offset)]
Language = Literal["fr", "en"]

Label = Literal[
    "ok",
    "complaint",
    "insult",
    "hate",
    "threat",
    "spam",
    "personal_data",
    "misinformation",
    "press",
    "influencer",
    "leak",
    "troll",
    "fan",
    "counter_speech",
]
# Ground truth for moderation: what the charter says must go, and what must stay whatever its tone.
REMOVE_LABELS = frozenset({"insult", "hate", "threat", "spam", "personal_data"})
NEUTRAL_LABELS = frozenset({"troll"})  # bait: ignoring it is right, removing it is not wrong

PersonaKind = Literal[
    "customer",
    "angry_customer",
    "troll",
    "journalist",
    "influencer",
    "fan",
    "spammer",
    "employee",
    "member",
]
InjectKind = Literal["message", "leak", "press", "post", "info", "silence", "joins"]
COMMUNITY_KINDS = ("message", "leak")  # posted in the community: seen by the engine, moderable
EXPECTED = Literal["level", "ack", "alert", "statement", "reply", "remove", "note"]


class Meta(Strict):
    """What the drill is about, what it is played against, and its clock."""

    id: Slug
    title: str
    language: Language
    synopsis: str
    brand: str = Field(description="the fictional brand")
    objectives: list[str] = Field(min_length=1, description="learning objectives")
    charter: str = Field(description="path of the charter, relative to this file")
    playbook: str = Field(description="path of the contingency plan, relative to this file")
    community: str = "opalia"
    platform: str = "discord"
    start: datetime = Field(description="story time of the start (ISO 8601)")
    time_scale: float = Field(10.0, gt=0, description="minutes of story per minute of drill")
    duration: Offset = Field(description="story length, e.g. 2h30m")
    trainee_role: Slug = Field("cm", description="the plan role the trainee plays")
    assist: bool = Field(True, description="show Vigie's suggested actions for each message")
    auto_levels: bool = Field(
        True, description="let the plan's indicators raise the level (false: only the trainee)"
    )

    @field_validator("start", mode="before")
    @classmethod
    def _aware(cls, value: object) -> datetime:
        return parse_timestamp(value)  # type: ignore[arg-type]

    @field_validator("duration")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        return positive(value)


class Persona(Strict):
    """Someone Vigie plays in the crowd."""

    id: Slug
    name: str
    kind: PersonaKind
    newcomer: bool = Field(False, description="joined the community on the day")
    roles: list[str] = Field(default_factory=list)


class Answer(Strict):
    """How one person of the crisis cell answers a call or an approval request."""

    after: PositiveDuration = timedelta(minutes=5)
    silent: bool = Field(False, description="never answers (a key contact who does not answer)")


class CellRole(Strict):
    """How the holder and the backup of one plan role answer."""

    holder: Answer = Field(default_factory=Answer)
    backup: Answer = Field(default_factory=Answer)


class Expect(Strict):
    """What the trainee is expected to do after an inject, and by when."""

    do: EXPECTED
    within: PositiveDuration
    level: int | None = Field(None, ge=0, le=9)
    role: Slug | None = None
    why: str | None = Field(None, description="what the plan or the charter says, for the debrief")

    @model_validator(mode="after")
    def _complete(self) -> Expect:
        if self.do == "level" and self.level is None:
            raise ValueError("a 'level' expectation names the level")
        if self.do == "alert" and self.role is None:
            raise ValueError("an 'alert' expectation names the role")
        return self


class Inject(Strict):
    """One thing that happens in the story: a message, a press inquiry, a post elsewhere, a fact
    from the cell, a contact going silent, a wave of joins."""

    at: Offset
    kind: InjectKind = "message"
    id: str | None = Field(None, pattern=r"^[A-Za-z0-9_\-]{1,40}$")
    persona: Slug | None = None
    channel: str = "general"
    text: str | None = None
    labels: list[Label] = Field(default_factory=list)
    reply_to: str | None = None
    source: str | None = Field(None, description="for a post: the network (X, Instagram…)")
    role: Slug | None = Field(None, description="for a silence: the plan role")
    who: Literal["holder", "backup"] = "holder"
    count: int = Field(1, ge=1, le=500, description="for joins: how many")
    expect: list[Expect] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> Inject:
        needs = {
            "message": ("id", "persona", "text"),
            "leak": ("id", "persona", "text"),
            "press": ("id", "persona", "text"),
            "post": ("id", "persona", "text"),
            "info": ("text",),
            "silence": ("role",),
            "joins": (),
        }[self.kind]
        missing = [name for name in needs if getattr(self, name) in (None, "")]
        if missing:
            raise ValueError(f"a '{self.kind}' inject needs {', '.join(missing)}")
        if self.kind in COMMUNITY_KINDS and not self.labels:
            raise ValueError("a community message needs its ground-truth labels")
        return self

    @property
    def must_remove(self) -> bool:
        """Whether the charter wants this message gone."""
        return bool(REMOVE_LABELS.intersection(self.labels))

    @property
    def legitimate(self) -> bool:
        """Criticism or talk that must stay (whatever its tone)."""
        return not self.must_remove and not NEUTRAL_LABELS.intersection(self.labels)


class Grid(Strict):
    """The scoring grid: points per criterion (any total; the score is given on 100)."""

    detection: float = Field(20, ge=0)
    escalation: float = Field(15, ge=0)
    deadlines: float = Field(15, ge=0)
    messages: float = Field(20, ge=0)
    moderation: float = Field(20, ge=0)
    coordination: float = Field(10, ge=0)
    manual: list[ManualCriterion] = Field(default_factory=list)
    pass_mark: float = Field(60, ge=0, le=100)


class ManualCriterion(Strict):
    """A criterion the trainer scores by hand (posture in the debrief, a role play…)."""

    id: Slug
    title: str
    points: float = Field(gt=0)
    guide: str | None = None


class Failures(Strict):
    """When a drill fails whatever the points (automatic failures)."""

    bulk_delete: int = Field(3, ge=1, description="legitimate messages deleted that fail the drill")
    personal_data_within: PositiveDuration = timedelta(minutes=30)
    remove_within: PositiveDuration = Field(
        timedelta(minutes=20), description="a removal later than this counts half"
    )
    cap: float = Field(20, ge=0, le=100, description="the score is capped at this on a failure")


class Writing(Strict):
    """What the public messages of this story are checked against."""

    problem: list[str] = Field(min_length=1, description="words that name the problem")
    facts: list[str] = Field(min_length=1, description="facts established in the story")
    promises: list[str] = Field(default_factory=list, description="promises the brand can't keep")
    variables: dict[str, str] = Field(
        default_factory=dict, description="template variables for this story (e.g. sujet)"
    )


class Coordination(Strict):
    """What the decision log is expected to hold."""

    min_notes: int = Field(3, ge=0)
    note_after_level: PositiveDuration = timedelta(minutes=15)


class Scenario(Strict):
    """A whole drill scenario."""

    meta: Meta
    personas: list[Persona] = Field(min_length=1)
    cell: dict[Slug, CellRole] = Field(default_factory=dict)
    timeline: list[Inject] = Field(min_length=1)
    grid: Grid = Field(default_factory=Grid)
    failures: Failures = Field(default_factory=Failures)
    writing: Writing
    coordination: Coordination = Field(default_factory=Coordination)

    def persona(self, persona_id: str) -> Persona:
        """The persona with this id (KeyError if none)."""
        for persona in self.personas:
            if persona.id == persona_id:
                return persona
        raise KeyError(persona_id)

    def inject(self, inject_id: str) -> Inject:
        """The inject with this id (KeyError if none)."""
        for inject in self.timeline:
            if inject.id == inject_id:
                return inject
        raise KeyError(inject_id)

    @property
    def end(self) -> datetime:
        """Story time of the end of the drill."""
        return self.meta.start + self.meta.duration

    def ordered(self) -> list[Inject]:
        """The injects in story order (stable for equal times)."""
        return sorted(self.timeline, key=lambda inject: inject.at)


Grid.model_rebuild()
