"""Stage 1: page bytes to trustworthy text (:func:`iomcrawl.extraction.decode_page`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from iomcrawl.crawl.pipelines.stage import StagePipeline
from iomcrawl.extraction import decode_page
from iomcrawl.extraction.model import DecodedPage

if TYPE_CHECKING:
    from iomcrawl.crawl.items import PageItem


class DecodePipeline(StagePipeline[DecodedPage]):
    stage = "decode"

    def work(self, item: PageItem) -> Callable[[], DecodedPage]:
        return partial(decode_page, item.body, item.url, content_type=item.content_type)

    def keep(self, item: PageItem, result: DecodedPage) -> None:
        item._work.page = result
        item.fixes = list(result.fixes)
