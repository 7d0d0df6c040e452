"""What a trainee may see of a case: no personal data. Authors become stable pseudonyms (the same
member is the same pseudonym everywhere, so the trainee can still follow a conversation), and texts
lose phone numbers, e-mail addresses, IBANs, card numbers, mentions and members' names."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from typing import Any

from bot.detectors import personal_data

_MENTION = re.compile(r"<@[!&]?\w+>|@\w[\w.\-]*")
# Any run of 8 digits or more (with separators): a phone number the validator did not recognise
# (fictional ranges, foreign formats) is still a phone number to a trainee's eyes.
_DIGIT_RUN = re.compile(r"(?<!\w)\+?\d(?:[ .\-/]?\d){7,}(?!\w)")
MASK = "[•••]"


class Redactor:
    """Pseudonyms and masked texts for one community's page."""

    def __init__(self, secret: str, names: Iterable[str]) -> None:
        self._secret = secret.encode()
        self._config = personal_data.Config()
        # A member called "Patricia.D" is greeted as "Patricia": mask the parts of names too.
        # Longest first, so "Camille.M" is masked whole before "Camille" could split it.
        parts = {p for n in names for p in re.split(r"[\W\d_]+", n) if len(p) >= 4}
        cleaned = sorted({n for n in names if len(n) >= 3} | parts, key=len, reverse=True)
        pattern = "|".join(re.escape(n) for n in cleaned)
        self._names = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) if cleaned else None

    def pseudonym(self, author_id: str | None) -> str:
        """A stable, unlinkable name for a member (keyed by the server secret)."""
        if not author_id:
            return "—"
        digest = hmac.new(self._secret, author_id.encode(), hashlib.sha256).hexdigest()
        return f"membre-{digest[:6]}"

    def text(self, value: str | None) -> str | None:
        """`value` without personal data."""
        if value is None:
            return None
        found = personal_data.find(value, self._config)
        for item in sorted(found, key=lambda f: f["span"][0], reverse=True):
            start, end = item["span"]
            value = value[:start] + MASK + value[end:]
        value = _DIGIT_RUN.sub(MASK, value)
        value = _MENTION.sub(MASK, value)
        if self._names is not None:
            value = self._names.sub(MASK, value)
        return value

    def message(self, row: dict[str, Any]) -> dict[str, Any]:
        """A stored message row with its author and text made anonymous."""
        return {
            **row,
            "author_id": self.pseudonym(row.get("author_id")),
            "author_name": self.pseudonym(row.get("author_id")),
            "text": self.text(row.get("text")),
        }

    def trace(self, trace: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A decision trace whose excerpts and reasons are masked."""
        return [
            {
                **outcome,
                "reason": self.text(outcome.get("reason")) or "",
                "detections": [
                    {**d, "excerpt": self.text(d.get("excerpt")), "detail": {}}
                    for d in outcome.get("detections", [])
                ],
            }
            for outcome in trace
        ]
