"""The duplicates detector: the same text posted by many authors (copy-paste raids), or again and
again by one author.

Texts are compared by fingerprint (see `bot.detectors.history`): case, accents, punctuation, emoji,
disguises and numbers do not make two copies different. Short texts ("ok", "merci !") are ignored:
many people saying the same short thing is a conversation, not a raid.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.core.decision import Detection
from bot.core.durations import PositiveDuration, say_duration
from bot.core.message import Message
from bot.core.timeparse import format_duration, parse_duration
from bot.detectors.base import DetectorContext, text_for
from bot.detectors.history import fingerprint_basis

NAME = "duplicates"


class Config(BaseModel):
    """How often the same text may appear within a window."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    min_authors: int | None = Field(
        3,
        ge=2,
        description="Report a text posted by at least this many distinct authors within "
        "`window` (this message included); none: do not look across authors.",
    )
    same_author_repeats: int | None = Field(
        None,
        ge=2,
        description="Report a text one author posted at least this many times within "
        "`window` (this message included); none: do not look at repeats.",
    )
    window: PositiveDuration = Field("5m", description="The sliding window, e.g. '5m', '1h'.")
    min_length: int = Field(
        20,
        ge=1,
        description="Texts shorter than this many characters (once normalised) are ignored.",
    )

    @model_validator(mode="after")
    def _something_to_count(self) -> Config:
        if self.min_authors is None and self.same_author_repeats is None:
            raise ValueError("give `min_authors`, `same_author_repeats` or both")
        return self


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report a text copied across authors or repeated by one, with the counts either way."""
    window = format_duration(config.window)
    length = len(fingerprint_basis(context.text))
    if length < config.min_length:
        short = {"too_short": length, "min_length": config.min_length, "window": window}
        return Detection(NAME, False, detail=short)
    authors, repeats, copies = _counts(message, config.window, context)
    detail = {"authors": authors, "repeats": repeats, "copies": copies, "window": window}
    checks = (
        ("authors", authors, config.min_authors),
        ("repeats", repeats, config.same_author_repeats),
    )
    for why, observed, limit in checks:
        if limit is not None and observed >= limit:
            return Detection(
                NAME, True, observed=observed, limit=limit, detail={**detail, "why": why}
            )
    # Not matched: report the count the rule is mainly about.
    _, observed, limit = checks[0] if config.min_authors is not None else checks[1]
    return Detection(NAME, False, observed=observed, limit=limit, detail=detail)


def _counts(message: Message, window: timedelta, context: DetectorContext) -> tuple[int, int, int]:
    """(distinct authors, copies by this author, all copies) in the window, this one included."""
    history, where = context.history, message.community
    key, since = history.fingerprint(context.text), message.ts - window
    others, copies = history.copies(where, key, since)
    mine = history.copies_by(where, key, message.author.id, since)
    return others + (0 if mine else 1), mine + 1, copies + 1


def explain(detection: Detection, lang: str) -> str:
    """Who posted the text how often in the window, or why it was not compared."""
    detail = detection.detail
    window = say_duration(parse_duration(detail.get("window", 0)), lang)
    limit = int(detection.limit or 0)
    if "too_short" in detail:
        return text_for(
            lang,
            "Texte trop court pour chercher des copies.",
            "Text too short to look for copies.",
        )
    if detail.get("why") == "authors":
        return text_for(
            lang,
            f"Le même texte a été posté par {detail['authors']} personnes en {window} "
            f"(seuil : {limit}).",
            f"The same text was posted by {detail['authors']} people in {window} "
            f"(threshold: {limit}).",
        )
    if detail.get("why") == "repeats":
        return text_for(
            lang,
            f"Cette personne a posté le même texte {detail['repeats']} fois en {window} "
            f"(seuil : {limit}).",
            f"This person posted the same text {detail['repeats']} times in {window} "
            f"(threshold: {limit}).",
        )
    authors, repeats = detail.get("authors", 1), detail.get("repeats", 1)
    return text_for(
        lang,
        f"Pas de copie suspecte en {window} ({authors} auteur{_s(authors)}, "
        f"{repeats} envoi{_s(repeats)} par cette personne).",
        f"No suspicious copy in {window} ({authors} author{_s(authors)}, "
        f"{repeats} post{_s(repeats)} by this person).",
    )


def _s(count: int) -> str:
    return "s" if count > 1 else ""
