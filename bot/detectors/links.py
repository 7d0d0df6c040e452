"""The links detector: URLs and bare domains, invites to other servers, shorteners, and the
charter's deny and allow lists.

Links are read from the original text (NFKC, invisible characters removed, "discord[.]gg" style
obfuscation undone), not from the folded form, which rewrites digits and letters inside words.
Spans are offsets in that cleaned text. A listed domain covers its subdomains; an allow entry may
carry a path ("discord.gg/vigie") to allow one invite and not the others.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.core.decision import Detection
from bot.core.message import Message
from bot.detectors.base import DetectorContext, Runner
from bot.i18n.catalog import messages

NAME = "links"

MAX_LINKS = 50  # links examined per message: evidence, not an archive

# Top-level domains recognised without a scheme. File extensions that are also TLDs ("py", "md",
# "sh", "rs", "pl", "js") are left out: "script.py" is not a link. With "http" or "www", any
# domain counts.
_BARE_TLDS = (  # noqa: SIM905 (seventy short words read better on three lines than on seventy)
    "com net org info biz io gg me ly co fr be ch ca lu de uk eu us es it nl pt br ru ua cn jp "
    "in tv cc to app dev xyz site online top club shop store live link click win vip icu buzz "
    "fun pro tk ml ga cf gq su ws la fm am im ai so gl gd lol news pw cam"
).split()
_HOST = r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'`]+"
    rf"|(?<![\w@.\-]){_HOST}(?:{'|'.join(sorted(_BARE_TLDS, key=len, reverse=True))})"
    r"(?::\d{1,5})?(?:/[^\s<>\"'`]*)?(?![\w-])",
    re.IGNORECASE,
)
# Invites written with spaces to dodge link detection: "discord . gg / abc".
_SPACED_INVITE = re.compile(
    r"(?<![\w.])(discord(?:app)?\s*\.\s*(?:gg|com\s*/\s*invite)|t\s*\.\s*me|telegram\s*\.\s*me)"
    r"\s*/\s*(\+?[\w-]+)",
    re.IGNORECASE,
)
# Every URL or bare domain has a dot between two letters or digits ("t.me") or a scheme; a spaced
# invite has a space before its dot, or one of the invite domains after it ("discord. gg").
# A sentence's full stop has neither, so most messages skip the URL pattern.
_MAY_HOLD_URL = re.compile(r"[^\W_]\.[^\W_]|\s\.|\.\s+(?:gg|me|com)\b|://", re.IGNORECASE)
_OBFUSCATED_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))\s*", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"»"

# Invite hosts, and the path an invite starts with (the bare host is not an invite).
_INVITES = {
    "discord.gg": "/",
    "discord.com": "/invite/",
    "discordapp.com": "/invite/",
    "discord.io": "/",
    "discord.me": "/",
    "discord.li": "/",
    "t.me": "/",
    "telegram.me": "/",
    "telegram.dog": "/",
}
SHORTENERS = frozenset(
    (  # noqa: SIM905 (as above)
        "bit.ly tinyurl.com t.co goo.gl ow.ly is.gd buff.ly cutt.ly rebrand.ly shorturl.at "
        "tiny.cc rb.gy s.id v.gd lnkd.in t.ly bl.ink short.io shorte.st adf.ly bitly.com "
        "tiny.one qrco.de linktr.ee grabify.link iplogger.org iplogger.com 2no.co yip.su"
    ).split()
)


@dataclass(frozen=True, slots=True)
class _Link:
    url: str
    host: str
    path: str
    span: tuple[int, int]


def _domain_entry(entry: str) -> str:
    """An allow or deny entry in the form links are compared with: "host[/path]", lower case."""
    value = re.sub(r"^[a-z]+://", "", entry.strip().lower()).removeprefix("www.").rstrip("/")
    if "." not in value.split("/", 1)[0]:
        raise ValueError(
            f"{entry!r} is not a domain (write e.g. 'example.com' or 'discord.gg/abc')"
        )
    return value


class Config(BaseModel):
    """Which links a message may carry."""

    model_config = ConfigDict(extra="forbid")

    deny: list[str] = Field(
        default_factory=list,
        description="Domains always reported, subdomains included, e.g. 'grabify.link'.",
    )
    allow: list[str] = Field(
        default_factory=list,
        description="Domains never reported, subdomains included; an entry may carry a path to "
        "allow a single invite, e.g. 'discord.gg/vigie'. Checked before everything else.",
    )
    invites: bool = Field(True, description="Report invites to Discord servers and Telegram chats.")
    shorteners: bool = Field(
        True,
        description="Report URL shorteners (bit.ly, tinyurl.com...), which hide where a link "
        "leads.",
    )
    only_allowed: bool = Field(
        False, description="Report every link whose domain is not in `allow` (allow-list mode)."
    )
    max_links: int | None = Field(
        None, ge=0, description="Report a message with more links than this; none: no limit."
    )

    @field_validator("deny", "allow")
    @classmethod
    def _domains(cls, entries: list[str]) -> list[str]:
        return [_domain_entry(entry) for entry in entries]

    @model_validator(mode="after")
    def _not_both(self) -> Config:
        both = sorted(set(self.deny) & set(self.allow))
        if both:
            raise ValueError(f"domains both allowed and denied: {', '.join(both)}")
        return self


class _FormatCharacters(dict[int, str | None]):
    """A `str.translate` table deleting format characters (category Cf: zero-width joiners,
    direction marks...), learning each character on first sight so the scan runs in C."""

    def __missing__(self, code: int) -> str | None:
        character = chr(code)
        self[code] = None if unicodedata.category(character) == "Cf" else character
        return self[code]


_FORMAT_CHARACTERS = _FormatCharacters()


def find_links(text: str) -> tuple[str, list[_Link]]:
    """The cleaned text links are read from, and the links in it (at most MAX_LINKS)."""
    if text.isascii() and "." not in text and "://" not in text and "dot" not in text.lower():
        return text, []  # no dot, written or obfuscated, and no scheme: no link (most messages)
    clean = unicodedata.normalize("NFKC", text)
    if not clean.isascii():  # format characters (zero-width...) are never ASCII
        clean = clean.translate(_FORMAT_CHARACTERS)
    clean = _OBFUSCATED_DOT.sub(".", clean)
    links: list[_Link] = []
    if not _MAY_HOLD_URL.search(clean):  # most messages: no "x.y" and no "://", so no link
        return clean, links
    for found in _URL.finditer(clean):
        url = found.group(0).rstrip(_TRAILING)
        links.append(_link(url, found.start()))
        if len(links) >= MAX_LINKS:
            return clean, links
    for found in _SPACED_INVITE.finditer(clean):
        if not any(link.span[0] <= found.start() < link.span[1] for link in links):
            links.append(_spaced_invite(found))
    return clean, links[:MAX_LINKS]


def _spaced_invite(found: re.Match[str]) -> _Link:
    """Read "discord . gg / abc" as the link it stands for."""
    domain, _, prefix = re.sub(r"\s+", "", found.group(1)).lower().partition("/")
    path = f"/{prefix}/{found.group(2)}" if prefix else f"/{found.group(2)}"
    return _Link(domain + path, domain, path, found.span())


def _link(url: str, start: int) -> _Link:
    rest = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
    host, slash, path = rest.partition("/")
    host = host.split("@")[-1].split(":")[0].rstrip(".").lower()  # user:pass@host:port
    return _Link(url, host, (slash + path).split("?")[0].split("#")[0], (start, start + len(url)))


def _covers(entry: str, link: _Link) -> bool:
    """Whether a "host[/path]" entry covers the link (subdomains included, path as a prefix)."""
    domain, slash, path = entry.partition("/")
    if link.host != domain and not link.host.endswith("." + domain):
        return False
    return not slash or link.path.lower().startswith("/" + path)


def _is_invite(link: _Link) -> bool:
    host = link.host.removeprefix("www.")
    prefix = _INVITES.get(host)
    return (
        prefix is not None and link.path.lower().startswith(prefix) and len(link.path) > len(prefix)
    )


def _is_shortener(link: _Link) -> bool:
    return any(link.host == s or link.host.endswith("." + s) for s in SHORTENERS)


@dataclass(frozen=True, slots=True)
class _Policy:
    """A configuration's settings as plain values, read once per charter (not per link)."""

    allow: tuple[str, ...]
    deny: tuple[str, ...]
    invites: bool
    shorteners: bool
    only_allowed: bool


