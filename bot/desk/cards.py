"""A case as a moderator sees it in a chat card: the message, the rule, the scores with their top
words, the author's strikes and the deadline. Platform-neutral; adapters lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.i18n import formats
from bot.i18n.catalog import messages
from bot.store.casefile import CaseFile


@dataclass(frozen=True, slots=True)
class CaseCard:
    """The content of a review card."""

    case_id: int
    kind: str
    title: str
    fields: tuple[tuple[str, str], ...]  # (label, value) in display order
    message_text: str | None
    deadline: datetime | None
    lang: str

    def as_text(self) -> str:
        """The card as plain text (Telegram, logs, tests), with its language's punctuation."""
        catalog = messages()
        lines = [f"#{self.case_id} {self.title}"]
        if self.message_text:
            lines.append(catalog.text(self.lang, "card.quote", text=self.message_text))
        lines += [
            catalog.text(self.lang, "card.field", label=label, value=value)
            for label, value in self.fields
        ]
        return "\n".join(lines)


def _top_words(decision: dict[str, Any] | None) -> str:
    features = (decision or {}).get("top_features") or {}
    words = [
        f"{feature} ({label})" for label, pairs in features.items() for feature, _ in pairs[:3]
    ]
    return ", ".join(words)


def _scores(decision: dict[str, Any] | None) -> str:
    scores = (decision or {}).get("scores") or {}
    return " ".join(
        f"{label} {value:.2f}" for label, value in sorted(scores.items()) if value >= 0.05
    )


def build_card(case_file: CaseFile, strikes: int, lang: str, timezone: str) -> CaseCard:
    """The card of a case file, worded in `lang`, its deadline in the community's `timezone`."""
    catalog = messages()
    words = {
        label: catalog.text(lang, f"card.{label}")
        for label in (
            "author",
            "channel",
            "rule",
            "reason",
            "scores",
            "words",
            "strikes",
            "deadline",
            "none",
        )
    }
    case = case_file.case
    message = case_file.message or {}
    fields = [
        (words["author"], str(message.get("author_name") or case.author_id or words["none"])),
        (words["channel"], case.channel or words["none"]),
        (words["rule"], case.rule or words["none"]),
        (words["reason"], case.reason or words["none"]),
        (words["scores"], _scores(case_file.decision) or words["none"]),
        (words["words"], _top_words(case_file.decision) or words["none"]),
        (words["strikes"], str(strikes)),
    ]
    if case.deadline is not None:
        shown = formats.moment(case.deadline, lang, timezone, "short")
        fields.append((words["deadline"], shown))
    text = message.get("text") or case.text
    title = catalog.text(lang, f"card.{case.kind}")
    return CaseCard(case.id, case.kind, title, tuple(fields), text, case.deadline, lang)
