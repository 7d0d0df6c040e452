"""YAML sources that remember where every key came from, and validation that says where it failed.

`load_yaml(path)` returns a `YamlSource`: the data (built with PyYAML's safe constructors only) and
the line and column of every key and item. Duplicate keys are rejected. `validate(model, source)`
runs pydantic and reports *every* error of the file at once, each as
`path:line:col: key.path: message`; unknown keys come with the list of valid ones.

Charters, plans and scenarios are written by people and pasted into the console, so parsing is
bounded: a file over `VIGIE_YAML_MAX_BYTES` (1 MB by default), an alias (`*name`: a 0.5 KB alias
bomb expands to gigabytes), nesting deeper than `MAX_DEPTH` and control characters are refused with
file:line:col before they can cost memory or time.
"""

from __future__ import annotations

import os
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

DEFAULT_MAX_BYTES = 1_000_000
MAX_DEPTH = 32  # the deepest real document (a drill scenario) nests 7 levels
# C0 controls other than tab, LF and CR, DEL, C1 controls, and lone surrogates: never meant in a
# charter, and PyYAML or the database would choke on them later.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


# PyYAML's scanner is quadratic on a run of opening brackets (each is a possible key it keeps
# looking ahead for): such a run is refused before parsing, at its place.
_DEEP_FLOW = re.compile(r"(?:[\[{][ \t]*)" + "{" + str(MAX_DEPTH + 1) + "}")


def max_bytes(env: typing.Mapping[str, str] = os.environ) -> int:
    """The largest YAML file accepted: `VIGIE_YAML_MAX_BYTES`, or 1 MB."""
    try:
        value = int(env.get("VIGIE_YAML_MAX_BYTES", "") or DEFAULT_MAX_BYTES)
    except ValueError:
        return DEFAULT_MAX_BYTES
    return value if value > 0 else DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem in a configuration file, where it is and what is wrong."""

    file: str
    line: int
    column: int
    path: str
    message: str  # the operators' wording (logs, exceptions); people read `code` worded
    # What went wrong, for `bot.i18n.config_text` to word in the reader's language: a catalog
    # code (`config.issue.<code>`) and its values; "" words as the generic sentence.
    code: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigError(Exception):
    """A configuration file that cannot be used; carries every issue found in it."""

    def __init__(self, issues: Sequence[ConfigIssue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclass
class YamlSource:
    """Data loaded from YAML with the position (line, column; 1-based) of every key and item."""

    name: str
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    issues: list[ConfigIssue] = field(default_factory=list)  # found while parsing (duplicates)

    def position(self, loc: Loc) -> tuple[int, int]:
        """The position of the deepest part of `loc` that the file contains."""
        for end in range(len(loc), -1, -1):
            found = self.positions.get(tuple(loc[:end]))
            if found is not None:
                return found
        return (1, 1)

    def issue(
        self, loc: Loc, message: str, code: str = "", params: Mapping[str, Any] | None = None
    ) -> ConfigIssue:
        """A ConfigIssue located at `loc` in this file."""
        line, column = self.position(loc)
        return ConfigIssue(self.name, line, column, format_loc(loc), message, code, params or {})


def format_loc(loc: Iterable[str | int]) -> str:
    """`("rules", 2, "when")` -> `rules[2].when`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses aliases and bounds nesting while it composes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed: write the value out", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap")


