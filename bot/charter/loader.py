"""Loading a charter from YAML: safe parsing, validation, every error at once with file:line:col."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.charter.fields import languages_context
from bot.charter.schema import Charter
from bot.yamlsrc import ConfigError, YamlSource, load_yaml, parse_yaml, validate


def charter_from_source(source: YamlSource) -> Charter:
    """Validate a parsed YAML source as a charter; raise ConfigError with every issue."""
    if not isinstance(source.data, dict):
        raise ConfigError([source.issue((), "a charter is a mapping with meta, public, rules…")])
    return validate(Charter, source, languages_context(source.data))


def load_charter(path: str | Path) -> Charter:
    """Read and validate the charter at `path`."""
    return charter_from_source(load_yaml(path))


def parse_charter(text: str, name: str = "<charter>") -> Charter:
    """Validate charter YAML given as text (tests, the web console's what-if editor)."""
    return charter_from_source(parse_yaml(text, name))


def charter_json_schema() -> dict[str, Any]:
    """The JSON Schema of the charter format, for editors (YAML language servers)."""
    schema = Charter.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Vigie — charte de modération"
    return schema
