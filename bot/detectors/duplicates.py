"""The duplicates detector: the same text posted by many authors (copy-paste raids), or again and
again by one author.

Texts are compared by fingerprint (see `bot.detectors.history`): case, accents, punctuation, emoji,
disguises and numbers do not make two copies different. Short texts ("ok", "merci !") are ignored:
many people saying the same short thing is a conversation, not a raid.

With `raids_only`, copies count only when they look like a raid. What tells one is the copies'
authors as much as the text: a raid is posted by accounts made for it, a grievance by members,
old and new. So a grievance (a complaint, a refund or boycott call, a petition) repeated with a
link or an ad is a raid only when most of its authors are new (an account younger than
`new_account`; the membership, where the platform does not date accounts): the same petition
link pasted by members old and new, many of whom joined that day, is members talking. Another
text is a raid with a link, an invite or an ad; when long (`long_text`); or, three quarters as
long, when most of its authors are new or, where the platform gives no dates, none of them had
posted within the history's horizon.
Many members repeating the same complaint, slogan, question or greeting in the same words is how
a bad buzz or a welcome sounds, not a raid.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.core.decision import Detection
from bot.core.durations import PositiveDuration
from bot.core.message import Message
from bot.core.timeparse import format_duration, parse_duration
from bot.detectors.base import DetectorContext
from bot.detectors.history import arrived, fingerprint_basis
from bot.detectors.speech import Speech, advertises, has_link, read_speech
from bot.i18n.catalog import messages
from bot.i18n.formats import duration as say_duration

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

    raids_only: bool = Field(
        False,
        description="Count copies only when they look like a raid (links or ads from mostly new "
        "accounts, long or non-complaint texts from new or unknown authors), not members "
        "repeating a grievance.",
    )
    new_account: PositiveDuration = Field(
        "1d",
        description="With `raids_only`: an account younger than this is new (its membership, "
        "where the platform does not date accounts).",
    )
    long_text: int = Field(
        80, ge=1, description="With `raids_only`: a copied non-complaint text this long is a raid."
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
    detail: dict[str, object] = {
        "authors": authors,
        "repeats": repeats,
        "copies": copies,
        "window": window,
    }
    reached = any(
        limit is not None and observed >= limit
        for observed, limit in (
            (authors, config.min_authors),
            (repeats, config.same_author_repeats),
        )
    )
    if config.raids_only and reached:  # read the message only when the copies are there
        signals = raid_signals(message, config, context, length)
        detail["raid"] = signals
        if not signals:
            _, observed, limit = _main_count(config, authors, repeats)
            return Detection(NAME, False, observed=observed, limit=limit, detail=detail)
    checks = (
        ("authors", authors, config.min_authors),
        ("repeats", repeats, config.same_author_repeats),
    )
    for why, observed, limit in checks:
        if limit is not None and observed >= limit:
            return Detection(
                NAME, True, observed=observed, limit=limit, detail={**detail, "why": why}
            )
    _, observed, limit = _main_count(config, authors, repeats)
    return Detection(NAME, False, observed=observed, limit=limit, detail=detail)


def _main_count(config: Config, authors: int, repeats: int) -> tuple[str, int, int | None]:
    """The count the rule is mainly about, for a detection that did not match."""
    if config.min_authors is not None:
        return "authors", authors, config.min_authors
    return "repeats", repeats, config.same_author_repeats


def raid_signals(
    message: Message, config: Config, context: DetectorContext, length: int
) -> list[str]:
    """Why these copies look like a raid (empty: they look like members talking)."""
    content = []
    if has_link(message.text):
        content.append("link")
    if advertises(context.text):
        content.append("ad")
    cohort = _cohort(message, config, context)
    speech = context.memo.get("speech")
    if not isinstance(speech, Speech):
        speech = context.memo["speech"] = read_speech(context.text)
    if speech.kinds:  # a grievance repeated by members: a raid only from new accounts
        return [*content, "new_account"] if content and "new_account" in cohort else []
    signals = content
    if length >= config.long_text:
        signals.append("long_text")
    elif length >= config.long_text * 3 // 4:
        signals += cohort
    return signals


def _cohort(message: Message, config: Config, context: DetectorContext) -> list[str]:
    """What the copies' authors have in common: mostly new accounts ("new_account"), or, with no
    dates to tell, none of them known before they posted ("unknown_author"); this message's
    author included."""
    start = message.ts - config.window
    key = context.history.fingerprint(context.text)
    copies = [
        copy
        for copy in context.history.copiers(message.community, key, start)
        if copy[1] != message.author.id
    ]
    known_before = message.ts - context.history.horizon
    mine = context.history.author_count(message.community, message.author.id, known_before)
    new = [_is_new(at, made, config.new_account) for at, _, made, _ in copies]
    new.append(_is_new(message.ts, arrived(message), config.new_account))
    known = [had_posted for *_, had_posted in copies] + [mine > 0]
    dated = [made for _, _, made, _ in copies] + [arrived(message)]
    signals = []
    if 2 * sum(new) > len(new):
        signals.append("new_account")
    # Nobody had posted before: a sign only where the platform gives no dates to tell new
    # accounts from members (in a bad buzz, many members who never wrote start to).
    if not any(known) and all(when is None for when in dated):
        signals.append("unknown_author")
    return signals


def _is_new(at: datetime, made: datetime | None, age: timedelta) -> bool:
    return made is not None and at - made < age


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
    say = messages().text
    if "too_short" in detail:
        return say(lang, "detectors.duplicates_too_short")
    if detail.get("raid") == [] and detection.limit and detail.get("authors", 0) >= limit:
        authors = detail["authors"]
        return say(lang, "detectors.duplicates_no_raid", authors=authors, window=window)
    authors, repeats = detail.get("authors", 1), detail.get("repeats", 1)
    if detail.get("why") == "authors":
        found = say(
            lang, "detectors.duplicates_authors", authors=authors, window=window, limit=limit
        )
        return found + _signals(detail, lang)
    if detail.get("why") == "repeats":
        return say(
            lang, "detectors.duplicates_repeats", repeats=repeats, window=window, limit=limit
        )
    return say(
        lang,
        "detectors.duplicates_none",
        window=window,
        authors=messages().plural(lang, "detectors.duplicates_author_count", authors),
        posts=messages().plural(lang, "detectors.duplicates_post_count", repeats),
    )


# The raid signals a rule can ask for, and how an explanation names each one.
_SIGNALS = {
    "link": "detectors.raid_signal.link",
    "ad": "detectors.raid_signal.ad",
    "new_account": "detectors.raid_signal.new_account",
    "long_text": "detectors.raid_signal.long_text",
    "unknown_author": "detectors.raid_signal.unknown_author",
}


def _signals(detail: dict[str, object], lang: str) -> str:
    """The raid signals, if the rule asked for them."""
    signals = detail.get("raid")
    if not isinstance(signals, list) or not signals:
        return ""
    say = messages().text
    names = ", ".join(say(lang, _SIGNALS[s]) for s in signals if s in _SIGNALS)
    return " " + say(lang, "detectors.duplicates_signals", names=names)
