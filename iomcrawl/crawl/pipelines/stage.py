"""What every stage pipeline shares: skip settled pages, and turn a stage's failure into the page's outcome.

The error semantics are those of :func:`iomcrawl.extraction.chain.extract_page`: ``PageRejected`` means
'no-release' with the rejection as reason; any other exception costs that page (outcome 'error', logged
with its traceback), never the crawl, and never an item silently lost by Scrapy.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar, Self

from iomcrawl.codes import Outcome, PageError, Reason
from iomcrawl.extraction.model import PageRejected

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from iomcrawl.crawl.items import PageItem

logger = logging.getLogger(__name__)


class StagePipeline:
    """Base class: subclasses implement :meth:`run`, which reads and fills the item."""

    stage: ClassVar[str] = "stage"

    def __init__(self, stats: StatsCollector | None = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def process_item(self, item: PageItem) -> PageItem:
        if item.outcome is not None:  # an earlier stage (or the download) already decided
            return item
        try:
            self.run(item)
        except PageRejected as exc:
            item.settle(Outcome.NO_RELEASE, str(exc))
            logger.debug("no release in %s: %s", item.url, exc)
        except Exception as exc:  # a bug must cost one page, not the crawl
            logger.exception("%s stage failed on %s", self.stage, item.url)
            item.settle(
                Outcome.ERROR, str(Reason(PageError.EXTRACTION_ERROR, f"{type(exc).__name__}: {exc}"))
            )
            self.inc(f"iomcrawl/stage_error/{self.stage}")
        return item

    def run(self, item: PageItem) -> None:
        raise NotImplementedError

    def inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)
