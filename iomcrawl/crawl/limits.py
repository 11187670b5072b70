"""Limits that stop a crawl before it exhausts the machine: a page budget per host and a memory cap.

A spider trap (a calendar, a faceted search, every page linking to twenty new URLs) is bounded by
``DEPTH_LIMIT`` only in theory (20 ** 10 URLs); the frontier, the duplicate filter and the crawl log's
indexes grow for as long as the crawl runs. :class:`CrawlLimits` (an extension, ``EXTENSIONS``) counts the
pages fetched from each host and watches the process's peak memory after every response:

* ``IOMCRAWL_MAX_PAGES_PER_HOST``: pages fetched from one host (``host:port``; robots.txt does not count),
  over all runs of a resumed job;
* ``IOMCRAWL_MAX_MEMORY_MB``: peak resident set size of the crawl process, in MiB.

Either stops the crawl as Scrapy's CLOSESPIDER_* limits do: the requests in flight end, the outputs are
published, the summary says ``interrupted`` with the limit that was hit (``stopped_by``), and
``iomcrawl crawl`` exits 3. A JOBDIR job resumes where it stopped once the limit is raised (``-s``).
0 turns a limit off.
"""

from __future__ import annotations

import logging
import resource
import sys
from collections import Counter
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import _schedule_coro

from iomcrawl.crawl.meta import ROBOTS_OF
from iomcrawl.crawl.outputs.pagelog import CrawlLog

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

# finish_reason of a crawl a limit stopped (crawl-summary.json, Scrapy's stats).
PAGE_BUDGET = "max-pages-per-host"
MEMORY_CAP = "max-memory"


def peak_memory_mb() -> float:
    """The process's peak resident set size in MiB (``ru_maxrss`` is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class CrawlLimits:
    def __init__(self, crawler: Crawler, max_pages_per_host: int, max_memory_mb: int) -> None:
        if max_pages_per_host <= 0 and max_memory_mb <= 0:
            raise NotConfigured
        self.crawler = crawler
        self.max_pages_per_host = max(0, max_pages_per_host)
        self.max_memory_mb = max(0, max_memory_mb)
        self.pages: Counter[str] = Counter()  # host:port -> pages fetched (all runs of the job)
        self.stopped: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        limits = cls(
            crawler, settings.getint("IOMCRAWL_MAX_PAGES_PER_HOST"), settings.getint("IOMCRAWL_MAX_MEMORY_MB")
        )
        crawler.signals.connect(limits.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(limits.response_received, signal=signals.response_received)
        return limits

    def spider_opened(self) -> None:
        """A resumed job's budget counts the pages its earlier runs fetched."""
        log = CrawlLog.of(self.crawler)
        log.open()
        self.pages.update(log.counts.fetched)

    def response_received(self, response: Response, request: Request) -> None:
        if request.meta.get(ROBOTS_OF) or self.stopped:
            return
        host = urlsplit(response.url).netloc
        self.pages[host] += 1
        if self.max_pages_per_host and self.pages[host] >= self.max_pages_per_host:
            self.stop(
                PAGE_BUDGET, f"IOMCRAWL_MAX_PAGES_PER_HOST ({self.max_pages_per_host}) reached on {host}"
            )
            return
        if self.max_memory_mb and (used := peak_memory_mb()) > self.max_memory_mb:
            self.stop(MEMORY_CAP, f"IOMCRAWL_MAX_MEMORY_MB ({self.max_memory_mb}) exceeded: {used:.0f} MiB")

    def stop(self, reason: str, detail: str) -> None:
        """Close the spider with *reason*; *detail* goes to the log, the stats and the summary."""
        self.stopped = detail
        logger.warning("stopping the crawl: %s", detail)
        self.crawler.stats.set_value("iomcrawl/stopped_by", detail)
        CrawlLog.of(self.crawler).stop_detail = detail
        _schedule_coro(self.crawler.engine.close_spider_async(reason=reason))
