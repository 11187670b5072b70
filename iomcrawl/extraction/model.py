"""The values that flow between extraction stages: page in, text, blocks, records out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from iomcrawl.codes import NoRelease, Outcome, Reason
from iomcrawl.extraction.metadata import PageMeta

__all__ = ["Block", "BlockKind", "DecodedPage", "Outcome", "PageRejected", "PageResult"]

BlockKind = Literal["heading", "para", "item", "cell", "line", "rule"]


@dataclass
class DecodedPage:
    """A fetched page turned into trustworthy Unicode text."""

    url: str
    text: str
    is_html: bool
    encoding: str | None = None
    fixes: list[str] = field(default_factory=list)  # codes.Fix values, in the order they were made
    meta: PageMeta = field(default_factory=PageMeta)  # what the markup says about the page


@dataclass
class Block:
    """One visible unit of a page: a paragraph, heading, list item, table cell or text line.

    `text` keeps the source's line breaks (``<br>`` or text-dump lines) so that contact blocks can
    be read line by line; body text re-joins them later.
    """

    text: str
    kind: BlockKind = "para"
    level: int = 0
    path: str = ""
    link_ratio: float = 0.0
    mailto: list[str] = field(default_factory=list)
    chrome: bool = False


@dataclass
class PageResult:
    """Everything one page produced: 0..n records, or the reason there are none."""

    url: str
    status: Outcome  # the chain gives RECORDS, NO_RELEASE or ERROR; the crawl adds the others
    records: list[dict] = field(default_factory=list)
    reason: str | None = None
    encoding: str | None = None
    fixes: list[str] = field(default_factory=list)


class PageRejected(Exception):
    """A page that cannot hold a release (empty, binary, not found); `reason` says which kind."""

    def __init__(self, reason: NoRelease, detail: str = "") -> None:
        super().__init__(str(Reason(reason, detail)))
        self.reason = reason
        self.detail = detail
