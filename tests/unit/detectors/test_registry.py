"""The registry: every detector module keeps the contract the charter schema is built from."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from bot.core.decision import Detection
from bot.detectors.registry import DETECTORS, detector_names

from .support import run

EXPECTED = (
    "caps",
    "classifier",
    "duplicates",
    "flood",
    "hate_target",
    "keywords",
    "links",
    "mentions",
    "newcomer",
    "personal_data",
    "regex",
    "threats",
)

# The smallest valid configuration of each detector.
MINIMAL = {
    "keywords": {"words": ["connard"]},
    "regex": {"patterns": ["nitro"]},
    "classifier": {"label": "toxic"},
    "newcomer": {"max_member_age": "24h"},
}


def test_names() -> None:
    assert detector_names() == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_module_is_registered_under_its_name(name: str) -> None:
    assert name == DETECTORS[name].NAME


@pytest.mark.parametrize("name", EXPECTED)
def test_config_is_strict_and_documented(name: str) -> None:
    config = DETECTORS[name].Config
    assert issubclass(config, BaseModel)
    assert config.model_config.get("extra") == "forbid"
    schema = config.model_json_schema()
    assert schema["properties"], name
    for field, spec in schema["properties"].items():
        assert spec.get("description"), f"{name}.{field} has no description"
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        config.model_validate({**MINIMAL.get(name, {}), "unknown_key": 1})


@pytest.mark.parametrize("name", EXPECTED)
def test_detect_always_answers_and_explains_in_both_languages(name: str) -> None:
    module = DETECTORS[name]
    detection = run(module, "Bonjour à tous", MINIMAL.get(name, {}))
    assert isinstance(detection, Detection)
    assert detection.detector == name
    assert detection.matched is False
    french, english = module.explain(detection, "fr"), module.explain(detection, "en")
    assert french and english and french != english
    assert french.endswith(".") and english.endswith(".")


@pytest.mark.parametrize("name", EXPECTED)
def test_config_round_trips_through_json(name: str) -> None:
    config = DETECTORS[name].Config.model_validate(MINIMAL.get(name, {}))
    again = DETECTORS[name].Config.model_validate(config.model_dump(mode="json"))
    assert again == config
