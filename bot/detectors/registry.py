"""The registry of detectors: the names a charter's `when` clause may use, and their modules."""

from __future__ import annotations

from bot.detectors import (
    caps,
    classifier,
    duplicates,
    flood,
    hate_target,
    keywords,
    links,
    mentions,
    newcomer,
    personal_data,
    regex,
    threats,
)
from bot.detectors.base import DetectorModule

DETECTORS: dict[str, DetectorModule] = {
    keywords.NAME: keywords,
    regex.NAME: regex,
    links.NAME: links,
    mentions.NAME: mentions,
    caps.NAME: caps,
    flood.NAME: flood,
    duplicates.NAME: duplicates,
    personal_data.NAME: personal_data,
    newcomer.NAME: newcomer,
    classifier.NAME: classifier,
    threats.NAME: threats,
    hate_target.NAME: hate_target,
}


def detector_names() -> tuple[str, ...]:
    """The detector names, sorted, as an error message lists them."""
    return tuple(sorted(DETECTORS))
