"""What every stage pipeline shares: skip settled pages, run the stage off the reactor within the page's
deadline, and turn a stage's failure into the page's outcome.

A stage is split in two so that a worker thread never touches the item: :meth:`StagePipeline.work`
(reactor thread) takes the stage's inputs from the item and returns the work, a call that reads nothing
else; the work runs on a worker (:mod:`iomcrawl.crawl.pipelines.workers`); :meth:`StagePipeline.keep`
(reactor thread) puts its result on the item. An abandoned stage thus cannot change a page already
written. Without workers (``IOMCRAWL_EXTRACTION_THREADS=0``, or a pipeline built without a crawler) the
work runs inline, with no deadline. The last stage lets pages go in the order they came (``ArrivalOrder``).

The error semantics are those of :func:`iomcrawl.extraction.chain.extract_page`: ``PageRejected`` means
'no-release' with the rejection as reason; any other exception costs that page (outcome 'error', logged
with its traceback), never the crawl, and never an item silently lost by Scrapy. A page past its deadline
is 'error' with reason ``extraction-timeout``, and no records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from scrapy.utils.defer import maybe_deferred_to_future

from iomcrawl.codes import Outcome, PageError, Reason
from iomcrawl.crawl.pipelines.workers import ExtractionTimeout, ExtractionWorkers
from iomcrawl.extraction.model import PageRejected

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from iomcrawl.crawl.items import PageItem

logger = logging.getLogger(__name__)

R = TypeVar("R")


class StagePipeline(Generic[R]):
    """Base class: subclasses implement :meth:`work` and :meth:`keep` (or :meth:`run`, inline only)."""

    stage: ClassVar[str] = "stage"
    failure_code: ClassVar[PageError] = PageError.EXTRACTION_ERROR
    # Whether pages leave this stage in the order they entered the first (see ArrivalOrder): the last
    # stage, which decides what is written, says so.
    in_arrival_order: ClassVar[bool] = False

    def __init__(self, stats: StatsCollector | None = None, workers: ExtractionWorkers | None = None) -> None:
        self.stats = stats
        self.workers = workers

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats, ExtractionWorkers.of(crawler))

    def process_item(self, item: PageItem) -> PageItem | Coroutine[Any, Any, PageItem]:
        """The item, or (with workers) a coroutine that gives it once the stage has run."""
        if self.workers is None:
            return self._inline(item)
        self.workers.order.enter(item)
        return self._off_reactor(item, self.workers)

    def _inline(self, item: PageItem) -> PageItem:
        if self.applies(item):
            try:
                self.keep(item, self.work(item)())
            except Exception as exc:
                self.failed(item, exc)
        return self.finish(item)

    async def _off_reactor(self, item: PageItem, workers: ExtractionWorkers) -> PageItem:
        results = await self._run_on_worker(item, workers) if self.applies(item) else []
        if self.in_arrival_order:
            await maybe_deferred_to_future(workers.order.turn(item))
        try:
            for result in results:
                self.keep(item, result)
        except Exception as exc:
            self.failed(item, exc)
        item = self.finish(item)
        if self.in_arrival_order:
            workers.order.leave(item)
        return item

    async def _run_on_worker(self, item: PageItem, workers: ExtractionWorkers) -> list[R]:
        """The work's result (one, or none when the stage failed and settled the page)."""
        try:
            work = self.work(item)
            allowance = workers.allowance(item._extraction_seconds)
            result, seconds = await maybe_deferred_to_future(workers.submit(work, allowance))
        except ExtractionTimeout as exc:
            self.timed_out(item, exc)
            return []
        except Exception as exc:
            self.failed(item, exc)
            return []
        item._extraction_seconds += seconds
        return [result]

    def applies(self, item: PageItem) -> bool:
        """Whether this stage runs on *item*: by default, while no earlier stage (or the download) decided."""
        return item.outcome is None

    def work(self, item: PageItem) -> Callable[[], R]:
        """The stage's work, bound to its inputs taken from *item* now (on the reactor thread)."""
        raise NotImplementedError

    def keep(self, item: PageItem, result: R) -> None:
        """Put the work's result on *item* (on the reactor thread)."""
        raise NotImplementedError

    def run(self, item: PageItem) -> None:
        """The stage inline: its work and keeping the result, on the calling thread."""
        self.keep(item, self.work(item)())

    def finish(self, item: PageItem) -> PageItem:
        """The last thing done with every item, settled or not (ValidatePipeline counts outcomes here)."""
        return item

    def failed(self, item: PageItem, exc: Exception) -> None:
        if isinstance(exc, PageRejected):
            item.settle(Outcome.NO_RELEASE, str(exc))
            logger.debug("no release in %s: %s", item.url, exc)
            return
        # a bug must cost one page, not the crawl
        logger.error("%s stage failed on %s", self.stage, item.url, exc_info=exc)
        item.records = []
        item.settle(Outcome.ERROR, str(Reason(self.failure_code, f"{type(exc).__name__}: {exc}")))
        self.inc(f"iomcrawl/stage_error/{self.stage}")

    def timed_out(self, item: PageItem, exc: ExtractionTimeout) -> None:
        logger.warning("%s stage on %s given up: %s", self.stage, item.url, exc)
        item._extraction_seconds = exc.timeout
        item.records = []
        item.settle(Outcome.ERROR, str(Reason(PageError.EXTRACTION_TIMEOUT, f"{self.stage} stage: {exc}")))
        self.inc(f"iomcrawl/extraction_timeout/{self.stage}")

    def inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)
