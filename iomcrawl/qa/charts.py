"""Inline SVG charts for the report, drawn here so the report needs no script and no file from elsewhere.

Two shapes cover what the report shows: vertical bars for counts over an ordered axis (records per
year) and horizontal bars for shares (how many records have each field). Every label is escaped; each
bar carries a ``<title>`` so a reader can hover for the exact number.
"""

from __future__ import annotations

from html import escape

FONT = "font-family:system-ui,sans-serif;font-size:11px"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def column_chart(
    title: str, items: list[tuple[str, int]], *, css_class: str = "chart", muted: tuple[str, ...] = ()
) -> str:
    """Counts as vertical bars, one per label in the given order; labels in `muted` are drawn grey."""
    width, height, left, bottom, top = 640, 240, 36, 40, 24
    peak = max([v for _, v in items] or [0]) or 1
    slot = (width - left - 8) / max(1, len(items))
    bar = min(42.0, slot * 0.7)
    parts = [
        f'<svg class="{escape(css_class)}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" style="{FONT}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="14" font-weight="600" font-size="13">{escape(title)}</text>',
    ]
    plot = height - bottom - top
    for tick in (0, 0.5, 1):
        y = top + plot * (1 - tick)
        parts.append(f'<line x1="{left}" x2="{width - 4}" y1="{_num(y)}" y2="{_num(y)}" stroke="#d9e2ec"/>')
        parts.append(
            f'<text x="{left - 4}" y="{_num(y + 4)}" text-anchor="end" fill="#52606d">{_num(peak * tick)}</text>'
        )
    rotate = len(items) > 14
    for i, (label, value) in enumerate(items):
        h = plot * value / peak
        x = left + slot * i + (slot - bar) / 2
        y = top + plot - h
        fill = "#9aa5b1" if label in muted else "#0b5cad"
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar)}" height="{_num(h)}" fill="{fill}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        if value:
            parts.append(
                f'<text x="{_num(x + bar / 2)}" y="{_num(y - 3)}" text-anchor="middle">{value}</text>'
            )
        lx, ly = x + bar / 2, height - bottom + 14
        transform = f' transform="rotate(-45 {_num(lx)} {_num(ly)})"' if rotate else ""
        anchor = "end" if rotate else "middle"
        parts.append(
            f'<text x="{_num(lx)}" y="{_num(ly)}" text-anchor="{anchor}"{transform} fill="#323f4b">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def share_chart(
    title: str, items: list[tuple[str, int, int]], *, css_class: str = "chart", neutral: tuple[str, ...] = ()
) -> str:
    """Shares as horizontal bars: (label, how many have it, out of how many), drawn as a percentage.

    Bars go green, amber or red with the share, except `neutral` labels (drawn blue), where an empty
    value is as normal as a full one (no dateline, no repair needed).
    """
    row, left, width, top = 22, 110, 640, 28
    height = top + row * len(items) + 8
    span = width - left - 70
    parts = [
        f'<svg class="{escape(css_class)}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" style="{FONT}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-weight="600" font-size="13">{escape(title)}</text>',
    ]
    for i, (label, have, total) in enumerate(items):
        share = have / total if total else 0.0
        y = top + row * i
        color = "#1a7f37" if share >= 0.9 else "#d97706" if share >= 0.5 else "#b42318"
        color = "#0b5cad" if label in neutral else color
        parts += [
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" fill="#323f4b">{escape(label)}</text>',
            f'<rect x="{left}" y="{y + 3}" width="{span}" height="14" fill="#eef2f6"/>',
            f'<rect x="{left}" y="{y + 3}" width="{_num(span * share)}" height="14" fill="{color}">'
            f"<title>{escape(label)}: {have} of {total}</title></rect>",
            f'<text x="{left + span + 6}" y="{y + 14}" fill="#323f4b">{_num(100 * share)}% ({have})</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
