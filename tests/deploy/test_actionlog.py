"""The action log's line, worded from the request in the community's language: what, on whom,
which rule, and for how long or in what state; never the platform adapter's English note."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.core.decision import ActionRequest
from bot.deploy.actionlog import log_line


def _request(kind: str, **fields: Any) -> ActionRequest:
    return ActionRequest(kind, "k1", "opalia", "discord", user_id="u1", rule="insultes", **fields)


@pytest.mark.parametrize(
    ("request_", "lang", "line"),
    [
        (_request("delete"), "fr", "Vigie : Suppression · membre u1 · règle insultes"),
        (_request("delete"), "en", "Vigie: Deletion · member u1 · rule insultes"),
        (
            _request("timeout", duration=timedelta(hours=1, minutes=30)),
            "fr",
            "Vigie : Silence · membre u1 · règle insultes · pour 1\u00a0heure et 30 minutes",
        ),
        (
            _request("timeout", duration=timedelta(days=1)),
            "en",
            "Vigie: Timeout · member u1 · rule insultes · for 1 day",
        ),
        (
            _request("slow_mode", params={"seconds": 30}),
            "fr",
            "Vigie : Mode lent · membre u1 · règle insultes · 30\u00a0secondes entre deux messages",
        ),
        (
            _request("lock", params={"locked": False}),
            "en",
            "Vigie: Lock · member u1 · rule insultes · channel unlocked",
        ),
    ],
    ids=["delete-fr", "delete-en", "timeout-fr", "timeout-en", "slow-mode-fr", "unlock-en"],
)
def test_the_line_says_what_on_whom_and_for_how_long(
    request_: ActionRequest, lang: str, line: str
) -> None:
    assert log_line(request_, lang) == line
