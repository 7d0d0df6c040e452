"""The console's error pages: styled like the rest of the console and in the reader's language,
for an unknown address, a refused page, a missing case and a server error."""

from __future__ import annotations

import warnings

import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.review.conftest import Console

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

STYLED = '<link rel="stylesheet" href="/static/console.css">'


@pytest.mark.parametrize(
    ("who", "path", "status", "heading", "explained"),
    [
        ("julien", "/no/such/page", 404, "Introuvable", "n’existe pas"),
        ("sandra", "/no/such/page", 404, "Not found", "does not exist"),
        ("julien", "/cases/999999", 404, "Introuvable", "Pas de cas n° 999999"),
        ("tom", "/audit", 403, "Accès refusé", "Votre rôle ne donne pas accès"),
        ("sandra", "/audit", 403, "Not allowed", "Your role does not give access"),
    ],
    ids=["unknown-fr", "unknown-en", "no-case-fr", "refused-fr", "refused-en"],
)
def test_an_error_page_is_styled_and_in_the_account_language(
    console: Console, who: str, path: str, status: int, heading: str, explained: str
) -> None:
    response = console.login(who).get(path)
    assert response.status_code == status
    assert STYLED in response.text and f"<h1>{heading}</h1>" in response.text
    assert explained in response.text and "Not Found" not in response.text


def test_a_server_error_shows_the_console_page_not_a_traceback(console: Console) -> None:
    app = console.client.app

    def broken(request: Request) -> Response:
        raise RuntimeError("a bug")

    app.router.routes.append(Route("/broken", broken))  # type: ignore[attr-defined]
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        console.client = client
        response = console.login("julien").get("/broken")
    assert response.status_code == 500
    assert STYLED in response.text and "Erreur du serveur" in response.text
    assert "a bug" not in response.text and "Traceback" not in response.text
