"""The schema of a plan de contingence (playbook): roles, baseline, levels with their triggers and
actions, statement templates and the RETEX template. Field-level checks only: the checks that span
the whole plan (unknown roles, escalation cycles, template variables, unreachable levels) are in
`checks.py`."""

from __future__ import annotations

import re
from datetime import time, timedelta
from types import SimpleNamespace
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from bot.actions import lock, slow_mode
from bot.charter.fields import Localized, Slug, Strict, one_of_model
from bot.core.checked import Timezone, check_template
from bot.core.durations import Duration, PositiveDuration

LanguageCode = Literal["fr", "en"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Operator = Literal[">", ">=", "<", "<="]
Against = Literal["recent", "same_hour", "same_day"]

# Indicators measured over sliding windows; "count" ones are numbers of messages or people, "share"
# ones are fractions of the messages of the window (undefined below `baseline.min_messages`).
COUNT_INDICATORS = (
    "volume",
    "negative",
    "toxic",
    "complainers",
    "keywords",
    "brand",
    "joins",
    "newcomers",
)
SHARE_INDICATORS = ("negative_share", "toxic_share", "keyword_share")
Indicator = Literal[COUNT_INDICATORS + SHARE_INDICATORS]  # type: ignore[valid-type]

_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:x|×)\s*(?:baseline)?\s*$")


class Meta(Strict):
    """Who owns the plan and for which community."""

    id: Slug
    version: str
    community: str = Field(description="the community's public name")
    languages: list[LanguageCode] = Field(min_length=1)
    owner: str
    timezone: Timezone = Field(
        "Europe/Paris", description="for on-call hours and times in statements"
    )


class Contact(Strict):
    """How to reach one person: a Discord user or role, a Telegram user or chat."""

    name: str
    discord: str | None = Field(
        None, pattern=r"^(user|role):\d{5,20}$", description="'user:ID' or 'role:ID'"
    )
    telegram: str | None = Field(
        None, pattern=r"^(user|chat):-?\d{3,20}$", description="'user:ID' or 'chat:ID'"
    )
    console: str | None = Field(
        None, min_length=1, description="their account name in the web console (and the CLI's --by)"
    )

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if self.discord is None and self.telegram is None:
            raise ValueError("give at least one contact: discord or telegram")
        return self

    def channels(self) -> dict[str, str]:
        """Platform -> target, for the platforms this person can be reached on."""
        return {p: t for p, t in (("discord", self.discord), ("telegram", self.telegram)) if t}


class OnCall(Strict):
    """When a role's holder answers; outside these hours the backup is called first."""

    days: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    start: time = time(9, 0)
    end: time = time(19, 0)


class Role(Strict):
    """A member of the crisis cell: who holds it, who backs them up, whom to escalate to."""

    id: Slug
    name: Localized
    holder: Contact
    backup: Contact | None = None
    on_call: OnCall | None = Field(None, description="absent: reachable at any hour")
    escalates_to: Slug | None = Field(None, description="the next role when nobody acknowledges")


class Baseline(Strict):
    """How the normal level of each indicator is learned (EWMA) or fixed."""

    window: PositiveDuration = Field(timedelta(days=1), description="EWMA time constant")
    min_history: PositiveDuration = Field(
        timedelta(hours=4), description="no relative trigger before this much history"
    )
    resolution: PositiveDuration = Field(timedelta(minutes=1), description="evaluation step")
    min_messages: int = Field(10, ge=1, description="a share over fewer messages is undefined")
    share_floor: float = Field(0.05, gt=0, le=1, description="smallest baseline share and spread")
    count_floor: float = Field(
        0.5, gt=0, description="smallest baseline of a count, per hour (scaled to each window)"
    )
    freeze_from_level: int = Field(2, ge=1, description="stop learning from this level up")
    seasonal: bool = Field(True, description="also learn each hour of the day; use the larger")
    seasonal_window: PositiveDuration = Field(
        timedelta(days=7), description="memory of each hour's profile"
    )
    fixed: dict[str, float] = Field(
        default_factory=dict,
        description="indicator -> fixed baseline, never learned (counts: per hour; shares: 0..1)",
    )
    prior: dict[str, float] = Field(
        default_factory=dict,
        description="indicator -> the normal level assumed until min_history is reached "
        "(counts: per hour; shares: 0..1), so that a fresh install is not blind",
    )

    @field_validator("fixed", "prior")
    @classmethod
    def _known(cls, values: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(values) - set(COUNT_INDICATORS) - set(SHARE_INDICATORS))
        if unknown:
            raise ValueError(f"unknown indicator {', '.join(unknown)}")
        return values


