"""The public charter as Markdown, in one language: what members read with /rules or on a website."""

from __future__ import annotations

from babel.dates import format_date

from bot.charter.fields import pick
from bot.charter.schema import Action, Charter, action_names
from bot.i18n.catalog import messages
from bot.i18n.formats import duration, listing


def _h(lang: str, key: str, **values: object) -> str:
    return messages().text(lang, f"charter.{key}", **values)


def _actions_text(actions: list[Action], lang: str) -> str:  # type: ignore[valid-type]
    parts = []
    for action, name in zip(actions, action_names(actions), strict=True):
        length = getattr(getattr(action, name), "duration", None)
        parts.append(_h(lang, f"action.{name}", d=duration(length, lang) if length else ""))
    return listing(parts, lang)


def render_markdown(charter: Charter, lang: str) -> str:
    """The whole public charter in `lang`, from the message catalog."""
    meta, public = charter.meta, charter.public
    effective = format_date(meta.effective, "long", locale=lang)
    lines = [
        f"# {_h(lang, 'title', community=meta.community)}",
        "",
        _h(lang, "version", version=meta.version, effective=effective, contact=meta.contact),
        "",
        pick(public.preamble, lang),
        "",
        f"## {_h(lang, 'commitments')}",
        "",
        *[f"- {pick(item, lang)}" for item in public.commitments],
        "",
        f"## {_h(lang, 'rules')}",
        "",
    ]
    for number, rule in enumerate((r for r in charter.rules if r.enabled), start=1):
        lines += [
            f"### {number}. {pick(rule.title, lang)}",
            "",
            f"*{_h(lang, 'severity', severity=rule.severity)}* — {pick(rule.text, lang)}",
            "",
        ]
    lines += _sanctions_section(charter, lang)
    lines += [
        f"## {_h(lang, 'reporting')}",
        "",
        pick(public.reporting, lang),
        "",
        f"## {_h(lang, 'appeal')}",
        "",
        pick(public.appeal, lang),
        "",
        f"## {_h(lang, 'retention')}",
        "",
        _h(
            lang,
            "retention_text",
            text=duration(charter.retention.message_text, lang),
            cases=duration(charter.retention.case_data, lang),
        ),
        "",
        _h(lang, "shadow" if meta.mode == "shadow" else "automation"),
        "",
    ]
    return "\n".join(lines)


def _sanctions_section(charter: Charter, lang: str) -> list[str]:
    sanctions = charter.sanctions
    lines = [
        f"## {_h(lang, 'sanctions')}",
        "",
        _h(lang, "ladder", ttl=duration(sanctions.strike_ttl, lang)),
        "",
    ]
    catalog = messages()
    lines += [
        "- "
        + catalog.plural(lang, "charter.step", s.strikes, actions=_actions_text(s.actions, lang))
        for s in sanctions.ladder
    ]
    lines += [
        f"- {_h(lang, 'override', severity=o.severity, actions=_actions_text(o.actions, lang))}"
        for o in sanctions.overrides
    ]
    return [*lines, ""]