def _why(link: _Link, policy: _Policy) -> str | None:
    """Why a link is reported ("denied", "invite", "shortener", "not_allowed"), or None."""
    if any(_covers(entry, link) for entry in policy.allow):
        return None
    if any(_covers(entry, link) for entry in policy.deny):
        return "denied"
    if policy.invites and _is_invite(link):
        return "invite"
    if policy.shorteners and _is_shortener(link):
        return "shortener"
    if policy.only_allowed:
        return "not_allowed"
    return None


def prepare(config: Config) -> Runner:
    """`detect` bound to `config`; a message without a link (most) gets one shared verdict."""
    policy = _Policy(
        tuple(config.allow),
        tuple(config.deny),
        config.invites,
        config.shorteners,
        config.only_allowed,
    )
    max_links = config.max_links
    limit = None if max_links is None else float(max_links)
    no_link = Detection(NAME, False, observed=0, limit=limit, detail={"links": [], "flagged": []})

    def run(message: Message, context: DetectorContext) -> Detection:
        links = context.memo.get(NAME)
        if links is None:
            links = context.memo[NAME] = find_links(message.text)[1]
        if not links:  # nothing to flag, and `max_links` is never below 0
            return no_link
        return _verdict(links, policy, max_links, limit)

    return run


def detect(message: Message, config: Config, context: DetectorContext) -> Detection:
    """Report the first link the charter forbids, or too many links, or that all are fine."""
    return prepare(config)(message, context)


