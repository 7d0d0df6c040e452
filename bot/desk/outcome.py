"""What the author is told once a human has reviewed their case (overturn, appeal outcome)."""

from __future__ import annotations

from contextlib import suppress

from bot.charter.fields import pick
from bot.charter.schema import Charter
from bot.i18n.catalog import messages
from bot.store.casefile import Case, Verdict


def verdict_notice(charter: Charter, case: Case, verdict: Verdict, lang: str) -> str:
    """The message to the author about a reviewed case, in `lang`."""
    catalog = messages()
    lines = [catalog.text(lang, f"outcome.{verdict.value}")]
    if case.rule:
        # A rule renamed since the decision: say nothing rather than something wrong.
        with suppress(KeyError):
            title = pick(charter.rule(case.rule).title, lang)
            lines.append(catalog.text(lang, "outcome.rule", rule=title))
    if verdict is Verdict.CONFIRM:
        lines.append(pick(charter.public.appeal, lang))
    return " ".join(lines)
