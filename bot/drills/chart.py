"""The debrief's timeline chart, as hand-written SVG (no plotting dependency): the declared level
shaded behind four lanes on story time — the crowd's messages (coloured by what the charter wants
done with them, crossed when the trainee got it wrong), the press, posts elsewhere and facts from
the cell, the expectations (a bar from when they started to their deadline, coloured by outcome),
and the trainee's actions (one letter each); the levels the plan's indicators set by themselves are
marked above. Every mark has a tooltip."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from itertools import pairwise

from bot.crisis import events as ev
from bot.drills.expectations import LATE, MET, MISSED, OVER, Outcome
from bot.drills.loader import Drill
from bot.drills.record import DrillRecord, Played
from bot.drills.timing import clock_label
from bot.i18n.catalog import messages

WIDTH, LEFT, RIGHT, TOP = 900, 150, 20, 22
LANE = 44
LANES = ("lane_crowd", "lane_outside", "lane_expected", "lane_trainee")
HEIGHT = TOP + LANE * len(LANES) + 56
LEVEL_FILL = ("#ffffff", "#fff4c2", "#ffd8a8", "#ffb3b3", "#ff8f8f")
STATUS_COLOUR = {MET: "#2e7d32", OVER: "#f9a825", LATE: "#ef6c00", MISSED: "#c62828"}
LETTERS = {
    "delete": "D",
    "warn": "W",
    "mute": "M",
    "ban": "B",
    "level": "L",
    "ack": "A",
    "alert": "C",
    "draft": "d",
    "submit": "S",
    "post": "P",
    "reply": "R",
    "note": "N",
    "check": "✓",
}


class _Scale:
    """Story time to x."""

    def __init__(self, start: datetime, end: datetime) -> None:
        self.start, self.span = start, max((end - start).total_seconds(), 1.0)

    def x(self, moment: datetime) -> float:
        offset = min(max((moment - self.start).total_seconds(), 0.0), self.span)
        return LEFT + offset / self.span * (WIDTH - LEFT - RIGHT)


def _lane_y(index: int) -> float:
    return TOP + LANE * index + LANE / 2


def timeline_svg(drill: Drill, record: DrillRecord, outcomes: list[Outcome]) -> str:
    """The whole chart as an <svg> element."""
    scale = _Scale(record.start, record.end)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="11" role="img">',
        f"<title>{escape(messages().text(drill.lang, 'drills.chart_title'))}</title>",
        *_levels(record, scale),
        *_automatic_levels(drill, record, scale),
        *_lanes(drill),
        *_axis(drill, record, scale),
        *_crowd(drill, record, scale),
        *_outcomes(drill, outcomes, scale),
        *_actions(drill, record, scale),
        *_legend(drill),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _levels(record: DrillRecord, scale: _Scale) -> list[str]:
    marks = [(record.start, 0), *((m.at, m.level) for m in record.levels), (record.end, 0)]
    bands = []
    for (at, level), (until, _) in pairwise(marks):
        if level and until > at:
            x0, x1 = scale.x(at), scale.x(until)
            fill = LEVEL_FILL[min(level, len(LEVEL_FILL) - 1)]
            bands.append(
                f'<rect x="{x0:.1f}" y="{TOP}" width="{x1 - x0:.1f}" height="{LANE * len(LANES)}"'
                f' fill="{fill}"><title>{level}</title></rect>'
                f'<text x="{x0 + 3:.1f}" y="{TOP + 10}" fill="#8a5a00">N{level}</text>'
            )
    return bands


def _automatic_levels(drill: Drill, record: DrillRecord, scale: _Scale) -> list[str]:
    """The levels the plan's indicators set by themselves (the trainee still had to qualify)."""
    out = []
    for event in record.events:
        if event.type != ev.LEVEL or event.data.get("by"):
            continue
        x, level = scale.x(event.at), event.data["level"]
        tip = escape(
            messages().text(
                drill.lang, "drills.chart_auto", level=level, reason=event.data.get("reason", "")
            )
        )
        out.append(
            f'<path d="M{x - 5:.1f},{TOP - 8} l10,0 l-5,7 z" fill="#8a5a00"><title>{tip}</title></path>'
            f'<text x="{x + 6:.1f}" y="{TOP - 2}" fill="#8a5a00" font-size="9">V{level}</text>'
        )
    return out


def _lanes(drill: Drill) -> list[str]:
    out = []
    for index, key in enumerate(LANES):
        y = _lane_y(index)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="6" y="{y + 4:.1f}">{escape(messages().text(drill.lang, f"drills.{key}"))}</text>'
        )
    return out


