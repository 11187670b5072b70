"""Stage 1: page bytes to trustworthy text (:func:`iomcrawl.extraction.decode_page`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iomcrawl.crawl.pipelines.stage import StagePipeline
from iomcrawl.extraction import decode_page

if TYPE_CHECKING:
    from iomcrawl.crawl.items import PageItem


class DecodePipeline(StagePipeline):
    stage = "decode"

    def run(self, item: PageItem) -> None:
        page = decode_page(item.body, item.url, content_type=item.content_type)
        item._work.page = page
        item.fixes = list(page.fixes)
