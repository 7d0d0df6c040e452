"""The what-if form parses a pasted charter with the same bounded loader as `vigie validate`: an
alias bomb, deep nesting or a huge paste is an error on the page, not the console taken down."""

from __future__ import annotations

import pytest

from tests.review.conftest import Console
from tests.unit.test_yaml_bounds import ALIAS_BOMB


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        pytest.param(ALIAS_BOMB, "aliases (*name) are not allowed", id="alias-bomb"),
        pytest.param("a: " + "[" * 50_000 + "]" * 50_000, "nested deeper than", id="deep"),
        pytest.param("a: '" + "x" * 2_000_000 + "'", "dépasse la taille permise", id="huge"),
        pytest.param("meta:\n  id: x\x00\n", "control character U+0000", id="nul"),
    ],
)
def test_a_hostile_paste_is_reported_on_the_page(
    console: Console, pasted: str, expected: str
) -> None:
    console.login("claire")
    token = console.csrf("/whatif")
    response = console.client.post(
        "/whatif",
        data={"charter": "edited", "yaml": pasted, "days": "3", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert response.status_code in (200, 400, 413, 422)
    assert expected in response.text.replace("&#39;", "'")
