"""The public charter as Markdown, in one language: what members read with /rules or on a website."""

from __future__ import annotations

from bot.charter.fields import pick
from bot.charter.schema import Action, Charter, action_names
from bot.core.timeparse import format_duration

_HEADINGS = {
    "fr": {
        "title": "Charte de modération — {community}",
        "version": "Version {version}, en vigueur depuis le {effective}. Contact : {contact}.",
        "commitments": "Nos engagements",
        "rules": "Les règles",
        "severity": "Gravité {severity}/4",
        "sanctions": "Les sanctions",
        "ladder": "Chaque infraction ajoute des avertissements (ils expirent après {ttl}) :",
        "step": "{strikes} avertissement(s) : {actions}",
        "override": "Gravité {severity} : {actions}, sans échelle",
        "reporting": "Signaler",
        "appeal": "Contester une décision",
        "retention": "Vos données",
        "retention_text": "Le texte des messages est conservé {text} ; les dossiers de modération {cases}.",
        "automation": "Vigie applique cette charte automatiquement et dit toujours pourquoi ; les cas "
        "douteux sont revus par un modérateur humain.",
        "shadow": "La modération automatique est en observation : rien n'est appliqué sans modérateur.",
    },
    "en": {
        "title": "Moderation charter — {community}",
        "version": "Version {version}, in force since {effective}. Contact: {contact}.",
        "commitments": "Our commitments",
        "rules": "The rules",
        "severity": "Severity {severity}/4",
        "sanctions": "Sanctions",
        "ladder": "Each breach adds strikes (they expire after {ttl}):",
        "step": "{strikes} strike(s): {actions}",
        "override": "Severity {severity}: {actions}, regardless of the ladder",
        "reporting": "Reporting",
        "appeal": "Appealing a decision",
        "retention": "Your data",
        "retention_text": "Message text is kept {text}; moderation case files {cases}.",
        "automation": "Vigie applies this charter automatically and always says why; doubtful cases "
        "are reviewed by a human moderator.",
        "shadow": "Automated moderation is in observation mode: nothing is enforced without a moderator.",
    },
}
_ACTION_WORDS = {
    "fr": {
        "delete": "suppression",
        "warn": "avertissement",
        "timeout": "exclusion temporaire {d}",
        "kick": "exclusion",
        "ban": "bannissement",
        "escalate": "examen par un modérateur",
        "hold": "message retenu",
    },
    "en": {
        "delete": "removal",
        "warn": "warning",
        "timeout": "timeout {d}",
        "kick": "kick",
        "ban": "ban",
        "escalate": "review by a moderator",
        "hold": "message held",
    },
}


def _actions_text(actions: list[Action], lang: str) -> str:  # type: ignore[valid-type]
    words = _ACTION_WORDS.get(lang, _ACTION_WORDS["fr"])
    parts = []
    for action, name in zip(actions, action_names(actions), strict=True):
        config = getattr(action, name)
        duration = getattr(config, "duration", None)
        parts.append(words[name].format(d=format_duration(duration) if duration else "").strip())
    return ", ".join(parts)


def render_markdown(charter: Charter, lang: str) -> str:
    """The whole public charter in `lang` ("fr" or "en")."""
    h = _HEADINGS.get(lang, _HEADINGS["fr"])
    meta, public = charter.meta, charter.public
    lines = [
        f"# {h['title'].format(community=meta.community)}",
        "",
        h["version"].format(
            version=meta.version, effective=meta.effective.isoformat(), contact=meta.contact
        ),
        "",
        pick(public.preamble, lang),
        "",
        f"## {h['commitments']}",
        "",
        *[f"- {pick(item, lang)}" for item in public.commitments],
        "",
        f"## {h['rules']}",
        "",
    ]
    for number, rule in enumerate((r for r in charter.rules if r.enabled), start=1):
        lines += [
            f"### {number}. {pick(rule.title, lang)}",
            "",
            f"*{h['severity'].format(severity=rule.severity)}* — {pick(rule.text, lang)}",
            "",
        ]
    lines += _sanctions_section(charter, lang)
    lines += [
        f"## {h['reporting']}",
        "",
        pick(public.reporting, lang),
        "",
        f"## {h['appeal']}",
        "",
        pick(public.appeal, lang),
        "",
        f"## {h['retention']}",
        "",
        h["retention_text"].format(
            text=format_duration(charter.retention.message_text),
            cases=format_duration(charter.retention.case_data),
        ),
        "",
        h["shadow"] if meta.mode == "shadow" else h["automation"],
        "",
    ]
    return "\n".join(lines)


def _sanctions_section(charter: Charter, lang: str) -> list[str]:
    h = _HEADINGS.get(lang, _HEADINGS["fr"])
    sanctions = charter.sanctions
    lines = [
        f"## {h['sanctions']}",
        "",
        h["ladder"].format(ttl=format_duration(sanctions.strike_ttl)),
        "",
    ]
    lines += [
        f"- {h['step'].format(strikes=s.strikes, actions=_actions_text(s.actions, lang))}"
        for s in sanctions.ladder
    ]
    lines += [
        f"- {h['override'].format(severity=o.severity, actions=_actions_text(o.actions, lang))}"
        for o in sanctions.overrides
    ]
    return [*lines, ""]
