"""The personal data detector: phone numbers, e-mail addresses, IBANs and payment card numbers.

Each kind is validated, not just pattern-matched: phone numbers with `phonenumbers` (valid for one
of the configured regions, or international), IBANs with their checksum, cards with the Luhn
checksum, a known issuer digit and a plausible length. What is found is never echoed back whole:
the evidence and the explanation carry a masked form ("06 •• •• •• 78"). Spans are offsets in the
original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Literal

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher
from pydantic import BaseModel, ConfigDict, Field, field_validator
from stdnum import iban, luhn

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext, Runner
from bot.i18n.catalog import messages

NAME = "personal_data"

Kind = Literal["phone", "email", "iban", "card"]
KINDS: tuple[Kind, ...] = ("phone", "email", "iban", "card")
MAX_FOUND = 10  # findings kept as evidence
MAX_CANDIDATES = 50  # digit runs handed to phonenumbers per message: it is the slow part
MIN_DIGITS = 8  # shorter phone numbers are too easily a year, an amount or a code

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,24}(?![\w-])"
)
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,32}(?![\w])")
_CARD = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
_PHONE = re.compile(r"(?<![\d])[+(]?\d[\d \t.\-/()]{5,22}\d(?![\d])")
_GROUP = re.compile(r"[A-Za-z0-9]+")

# How an explanation names each kind (`detectors.personal_kind.<kind>`).
WORDS = {
    "phone": "detectors.personal_kind.phone",
    "email": "detectors.personal_kind.email",
    "iban": "detectors.personal_kind.iban",
    "card": "detectors.personal_kind.card",
}


class Config(BaseModel):
    """Which personal data must not be posted in the open."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[Kind] = Field(
        default_factory=lambda: list(KINDS),
        min_length=1,
        description="What to look for: 'phone', 'email', 'iban', 'card'.",
    )
    regions: list[str] = Field(
        default_factory=lambda: ["FR", "BE", "CH", "CA", "LU"],
        min_length=1,
        description="Countries (ISO codes) whose national phone formats are recognised; "
        "international numbers (+33...) are recognised whatever the region.",
    )

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, regions: list[str]) -> list[str]:
        upper = [region.upper() for region in regions]
        unknown = [region for region in upper if region not in phonenumbers.SUPPORTED_REGIONS]
        if unknown:
            raise ValueError(
                f"unknown phone regions: {', '.join(unknown)} (use ISO codes such as FR, BE)"
            )
        return upper


