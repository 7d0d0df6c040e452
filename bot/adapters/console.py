"""The terminal view of a decision: every rule with why it did or did not fire, the scores with
their top features, the actions and the statement of reasons, in the reader's language."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console
from rich.table import Table

from bot.core.decision import Decision
from bot.i18n.catalog import messages
from bot.i18n.formats import duration, listing, number
from bot.moderation.trace import describe_outcome


def named(lang: str, key: str, code: str) -> str:
    """The catalog's name of a stored code (`key`); a code it does not name shows bare."""
    return messages().text(lang, key) if key in messages().keys(lang) else code


def action_name(lang: str, kind: str) -> str:
    """An action kind as the console names it ("suppression")."""
    return named(lang, f"console.done_{kind}", kind)


def print_trace(console: Console, decision: Decision, lang: str) -> None:
    """Print the full trace of one decision for a reader of `lang`. The reasons stay in the
    message's language: they are the words the member is shown."""
    say = messages().text
    table = Table(
        title=say(
            lang,
            "cli.check.title",
            message=decision.message.id,
            mode=say(lang, f"cli.check.mode_{decision.mode.value}"),
        ),
        show_lines=False,
    )
    for column in ("rule", "severity", "result", "why"):
        table.add_column(say(lang, f"cli.check.column_{column}"), overflow="fold")
    for outcome in decision.outcomes:
        table.add_row(
            outcome.rule,
            str(outcome.severity),
            _result(lang, outcome.matched, outcome.exempt),
            describe_outcome(outcome, decision.language),
        )
    console.print(table)
    _print_scores(console, decision, lang)
    strikes = messages().plural(lang, "cli.check.strikes", decision.strikes)
    console.print(
        say(lang, "cli.check.strikes_line", strikes=strikes, weight=decision.strike_weight)
    )
    actions = [_described(lang, a.kind, a.duration) for a in decision.actions]
    shown = listing(actions, lang) if actions else say(lang, "cli.check.no_action")
    console.print(say(lang, "cli.check.actions", actions=shown), markup=False)
    if decision.notice:
        console.print(say(lang, "cli.check.notice"), style="bold")
        console.print(decision.notice, markup=False)


def _result(lang: str, matched: bool, exempt: bool) -> str:
    if matched:
        return f"[red]{messages().text(lang, 'cli.check.matched')}[/red]"
    return messages().text(lang, "cli.check.exempt") if exempt else "—"


def _print_scores(console: Console, decision: Decision, lang: str) -> None:
    say = messages().text
    if decision.scores:
        scores = "  ".join(
            f"{label} {number(value, lang, '0.00')}"
            for label, value in sorted(decision.scores.items())
        )
        console.print(say(lang, "cli.check.scores", scores=scores), markup=False)
    for label, features in decision.explanations.items():
        words = ", ".join(
            f"{feature!r} {number(weight, lang, '+0.00;-0.00')}" for feature, weight in features
        )
        console.print(say(lang, "cli.check.features", label=label, words=words), markup=False)
    if decision.degraded:
        names = (named(lang, f"cli.replay.degraded_{d}", d) for d in decision.degraded)
        degraded = listing(names, lang)
        console.print(f"[yellow]{say(lang, 'cli.check.degraded', what=degraded)}[/yellow]")


def _described(lang: str, kind: str, span: timedelta | None) -> str:
    name = action_name(lang, kind)
    return f"{name} {duration(span, lang)}" if span else name
