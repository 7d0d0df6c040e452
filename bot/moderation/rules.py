"""A charter's rules prepared for fast application: detector modules resolved, exemptions as sets,
and a crisis profile's stricter thresholds folded into the detectors' settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.charter.fields import entry
from bot.charter.schema import Charter, Profile, Rule
from bot.detectors.base import DetectorModule, Runner, runner
from bot.detectors.registry import DETECTORS


@dataclass(frozen=True, slots=True)
class Clause:
    """One detector of a rule with its settings."""

    name: str
    module: DetectorModule
    config: Any
    # The detector bound to its settings once per charter (see `bot.detectors.base.runner`).
    run: Runner
    # The detector and its settings as text: two clauses with the same key give the same
    # detection on the same message (the what-if runs each such clause once for two charters).
    key: str


@dataclass(frozen=True, slots=True)
class PreparedRule:
    """A rule ready to be applied to a message."""

    rule: Rule
    clauses: tuple[Clause, ...]
    require_all: bool
    exempt_roles: frozenset[str]
    exempt_channels: frozenset[str]
    exempting: bool  # whether any role or channel is exempt (most rules: none to check)
    # Everything the rule's outcome depends on besides the message and its language: two rules
    # with the same key (in two charters) give the same outcome on the same message and history.
    key: str


def _clause(item: Any, profile: Profile | None) -> Clause:
    name, config = entry(item)
    label = getattr(config, "label", None)
    if profile is not None and label in profile.thresholds and hasattr(config, "threshold"):
        config = config.model_copy(update={"threshold": profile.thresholds[label]})
    module = DETECTORS[name]
    key = f"{name}:{config.model_dump_json()}"
    return Clause(name, module, config, runner(module, config), key)


def prepare_rules(charter: Charter, profile: str | None = None) -> tuple[PreparedRule, ...]:
    """The enabled rules of `charter`, with `profile` (a name in charter.profiles) applied."""
    chosen = charter.profiles[profile] if profile else None
    disabled = set(chosen.disable) if chosen else set()
    return tuple(
        _prepared(rule, chosen)
        for rule in charter.rules
        if rule.enabled and rule.id not in disabled
    )


def _prepared(rule: Rule, profile: Profile | None) -> PreparedRule:
    clauses = tuple(_clause(item, profile) for item in rule.when.clauses)
    require_all = rule.when.all is not None
    roles, channels = frozenset(rule.exempt.roles), frozenset(rule.exempt.channels)
    clause_keys = [clause.key for clause in clauses]
    key = repr((rule.id, rule.severity, require_all, sorted(roles), sorted(channels), clause_keys))
    return PreparedRule(rule, clauses, require_all, roles, channels, bool(roles or channels), key)


def classifier_labels(rules: Sequence[PreparedRule]) -> set[str]:
    """The classifier labels the rules read (to know whether scoring is needed at all)."""
    return {
        clause.config.label
        for rule in rules
        for clause in rule.clauses
        if hasattr(clause.config, "label")
    }
