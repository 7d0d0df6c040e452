"""Charter validation: every error of a file at once, located, with the valid choices."""

from __future__ import annotations

import pytest

from bot.charter.loader import charter_json_schema, parse_charter
from bot.yamlsrc import ConfigError
from tests.unit.moderation.conftest import CHARTER

VALID = CHARTER.format(mode="a_posteriori")


def errors_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        parse_charter(text, "c.yaml")
    return [str(issue) for issue in raised.value.issues]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "- keywords: {words: [connard, idiot]}",
            "- keywordz: {words: [connard]}",
            "rules[0].when.any[0].keywordz: unknown key; valid keys: caps, classifier, duplicates",
        ),
        ("threshold: 0.9}", "threshold: 1.5}", "rules[0].when.any[1].classifier.threshold"),
        (
            "severity: 2",
            "severity: 7",
            "rules[0].severity: Input should be less than or equal to 4",
        ),
        ("mode: a_posteriori", "mode: sometimes", "meta.mode: Input should be 'a_posteriori'"),
        (
            "appeal: {fr: Répondez /recours., en: Reply /appeal.}",
            "appeal: {fr: Répondez /recours.}",
            "public.appeal: missing the text in en (declared in meta.languages)",
        ),
        (
            "actions: [delete]",
            "actions: [destroy]",
            "unknown name 'destroy'; valid names: delete, warn",
        ),
        ("strike_ttl: 30d", "strike_ttl: soon", "sanctions.strike_ttl: 'soon' is not a duration"),
        (
            "- {strikes: 5, actions: [ban]}",
            "- {strikes: 2, actions: [ban]}",
            "sanctions.ladder: Value error, the ladder's steps must have strictly increasing",
        ),
        ("  - id: threats", "  - id: insults", "rules: rule ids must be unique: insults"),
        ("- keywords: {words: [aaargh]}", "- regex: {patterns: ['(a)\\1']}", "RE2"),
    ],
    ids=[
        "unknown-detector",
        "threshold-range",
        "severity-range",
        "mode-choice",
        "missing-language",
        "unknown-action",
        "bad-duration",
        "ladder-order",
        "duplicate-rule-id",
        "re2-rejects",
    ],
)
def test_errors_are_located_and_explained(old: str, new: str, expected: str) -> None:
    assert old in VALID
    messages = errors_of(VALID.replace(old, new, 1))
    assert any(expected.replace("Value error, ", "") in m for m in messages), messages
    assert all(m.startswith("c.yaml:") and m.split(":")[1].isdigit() for m in messages)


def test_every_error_of_a_file_is_reported_at_once() -> None:
    text = VALID.replace("severity: 2", "severity: 9").replace("mode: a_posteriori", "mode: x")
    text = text.replace("strike_ttl: 30d", "strike_ttl: never")
    assert len(errors_of(text)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "a charter is a mapping"),
        ("meta: [\n", "invalid YAML"),
    ],
    ids=["empty", "not-a-mapping", "broken-yaml"],
)
def test_unusable_files(text: str, expected: str) -> None:
    assert any(expected in m for m in errors_of(text))


def test_valid_charter_loads() -> None:
    charter = parse_charter(VALID, "c.yaml")
    assert [rule.id for rule in charter.rules] == ["insults", "threats", "shouting"]


def test_json_schema_lists_every_detector() -> None:
    schema = charter_json_schema()
    clause = schema["$defs"]["DetectorClause"]["properties"]
    assert {"keywords", "regex", "classifier", "personal_data"} <= set(clause)
