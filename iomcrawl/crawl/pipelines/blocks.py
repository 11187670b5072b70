"""Stage 2: text to content blocks, chrome removed (:func:`page_blocks` + :func:`strip_boilerplate`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from iomcrawl.crawl.pipelines.stage import StagePipeline
from iomcrawl.extraction import page_blocks, strip_boilerplate
from iomcrawl.extraction.model import Block, DecodedPage

if TYPE_CHECKING:
    from iomcrawl.crawl.items import PageItem


def content_blocks(page: DecodedPage) -> list[Block]:
    return strip_boilerplate(page_blocks(page))


class BlocksPipeline(StagePipeline[list[Block]]):
    stage = "blocks"

    def work(self, item: PageItem) -> Callable[[], list[Block]]:
        page = item._work.page
        if page is None:
            raise RuntimeError("no decoded page: is DecodePipeline enabled before BlocksPipeline?")
        return lambda: content_blocks(page)

    def keep(self, item: PageItem, result: list[Block]) -> None:
        item._work.blocks = result
