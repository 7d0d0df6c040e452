"""Loading a drill scenario: safe YAML, validation, then the checks that span the file and the plan
(personas, replies, roles, levels, the charter and playbook it names), every issue at once as
file:line:col, like the charter and the playbook. `load_scenario` is what `vigie validate` calls for
files with a `timeline` key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.charter.loader import load_charter
from bot.charter.schema import Charter
from bot.crisis.loader import load_playbook
from bot.crisis.schema import Playbook
from bot.drills.schema import Scenario
from bot.yamlsrc import ConfigError, ConfigIssue, YamlSource, load_yaml, parse_yaml, validate


@dataclass(frozen=True)
class Drill:
    """A scenario with the charter and the plan it is played against."""

    scenario: Scenario
    charter: Charter
    playbook: Playbook
    path: Path

    @property
    def lang(self) -> str:
        """The language of everything the trainee reads."""
        return self.scenario.meta.language

    @property
    def timezone(self) -> str:
        """The plan's local time zone (times shown to the trainee)."""
        return self.playbook.meta.timezone


def load_drill(path: str | Path) -> Drill:
    """Read and validate a scenario and what it names; raise ConfigError with every issue."""
    return drill_from_source(load_yaml(path), Path(path))


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate the scenario at `path` (and the charter and plan it names)."""
    return load_drill(path).scenario


def parse_drill(text: str, path: str | Path) -> Drill:
    """Validate scenario YAML given as text; `path` locates the files it names (tests)."""
    return drill_from_source(parse_yaml(text, str(path)), Path(path))


def drill_from_source(source: YamlSource, path: Path) -> Drill:
    """Validate a parsed scenario and load its charter and plan."""
    if not isinstance(source.data, dict):
        raise ConfigError(
            [source.issue((), "a scenario is a mapping with meta, personas, timeline…")]
        )
    scenario = validate(Scenario, source)
    issues = list(_check_scenario(scenario, source))
    charter = _load_named(
        load_charter, path.parent / scenario.meta.charter, issues, source, "charter"
    )
    playbook = _load_named(
        load_playbook, path.parent / scenario.meta.playbook, issues, source, "playbook"
    )
    if playbook is not None:
        issues += _check_against_plan(scenario, playbook, source)
    if charter is not None and scenario.meta.language not in charter.meta.languages:
        issues.append(source.issue(("meta", "language"), "the charter is not written in it"))
    if issues:
        raise ConfigError(sorted(issues, key=lambda i: (i.file, i.line, i.column)))
    assert charter is not None and playbook is not None
    return Drill(scenario, charter, playbook, path)


def _load_named(
    loader: Any, target: Path, issues: list[ConfigIssue], source: YamlSource, key: str
) -> Any:
    """Load the charter or the plan; its own errors are reported at its own lines."""
    if not target.is_file():
        issues.append(source.issue(("meta", key), f"no such file: {target}"))
        return None
    try:
        return loader(target)
    except ConfigError as exc:
        issues.extend(exc.issues)
        return None


def _check_scenario(scenario: Scenario, source: YamlSource) -> Iterator[ConfigIssue]:
    """Unique ids, known personas, replies to earlier messages, injects inside the story."""
    yield from _duplicates([p.id for p in scenario.personas], "personas", source)
    ids = [inject.id for inject in scenario.timeline]
    yield from _duplicates(ids, "timeline", source)
    yield from _duplicates([m.id for m in scenario.grid.manual], ("grid", "manual"), source)
    personas = {persona.id for persona in scenario.personas}
    seen: dict[str, Any] = {i.id: i.at for i in scenario.timeline if i.id}
    for index, inject in enumerate(scenario.timeline):
        loc = ("timeline", index)
        if inject.persona is not None and inject.persona not in personas:
            yield source.issue(
                (*loc, "persona"),
                f"unknown persona {inject.persona!r}; known: {', '.join(sorted(personas))}",
            )
        if inject.reply_to is not None and (
            inject.reply_to not in seen or seen[inject.reply_to] > inject.at
        ):
            yield source.issue((*loc, "reply_to"), f"no earlier message {inject.reply_to!r}")
        if inject.at > scenario.meta.duration:
            yield source.issue((*loc, "at"), "after the end of the story (meta.duration)")


def _duplicates(values: list[Any], where: Any, source: YamlSource) -> Iterator[ConfigIssue]:
    loc = where if isinstance(where, tuple) else (where,)
    first: dict[Any, int] = {}
    for index, value in enumerate(values):
        if value is None:
            continue
        if value in first:
            yield source.issue(
                (*loc, index, "id"), f"duplicate id {value!r} (first at item {first[value]})"
            )
        else:
            first[value] = index


def _check_against_plan(
    scenario: Scenario, playbook: Playbook, source: YamlSource
) -> list[ConfigIssue]:
    """Roles, levels and the language must exist in the contingency plan."""
    roles = {role.id for role in playbook.roles}
    levels = {level.level for level in playbook.levels}
    known = ", ".join(sorted(roles))
    issues = []
    if scenario.meta.trainee_role not in roles:
        issues.append(source.issue(("meta", "trainee_role"), f"no role of that id; roles: {known}"))
    if scenario.meta.language not in playbook.meta.languages:
        issues.append(source.issue(("meta", "language"), "the playbook is not written in it"))
    for role in scenario.cell:
        if role not in roles:
            issues.append(source.issue(("cell", role), f"no role of that id; roles: {known}"))
    for index, inject in enumerate(scenario.timeline):
        loc = ("timeline", index)
        if inject.role is not None and inject.role not in roles:
            issues.append(source.issue((*loc, "role"), f"no role of that id; roles: {known}"))
        for number, expect in enumerate(inject.expect):
            where = (*loc, "expect", number)
            if expect.role is not None and expect.role not in roles:
                issues.append(source.issue((*where, "role"), f"no role of that id; roles: {known}"))
            if expect.level is not None and expect.level not in levels:
                issues.append(
                    source.issue((*where, "level"), f"the plan has levels {sorted(levels)}")
                )
    return issues


def find_scenarios(root: str | Path) -> list[Path]:
    """The scenario files under `root` (responses files beside them are left out)."""
    found = []
    for path in sorted(Path(root).rglob("*.yaml")):
        if path.name.endswith((".reference.yaml", ".poor.yaml", ".responses.yaml")):
            continue
        found.append(path)
    return found
