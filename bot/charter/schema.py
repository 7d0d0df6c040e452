"""The schema of a charte de modération, built from the detector and action registries.

The same YAML is both the public text of the rules (preamble, commitments, how to report and appeal,
each rule's wording) and what the engine enforces (detectors, sanctions, retention).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Literal

from pydantic import Field, field_validator, model_validator

from bot.actions.registry import ACTIONS, SANCTIONS
from bot.charter.fields import Localized, Slug, Strict, chosen, one_of_model
from bot.core.checked import Timezone
from bot.core.durations import PositiveDuration
from bot.detectors.registry import DETECTORS

LanguageCode = Literal["fr", "en"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

DetectorClause = one_of_model(
    "DetectorClause",
    DETECTORS,
    "One detector and its settings, e.g. {keywords: {lists: [insults_fr]}}.",
)
Action = one_of_model(
    "Action",
    {name: ACTIONS[name] for name in SANCTIONS},
    "One action and its settings: 'delete', or {timeout: {duration: 1h}}.",
)


class WorkingHours(Strict):
    """When human moderators are on duty (escalations outside these hours wait for them)."""

    timezone: Timezone = "Europe/Paris"
    days: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    start: time = time(9, 0)
    end: time = time(19, 0)


class Meta(Strict):
    """Who owns the charter, since when it applies and how it is enforced."""

    id: Slug
    version: str
    community: str = Field(description="the community's public name")
    languages: list[LanguageCode] = Field(min_length=1)
    owner: str
    contact: str
    effective: date
    mode: Literal["a_posteriori", "a_priori", "shadow"] = Field(
        "a_posteriori",
        description="a_posteriori: act after publication; a_priori: hold for review; "
        "shadow: decide and record, never enforce",
    )
    working_hours: WorkingHours = Field(default_factory=WorkingHours)


class PublicText(Strict):
    """The parts of the charter that are read by members, in every declared language."""

    preamble: Localized
    commitments: list[Localized] = Field(min_length=1)
    reporting: Localized
    appeal: Localized


class When(Strict):
    """The detectors of a rule: the rule matches if any (or all) of them match."""

    any: list[DetectorClause] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    all: list[DetectorClause] | None = Field(None, min_length=1)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _one_combinator(self) -> When:
        if (self.any is None) == (self.all is None):
            raise ValueError("give either 'any' or 'all' (a list of detectors)")
        return self

    @property
    def clauses(self) -> list:  # type: ignore[type-arg]
        """The detector clauses, whichever combinator holds them."""
        return list(self.any or self.all or [])


class Exemptions(Strict):
    """Who and where a rule does not apply."""

    roles: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)


class Rule(Strict):
    """One rule of the charter: what is forbidden, how it is seen, what follows."""

    id: Slug
    title: Localized
    text: Localized
    severity: int = Field(ge=1, le=4, description="1 minor … 4 immediate ban")
    when: When
    actions: list[Action] = Field(default_factory=list)  # type: ignore[valid-type]
    strikes: int | None = Field(None, ge=0, le=10, description="overrides the severity's weight")
    notice: Localized | None = Field(None, description="what the author is told, beyond the rule")
    exempt: Exemptions = Field(default_factory=Exemptions)
    enabled: bool = True


class LadderStep(Strict):
    """The sanction applied when an author's live strikes reach `strikes`."""

    strikes: int = Field(ge=1)
    actions: list[Action] = Field(min_length=1)  # type: ignore[valid-type]


class Override(Strict):
    """Sanctions that replace the ladder for a severity (e.g. 4: ban at once, keep evidence)."""

    severity: int = Field(ge=1, le=4)
    actions: list[Action] = Field(min_length=1)  # type: ignore[valid-type]


class Sanctions(Strict):
    """The graduated ladder, driven by strikes that expire (a sliding window of `strike_ttl`)."""

    strike_ttl: PositiveDuration = Field(
        description="a strike counts for this long, then expires (e.g. 30d)"
    )
    weights: dict[int, int] = Field(
        default_factory=lambda: {1: 0, 2: 1, 3: 2, 4: 3},
        description="strikes added by a matched rule, by severity",
    )
    ladder: list[LadderStep] = Field(min_length=1)
    overrides: list[Override] = Field(default_factory=list)

    @field_validator("ladder")
    @classmethod
    def _increasing(cls, ladder: list[LadderStep]) -> list[LadderStep]:
        counts = [step.strikes for step in ladder]
        if counts != sorted(set(counts)):
            raise ValueError("the ladder's steps must have strictly increasing strike counts")
        return ladder

    @field_validator("weights")
    @classmethod
    def _severities(cls, weights: dict[int, int]) -> dict[int, int]:
        if not set(weights) <= {1, 2, 3, 4} or any(w < 0 for w in weights.values()):
            raise ValueError("weights map severities 1-4 to strike counts >= 0")
        return weights


