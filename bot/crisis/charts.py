"""Hand-written SVG line charts of an incident's indicators over time (no plotting dependency):
a series with gaps, the crisis level shaded behind it, time labels in UTC."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.timeparse import parse_timestamp

WIDTH, HEIGHT = 720, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 24, 28
LEVEL_COLOURS = ("#ffffff", "#fff4c2", "#ffd8a8", "#ffb3b3", "#ff8f8f", "#ff6b6b")
LINE_COLOUR = "#1f4e79"
Sample = dict[str, Any]


def _times(samples: Sequence[Sample]) -> list[datetime]:
    return [parse_timestamp(s["at"]) for s in samples]


def _x(moment: datetime, start: datetime, span: float) -> float:
    return LEFT + (moment - start).total_seconds() / span * (WIDTH - LEFT - RIGHT)


def _y(value: float, top: float) -> float:
    return TOP + (1 - value / top) * (HEIGHT - TOP - BOTTOM)


def _level_bands(
    samples: Sequence[Sample], times: list[datetime], start: datetime, span: float
) -> list[str]:
    """One shaded rectangle per run of samples at the same raised level."""
    bands = []
    run_start, run_level = 0, int(samples[0].get("level") or 0)
    for i in range(1, len(samples) + 1):
        level = int(samples[i].get("level") or 0) if i < len(samples) else -1
        if level == run_level:
            continue
        if run_level > 0:
            x0 = _x(times[run_start], start, span)
            x1 = _x(times[min(i, len(times) - 1)], start, span)
            colour = LEVEL_COLOURS[min(run_level, len(LEVEL_COLOURS) - 1)]
            bands.append(
                f'<rect x="{x0:.1f}" y="{TOP}" width="{max(x1 - x0, 0.5):.1f}" '
                f'height="{HEIGHT - TOP - BOTTOM}" fill="{colour}"/>'
            )
        run_start, run_level = i, level
    return bands


def _path(
    samples: Sequence[Sample],
    key: str,
    times: list[datetime],
    start: datetime,
    span: float,
    top: float,
    stepped: bool,
) -> str:
    parts: list[str] = []
    pen_up = True
    previous_y = 0.0
    for moment, sample in zip(times, samples, strict=True):
        value = sample.get(key)
        if value is None:
            pen_up = True
            continue
        x, y = _x(moment, start, span), _y(float(value), top)
        if pen_up:
            parts.append(f"M{x:.1f},{y:.1f}")
        elif stepped:
            parts.append(f"L{x:.1f},{previous_y:.1f} L{x:.1f},{y:.1f}")
        else:
            parts.append(f"L{x:.1f},{y:.1f}")
        pen_up, previous_y = False, y
    return " ".join(parts)


def _axes(start: datetime, end: datetime, top: float, unit: str, zone: ZoneInfo) -> list[str]:
    bottom = HEIGHT - BOTTOM
    label = f"{top:.0%}" if unit == "%" else f"{top:g}"
    out = [
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#555"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end" font-size="10">{label}</text>',
        f'<text x="{LEFT - 4}" y="{bottom}" text-anchor="end" font-size="10">0</text>',
    ]
    span = max((end - start).total_seconds(), 1.0)
    for i in range(5):
        moment = start + (end - start) * (i / 4)
        x = _x(moment, start, span)
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="10">'
            f"{moment.astimezone(zone):%d/%m %H:%M}</text>"
        )
    return out


def line_chart(
    samples: Sequence[Sample],
    key: str,
    title: str,
    unit: str = "",
    stepped: bool = False,
    top: float | None = None,
    timezone: str = "UTC",
    no_data: str = "—",
) -> str:
    """An SVG chart of `key` over the samples (each with "at", "level" and the key), its time
    axis in `timezone`."""
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">'
        f"<title>{escape(title)}</title>"
        f'<text x="{LEFT}" y="15" font-size="12" font-weight="bold">{escape(title)}</text>'
    )
    if len(samples) < 2:
        return (
            header
            + f'<text x="{LEFT}" y="{HEIGHT // 2}" font-size="11">{escape(no_data)}</text></svg>'
        )
    times = _times(samples)
    start, end = times[0], times[-1]
    span = max((end - start).total_seconds(), 1.0)
    values = [float(s[key]) for s in samples if s.get(key) is not None]
    ceiling = top if top is not None else max([*values, 1e-9]) * 1.1
    if unit == "%":
        ceiling = min(max(ceiling, 0.1), 1.0)
    body = [
        *_level_bands(samples, times, start, span),
        *_axes(start, end, ceiling, unit, ZoneInfo(timezone)),
    ]
    path = _path(samples, key, times, start, span, ceiling, stepped)
    if path:
        body.append(f'<path d="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="1.5"/>')
    return header + "".join(body) + "</svg>"


CHARTS = (
    ("volume", "", False),
    ("negative_share", "%", False),
    ("toxic_share", "%", False),
    ("level", "", True),
)
CHART_NAMES = tuple(name for name, _, _ in CHARTS)


def incident_charts(
    samples: Sequence[Sample],
    top_level: int,
    titles: dict[str, str],
    timezone: str = "UTC",
    no_data: str = "—",
) -> dict[str, str]:
    """The four charts of an incident report, by name, with the reader's `titles` and the
    time axis in `timezone`."""
    return {
        name: line_chart(
            samples,
            name,
            titles[name],
            unit,
            stepped,
            float(top_level) if name == "level" else None,
            timezone,
            no_data,
        )
        for name, unit, stepped in CHARTS
    }
