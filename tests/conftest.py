"""Suite-wide settings: the pinned clock of the commands run in process, and the browser tests
last.

Every command the suite runs (`bot.cli.main`, in process or in a subprocess) takes its edge clock
from `VIGIE_CLOCK_AT`, set here to the suite's pinned instant: no result depends on the day or the
hour the suite runs at (`make test-anytime` proves it).

pytest-playwright's sync API keeps an event loop running in the main thread from its first test
until the end of the session; an asyncio test collected after it could not start its own loop.
Running the browser tests last keeps one `pytest` run for the whole suite.
"""

from __future__ import annotations

import pytest

from bot.core.clock import CLOCK_ENV
from tests.clocks import PINNED

BROWSER_TESTS = ("tests/review/browser/",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move the browser tests to the end, keeping every other test in its order."""
    items.sort(key=lambda item: any(part in item.nodeid for part in BROWSER_TESTS))


@pytest.fixture(autouse=True)
def _pinned_edge_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' edge clock starts at the suite's pinned instant."""
    monkeypatch.setenv(CLOCK_ENV, PINNED.isoformat())
