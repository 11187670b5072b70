"""How far a crawl has got, while it runs: one status line redrawn in place on a terminal, an INFO line every
``IOMCRAWL_PROGRESS_INTERVAL`` seconds otherwise (a log file or a pipe gets no redraws).

It replaces Scrapy's LogStats (off in settings.py), so there is one progress voice, and counts what the
crawl log counts (:class:`iomcrawl.crawl.outputs.pagelog.LogCounts`): pages crawled (fetched or read from an
archive, whatever came of them), URLs queued, records written, errors, pages per second, time elapsed.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, Self, TextIO

from scrapy import signals
from twisted.internet import task

from iomcrawl.codes import Outcome
from iomcrawl.crawl.outputs.pagelog import CrawlLog
from iomcrawl.progress import ProgressLine

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Outcomes of a URL that was fetched (or read from an archive): what "crawled" counts.
CRAWLED = (Outcome.RECORDS, Outcome.NO_RELEASE, Outcome.ERROR, Outcome.REDIRECT, Outcome.SKIPPED)
REDRAW_SECONDS = 0.5  # on a terminal


def elapsed_text(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class CrawlProgress:
    """Extension: the progress display (see the module docstring)."""

    def __init__(self, crawler: Crawler, stream: TextIO, interval: float) -> None:
        self.crawler = crawler
        self.line = ProgressLine(stream, min_interval=REDRAW_SECONDS / 2)
        self.interval = REDRAW_SECONDS if self.line.live else interval
        self.started = time.monotonic()
        self._loop: task.LoopingCall | None = None
        self._clearing = _ClearLine(self.line)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        progress = cls(crawler, sys.stderr, crawler.settings.getfloat("IOMCRAWL_PROGRESS_INTERVAL"))
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def text(self) -> str:
        counts = CrawlLog.of(self.crawler).counts
        stats = self.crawler.stats
        crawled = sum(counts.outcomes.get(outcome, 0) for outcome in CRAWLED)
        queued = max(
            0, int(stats.get_value("scheduler/enqueued", 0)) - int(stats.get_value("scheduler/dequeued", 0))
        )
        seconds = time.monotonic() - self.started
        rate = crawled / seconds if seconds > 0 else 0.0
        return (
            f"crawled {crawled} | queued {queued} | records {counts.records} | "
            f"errors {counts.outcomes.get(Outcome.ERROR, 0)} | {rate:.1f} pages/s | {elapsed_text(seconds)}"
        )

    def tick(self) -> None:
        if self.line.live:
            self.line.update(self.text())
        else:
            logger.info("progress: %s", self.text())

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        if self.interval <= 0:
            return
        if self.line.live:  # a log line first clears the status line, which the next tick redraws
            for handler in logging.root.handlers:
                handler.addFilter(self._clearing)
        self._loop = task.LoopingCall(self.tick)
        self._loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        for handler in logging.root.handlers:
            handler.removeFilter(self._clearing)
        self.line.close()


class _ClearLine(logging.Filter):
    def __init__(self, line: ProgressLine) -> None:
        super().__init__()
        self.line = line

    def filter(self, record: logging.LogRecord) -> bool:
        self.line.close()
        return True
