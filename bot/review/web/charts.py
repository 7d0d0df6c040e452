"""Inline SVG charts drawn on the server (no JavaScript chart library): lines over time with the
crisis level shaded behind them, and horizontal bars. Each chart is an image with a text label for
screen readers, and its numbers are also given in a table on the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from bot.core.timeparse import parse_timestamp

WIDTH, HEIGHT = 640, 190
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 30, 26
COLOURS = ("#1f4e79", "#8a3b00", "#2d6a2d")
LEVEL_FILL = ("#ffffff", "#fff4c2", "#ffe0b8", "#ffc9c9", "#ffb0b0", "#ff9c9c")
INK = "#222222"


@dataclass(frozen=True, slots=True)
class Series:
    """One line: the sample key it reads and its legend."""

    key: str
    label: str
    dashed: bool = False


def _frame(title: str, height: int = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif" fill="{INK}">'
        f"<title>{escape(title)}</title>"
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>'
    )


def _scale(values: list[float], unit: str) -> float:
    top = max([*values, 1e-9]) * 1.1
    return min(max(top, 0.1), 1.0) if unit == "%" else max(top, 1.0)


def _bands(times: list[datetime], levels: list[int], x: Any) -> list[str]:
    out = []
    for i in range(len(times) - 1):
        if levels[i]:
            x0, x1 = x(times[i]), x(times[i + 1])
            fill = LEVEL_FILL[min(levels[i], len(LEVEL_FILL) - 1)]
            out.append(
                f'<rect x="{x0:.1f}" y="{TOP}" width="{max(x1 - x0, 0.5):.1f}" '
                f'height="{HEIGHT - TOP - BOTTOM}" fill="{fill}"/>'
            )
    return out


def _polyline(points: list[tuple[float, float] | None], colour: str, dashed: bool) -> str:
    parts, pen_up = [], True
    for point in points:
        if point is None:
            pen_up = True
            continue
        parts.append(f"{'M' if pen_up else 'L'}{point[0]:.1f},{point[1]:.1f}")
        pen_up = False
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return f'<path d="{" ".join(parts)}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'


def line_chart(
    samples: Sequence[dict[str, Any]], series: Sequence[Series], title: str, unit: str = ""
) -> str:
    """Lines of `series` over the samples (each with "at", "level" and the keys)."""
    if len(samples) < 2:
        return _frame(title) + f'<text x="{LEFT}" y="{HEIGHT // 2}" font-size="12">—</text></svg>'
    times = [parse_timestamp(s["at"]) for s in samples]
    start, span = times[0], max((times[-1] - times[0]).total_seconds(), 1.0)
    values = [float(s[k.key]) for s in samples for k in series if s.get(k.key) is not None]
    top = _scale(values, unit)

    def x(moment: datetime) -> float:
        return LEFT + (moment - start).total_seconds() / span * (WIDTH - LEFT - RIGHT)

    def y(value: float) -> float:
        return TOP + (1 - value / top) * (HEIGHT - TOP - BOTTOM)

    body = _bands(times, [int(s.get("level") or 0) for s in samples], x)
    body += _axes(times, top, unit, x)
    for n, line in enumerate(series):
        points = [
            (x(t), y(float(s[line.key]))) if s.get(line.key) is not None else None
            for t, s in zip(times, samples, strict=True)
        ]
        body.append(_polyline(points, COLOURS[n % len(COLOURS)], line.dashed))
    body += _legend(series)
    return _frame(title) + "".join(body) + "</svg>"


def _axes(times: list[datetime], top: float, unit: str, x: Any) -> list[str]:
    bottom = HEIGHT - BOTTOM
    label = f"{top:.0%}" if unit == "%" else f"{top:.0f}"
    out = [
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#555"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 9}" text-anchor="end" font-size="11">{label}</text>',
        f'<text x="{LEFT - 4}" y="{bottom}" text-anchor="end" font-size="11">0</text>',
    ]
    for i in range(5):
        moment = times[0] + (times[-1] - times[0]) * (i / 4)
        out.append(
            f'<text x="{x(moment):.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
            f'font-size="11">{moment:%H:%M}</text>'
        )
    return out


def _legend(series: Sequence[Series]) -> list[str]:
    out, left = [], WIDTH - RIGHT - 150 * len(series)
    for n, line in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        dash = ' stroke-dasharray="5 4"' if line.dashed else ""
        x0 = left + n * 150
        out.append(
            f'<line x1="{x0}" y1="12" x2="{x0 + 22}" y2="12" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
        )
        out.append(f'<text x="{x0 + 27}" y="16" font-size="12">{escape(line.label)}</text>')
    return out


def bar_chart(items: Sequence[tuple[str, float]], title: str, unit: str = "") -> str:
    """Horizontal bars, one per (label, value)."""
    row, label_width = 22, 170
    height = TOP + row * max(len(items), 1) + 10
    if not items:
        return (
            _frame(title, height) + f'<text x="{LEFT}" y="{TOP + 14}" font-size="12">—</text></svg>'
        )
    top = max(value for _, value in items) or 1.0
    body = []
    for i, (label, value) in enumerate(items):
        y = TOP + i * row
        width = (WIDTH - label_width - 70) * value / top
        shown = f"{value:.0%}" if unit == "%" else f"{value:g}"
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" '
            f'font-size="12">{escape(label[:26])}</text>'
        )
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{max(width, 1):.1f}" '
            f'height="{row - 7}" fill="{COLOURS[0]}"/>'
        )
        body.append(
            f'<text x="{label_width + width + 5:.1f}" y="{y + 15}" font-size="12">{shown}</text>'
        )
    return _frame(title, height) + "".join(body) + "</svg>"
