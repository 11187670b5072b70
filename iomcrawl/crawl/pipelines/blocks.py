"""Stage 2: text to content blocks, chrome removed (:func:`page_blocks` + :func:`strip_boilerplate`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iomcrawl.crawl.pipelines.stage import StagePipeline
from iomcrawl.extraction import page_blocks, strip_boilerplate

if TYPE_CHECKING:
    from iomcrawl.crawl.items import PageItem


class BlocksPipeline(StagePipeline):
    stage = "blocks"

    def run(self, item: PageItem) -> None:
        page = item._work.page
        if page is None:
            raise RuntimeError("no decoded page: is DecodePipeline enabled before BlocksPipeline?")
        item._work.blocks = strip_boilerplate(page_blocks(page))
