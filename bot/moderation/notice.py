"""The statement of reasons sent to an author (EU Digital Services Act, art. 17): which rule, which
content, what was decided, whether it was automated, and how to appeal; in the author's language,
from the message catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.charter.fields import pick
from bot.charter.schema import Charter, Rule
from bot.core.decision import ActionRequest
from bot.i18n.catalog import messages
from bot.i18n.formats import duration, listing
from bot.i18n.grammar import of_name

_EXCERPT_LIMIT = 120
SANCTIONS = ("delete", "hold", "warn", "timeout", "kick", "ban", "escalate")


@dataclass(frozen=True, slots=True)
class NoticeFacts:
    """What a notice says, gathered by the engine."""

    author_name: str
    rule: Rule
    excerpt: str | None
    strikes: int
    reviewed: bool  # a human will look at it (escalation or hold)


def describe_sanctions(actions: Sequence[ActionRequest], lang: str) -> str:
    """The sanctions in words, joined the way a sentence would ("supprimé et …")."""
    catalog = messages()
    parts = [
        catalog.text(
            lang,
            f"notice.sanction.{a.kind}",
            duration=duration(a.duration or timedelta(0), lang),
        )
        for a in actions
        if a.kind in SANCTIONS and a.kind != "escalate"
    ]
    return listing(parts, lang) if parts else catalog.text(lang, "notice.sanction.escalate")


def render_notice(
    charter: Charter, facts: NoticeFacts, actions: Sequence[ActionRequest], lang: str
) -> str:
    """The statement of reasons for the author, in `lang`: one line per fact, the strikes line
    only when the author has strikes."""
    catalog, rule = messages(), facts.rule
    sanctions = describe_sanctions(actions, lang)
    lines = [
        catalog.text(lang, "notice.greeting", name=facts.author_name, sanctions=sanctions)
        if facts.author_name
        else catalog.text(lang, "notice.greeting_unnamed", sanctions=sanctions),
        catalog.text(
            lang,
            "notice.rule",
            community_of=of_name(charter.meta.community, lang),
            title=pick(rule.title, lang),
            text=pick(rule.text, lang),
        ),
    ]
    if facts.excerpt:
        lines.append(catalog.text(lang, "notice.excerpt", excerpt=_shortened(facts.excerpt)))
    if rule.notice:
        lines.append(pick(rule.notice, lang))
    lines.append(
        catalog.text(lang, "notice.automated_reviewed" if facts.reviewed else "notice.automated")
    )
    if facts.strikes:
        ttl = duration(charter.sanctions.strike_ttl, lang)
        lines.append(catalog.plural(lang, "notice.strikes", facts.strikes, ttl=ttl))
    lines.append(catalog.text(lang, "notice.appeal", appeal=pick(charter.public.appeal, lang)))
    return "\n".join(lines)


def _shortened(excerpt: str) -> str:
    return excerpt if len(excerpt) <= _EXCERPT_LIMIT else excerpt[:_EXCERPT_LIMIT] + "…"