class Watch(Strict):
    """What counts as negative, toxic, a watch-list keyword or a brand mention."""

    keywords: list[str] = Field(min_length=1, description="boycott, arnaque, scandale…")
    brand: list[str] = Field(default_factory=list, description="names and handles of the brand")
    negative_score: float = Field(0.6, gt=0, le=1, description="classifier 'negative' threshold")
    toxic_score: float = Field(0.7, gt=0, le=1, description="classifier 'toxic' threshold")
    spam_score: float = Field(
        0.5, gt=0, le=1, description="classifier 'spam' score from which a message is no complaint"
    )
    toxic_severity: int = Field(
        2, ge=1, le=4, description="without scores: a matched rule this severe is toxic"
    )
    newcomer_age: PositiveDuration = Field(timedelta(days=1))


class Threshold(Strict):
    """A parsed threshold: absolute, or a multiple of the learned baseline."""

    value: float
    relative: bool = False

    def __str__(self) -> str:
        return f"{self.value:g} × baseline" if self.relative else f"{self.value:g}"


def _threshold(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a threshold is a number (absolute) or e.g. '3x' (× baseline)")
    if isinstance(value, int | float):
        return {"value": float(value)}
    if isinstance(value, str):
        match = _RELATIVE.match(value)
        if match:
            return {"value": float(match.group(1)), "relative": True}
        raise ValueError(f"{value!r}: write a number (absolute) or e.g. '3x' (× baseline)")
    return value


class Condition(Strict):
    """`indicator op threshold` over a window, optionally with a z-score and a minimum."""

    indicator: Indicator
    op: Operator = ">="
    threshold: Annotated[Threshold, Field(description="0.4, 25 or '3x'")]
    window: PositiveDuration = timedelta(minutes=15)
    z: float | None = Field(None, gt=0, description="also require this many deviations above")
    min: float | None = Field(None, ge=0, description="also require at least this value")
    channel: str | None = Field(None, description="a channel name, '*' for any channel")
    against: Against = Field(
        "recent",
        description="the baseline a relative threshold compares with: 'recent' (the moving "
        "average, about `baseline.window`), 'same_hour' (this hour of the day over the last "
        "`baseline.seasonal_window`; windows up to 1h) or 'same_day' (the same window, ending at "
        "the same hour, on the days of the last `baseline.seasonal_window`; windows of 1h or "
        "more, e.g. 6h or 1d): the last two see a surge that builds over hours or days",
    )

    @field_validator("threshold", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        return _threshold(value)

    @model_validator(mode="after")
    def _share_range(self) -> Condition:
        absolute = self.indicator in SHARE_INDICATORS and not self.threshold.relative
        if absolute and not 0 <= self.threshold.value <= 1:
            raise ValueError(f"{self.indicator} is a share: an absolute threshold is 0..1")
        if self.against != "recent" and self.indicator in SHARE_INDICATORS:
            raise ValueError(f"{self.indicator} is a share: compare it with the recent baseline")
        if self.against == "same_hour" and self.window > timedelta(hours=1):
            raise ValueError("a same_hour baseline compares windows of one hour at most")
        if self.against == "same_day" and self.window < timedelta(hours=1):
            raise ValueError("a same_day baseline compares windows of one hour or more")
        return self


class Group(Strict):
    """A nested `all` (or `any`) of conditions inside a list, e.g. share AND volume."""

    any: list[Condition | Group] | None = Field(None, min_length=1)
    all: list[Condition | Group] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _one_combinator(self) -> Group:
        if (self.any is None) == (self.all is None):
            raise ValueError("give either 'any' or 'all' (a list of conditions)")
        return self


class Enter(Strict):
    """When a level is entered: any (or all) of the conditions, or a manual declaration."""

    any: list[Condition | Group] | None = Field(None, min_length=1)
    all: list[Condition | Group] | None = Field(None, min_length=1)
    manual: bool = Field(True, description="a community manager may declare this level")
    hold: Duration = Field(
        timedelta(0), alias="for", description="the conditions must hold this long first"
    )

    @model_validator(mode="after")
    def _one_combinator(self) -> Enter:
        if self.any is not None and self.all is not None:
            raise ValueError("give either 'any' or 'all', not both")
        return self


class Exit(Strict):
    """When a level may be left: the conditions hold continuously for `for` (hysteresis)."""

    any: list[Condition | Group] | None = Field(None, min_length=1)
    all: list[Condition | Group] | None = Field(None, min_length=1)
    hold: PositiveDuration = Field(timedelta(hours=1), alias="for")

    @model_validator(mode="after")
    def _one_combinator(self) -> Exit:
        if (self.any is None) == (self.all is None):
            raise ValueError("give either 'any' or 'all' (a list of conditions)")
        return self


class NotifyAction(Strict):
    """Notify roles; each must acknowledge in time or the case escalates along its chain."""

    roles: list[Slug] = Field(min_length=1)
    ack_within: PositiveDuration = timedelta(minutes=15)
    loops: int = Field(1, ge=1, le=5, description="times the whole chain is tried")
    message: Localized | None = None


class StatementAction(Strict):
    """Propose a statement from a template; the approver role approves it before it is posted."""

    template: Slug
    approver: Slug
    vars: dict[str, Localized] = Field(default_factory=dict)
    channels: list[str] = Field(default_factory=list, description="where it is posted")


LevelAction = one_of_model(
    "LevelAction",
    {
        "notify": SimpleNamespace(Config=NotifyAction, __doc__=NotifyAction.__doc__),
        "statement": SimpleNamespace(Config=StatementAction, __doc__=StatementAction.__doc__),
        "slow_mode": slow_mode,
        "lock": lock,
    },
    "One action on entering a level: notify, statement, slow_mode or lock.",
)


class Level(Strict):
    """One level of the plan: how it is entered and left, and what is done there."""

    level: int = Field(ge=0, le=9)
    id: Slug
    name: Localized
    enter: Enter | None = None
    exit: Exit | None = None
    min_duration: Duration = Field(timedelta(minutes=30), description="stay at least this long")
    on_enter: list[LevelAction] = Field(default_factory=list)  # type: ignore[valid-type]
    profile: str | None = Field(None, description="the charter profile to switch to")
    first_response: PositiveDuration | None = Field(None, description="first public statement")
    update_every: PositiveDuration | None = None
    update_template: Slug | None = None
    update_approver: Slug | None = None
    auto_statements: bool = Field(False, description="statements go out without approval")
    checklist: list[Localized] = Field(default_factory=list)
    avoid: list[Localized] = Field(default_factory=list, description="things not to do")


class Template(Strict):
    """A statement template; {variables} are filled from the incident and the plan."""

    id: Slug
    title: Localized
    text: Annotated[Localized, AfterValidator(check_template)]


class RetexSection(Strict):
    """One section of the after-action review."""

    id: Slug
    title: Localized
    prompt: Localized


class Retex(Strict):
    """The after-action review (retour d'expérience) template."""

    sections: list[RetexSection] = Field(min_length=1)
    within: PositiveDuration = Field(timedelta(days=7), description="when the review is held")


class Playbook(Strict):
    """A whole plan de contingence."""

    meta: Meta
    watch: Watch
    roles: list[Role] = Field(min_length=1)
    baseline: Baseline = Field(default_factory=Baseline)
    levels: list[Level] = Field(min_length=2)
    variables: dict[str, Localized] = Field(default_factory=dict)
    templates: list[Template] = Field(default_factory=list)
    retex: Retex

    def role(self, role_id: str) -> Role:
        """The role with this id (KeyError if none)."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(role_id)

    def template(self, template_id: str) -> Template:
        """The template with this id (KeyError if none)."""
        for template in self.templates:
            if template.id == template_id:
                return template
        raise KeyError(template_id)

    def level(self, number: int) -> Level:
        """The level with this number (KeyError if none)."""
        for level in self.levels:
            if level.level == number:
                return level
        raise KeyError(number)

    @property
    def top(self) -> int:
        """The highest level."""
        return max(level.level for level in self.levels)