def mask(value: str, head: int, tail: int) -> str:
    """Hide every letter and digit but the first `head` and last `tail`; keep separators."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    hidden = set(positions[head : max(head, len(positions) - tail)])
    return "".join("•" if i in hidden else ch for i, ch in enumerate(value))


def _mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    name, _, tld = domain.rpartition(".")
    return f"{mask(local, 1, 0)}@{mask(name, 1, 0)}.{tld}"


def _ibans(text: str, config: Config) -> Iterator[tuple[int, int]]:
    for found in _IBAN.finditer(text):
        # The pattern may run into the next word ("FR76 ... 189 MERCI"): drop groups from the end.
        groups = list(_GROUP.finditer(found.group(0)))
        for count in range(len(groups), 0, -1):
            end = groups[count - 1].end()
            candidate = found.group(0)[:end]
            if iban.is_valid(candidate):
                yield found.start(), found.start() + end
                break


def _cards(text: str, config: Config) -> Iterator[tuple[int, int]]:
    for found in _CARD.finditer(text):
        digits = re.sub(r"\D", "", found.group(0))
        if 13 <= len(digits) <= 19 and digits[0] in "3456" and luhn.is_valid(digits):
            yield found.span()


def _emails(text: str, config: Config) -> Iterator[tuple[int, int]]:
    for found in _EMAIL.finditer(text):
        yield found.span()


def _phones(text: str, config: Config) -> Iterator[tuple[int, int]]:
    regions = tuple(config.regions)
    for index, candidate in enumerate(_PHONE.finditer(text)):
        if index >= MAX_CANDIDATES:
            return
        if _REFERENCE.search(text, 0, candidate.start()):  # "OP-2026-558812", "R-77120394"
            continue
        for start, end in _phone_spans(candidate.group(0), regions):
            yield candidate.start() + start, candidate.start() + end


# Digits glued to letters on their left are a reference (order, case, ticket), not a phone.
_REFERENCE = re.compile(r"[^\W\d_][\w-]*[-/#]?$")


@lru_cache(maxsize=4096)
def _phone_spans(candidate: str, regions: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """The phone numbers in a run of digits, for the first region that finds any. Cached: the
    phone library is the slow part, and spam and raids post the same number again and again.

    A number counts when it is dialable as written: in international form (+33...), or in a
    region's national form with its trunk prefix (0...). Validity alone is not asked: numbers
    from the ranges kept for fiction and newly opened ranges are phones to a reader all the same;
    and in a region without a trunk prefix (Luxembourg) any 8 digits are "valid", so an order or
    customer number would be a phone: there only the international form counts."""
    for region in regions:
        matcher = PhoneNumberMatcher(candidate, region, leniency=Leniency.POSSIBLE)
        matches = [m for m in matcher if _dialable(m, region)]
        if matches:
            return tuple((match.start, match.end) for match in matches)
    return ()


def _dialable(match: phonenumbers.PhoneNumberMatch, region: str) -> bool:
    """Whether the match is a whole phone number as one dials it from `region` (see above)."""
    raw = match.raw_string
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) < MIN_DIGITS:  # some plans have valid 4-digit numbers: "3000" is no phone
        return False
    if raw.lstrip("(").startswith("+"):
        return True
    prefix = phonenumbers.PhoneMetadata.metadata_for_region(region).national_prefix
    if prefix and digits.startswith(prefix) and len(digits) >= 9:
        return True
    # North America writes its 10 digits without the trunk "1": those must be valid.
    return len(digits) >= 10 and phonenumbers.is_valid_number(match.number)


_DIGITS = re.compile(r"\d")
# At least MIN_DIGITS digits, found from the start in one linear scan (no list of them built).
_ENOUGH_DIGITS = re.compile(rf"(?:\D*\d){{{MIN_DIGITS}}}")

# In this order: the first kind to claim a span keeps it.
_FINDERS: dict[str, Callable[[str, Config], Iterator[tuple[int, int]]]] = {
    "iban": _ibans,
    "card": _cards,
    "email": _emails,
    "phone": _phones,
}


def find(text: str, config: Config) -> list[dict[str, Any]]:
    """The personal data in `text`, masked, in the order IBAN, card, e-mail, phone.

    A span already claimed by an earlier kind is not counted again (an IBAN's digits are not also
    a phone number).
    """
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    kinds = _possible_kinds(text, config.kinds)
    for kind, finder in _FINDERS.items():
        if kind not in kinds:
            continue
        for start, end in finder(text, config):
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            found.append(
                {"kind": kind, "masked": _masked(kind, text[start:end]), "span": (start, end)}
            )
            if len(found) >= MAX_FOUND:
                return found
    return found


def _possible_kinds(text: str, kinds: Sequence[str]) -> set[str]:
    """The kinds the text could hold at all: most messages have neither "@" nor 8 digits, and
    the phone library is costly to ask."""
    possible = set(kinds)
    if "@" not in text:
        possible.discard("email")
    if len(_DIGITS.findall(text)) < MIN_DIGITS:  # every phone, card and IBAN has more
        possible -= {"phone", "card", "iban"}
    return possible


def _masked(kind: str, value: str) -> str:
    if kind == "email":
        return _mask_email(value)
    if kind == "card":
        return mask(value, 0, 4)
    if kind == "iban":
        return mask(value, 4, 2)
    return mask(value, 2, 2)


def prepare(config: Config) -> Runner:
    """`detect` bound to `config`; a message with no "@" and fewer than MIN_DIGITS digits (most)
    can hold no personal data and gets one shared verdict without any finder running."""
    nothing = Detection(NAME, False, observed=0, detail={"kinds": list(config.kinds)})

    def run(message: Message, context: DetectorContext) -> Detection:
        text = message.text
        if "@" not in text and not _ENOUGH_DIGITS.match(text):
            return nothing
        found = find(text, config)
        if not found:
            return nothing
        first = found[0]
        return Detection(
            NAME,
            True,
            observed=len(found),
            span=first["span"],
            excerpt=first["masked"],
            detail={"kind": first["kind"], "found": found, "kinds": list(config.kinds)},
        )

    return run


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report the first piece of personal data found, masked; or that there is none."""
    return prepare(config)(message, context)


def explain(detection: Detection, lang: str) -> str:
    """Which kind of personal data was found, masked; or which kinds were looked for."""
    say = messages().text
    if detection.matched:
        name = say(
            lang, WORDS.get(detection.detail.get("kind", ""), "detectors.personal_kind_other")
        )
        kind = name[:1].upper() + name[1:]  # it starts the sentence
        return say(lang, "detectors.personal_found", kind=kind, excerpt=detection.excerpt)
    kinds = detection.detail.get("kinds", KINDS)
    names = ", ".join(say(lang, WORDS[kind]) for kind in kinds if kind in WORDS)
    return say(lang, "detectors.personal_none", kinds=names)
