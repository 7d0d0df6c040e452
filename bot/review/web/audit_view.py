"""The audit log as sentences a person reads ("julien a pris le cas n° 12"), in the reader's
language and the community's timezone, instead of action codes and raw JSON. An action added
since (no sentence in the catalog yet) still reads as a sentence, naming its code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.i18n import formats
from bot.review.web.render import name_of, text
from bot.store.audit import AuditEntry

# The details an action's sentence names, and how each is worded.
_NAMED = {
    "verdict": "verdict_",
    "action": "done_",
    "kind": "kind_",
    "role": "role_",
}


def sentence(entry: AuditEntry, lang: str, timezone: str) -> str:
    """What `entry` records, as one sentence of `lang`."""
    values = {"actor": entry.actor, "target": _target(entry.target, lang)}
    values |= {k: _detail(k, v, lang, timezone) for k, v in entry.detail.items()}
    key = f"audit_{entry.action.replace('.', '_')}"
    try:
        return text(lang, key, **values)
    except (KeyError, IndexError):  # no sentence for this code yet, or a detail it lacks
        return text(lang, "audit_other", action=entry.action, **values)


def _target(target: str, lang: str) -> str:
    kind, _, ident = target.partition(":")
    if not ident:
        return name_of(lang, f"target_{kind}") if kind else "—"
    phrase = name_of(lang, f"target_{kind}")
    return f"{phrase} {ident}" if phrase != kind else target


def _detail(key: str, value: Any, lang: str, timezone: str) -> Any:
    if key in _NAMED and isinstance(value, str):
        return name_of(lang, _NAMED[key] + value)
    if isinstance(value, str) and key.endswith("_at"):
        return formats.moment(datetime.fromisoformat(value), lang, timezone, "short")
    if isinstance(value, list):
        return formats.listing([str(v) for v in value], lang)
    return value
