"""YAML sources: positions of keys, duplicate keys, syntax errors, every error at once."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, Field

from bot.yamlsrc import ConfigError, load_yaml, parse_yaml, validate


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    score: float = Field(le=1)
    name: str = "x"


class Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Inner]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "items:\n  - score: 2\n",
            ["f.yaml:2:5: items[0].score: Input should be less than or equal to 1"],
        ),
        (
            "items:\n  - score: 0.5\n    scroe: 1\n",
            ["f.yaml:3:5: items[0].scroe: unknown key; valid keys: name, score"],
        ),
        (
            "items:\n  - score: 0.1\n  - {score: 0.2, score: 0.3}\n",
            ["f.yaml:3:18: items[1].score: duplicate key (first defined at line 3)"],
        ),
        (
            "itemz: []\n",
            [
                "f.yaml:1:1: items: Field required",
                "f.yaml:1:1: itemz: unknown key; valid keys: items",
            ],
        ),
        ("items: [\n  - score: 1\n", None),
        ("", ["f.yaml:1:1: the file is empty"]),
        (
            "items:\n  - score: 9\n  - score: 8\n",
            [
                "f.yaml:2:5: items[0].score: Input should be less than or equal to 1",
                "f.yaml:3:5: items[1].score: Input should be less than or equal to 1",
            ],
        ),
    ],
    ids=[
        "range",
        "unknown-key",
        "duplicate-key",
        "missing-and-unknown",
        "syntax",
        "empty",
        "all-errors-at-once",
    ],
)
def test_errors_name_file_line_column(text: str, expected: list[str] | None) -> None:
    with pytest.raises(ConfigError) as raised:
        validate(Outer, parse_yaml(text, "f.yaml"))
    messages = [str(issue) for issue in raised.value.issues]
    if expected is None:
        assert (
            len(messages) == 1
            and messages[0].startswith("f.yaml:")
            and "invalid YAML" in messages[0]
        )
    else:
        assert sorted(messages) == sorted(expected)


def test_valid_source_returns_the_model() -> None:
    assert validate(Outer, parse_yaml("items:\n  - score: 0.5\n", "f.yaml")).items[0].score == 0.5


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(ConfigError, match="invalid YAML"):
        parse_yaml("x: !!python/object/apply:os.system ['echo hi']\n", "evil.yaml")


def test_missing_file_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="cannot read the file"):
        load_yaml(tmp_path / "nope.yaml")
