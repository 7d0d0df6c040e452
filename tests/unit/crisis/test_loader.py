"""The playbook format: the examples validate; every error is reported at once as file:line:col,
including the whole-plan checks (unknown role, escalation cycle, template variable, unreachable
level)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.crisis.loader import load_playbook, parse_playbook
from bot.yamlsrc import ConfigError
from tests.unit.crisis.helpers import PLAYBOOK

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "path", ["playbooks/fr/opalia.yaml", "playbooks/en/opalia.yaml"], ids=["fr", "en"]
)
def test_example_playbooks_validate(path: str) -> None:
    playbook = load_playbook(ROOT / path)
    assert [level.level for level in playbook.levels] == [0, 1, 2, 3]
    assert {"cm", "com", "service_client", "juridique", "direction"} <= {
        r.id for r in playbook.roles
    }
    assert playbook.level(2).first_response is not None


def _errors(text: str) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        parse_playbook(text, "plan.yaml")
    return [str(issue) for issue in raised.value.issues]


CASES = [
    (
        "unknown-role",
        PLAYBOOK.replace("roles: [com], ack_within: 10m", "roles: [legal], ack_within: 10m"),
        "unknown role 'legal'",
    ),
    (
        "escalation-cycle",
        PLAYBOOK.replace(
            'holder: {name: Helene, discord: "user:100003", telegram: "user:2003", console: helene}',
            'holder: {name: Helene, discord: "user:100003"}\n    escalates_to: cm',
        ),
        "escalation cycle: cm → com → cm",
    ),
    (
        "variable-provided-by-nothing",
        PLAYBOOK.replace("Point avant {next_update}.", "Point avant {heure_retour}."),
        "variable {heure_retour} is provided by nothing",
    ),
    (
        "same-hour-over-a-long-window",
        PLAYBOOK.replace(
            '{indicator: complainers, op: ">=", threshold: 3, window: 10m}',
            '{indicator: complainers, op: ">=", threshold: 3x, against: same_hour, window: 2h}',
        ),
        "a same_hour baseline compares windows of one hour at most",
    ),
    (
        "same-day-over-a-short-window",
        PLAYBOOK.replace(
            '{indicator: complainers, op: ">=", threshold: 3, window: 10m}',
            '{indicator: complainers, op: ">=", threshold: 3x, against: same_day, window: 10m}',
        ),
        "a same_day baseline compares windows of one hour or more",
    ),
    (
        "share-against-the-same-hour",
        PLAYBOOK.replace(
            '{indicator: complainers, op: ">=", threshold: 3, window: 10m}',
            '{indicator: negative_share, op: ">=", threshold: 2x, against: same_hour, window: 1h}',
        ),
        "negative_share is a share: compare it with the recent baseline",
    ),
    (
        "next-update-without-cadence",
        PLAYBOOK.replace("    update_every: 1h\n    update_template: point\n", ""),
        "template 'attente' announces {next_update} but level 2 has no update_every",
    ),
    (
        "unreachable-level",
        PLAYBOOK.replace(
            'enter: {any: [{indicator: complainers, op: ">=", threshold: 20, window: 10m}]}',
            "enter: {manual: false}",
        ),
        "level 3 (crise) is unreachable",
    ),
    (
        "unknown-template",
        PLAYBOOK.replace("template: attente,", "template: absent,"),
        "unknown template 'absent'",
    ),
    (
        "level-gap",
        PLAYBOOK.replace("  - level: 3\n", "  - level: 4\n"),
        "levels must be numbered 0, 1, 2",
    ),
    (
        "bad-threshold",
        PLAYBOOK.replace("threshold: 6,", "threshold: beaucoup,"),
        "write a number (absolute) or e.g. '3x'",
    ),
    (
        "share-over-one",
        PLAYBOOK.replace(
            'indicator: complainers, op: ">=", threshold: 6',
            'indicator: negative_share, op: ">=", threshold: 6',
        ),
        "is a share: an absolute threshold is 0..1",
    ),
    (
        "unknown-indicator",
        PLAYBOOK.replace(
            'indicator: complainers, op: ">=", threshold: 3,',
            'indicator: sentiment, op: ">=", threshold: 3,',
        ),
        "levels[1].enter.any[0]",
    ),
    (
        "contact-missing",
        PLAYBOOK.replace(
            'holder: {name: Claire, discord: "user:100001", console: claire}',
            "holder: {name: Claire}",
        ),
        "give at least one contact",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_error_is_located_and_explained(text: str, expected: str) -> None:
    errors = _errors(text)
    assert any(expected in error for error in errors), errors
    assert all(error.startswith("plan.yaml:") and error.split(":")[1].isdigit() for error in errors)


def test_every_whole_plan_error_is_reported_at_once() -> None:
    text = PLAYBOOK.replace(
        "roles: [com], ack_within: 10m", "roles: [legal], ack_within: 10m"
    ).replace("Point avant {next_update}.", "Point avant {heure_retour}.")
    errors = _errors(text)
    assert len(errors) == 2
    assert errors[0].startswith("plan.yaml:38:27:") and "unknown role" in errors[0]
    assert "provided by nothing" in errors[1]


def test_valid_playbook_parses() -> None:
    playbook = parse_playbook(PLAYBOOK)
    assert playbook.top == 3
    assert playbook.level(2).profile == "crise"


def test_cli_validate_exits_2_on_a_broken_playbook(tmp_path: Path) -> None:
    cli = pytest.importorskip("bot.cli")
    pytest.importorskip("bot.detectors.registry")
    broken = tmp_path / "plan.yaml"
    broken.write_text(
        PLAYBOOK.replace("roles: [com], ack_within", "roles: [x], ack_within"), encoding="utf-8"
    )
    assert cli.main(["validate", str(broken)]) == 2
