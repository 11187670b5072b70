"""Inline SVG charts for the report, drawn here so the report needs no script and no file from elsewhere.

Two shapes cover what the report shows: vertical bars for counts over an ordered axis (records per
year) and horizontal bars for shares (how many records have each field). Each chart carries its title
(wrapped, and cut with "…" past two lines; the whole title stays in ``<title>``), a legend that says
what each colour means, and room reserved for both, so no label is drawn over another. Counts are
whole numbers, so the count axis has whole-number ticks only. Every label is escaped; each bar carries
a ``<title>`` so a reader can hover for the exact number.
"""

from __future__ import annotations

import math
import textwrap
from html import escape

FONT = "font-family:system-ui,sans-serif;font-size:11px"
WIDTH = 640
# Glyph widths used to lay text out, on the generous side of common sans-serif fonts, so a label
# measured here is never wider once drawn.
TITLE_CHAR = 8.0  # 13px, bold
LABEL_CHAR = 7.0  # 11px
TITLE_LINE = 17
TITLE_LINES = 2
LEGEND_ROW = 18
SWATCH = 10

BAR = "#0b5cad"
MUTED = "#9aa5b1"
GOOD, FAIR, POOR = "#1a7f37", "#d97706", "#b42318"
NEUTRAL = "#0b5cad"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_open(css_class: str, title: str, height: float) -> list[str]:
    return [
        f'<svg class="{escape(css_class)}" viewBox="0 0 {WIDTH} {_num(height)}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" style="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]


def title_lines(title: str, width: float = WIDTH) -> list[str]:
    """The title as drawn: wrapped to the chart's width, at most two lines, the rest cut with "…"."""
    per_line = max(8, int(width / TITLE_CHAR))
    lines = textwrap.wrap(title, per_line) or [""]
    if len(lines) > TITLE_LINES:
        last = " ".join(lines[TITLE_LINES - 1 :])
        lines = [*lines[: TITLE_LINES - 1], last[: per_line - 1].rstrip() + "…"]
    return lines


def _title(title: str) -> tuple[str, float]:
    """The title's markup and the height it takes."""
    lines = title_lines(title)
    spans = "".join(
        f'<tspan x="0" y="{14 + TITLE_LINE * i}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    text = f'<text class="chart-title" font-weight="600" font-size="13" fill="#1f2933">{spans}</text>'
    return text, TITLE_LINE * len(lines) + 4


def _legend(items: list[tuple[str, str]], y: float) -> tuple[str, float]:
    """A swatch and its meaning per item, in rows that wrap at the chart's width; its markup and height."""
    parts, x, row = ['<g class="legend">'], 0.0, 0
    for color, label in items:
        span = SWATCH + 5 + len(label) * LABEL_CHAR + 16
        if x and x + span > WIDTH:
            x, row = 0.0, row + 1
        top = y + row * LEGEND_ROW
        parts.append(
            f'<g class="legend-item"><rect x="{_num(x)}" y="{_num(top + 2)}" width="{SWATCH}" '
            f'height="{SWATCH}" fill="{color}"/><text x="{_num(x + SWATCH + 5)}" y="{_num(top + 11)}" '
            f'fill="#323f4b">{escape(label)}</text></g>'
        )
        x += span
    parts.append("</g>")
    return "".join(parts), (row + 1) * LEGEND_ROW + 4


def count_ticks(peak: int, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 to at least `peak`, at most `most` of them, a step of 1, 2 or 5 × 10ⁿ."""
    peak = max(1, math.ceil(peak))
    wanted = peak / (most - 1)
    step = next(s * 10**e for e in range(len(str(peak)) + 1) for s in (1, 2, 5) if s * 10**e >= wanted)
    return list(range(0, math.ceil(peak / step) * step + 1, step))


def column_chart(
    title: str,
    items: list[tuple[str, int]],
    *,
    bar_label: str,
    muted: tuple[str, ...] = (),
    muted_label: str = "",
    css_class: str = "chart",
) -> str:
    """Counts as vertical bars, one per label in the given order; labels in `muted` are drawn grey.

    The legend names what a blue bar counts (`bar_label`) and, when a muted bar is drawn, a grey one."""
    title_svg, title_h = _title(title)
    legend_items = [(BAR, bar_label)]
    if muted_label and any(label in muted for label, _ in items):
        legend_items.append((MUTED, muted_label))
    legend_svg, legend_h = _legend(legend_items, title_h)
    ticks = count_ticks(max([v for _, v in items] or [0]))
    axis_top = ticks[-1]
    left = 12 + LABEL_CHAR * len(str(axis_top))
    rotate = len(items) > 14
    longest = max([len(label) for label, _ in items] or [0])
    bottom = 14 + (LABEL_CHAR * longest * 0.72 + 4 if rotate else 6)
    top = title_h + legend_h + 14  # room for the value over the tallest bar
    plot = 160
    height = top + plot + bottom
    slot = (WIDTH - left - 8) / max(1, len(items))
    bar = min(42.0, slot * 0.7)
    parts = [*_svg_open(css_class, title, height), title_svg, legend_svg, '<g class="axis">']
    for tick in ticks:
        y = top + plot * (1 - tick / axis_top)
        parts.append(
            f'<line x1="{_num(left)}" x2="{WIDTH - 4}" y1="{_num(y)}" y2="{_num(y)}" stroke="#d9e2ec"/>'
        )
        parts.append(
            f'<text x="{_num(left - 4)}" y="{_num(y + 4)}" text-anchor="end" fill="#52606d">{tick}</text>'
        )
    parts.append('</g><g class="bars">')
    for i, (label, value) in enumerate(items):
        h = plot * value / axis_top
        x = left + slot * i + (slot - bar) / 2
        y = top + plot - h
        fill = MUTED if label in muted else BAR
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar)}" height="{_num(h)}" fill="{fill}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        if value:
            parts.append(
                f'<text x="{_num(x + bar / 2)}" y="{_num(y - 3)}" text-anchor="middle">{value}</text>'
            )
        lx, ly = x + bar / 2, top + plot + 14
        transform = f' transform="rotate(-45 {_num(lx)} {_num(ly)})"' if rotate else ""
        anchor = "end" if rotate else "middle"
        parts.append(
            f'<text x="{_num(lx)}" y="{_num(ly)}" text-anchor="{anchor}"{transform} fill="#323f4b">{escape(label)}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


def share_chart(
    title: str,
    items: list[tuple[str, int, int]],
    *,
    css_class: str = "chart",
    neutral: tuple[str, ...] = (),
    neutral_label: str = "",
) -> str:
    """Shares as horizontal bars: (label, how many have it, out of how many), drawn as a percentage.

    Bars go green, amber or red with the share, except `neutral` labels (drawn blue, `neutral_label` in
    the legend), where an empty value is as normal as a full one (no dateline, no repair needed).
    """
    title_svg, title_h = _title(title)
    legend_items = [(GOOD, "90% or more"), (FAIR, "50% to under 90%"), (POOR, "under 50%")]
    if neutral_label and any(label in neutral for label, _, _ in items):
        legend_items.append((NEUTRAL, neutral_label))
    legend_svg, legend_h = _legend(legend_items, title_h)
    row, left = 22, 110
    top = title_h + legend_h + 2
    height = top + row * len(items) + 8
    span = WIDTH - left - 70
    parts = [*_svg_open(css_class, title, height), title_svg, legend_svg, '<g class="bars">']
    for i, (label, have, total) in enumerate(items):
        share = have / total if total else 0.0
        y = top + row * i
        color = GOOD if share >= 0.9 else FAIR if share >= 0.5 else POOR
        color = NEUTRAL if label in neutral else color
        parts += [
            f'<text x="{left - 6}" y="{_num(y + 14)}" text-anchor="end" fill="#323f4b">{escape(label)}</text>',
            f'<rect x="{left}" y="{_num(y + 3)}" width="{span}" height="14" fill="#eef2f6"/>',
            f'<rect x="{left}" y="{_num(y + 3)}" width="{_num(span * share)}" height="14" fill="{color}">'
            f"<title>{escape(label)}: {have} of {total}</title></rect>",
            f'<text x="{left + span + 6}" y="{_num(y + 14)}" fill="#323f4b">{_num(100 * share)}% ({have})</text>',
        ]
    parts.append("</g></svg>")
    return "".join(parts)
