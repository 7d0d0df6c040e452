"""YAML sources that remember where every key came from, and validation that says where it failed.

`load_yaml(path)` returns a `YamlSource`: the data (built with PyYAML's safe constructors only) and
the line and column of every key and item. Duplicate keys are rejected. `validate(model, source)`
runs pydantic and reports *every* error of the file at once, each as
`path:line:col: key.path: message`; unknown keys come with the list of valid ones.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem in a configuration file, where it is and what is wrong."""

    file: str
    line: int
    column: int
    path: str
    message: str

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

    def issue(self, loc: Loc, message: str) -> ConfigIssue:
        """A ConfigIssue located at `loc` in this file."""
        line, column = self.position(loc)
        return ConfigIssue(self.name, line, column, format_loc(loc), message)


def format_loc(loc: Iterable[str | int]) -> str:
    """`("rules", 2, "when")` -> `rules[2].when`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


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
                self.issues.append(self.source.issue((*loc,), "a key must be a plain value"))
                continue
            key = str(key) if not isinstance(key, str) else key
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                line, column = mark
                self.issues.append(
                    ConfigIssue(
                        self.source.name,
                        line,
                        column,
                        format_loc((*loc, key)),
                        f"duplicate key (first defined at line {self.source.positions[(*loc, key)][0]})",
                    )
                )
                continue
            self.source.positions[(*loc, key)] = mark
            result[key] = self.build(value_node, (*loc, key))
        return result


def parse_yaml(text: str, name: str) -> YamlSource:
    """Parse YAML text safely; raise ConfigError with file:line:col on any syntax problem."""
    source = YamlSource(name, None)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ConfigError([ConfigIssue(name, 1, 1, "", "the file is empty")])
        builder = _Builder(loader, source)
        source.data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise ConfigError(
            [ConfigIssue(name, line, column, "", f"invalid YAML: {problem}")]
        ) from None
    finally:
        loader.dispose()
    # Duplicate keys are kept as issues, so validation can report them with everything else.
    source.issues = builder.issues
    return source


def load_yaml(path: str | Path) -> YamlSource:
    """Read and parse a YAML file; a missing or unreadable file is a ConfigError too."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([ConfigIssue(name, 1, 1, "", f"cannot read the file: {exc}")]) from None
    return parse_yaml(text, name)


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
    if error["type"] == "extra_forbidden":
        valid = valid_keys(model, loc[:-1])
        message = "unknown key" + (f"; valid keys: {', '.join(valid)}" if valid else "")
    return source.issue(loc, message)


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
