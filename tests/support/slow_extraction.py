"""A stage that is slow on purpose, for a crawl subprocess: the decode step of every page whose URL holds
``/slow`` waits until the crawl closes (or ``FALLBACK`` seconds), without any timing race.

Put :class:`SlowPagesBlock` first in ``ITEM_PIPELINES`` (with ``tests`` on ``PYTHONPATH``): it replaces the
decode function the stage pipeline calls, so the page blocks whether the stages run on the reactor thread
or off it. The crawl's own ``IOMCRAWL_EXTRACTION_TIMEOUT`` then decides what becomes of the page.
"""

from __future__ import annotations

import threading
from typing import Any, Self

from scrapy.crawler import Crawler

import iomcrawl.crawl.pipelines.decode as decode_stage

FALLBACK = 30.0  # only reached when the deadline does not work (the page then blocks the crawl this long)
_release = threading.Event()
_real_decode_page = decode_stage.decode_page


def _decode_slowly(body: bytes, url: str = "", content_type: str | None = None) -> Any:
    if "/slow" in url:
        _release.wait(FALLBACK)
    return _real_decode_page(body, url, content_type=content_type)


class SlowPagesBlock:
    """Installs the slow decode step for the crawl, and lets the blocked stages go when it closes."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        decode_stage.decode_page = _decode_slowly  # type: ignore[assignment]
        return cls()

    def process_item(self, item: Any) -> Any:
        return item

    def close_spider(self) -> None:
        _release.set()
