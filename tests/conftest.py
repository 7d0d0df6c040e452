"""Suite-wide ordering: the browser tests run last.

pytest-playwright's sync API keeps an event loop running in the main thread from its first test
until the end of the session; an asyncio test collected after it could not start its own loop.
Running the browser tests last keeps one `pytest` run for the whole suite.
"""

from __future__ import annotations

import pytest

BROWSER_TESTS = ("tests/review/browser/",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move the browser tests to the end, keeping every other test in its order."""
    items.sort(key=lambda item: any(part in item.nodeid for part in BROWSER_TESTS))
