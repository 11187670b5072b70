"""Small HTML helpers shared by the report's parts: escaping, tables and links to page views.

Everything taken from a page or a record goes through :func:`e`; table cells are passed in already escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from iomcrawl.qa.pages import PageView


def e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def html_table(
    head: list[str], rows: list[list[str]], numeric: frozenset[int] | set[int] = frozenset()
) -> str:
    """`rows` hold HTML already escaped; `numeric` columns are right-aligned."""
    ths = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>"


def ref(page: PageView, index: int | None = None, label: str | None = None) -> str:
    anchor = f"{page.key}-r{index}" if index is not None else page.key
    return f'<a href="#{e(anchor)}">{e(label or page.title)}</a>'
