"""The values that flow between extraction stages: page in, text, blocks, records out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["records", "no-release", "error"]


@dataclass
class DecodedPage:
    """A fetched page turned into trustworthy Unicode text."""

    url: str
    text: str
    is_html: bool
    encoding: str | None = None
    fixes: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One visible unit of a page: a paragraph, heading, list item, table cell or text line.

    `text` keeps the source's line breaks (``<br>`` or text-dump lines) so that contact blocks can
    be read line by line; body text re-joins them later.
    """

    text: str
    kind: Literal["heading", "para", "item", "cell", "line", "rule"] = "para"
    level: int = 0
    path: str = ""
    link_ratio: float = 0.0
    mailto: list[str] = field(default_factory=list)
    chrome: bool = False


@dataclass
class PageResult:
    """Everything one page produced: 0..n records, or the reason there are none."""

    url: str
    status: Outcome
    records: list[dict] = field(default_factory=list)
    reason: str | None = None
    encoding: str | None = None
    fixes: list[str] = field(default_factory=list)


class PageRejected(Exception):
    """A page that cannot hold a release (empty, binary, not found); `reason` is a short code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
