"""The second stage as a deployment setting: off by default, `routed` or `all` from the file or
$VIGIE_SECOND_STAGE, a clear error for another value, shared by every community of the process
(also after a reload), reported by /healthz, and drained when the process stops."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.clock import ManualClock
from bot.core.message import Author, Message
from bot.deploy.communities import from_deployment
from bot.deploy.config import load_deployment
from bot.deploy.health import Health
from bot.deploy.metrics import Metrics
from bot.deploy.runtime import SECOND_STAGE_ENV, Setup, second_stage_of
from bot.moderation.second_stage import Lines, Policy, Routing
from bot.second_stage import SecondStage, store_writer
from bot.store.database import Database
from bot.yamlsrc import ConfigError

ROOT = Path(__file__).resolve().parents[2]
CHARTER = ROOT / "charters" / "fr" / "opalia.yaml"
MODELS = ROOT / "models"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LINES = Lines(
    {"toxic": 0.8, "hate": 0.8, "threat": 0.8}, {"toxic": 0.5, "hate": 0.5, "threat": 0.5}
)


def deployment(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "vigie.yaml"
    path.write_text(
        f"{extra}communities:\n"
        f"  - {{name: A, platform: discord, guild: 1, charter: {CHARTER}}}\n"
        f"  - {{name: B, platform: discord, guild: 2, charter: {CHARTER}}}\n",
        encoding="utf-8",
    )
    return path


def insulting(texts: Sequence[str], _: Sequence[Mapping[str, float]]) -> tuple[list, Lines]:
    return [{"toxic": 0.95, "hate": 0.1, "threat": 0.1} for _ in texts], LINES


@pytest.mark.parametrize(
    ("extra", "env", "expected"),
    [
        ("", "", None),
        ("second_stage: off\n", "", None),
        ("second_stage: routed\n", "", Policy.ROUTED),
        ("second_stage: all\n", "", Policy.ALL),
        ("second_stage: routed\n", "off", None),  # the environment wins
        ("", "all", Policy.ALL),
    ],
)
def test_the_setting_chooses_the_policy(
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: str,
    env: str,
    expected: Policy | None,
) -> None:
    monkeypatch.setenv(SECOND_STAGE_ENV, env)
    path = deployment(tmp_path, extra)
    setup = Setup(load_deployment(path), path, "sqlite://", MODELS)
    scorer = type("Scorer", (), {"thresholds": {"toxic": 0.46}})()
    stage = second_stage_of(setup, scorer, db, ManualClock(START))
    try:
        assert (stage.routing.policy if stage else None) == expected
        if stage is not None:
            assert stage.routing.thresholds == {"toxic": 0.46}
    finally:
        if stage is not None:
            stage.close()


def test_a_bad_value_is_refused_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SECOND_STAGE_ENV, raising=False)
    with pytest.raises(ConfigError, match=r"vigie\.yaml:1:\d+: .*second_stage"):
        load_deployment(deployment(tmp_path, "second_stage: sometimes\n"))
    monkeypatch.setenv(SECOND_STAGE_ENV, "sometimes")
    path = deployment(tmp_path)
    setup = Setup(load_deployment(path), path, "sqlite://", MODELS)
    with pytest.raises(ConfigError, match=r"'sometimes': expected off, routed or all"):
        second_stage_of(setup, object(), None, ManualClock(START))  # type: ignore[arg-type]


def test_every_community_feeds_one_stage_reported_and_drained(db: Database, tmp_path: Path) -> None:
    clock = ManualClock(START)
    stage = SecondStage(lambda: insulting, store_writer(db), clock, Routing(Policy.ALL))
    path = deployment(tmp_path)
    communities = from_deployment(
        load_deployment(path), "discord", db, clock, Metrics(db), (None, "t"), stage
    )
    for guild in ("1", "2"):
        communities.handle(
            Message(f"m{guild}", START, Author("u1", "u1"), "bonjour", "discord", guild)
        )
    health = Health(db, Metrics(db), lambda: True, communities.recording, communities.second_stage)
    communities.close(START)
    report = health.report()[1]["second_stage"]
    assert (report["state"], report["routed"], report["escalated"], report["queued"]) == (
        "ready",
        2,
        2,
        0,
    )
    assert all(s.second is stage for s in communities.services.values())
