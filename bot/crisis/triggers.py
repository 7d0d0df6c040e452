"""Evaluating the conditions of a level (entry triggers and exit criteria) against the readings of
one step, with the sentence that says why: "negative share 0.46 > 3 × baseline 0.12 over 15 min".

Unknowns are never alarms: a share over too few messages is calm (it satisfies `<`, never `>`), and
a relative threshold or z-score before the baseline is learned is simply not met, either way.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.crisis.baseline import Reading
from bot.crisis.schema import Condition, Enter, Exit, Group
from bot.i18n import formats
from bot.i18n.catalog import messages

Probe = Callable[[Condition, str | None], Reading]
"""Reads one condition's indicator over its window, for the community (None) or a channel."""

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a set of conditions holds, and why: for each condition that did, its sentence (in
    the language asked) and its parts (indicator, value, threshold… as data, `word_part` words
    them in any language at display time)."""

    holds: bool
    reasons: tuple[str, ...] = ()
    parts: tuple[dict[str, Any], ...] = ()

    @property
    def reason(self) -> str:
        """The reasons in one line."""
        return "; ".join(self.reasons)


def word_part(part: Mapping[str, Any], lang: str) -> str:
    """One condition's reason, from its stored parts, in `lang`: "plaignants distincts 3 >= 4 ×
    la normale 0,04 sur 5 minutes, z=4,2"."""
    indicator = _word(str(part["indicator"]), lang)
    if part.get("too_few"):
        return f"{indicator}: {_word('too_few', lang)}"
    if part.get("baseline") is not None:
        factor = formats.number(part["threshold"], lang)
        against = f"{factor} × {_word('baseline', lang)} {_fmt(part['baseline'], lang)}"
    else:
        against = _fmt(part["threshold"], lang)
    window = formats.duration(timedelta(seconds=part["window"]), lang)
    where = f" {_word('in', lang)} #{part['channel']}" if part.get("channel") else ""
    z = part.get("z")
    zs = f", z={formats.number(z, lang, '0.0')}" if z is not None else ""
    value = _fmt(part["value"], lang)
    return f"{indicator} {value} {part['op']} {against} {_word('over', lang)} {window}{where}{zs}"


def word_parts(parts: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The reasons of several conditions in one line."""
    return "; ".join(word_part(part, lang) for part in parts)


def _fmt(value: float, lang: str) -> str:
    shown = round(value, 2) if value < 1 else float(f"{value:.3g}") if value < 100 else round(value)
    return formats.number(shown, lang)


def _word(key: str, lang: str) -> str:
    return messages().text(lang, f"crisis.word.{key}")


def check(
    condition: Condition, reading: Reading, channel: str | None = None, lang: str = "en"
) -> Verdict:
    """Whether one condition holds for one reading, and why (worded in `lang`)."""
    below = condition.op in ("<", "<=")
    value = reading.value
    if value is None:  # too few messages for a share: calm
        if not below:
            return Verdict(False)
        calm = {"indicator": condition.indicator, "too_few": True}
        return Verdict(True, (word_part(calm, lang),), (calm,))
    threshold = condition.threshold
    if threshold.relative:
        if reading.baseline is None:
            return Verdict(False)
        limit = threshold.value * reading.baseline
    else:
        limit = threshold.value
    holds = _OPS[condition.op](value, limit)
    if holds and not below and condition.min is not None:
        holds = value >= condition.min
    if not holds:
        return Verdict(False)
    z = reading.z if condition.z is not None else None
    if condition.z is not None and (z is None or (z > -condition.z if below else z < condition.z)):
        return Verdict(False)
    part = {
        "indicator": condition.indicator,
        "value": value,
        "op": condition.op,
        "threshold": threshold.value,
        "baseline": reading.baseline if threshold.relative else None,
        "window": int(condition.window.total_seconds()),
        "channel": channel,
        "z": round(z, 1) if z is not None else None,
    }
    return Verdict(True, (word_part(part, lang),), (part,))


def check_condition(
    condition: Condition, probe: Probe, channels: Sequence[str], lang: str = "en"
) -> Verdict:
    """A condition for the whole community, one channel, or any channel ('*')."""
    if condition.channel is None:
        return check(condition, probe(condition, None), None, lang)
    targets = channels if condition.channel == "*" else [condition.channel]
    verdicts = [check(condition, probe(condition, name), name, lang) for name in targets]
    held = [v for v in verdicts if v.holds]
    if condition.op in ("<", "<="):  # an exit: every channel must be calm
        return Verdict(len(held) == len(verdicts), *_joined(held))
    return Verdict(bool(held), *_joined(held))


def _joined(
    verdicts: Sequence[Verdict],
) -> tuple[tuple[str, ...], tuple[dict[str, Any], ...]]:
    return tuple(r for v in verdicts for r in v.reasons), tuple(
        p for v in verdicts for p in v.parts
    )


def check_all(
    items: Sequence[Condition | Group],
    probe: Probe,
    channels: Sequence[str],
    require_all: bool,
    lang: str = "en",
) -> Verdict:
    """`any` or `all` of a list of conditions and groups."""
    held: list[Verdict] = []
    for item in items:
        if isinstance(item, Group):
            verdict = check_clause(item, probe, channels, lang)
        else:
            verdict = check_condition(item, probe, channels, lang)
        if verdict.holds:
            held.append(verdict)
            if not require_all:
                return Verdict(True, *_joined(held))
        elif require_all:
            return Verdict(False)
    return Verdict(require_all and bool(items), *_joined(held))


def check_clause(
    clause: Enter | Exit | Group | None, probe: Probe, channels: Sequence[str], lang: str = "en"
) -> Verdict:
    """Whether a level's entry triggers or exit criteria hold (none given: never)."""
    if clause is None:
        return Verdict(False)
    if clause.any:
        return check_all(clause.any, probe, channels, False, lang)
    if clause.all:
        return check_all(clause.all, probe, channels, True, lang)
    return Verdict(False)


# A level stays while its own entry triggers hold at this share of their z and of their minimum: a
# surge that raised it (a slow one above all, whose night hours are quieter) keeps it while it is
# still clearly above normal, even when it is no longer alarming enough to raise it afresh
# (hysteresis).
KEEP = 0.5


def keep_clause(clause: Enter | Group | None) -> Enter | Group | None:
    """A level's entry triggers as its keep test: each condition's z and minimum times `KEEP`
    (the thresholds, relative to the baseline, unchanged)."""
    if clause is None:
        return None
    updates = {
        key: [_relaxed(item) for item in items]
        for key in ("any", "all")
        if (items := getattr(clause, key))
    }
    return clause.model_copy(update=updates)


def _relaxed(item: Condition | Group) -> Condition | Group:
    if isinstance(item, Group):
        return keep_clause(item)  # type: ignore[return-value]
    relaxed = {name: getattr(item, name) * KEEP for name in ("z", "min") if getattr(item, name)}
    return item.model_copy(update=relaxed)


def conditions_of(clause: Enter | Exit | Group | None) -> list[Condition]:
    """Every condition of a clause, groups flattened (to know which windows to maintain)."""
    if clause is None:
        return []
    out: list[Condition] = []
    for item in [*(clause.any or []), *(clause.all or [])]:
        out.extend(conditions_of(item) if isinstance(item, Group) else [item])
    return out
