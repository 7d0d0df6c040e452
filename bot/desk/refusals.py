"""The desk's typed refusal: a reason code that front ends and tests can match, and the text in
the reader's language. A refusal is something a person caused (no right, no such case, a missing
reason); a bug stays an exception and is never shown as a refusal."""

from __future__ import annotations

from typing import Any

from bot.i18n.catalog import messages


class Refusal(Exception):
    """Why the desk would not do what was asked: `code` (the catalog's `desk.<code>`) and the
    values its text needs."""

    def __init__(self, code: str, **values: Any) -> None:
        if f"desk.{code}" not in messages().keys("en"):
            raise KeyError(f"no text for the refusal {code!r}")
        super().__init__(code)
        self.code = code
        self.values = values

    def text(self, lang: str) -> str:
        """The refusal in `lang` (the catalog's fallback for a language it does not have)."""
        return messages().text(lang, f"desk.{self.code}", **self.values)

    def __str__(self) -> str:
        return self.text("en")
