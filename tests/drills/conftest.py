"""Drill tests never touch the working copy's database: results go only where a test says."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIGIE_DATABASE_URL", raising=False)
