"""Scenario and responses files are validated like the charter: every issue at once, each located
as file:line:col, including the references to personas, messages, roles, levels and templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.drills.loader import load_drill, load_scenario
from bot.drills.responses import load_responses
from bot.yamlsrc import ConfigError
from tests.drills.helpers import PANNE, drill

HEADER = """\
meta:
  id: essai
  title: Essai
  language: fr
  brand: Opalia
  synopsis: Un essai.
  objectives: [Tester]
  charter: {charter}
  playbook: {playbook}
  start: "2026-03-12T14:00:00Z"
  duration: 1h
personas:
  - {{id: camille, name: Camille, kind: customer}}
writing: {{problem: [panne], facts: [réseau]}}
timeline:
"""

CASES = [
    (
        "unknown-persona",
        "  - {at: 5m, id: m1, persona: personne, labels: [complaint], text: Salut}\n",
        ":16:22: timeline[0].persona: unknown persona 'personne'; known: camille",
    ),
    (
        "missing-labels",
        "  - {at: 5m, id: m1, persona: camille, text: Salut}\n",
        ":16:5: timeline[0]: a community message needs its ground-truth labels",
    ),
    (
        "bad-offset",
        "  - {at: bientôt, id: m1, persona: camille, labels: [complaint], text: Salut}\n",
        ":16:6: timeline[0].at: 'bientôt' is not a time offset",
    ),
    (
        "unknown-label",
        "  - {at: 5m, id: m1, persona: camille, labels: [gossip], text: Salut}\n",
        ":16:49: timeline[0].labels[0]: Input should be",
    ),
    (
        "after-the-end",
        "  - {at: 2h, id: m1, persona: camille, labels: [ok], text: Salut}\n",
        ":16:6: timeline[0].at: after the end of the story",
    ),
    (
        "unknown-role-in-an-expectation",
        "  - at: 5m\n    kind: info\n    text: x\n    expect: [{do: alert, role: pompiers, within: 5m}]\n",
        ":19:26: timeline[0].expect[0].role: no role of that id",
    ),
    (
        "unknown-level",
        "  - at: 5m\n    kind: info\n    text: x\n    expect: [{do: level, level: 7, within: 5m}]\n",
        ":19:26: timeline[0].expect[0].level: the plan has levels [0, 1, 2, 3]",
    ),
    (
        "unknown-key",
        "  - {at: 5m, kind: info, text: x, colour: red}\n",
        ":16:35: timeline[0].colour: unknown key; valid keys:",
    ),
]


def _write(tmp_path: Path, body: str, charter: str | None = None) -> Path:
    root = Path(__file__).resolve().parents[2]
    text = HEADER.format(
        charter=charter or root / "charters" / "fr" / "opalia.yaml",
        playbook=root / "playbooks" / "fr" / "opalia.yaml",
    )
    path = tmp_path / "essai.yaml"
    path.write_text(text + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_scenario_errors_are_located(tmp_path: Path, body: str, expected: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    assert any(f"{path}{expected}" in str(issue) for issue in caught.value.issues), str(
        caught.value
    )


def test_every_issue_is_reported_at_once(tmp_path: Path) -> None:
    body = (
        "  - {at: 5m, id: m1, persona: personne, labels: [complaint], text: a}\n"
        "  - {at: 9h, id: m1, persona: camille, labels: [ok], text: b}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_scenario(_write(tmp_path, body))
    messages = [issue.message for issue in caught.value.issues]
    assert any("unknown persona" in m for m in messages)
    assert any("duplicate id 'm1'" in m for m in messages)
    assert any("after the end" in m for m in messages)


def test_a_missing_charter_is_located_at_its_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "  - {at: 5m, kind: info, text: x}\n", charter="nowhere.yaml")
    with pytest.raises(ConfigError) as caught:
        load_drill(path)
    assert f"{path}:8:3: meta.charter: no such file" in str(caught.value)


RESPONSE_CASES = [
    (
        "unknown-message",
        "  - {at: 5m, do: delete, message: m99}\n",
        ":4:26: actions[0].message: no message 'm99'",
    ),
    (
        "before-the-message",
        "  - {at: 1m, do: delete, message: m10}\n",
        ":4:6: actions[0].at: before message 'm10'",
    ),
    ("unknown-action", "  - {at: 5m, do: dance}\n", ":4:5: actions[0]: Input tag 'dance'"),
    (
        "unknown-template",
        "  - {at: 5m, do: draft, id: a, template: poeme}\n",
        ":4:32: actions[0].template: no template",
    ),
    (
        "draft-needs-one-source",
        "  - {at: 5m, do: draft, id: a}\n",
        ":4:5: actions[0].draft: give either a template or a text",
    ),
    (
        "unknown-draft",
        "  - {at: 5m, do: post, draft: b}\n",
        ":4:24: actions[0].draft: no draft 'b'",
    ),
    (
        "after-the-story",
        "  - {at: 3h, do: note, text: trop tard}\n",
        ":4:6: actions[0].at: after the end of the story",
    ),
    (
        "unknown-role",
        "  - {at: 5m, do: alert, role: pompiers}\n",
        ":4:25: actions[0].role: no role 'pompiers'",
    ),
]


@pytest.mark.parametrize(
    ("body", "expected"), [c[1:] for c in RESPONSE_CASES], ids=[c[0] for c in RESPONSE_CASES]
)
def test_responses_errors_are_located(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("scenario: panne-reseau\ntrainee: x\nactions:\n" + body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_responses(path, drill(PANNE))
    assert any(f"{path}{expected}" in str(issue) for issue in caught.value.issues), str(
        caught.value
    )


def test_responses_for_another_scenario_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("scenario: autre\nactions: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"r.yaml:1:1: scenario: this scenario is 'panne-reseau'"):
        load_responses(path, drill(PANNE))
