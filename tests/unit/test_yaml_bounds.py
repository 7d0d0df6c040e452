"""Bounded YAML: hostile files are refused with file:line:col before they cost memory or time, and
what the crisis runner trusts later (timezones, templates, durations, labels) is checked at load."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from bot.charter.loader import parse_charter
from bot.core.checked import check_timezone, template_fields
from bot.core.timeparse import parse_duration
from bot.crisis.loader import parse_playbook
from bot.yamlsrc import ConfigError, load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parents[2]


def _alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": each level lists the previous one 9 times (9**9 items, 0.5 KB)."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        previous = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{previous}]")
    return "\n".join(lines) + "\n"


ALIAS_BOMB = _alias_bomb()


def _issue(text: str, **kwargs: int) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_yaml(text, "f.yaml", **kwargs)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(ALIAS_BOMB, "f.yaml:2:", id="alias-bomb"),
        pytest.param("a: &x 1\nb: *x\n", "f.yaml:2:4: invalid YAML: aliases", id="one-alias"),
        pytest.param("a: " + "[" * 5000 + "]" * 5000, "nested deeper than", id="deep-flow"),
        pytest.param(
            "".join(" " * i + "k:\n" for i in range(200)), "nested deeper than", id="deep-block"
        ),
        pytest.param("a: 1\nb: x\x00y\n", "f.yaml:2:5: control character U+0000", id="nul"),
        pytest.param("a: 1\nb: x\x1by\n", "f.yaml:2:5: control character U+001B", id="escape"),
        pytest.param("a: \ud800\n", "f.yaml:1:4: control character U+D800", id="lone-surrogate"),
        pytest.param("a: 2026-02-30\n", "f.yaml:1:1: invalid YAML", id="impossible-date"),
        pytest.param("a: !!python/object:os.system x\n", "f.yaml:1:4", id="python-tag"),
    ],
)
def test_hostile_yaml_is_refused_with_its_place(text: str, expected: str) -> None:
    assert expected in _issue(text)


def test_the_alias_bomb_is_refused_within_a_small_memory_budget() -> None:
    tracemalloc.start()
    try:
        _issue(ALIAS_BOMB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_a_file_over_the_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w") as handle:
        handle.write("a: [" + "1, " * 3_000_000 + "1]\n")  # 9 MB
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError, match="larger than 1000000 bytes"):
            load_yaml(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3_000_000


def test_the_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    small = tmp_path / "s.yaml"
    small.write_text("a: " + "x" * 200 + "\n")
    monkeypatch.setenv("VIGIE_YAML_MAX_BYTES", "100")
    with pytest.raises(ConfigError, match="larger than 100 bytes"):
        load_yaml(small)
    monkeypatch.setenv("VIGIE_YAML_MAX_BYTES", "1000")
    assert load_yaml(small).data == {"a": "x" * 200}


def test_invalid_utf8_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(ConfigError, match=r"bad.yaml:2:1: not UTF-8"):
        load_yaml(bad)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        pytest.param("Hello {community}, {when}", {"community", "when"}, id="plain"),
        pytest.param("a {{literal}} brace", set(), id="escaped"),
    ],
)
def test_plain_template_fields(text: str, fields: set[str]) -> None:
    assert template_fields(text) == fields


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a lone { brace", id="lone-open"),
        pytest.param("a lone } brace", id="lone-close"),
        pytest.param("{x!z}", id="bad-conversion"),
        pytest.param("{x!r}", id="conversion"),
        pytest.param("{x:>1500000000}", id="huge-width"),
        pytest.param("{x.__class__}", id="attribute"),
        pytest.param("{x[0]}", id="index"),
        pytest.param("{}", id="positional"),
    ],
)
def test_templates_allow_only_plain_names(text: str) -> None:
    with pytest.raises(ValueError, match="template"):
        template_fields(text)


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "Europe/Nowhere", "", "/etc/localtime", "Europe/../UTC"]
)
def test_timezones_come_from_the_tz_database(name: str) -> None:
    with pytest.raises(ValueError, match="tz database"):
        check_timezone(name)


def test_a_real_timezone_is_kept() -> None:
    assert check_timezone("Europe/Paris") == "Europe/Paris"


@pytest.mark.parametrize("value", ["99999999999999d", "1e400", 1e300, float("inf"), "101y"])
def test_durations_beyond_a_century_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)  # type: ignore[arg-type]


def _playbook_text() -> str:
    return (ROOT / "playbooks/fr/opalia.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "timezone: Europe/Paris", "timezone: ../../etc/passwd", "tz database", id="timezone"
        ),
    ],
)
def test_a_broken_plan_fails_validation(old: str, new: str, expected: str) -> None:
    text = _playbook_text()
    assert old in text
    with pytest.raises(ConfigError, match=expected):
        parse_playbook(text.replace(old, new, 1), "plan.yaml")


@pytest.mark.parametrize("field", ["{x!z}", "{x:>1500000000}", "{"])
def test_a_plan_template_with_more_than_names_fails_validation(field: str) -> None:
    text = _playbook_text()
    assert "Bonjour à toutes" in text
    broken = text.replace("Bonjour à toutes", "Bonjour " + field + " à toutes", 1)
    with pytest.raises(ConfigError, match="template"):
        parse_playbook(broken, "plan.yaml")


def test_a_misspelt_classifier_label_fails_validation() -> None:
    text = (ROOT / "charters/fr/opalia.yaml").read_text(encoding="utf-8")
    assert "label: toxic," in text
    with pytest.raises(ConfigError, match="unknown label 'toxik'"):
        parse_charter(text.replace("label: toxic,", "label: toxik,", 1), "c.yaml")