class _Builder:
    """Walks PyYAML's node graph so that every key keeps its mark (PyYAML drops them)."""

    def __init__(self, loader: yaml.SafeLoader, source: YamlSource) -> None:
        self.loader = loader
        self.source = source
        self.issues: list[ConfigIssue] = []

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.source.positions.setdefault(
            loc, (node.start_mark.line + 1, node.start_mark.column + 1)
        )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            # The safe constructor would refuse it; walking the node ourselves must refuse it too.
            raise yaml.constructor.ConstructorError(
                None, None, f"unsupported tag {node.tag!r}", node.start_mark
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                self.issues.append(
                    self.source.issue((*loc,), "a key must be a plain value", "plain_key")
                )
                continue
            key = str(key) if not isinstance(key, str) else key
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                line, column = mark
                first = self.source.positions[(*loc, key)][0]
                self.issues.append(
                    ConfigIssue(
                        self.source.name,
                        line,
                        column,
                        format_loc((*loc, key)),
                        f"duplicate key (first defined at line {first})",
                        "duplicate_key",
                        {"line": first},
                    )
                )
                continue
            self.source.positions[(*loc, key)] = mark
            result[key] = self.build(value_node, (*loc, key))
        return result


def parse_yaml(text: str, name: str, limit: int | None = None) -> YamlSource:
    """Parse YAML text safely and within bounds (size, aliases, depth, characters); raise
    ConfigError with file:line:col on any problem."""
    _check_text(text, name, max_bytes() if limit is None else limit)
    source = YamlSource(name, None)
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ConfigError([ConfigIssue(name, 1, 1, "", "the file is empty", "empty")])
        builder = _Builder(loader, source)
        source.data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise ConfigError(
            [ConfigIssue(name, line, column, "", f"invalid YAML: {problem}", "yaml_syntax")]
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        # Unmarked reader errors and values a safe constructor cannot build (a date of 2026-02-30).
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            [ConfigIssue(name, 1, 1, "", f"invalid YAML: {message}", "yaml_syntax")]
        ) from None
    finally:
        loader.dispose()
    # Duplicate keys are kept as issues, so validation can report them with everything else.
    source.issues = builder.issues
    return source


def _check_text(text: str, name: str, limit: int) -> None:
    """Refuse a text over `limit` bytes or holding a control character, before parsing it."""
    if len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        raise ConfigError([_too_big(name, limit)])
    found = _FORBIDDEN.search(text)
    if found is not None:
        code = f"U+{ord(found.group()):04X}"
        issue = _issue_at(text, found.start(), name, f"control character {code}")
        raise ConfigError([replace(issue, code="control_char", params={"code": code})])
    found = _DEEP_FLOW.search(text)
    if found is not None:
        message = f"invalid YAML: nested deeper than {MAX_DEPTH} levels"
        issue = _issue_at(text, found.start(), name, message)
        raise ConfigError([replace(issue, code="too_deep", params={"depth": MAX_DEPTH})])


def _issue_at(text: str, offset: int, name: str, message: str) -> ConfigIssue:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return ConfigIssue(name, line, column, "", message)


def _too_big(name: str, limit: int) -> ConfigIssue:
    message = f"the file is larger than {limit} bytes (VIGIE_YAML_MAX_BYTES)"
    return ConfigIssue(name, 1, 1, "", message, "too_big", {"limit": limit})


def load_yaml(path: str | Path, limit: int | None = None) -> YamlSource:
    """Read and parse a YAML file of at most `limit` bytes (default `max_bytes()`); a missing,
    unreadable or oversized file is a ConfigError too, found without reading more than the limit."""
    name = str(path)
    limit = max_bytes() if limit is None else limit
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        message = f"cannot read the file: {exc}"
        code = "not_found" if isinstance(exc, FileNotFoundError) else "unreadable"
        raise ConfigError([ConfigIssue(name, 1, 1, "", message, code)]) from None
    if len(raw) > limit:
        raise ConfigError([_too_big(name, limit)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError([ConfigIssue(name, line, 1, "", "not UTF-8 text", "not_utf8")]) from None
    return parse_yaml(text.removeprefix("\ufeff"), name, limit)


def validate(model: type[M], source: YamlSource, context: dict[str, Any] | None = None) -> M:
    """Validate the source's data with a pydantic model; raise ConfigError listing every error."""
    try:
        result = model.model_validate(source.data, context=context)
    except ValidationError as exc:
        issues = [_issue_from(source, model, error) for error in exc.errors()]
        raise ConfigError(sorted([*source.issues, *issues], key=_order)) from None
    if source.issues:
        raise ConfigError(source.issues)
    return result


def _order(issue: ConfigIssue) -> tuple[int, int]:
    return (issue.line, issue.column)


def _issue_from(source: YamlSource, model: type[BaseModel], error: Any) -> ConfigIssue:
    loc: Loc = tuple(part for part in error["loc"] if _is_data_part(part))
    message = str(error["msg"]).removeprefix("Value error, ")
    code, params = _PYDANTIC_CODES.get(error["type"], ""), _limits(error.get("ctx") or {})
    if error["type"] == "extra_forbidden":
        valid = valid_keys(model, loc[:-1])
        message = "unknown key" + (f"; valid keys: {', '.join(valid)}" if valid else "")
        code, params = ("unknown_key_in", {"keys": valid}) if valid else ("unknown_key", {})
    if error["type"] in ("literal_error", "enum"):
        params = {"choices": re.findall(r"'([^']*)'", str(error["ctx"]["expected"]))}
    return source.issue(loc, message, code, params)


# pydantic's error types, by the catalog code (`config.issue.<code>`) a person reads them as.
# A type not here (a model's own check, "value_error") reads as the generic sentence naming
# the field; its English detail stays in `ConfigIssue.message` for the operators.
_PYDANTIC_CODES = {
    "missing": "missing",
    "string_type": "expected_text",
    "int_type": "expected_integer",
    "int_parsing": "expected_integer",
    "int_from_float": "expected_integer",
    "float_type": "expected_number",
    "float_parsing": "expected_number",
    "bool_type": "expected_boolean",
    "bool_parsing": "expected_boolean",
    "list_type": "expected_list",
    "tuple_type": "expected_list",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
    "greater_than": "more_than",
    "greater_than_equal": "at_least",
    "less_than": "less_than",
    "less_than_equal": "at_most",
    "literal_error": "one_of",
    "enum": "one_of",
}


def _limits(ctx: Mapping[str, Any]) -> dict[str, Any]:
    """The bound of a comparison error (gt, ge, lt, le) as `limit`."""
    found = [ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx]
    return {"limit": found[0]} if found else {}


def _is_data_part(part: Any) -> bool:
    # pydantic inserts union member names ("function-after[...]", model names) into locs.
    return isinstance(part, int) or (isinstance(part, str) and not part.endswith("]"))


def valid_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names (aliases first) of the model found at `loc` inside `model`, if any."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            fields = {f.alias or name: f for name, f in current.model_fields.items()}
            if part not in fields:
                return []
            current = fields[part].annotation
        else:
            current = _container_item(current)
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(f.alias or name for name, f in current.model_fields.items())
    return []


def _unwrap(annotation: Any) -> Any:
    """Peel Optional, Annotated, list and dict down to the model they hold, if a single one."""
    for _ in range(6):
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = models[0] if len(models) == 1 else annotation
            if len(models) != 1:
                return annotation
        elif origin in (list, tuple, Sequence, set, frozenset):
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return annotation
    return annotation


def _container_item(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    return args[-1] if args else annotation
