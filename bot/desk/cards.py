"""A case as a moderator sees it in a chat card: the message, the rule, the scores with their top
words, the author's strikes and the deadline. Platform-neutral; adapters lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.casefile import CaseFile

_LABELS = {
    "fr": {
        "escalation": "Cas à examiner",
        "report": "Signalement",
        "appeal": "Recours",
        "crisis": "Crise",
        "sanction": "Sanction d'un modérateur",
        "native": "Action native d'un modérateur",
        "rule": "Règle",
        "scores": "Scores",
        "words": "Mots en cause",
        "strikes": "Avertissements actifs",
        "deadline": "À traiter avant",
        "author": "Auteur",
        "reason": "Motif",
        "channel": "Salon",
        "none": "—",
    },
    "en": {
        "escalation": "Case to review",
        "report": "Report",
        "appeal": "Appeal",
        "crisis": "Crisis",
        "sanction": "A moderator's sanction",
        "native": "A moderator's native action",
        "rule": "Rule",
        "scores": "Scores",
        "words": "Words behind it",
        "strikes": "Active strikes",
        "deadline": "Due by",
        "author": "Author",
        "reason": "Reason",
        "channel": "Channel",
        "none": "—",
    },
}


@dataclass(frozen=True, slots=True)
class CaseCard:
    """The content of a review card."""

    case_id: int
    kind: str
    title: str
    fields: tuple[tuple[str, str], ...]  # (label, value) in display order
    message_text: str | None
    deadline: datetime | None

    def as_text(self) -> str:
        """The card as plain text (Telegram, logs, tests)."""
        lines = [f"#{self.case_id} {self.title}"]
        if self.message_text:
            lines.append(f"« {self.message_text} »")
        lines += [f"{label} : {value}" for label, value in self.fields]
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


def build_card(case_file: CaseFile, strikes: int, lang: str) -> CaseCard:
    """The card of a case file, worded in `lang`."""
    words = _LABELS.get(lang, _LABELS["fr"])
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
        fields.append((words["deadline"], case.deadline.strftime("%Y-%m-%d %H:%M UTC")))
    text = message.get("text") or case.text
    return CaseCard(
        case.id, case.kind, words.get(case.kind, case.kind), tuple(fields), text, case.deadline
    )
