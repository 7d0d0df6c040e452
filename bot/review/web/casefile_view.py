"""Everything the case file page shows, gathered in one value: the case and its message, the
messages around it, the rule cited and the statement of reasons sent, the scores and top words,
the decision trace, the author's strikes and past cases, the notes and the notices queued. For a
trainee the same value comes out with every piece of personal data masked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from bot.charter.fields import pick
from bot.review.web.context import Console, NotConfigured
from bot.review.web.redact import Redactor
from bot.store import console_queries as queries
from bot.store.casefile import Case, CaseFile, CaseNote
from bot.store.strikes import SqlStrikeLedger, Strike


@dataclass
class CaseView:
    """The case file as the page shows it."""

    case: Case
    author: str
    message: dict[str, Any] | None
    context: list[dict[str, Any]]
    rule_title: str | None
    rule_text: str | None
    notice: str | None
    scores: list[tuple[str, float]]
    top_words: list[tuple[str, list[str]]]
    trace: list[dict[str, Any]]
    strikes: list[Strike]
    live_strikes: int
    past: list[Case]
    notes: list[CaseNote]
    queued: list[dict[str, Any]] = field(default_factory=list)
    redacted: bool = False


def _rule_texts(console: Console, rule_id: str | None, lang: str) -> tuple[str | None, str | None]:
    if rule_id is None:
        return None, None
    try:
        rule = console.charter.rule(rule_id)
    except (KeyError, NotConfigured):
        return rule_id, None  # a rule renamed since, or no charter: the id is all we know
    return pick(rule.title, lang), pick(rule.text, lang)


def _top_words(decision: dict[str, Any] | None) -> list[tuple[str, list[str]]]:
    features = (decision or {}).get("top_features") or {}
    return [(label, [str(pair[0]) for pair in pairs[:5]]) for label, pairs in features.items()]


def build_view(console: Console, case_file: CaseFile, lang: str) -> CaseView:
    """The full case file (with personal data: check the viewer's permission before)."""
    case, decision = case_file.case, case_file.decision or {}
    message = case_file.message
    at = message["ts"] if message else None
    ledger = SqlStrikeLedger(console.db)
    author = case.author_id or ""
    title, text = _rule_texts(console, case.rule, lang)
    scores = sorted((decision.get("scores") or {}).items(), key=lambda kv: -kv[1])
    return CaseView(
        case=case,
        author=(message or {}).get("author_name") or author or "—",
        message=message,
        context=queries.messages_around(console.db, case, at),
        rule_title=title,
        rule_text=text,
        notice=decision.get("notice"),
        scores=[(label, float(value)) for label, value in scores],
        top_words=_top_words(decision),
        trace=list(decision.get("trace") or []),
        strikes=ledger.strikes_of(case.community, author) if author else [],
        live_strikes=ledger.live_strikes(case.community, author, console.clock.now()),
        past=queries.past_cases(console.db, case),
        notes=list(case_file.notes),
        queued=queries.queued_for_case(console.db, case.id),
    )


def redacted(view: CaseView, redactor: Redactor) -> CaseView:
    """The same view without personal data (the trainee's)."""
    case = replace(
        view.case,
        author_id=redactor.pseudonym(view.case.author_id),
        text=redactor.text(view.case.text),
        reason=redactor.text(view.case.reason) or "",
    )
    return replace(
        view,
        case=case,
        author=redactor.pseudonym(view.case.author_id),
        message=redactor.message(view.message) if view.message else None,
        context=[redactor.message(m) for m in view.context],
        notice=redactor.text(view.notice),
        top_words=[],  # model features are words of the text
        trace=redactor.trace(view.trace),
        strikes=[replace(s, user_id=case.author_id or "—", removed_by=None) for s in view.strikes],
        past=[replace(p, author_id=case.author_id, text=None, reason="") for p in view.past],
        notes=[replace(n, text=redactor.text(n.text) or "") for n in view.notes],
        queued=[],
        redacted=True,
    )
