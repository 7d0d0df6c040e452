"""Loading a playbook from YAML: safe parsing, validation, the whole-plan checks, every error at
once with file:line:col (the same contract as the charter loader)."""

from __future__ import annotations

from pathlib import Path

from bot.charter.fields import languages_context
from bot.crisis.checks import check_playbook
from bot.crisis.schema import Playbook
from bot.yamlsrc import ConfigError, YamlSource, load_yaml, parse_yaml, validate


def playbook_from_source(source: YamlSource) -> Playbook:
    """Validate a parsed YAML source as a playbook; raise ConfigError with every issue."""
    if not isinstance(source.data, dict):
        raise ConfigError([source.issue((), "a playbook is a mapping with meta, roles, levels…")])
    playbook = validate(Playbook, source, languages_context(source.data))
    problems = check_playbook(playbook)
    if problems:
        issues = [source.issue(loc, message) for loc, message in problems]
        raise ConfigError(sorted(issues, key=lambda issue: (issue.line, issue.column)))
    return playbook


def load_playbook(path: str | Path) -> Playbook:
    """Read and validate the playbook at `path`."""
    return playbook_from_source(load_yaml(path))


def parse_playbook(text: str, name: str = "<playbook>") -> Playbook:
    """Validate playbook YAML given as text (tests, the console's editor)."""
    return playbook_from_source(parse_yaml(text, name))