def _axis(drill: Drill, record: DrillRecord, scale: _Scale) -> list[str]:
    bottom = TOP + LANE * len(LANES)
    step = timedelta(minutes=15 if record.end - record.start <= timedelta(hours=3) else 30)
    out = [f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#555"/>']
    tick = record.start
    while tick <= record.end:
        x = scale.x(tick)
        label = clock_label(tick, drill.timezone)
        out.append(
            f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#555"/>'
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{label}</text>'
        )
        tick += step
    return out


def _crowd_colour(played: Played, deleted: dict[str, datetime]) -> tuple[str, bool]:
    """The mark's colour, and whether the trainee got it wrong."""
    inject = played.inject
    gone = inject.id in deleted
    if inject.must_remove:
        return "#c62828", not gone
    if "misinformation" in inject.labels:
        return "#ef6c00", gone
    if not inject.legitimate:
        return "#6d4c41", False
    return "#607d8b", gone


def _crowd(drill: Drill, record: DrillRecord, scale: _Scale) -> list[str]:
    deleted, out = record.deleted(), []
    for played in record.played:
        inject, x = played.inject, scale.x(played.at)
        tip = escape(f"{inject.id or ''} {', '.join(inject.labels)}: {inject.text or ''}"[:160])
        if inject.kind in ("message", "leak"):
            colour, wrong = _crowd_colour(played, deleted)
            y = _lane_y(0)
            out.append(
                f'<circle cx="{x:.1f}" cy="{y}" r="4" fill="{colour}"><title>{tip}</title></circle>'
            )
            if wrong:
                out.append(
                    f'<path d="M{x - 5:.1f},{y - 5} l10,10 m0,-10 l-10,10" stroke="#000" '
                    f'stroke-width="1.5"><title>{tip}</title></path>'
                )
        else:
            colour = "#6a1b9a" if inject.kind in ("press", "post") else "#1565c0"
            out.append(
                f'<rect x="{x - 4:.1f}" y="{_lane_y(1) - 4}" width="8" height="8" fill="{colour}">'
                f"<title>{tip}</title></rect>"
            )
    return out


def _outcomes(drill: Drill, outcomes: list[Outcome], scale: _Scale) -> list[str]:
    out = []
    for n, outcome in enumerate(outcomes):
        y = _lane_y(2) - 10 + (n % 5) * 5
        x0, x1 = scale.x(outcome.at), scale.x(outcome.due)
        colour = STATUS_COLOUR[outcome.status]
        what = messages().text(drill.lang, f"drills.expect_{outcome.do}", target=outcome.target)
        tip = escape(f"{what} — {outcome.status}")
        out.append(
            f'<line x1="{x0:.1f}" y1="{y}" x2="{x1:.1f}" y2="{y}" stroke="{colour}" '
            f'stroke-width="3"><title>{tip}</title></line>'
            f'<path d="M{x1:.1f},{y - 4} l4,4 l-4,4 l-4,-4 z" fill="{colour}"><title>{tip}</title></path>'
        )
    return out


def _actions(drill: Drill, record: DrillRecord, scale: _Scale) -> list[str]:
    out, y = [], _lane_y(3)
    for n, done in enumerate(record.done):
        x = scale.x(done.at)
        dy = (n % 3 - 1) * 9  # actions a minute apart would sit on each other
        fill = "#1f4e79" if done.ok else "#9e9e9e"
        tip = escape(f"{done.do}: {done.detail}"[:160])
        out.append(
            f'<circle cx="{x:.1f}" cy="{y + dy}" r="7" fill="{fill}"><title>{tip}</title></circle>'
            f'<text x="{x:.1f}" y="{y + dy + 4}" fill="#fff" font-size="9" text-anchor="middle">'
            f"{LETTERS.get(done.do, '?')}<title>{tip}</title></text>"
        )
    return out


def _legend(drill: Drill) -> list[str]:
    y = HEIGHT - 12
    items = [
        ("#c62828", "legend_remove"),
        ("#607d8b", "legend_keep"),
        ("#ef6c00", "legend_rumour"),
        ("#6a1b9a", "legend_outside"),
        ("#2e7d32", "legend_met"),
        ("#c62828", "legend_missed"),
    ]
    out: list[str] = []
    x = float(LEFT)
    for colour, key in items:
        label = escape(messages().text(drill.lang, f"drills.{key}"))
        out.append(
            f'<rect x="{x}" y="{y - 8}" width="9" height="9" fill="{colour}"/>'
            f'<text x="{x + 13}" y="{y}">{label}</text>'
        )
        x += 18 + 6.2 * len(label)
    return out