def _verdict(
    links: list[_Link], policy: _Policy, max_links: int | None, limit: float | None
) -> Detection:
    flagged = [(link, why) for link in links if (why := _why(link, policy)) is not None]
    too_many = max_links is not None and len(links) > max_links
    detail: dict[str, Any] = {
        "links": [link.url for link in links],
        "flagged": [{"url": link.url, "why": why} for link, why in flagged],
    }
    if flagged:
        link, why = flagged[0]
        detail["why"] = why
        return Detection(
            NAME,
            True,
            observed=len(links),
            limit=limit,
            span=link.span,
            excerpt=link.url,
            detail=detail,
        )
    if too_many:
        detail["why"] = "too_many"
        return Detection(NAME, True, observed=len(links), limit=limit, detail=detail)
    return Detection(NAME, False, observed=len(links), limit=limit, detail=detail)


def explain(detection: Detection, lang: str) -> str:
    """What was wrong with the links, or that they are all allowed."""
    why = detection.detail.get("why")
    url = detection.excerpt or ""
    count = int(detection.observed or 0)
    limit = int(detection.limit or 0)
    if detection.matched and why in _SENTENCES:
        return messages().text(lang, _SENTENCES[str(why)], url=url, count=count, limit=limit)
    if count == 0:
        return messages().text(lang, "detectors.links_none")
    return messages().plural(lang, "detectors.links_allowed", count)


# Why a link was reported → the sentence that says so (each fills the fields it names).
_SENTENCES = {
    "invite": "detectors.links_invite",
    "shortener": "detectors.links_shortener",
    "denied": "detectors.links_denied",
    "not_allowed": "detectors.links_not_allowed",
    "too_many": "detectors.links_too_many",
}
