"""The statement of reasons sent to an author (EU Digital Services Act, art. 17): which rule, which
content, what was decided, whether it was automated, and how to appeal; in French or English."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.charter.fields import pick
from bot.charter.schema import Charter, Rule
from bot.core.decision import ActionRequest
from bot.core.timeparse import format_duration

_SANCTION_WORDS = {
    "fr": {
        "delete": "votre message a été supprimé",
        "hold": "votre message est retenu jusqu'à l'examen d'un modérateur",
        "warn": "vous recevez un avertissement",
        "timeout": "vous ne pouvez plus écrire pendant {duration}",
        "kick": "vous avez été exclu de la communauté (vous pouvez revenir)",
        "ban": "vous avez été banni de la communauté",
        "escalate": "un modérateur va examiner votre message",
    },
    "en": {
        "delete": "your message was removed",
        "hold": "your message is held until a moderator reviews it",
        "warn": "you receive a warning",
        "timeout": "you cannot post for {duration}",
        "kick": "you were removed from the community (you may come back)",
        "ban": "you were banned from the community",
        "escalate": "a moderator will review your message",
    },
}

_TEMPLATE = {
    "fr": (
        "Bonjour {name}, {sanctions}.\n"
        "Règle de la charte de {community} : « {title} » — {text}\n"
        "{excerpt}{extra}"
        "Cette décision a été prise automatiquement par Vigie, l'outil de modération de la "
        "communauté{review}.\n"
        "Avertissements actifs : {strikes} (chacun expire après {ttl}).\n"
        "Contester : {appeal}"
    ),
    "en": (
        "Hello {name}, {sanctions}.\n"
        "Rule of the {community} charter: “{title}” — {text}\n"
        "{excerpt}{extra}"
        "This decision was made automatically by Vigie, the community's moderation tool{review}.\n"
        "Active strikes: {strikes} (each expires after {ttl}).\n"
        "To appeal: {appeal}"
    ),
}
_EXCERPT = {"fr": "Contenu en cause : « {} »\n", "en": "Content concerned: “{}”\n"}
_REVIEW = {"fr": " ; un modérateur humain la vérifiera", "en": "; a human moderator will check it"}
_EXCERPT_LIMIT = 120


@dataclass(frozen=True, slots=True)
class NoticeFacts:
    """What a notice says, gathered by the engine."""

    author_name: str
    rule: Rule
    excerpt: str | None
    strikes: int
    reviewed: bool  # a human will look at it (escalation or hold)


def describe_sanctions(actions: Sequence[ActionRequest], lang: str) -> str:
    """The sanctions in words, joined the way a sentence would ("supprimé, et …")."""
    words = _SANCTION_WORDS.get(lang, _SANCTION_WORDS["fr"])
    parts = [
        words[a.kind].format(duration=format_duration(a.duration or timedelta(0)))
        for a in actions
        if a.kind in words and a.kind != "escalate"
    ]
    joiner = " et " if lang == "fr" else " and "
    return joiner.join(parts) if parts else words["escalate"]


def render_notice(
    charter: Charter, facts: NoticeFacts, actions: Sequence[ActionRequest], lang: str
) -> str:
    """The statement of reasons for the author, in `lang`."""
    rule = facts.rule
    excerpt = ""
    if facts.excerpt:
        shown = (
            facts.excerpt
            if len(facts.excerpt) <= _EXCERPT_LIMIT
            else facts.excerpt[:_EXCERPT_LIMIT] + "…"
        )
        excerpt = _EXCERPT.get(lang, _EXCERPT["fr"]).format(shown)
    extra = f"{pick(rule.notice, lang)}\n" if rule.notice else ""
    return (
        _TEMPLATE.get(lang, _TEMPLATE["fr"])
        .format(
            name=facts.author_name or "",
            sanctions=describe_sanctions(actions, lang),
            community=charter.meta.community,
            title=pick(rule.title, lang),
            text=pick(rule.text, lang),
            excerpt=excerpt,
            extra=extra,
            review=_REVIEW[lang] if facts.reviewed and lang in _REVIEW else "",
            strikes=facts.strikes,
            ttl=format_duration(charter.sanctions.strike_ttl),
            appeal=pick(charter.public.appeal, lang),
        )
        .replace("Bonjour ,", "Bonjour,")
        .replace("Hello ,", "Hello,")
    )