class Retention(Strict):
    """How long personal data is kept (French data-protection rules: no longer than needed)."""

    message_text: PositiveDuration = Field(description="message text of undisputed decisions")
    case_data: PositiveDuration = Field(description="closed cases and their notes")
    evidence: PositiveDuration = Field(
        timedelta(days=365), description="text kept as evidence (severity 4, open cases)"
    )


class Staff(Strict):
    """The platform roles allowed to use moderator commands and buttons."""

    moderators: list[str] = Field(min_length=1)
    community_managers: list[str] = Field(default_factory=list)


class Profile(Strict):
    """A stricter way to apply the charter, switched on by the contingency plan in a crisis."""

    thresholds: dict[str, float] = Field(
        default_factory=dict, description="classifier label -> threshold replacing the rules' own"
    )
    disable: list[str] = Field(default_factory=list, description="rule ids switched off")
    mode: Literal["a_posteriori", "a_priori", "shadow"] | None = None

    @field_validator("thresholds")
    @classmethod
    def _probabilities(cls, thresholds: dict[str, float]) -> dict[str, float]:
        if any(not 0.0 <= t <= 1.0 for t in thresholds.values()):
            raise ValueError("thresholds are probabilities between 0 and 1")
        return thresholds


ProtectedKind = Literal["complaint", "refund", "boycott", "counter_speech"]
_VOLUME_EVIDENCE = ["duplicates", "flood", "caps", "mentions", "newcomer"]


class ProtectedSpeech(Strict):
    """Speech the charter promises to keep: criticism of the brand, calls for refunds or a
    boycott, counter-speech quoting an insult to condemn it.

    A message read as protected is never sanctioned on weak evidence alone: volume or similarity
    (`weak`), a model score under the label's `clear_scores` (every score, if the label is not
    listed), or an insult it only quotes. At most a human sees it (`review`), and it adds no
    strikes. Insults, threats, hate, links and personal data in it are still acted on. Crisis
    profiles cannot change this section.
    """

    kinds: list[ProtectedKind] = Field(
        default_factory=lambda: ["complaint", "refund", "boycott", "counter_speech"],
        min_length=1,
        description="what is protected",
    )
    weak: list[str] = Field(
        default_factory=lambda: list(_VOLUME_EVIDENCE),
        description="detectors whose evidence alone never sanctions protected speech",
    )
    clear_scores: dict[str, float] = Field(
        default_factory=dict,
        description="classifier label -> score from which the model alone may still sanction "
        "protected speech (labels not listed: never on a score alone)",
    )
    review: PositiveDuration | None = Field(
        "4h",
        description="protected speech held back only by a model score goes to a moderator "
        "within this delay (none: recorded in the trace only)",
    )

    @field_validator("weak")
    @classmethod
    def _known_detectors(cls, weak: list[str]) -> list[str]:
        unknown = sorted(set(weak) - set(DETECTORS))
        if unknown:
            raise ValueError(f"unknown detectors: {', '.join(unknown)}")
        return weak

    @field_validator("clear_scores")
    @classmethod
    def _scores(cls, scores: dict[str, float]) -> dict[str, float]:
        if any(not 0.0 < t <= 1.0 for t in scores.values()):
            raise ValueError("clear scores are probabilities above 0 and at most 1")
        return scores


class Charter(Strict):
    """A whole charte de modération."""

    meta: Meta
    public: PublicText
    staff: Staff
    rules: list[Rule] = Field(min_length=1)
    sanctions: Sanctions
    retention: Retention
    profiles: dict[Slug, Profile] = Field(default_factory=dict)
    protected: ProtectedSpeech | None = Field(
        None, description="speech never sanctioned on weak evidence (criticism, counter-speech)"
    )

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Rule]) -> list[Rule]:
        seen: set[str] = set()
        duplicates = [rule.id for rule in rules if rule.id in seen or seen.add(rule.id)]  # type: ignore[func-returns-value]
        if duplicates:
            raise ValueError(f"rule ids must be unique: {', '.join(duplicates)}")
        return rules

    @model_validator(mode="after")
    def _profiles_name_rules(self) -> Charter:
        ids = {rule.id for rule in self.rules}
        for name, profile in self.profiles.items():
            unknown = sorted(set(profile.disable) - ids)
            if unknown:
                raise ValueError(f"profile {name!r} disables unknown rules: {', '.join(unknown)}")
        return self

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError if none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def action_names(actions: list) -> list[str]:  # type: ignore[type-arg]
    """The names of a list of validated Action entries."""
    return [chosen(action)[0] for action in actions]
