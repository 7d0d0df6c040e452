"""The terminal view of a decision: every rule with why it did or did not fire, the scores with
their top features, the actions and the statement of reasons."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console
from rich.table import Table

from bot.core.decision import Decision
from bot.core.timeparse import format_duration
from bot.moderation.trace import describe_outcome


def print_trace(console: Console, decision: Decision) -> None:
    """Print the full trace of one decision."""
    table = Table(
        title=f"Decision on {decision.message.id!r} ({decision.mode.value})", show_lines=False
    )
    for column in ("rule", "sev", "result", "why"):
        table.add_column(column, overflow="fold")
    for outcome in decision.outcomes:
        result = "[red]MATCH[/red]" if outcome.matched else ("exempt" if outcome.exempt else "—")
        table.add_row(
            outcome.rule,
            str(outcome.severity),
            result,
            describe_outcome(outcome, decision.language),
        )
    console.print(table)
    if decision.scores:
        scores = "  ".join(
            f"{label} {value:.2f}" for label, value in sorted(decision.scores.items())
        )
        console.print(f"scores: {scores}")
    for label, features in decision.explanations.items():
        words = ", ".join(f"{feature!r} {weight:+.2f}" for feature, weight in features)
        console.print(f"top features for {label}: {words}", markup=False)
    if decision.degraded:
        console.print(f"[yellow]degraded: {', '.join(decision.degraded)}[/yellow]")
    console.print(f"strikes after this decision: {decision.strikes} (+{decision.strike_weight})")
    actions = ", ".join(_describe(a.kind, a.duration) for a in decision.actions) or "none"
    console.print(f"actions: {actions}")
    if decision.notice:
        console.print("notice to the author:", style="bold")
        console.print(decision.notice, markup=False)


def _describe(kind: str, duration: timedelta | None) -> str:
    return f"{kind} {format_duration(duration)}" if duration else kind
