"""The extraction chain, plain Python with no Scrapy import.

page bytes -> :func:`decode_page` -> :func:`page_blocks` -> :func:`strip_boilerplate`
-> :func:`find_releases` -> :func:`build_records` -> validated JSON lines.

The same functions run in a crawl (one item pipeline per stage), in ``iomcrawl extract FILE`` and in
tests; :func:`extract_page` runs them all.
"""

from __future__ import annotations

from iomcrawl.extraction.blocks import page_blocks
from iomcrawl.extraction.boilerplate import strip_boilerplate
from iomcrawl.extraction.chain import extract_page
from iomcrawl.extraction.decoding import decode_page
from iomcrawl.extraction.model import Block, DecodedPage, PageRejected, PageResult
from iomcrawl.extraction.records import build_records
from iomcrawl.extraction.releases import find_releases

__all__ = [
    "Block",
    "DecodedPage",
    "PageRejected",
    "PageResult",
    "build_records",
    "decode_page",
    "extract_page",
    "find_releases",
    "page_blocks",
    "strip_boilerplate",
]
