"""Archived captures as the spider's start items, so a replay runs through the same pipelines and crawl log
as a live crawl (``-a archive=PATH``, and ``iomcrawl crawl`` with no arguments: the bundled sample).

:class:`ArchiveReplay` reads the files with :class:`iomcrawl.warc.replay.ArchiveReader`: each capture
becomes a :class:`~iomcrawl.crawl.items.PageItem`, each capture not worth extracting a ``skipped`` line,
each unreadable file an ``error`` line (the other files go on).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from iomcrawl.codes import Outcome, PageError, Reason, reason_code
from iomcrawl.crawl.items import PageItem
from iomcrawl.crawl.outputs.pagelog import CrawlLog
from iomcrawl.warc.replay import ArchiveReader, Capture, Corrupt, Skipped

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def capture_item(capture: Capture) -> PageItem:
    """The page item of an archived capture, with where it was read from."""
    headers: dict[str, str] = {}
    for name, value in capture.headers:
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return PageItem(
        url=capture.url,
        status=capture.status,
        headers=headers,
        body=capture.body,
        fetched_at=capture.date or None,
        content_type=capture.content_type,
        source_kind="warc",
        wire_bytes=capture.payload_bytes,
        digest=capture.digest,
        annotations=list(capture.annotations),
        warc_file=capture.archive,
        warc_offset=capture.offset,
        warc_record_id=capture.record_id,
        capture_date=capture.date,
    )


class ArchiveReplay:
    """The captures of *paths* as page items; skips and corrupt files go to the crawl log directly."""

    def __init__(self, crawler: Crawler, paths: list[Path]) -> None:
        self.crawler = crawler
        self.paths = paths
        self.log = CrawlLog.of(crawler)

    def items(self) -> Iterator[PageItem]:
        stats = self.crawler.stats
        reader = ArchiveReader(self.paths, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        for event in reader:
            if isinstance(event, Capture):
                stats.inc_value("iomcrawl/replay/captures")
                yield capture_item(event)
            elif isinstance(event, Skipped):
                stats.inc_value(f"iomcrawl/replay/skipped/{reason_code(event.reason)}")
                self.skipped(event)
            elif isinstance(event, Corrupt):
                stats.inc_value("iomcrawl/replay/corrupt_files")
                self.corrupt(event)
        for key, count in sorted(reader.counts.items()):
            stats.set_value(f"iomcrawl/replay/{key}", count)

    def skipped(self, event: Skipped) -> None:
        self.log.line(
            url=event.url,
            status=event.status,
            outcome=Outcome.SKIPPED,
            reason=event.reason,
            content_type=event.content_type,
            digest=event.digest,
            warc_file=event.archive,
            warc_offset=event.offset,
            warc_record_id=event.record_id,
            capture_date=event.date,
            fetched_at=event.date,
        )

    def corrupt(self, event: Corrupt) -> None:
        logger.error(
            "archive %s is unreadable after %d records, at offset %d: %s; the other files go on",
            event.archive,
            event.records_read,
            event.offset,
            event.error,
        )
        detail = f"at offset {event.offset}, after {event.records_read} records: {event.error}"
        self.log.line(
            url=Path(event.archive).resolve().as_uri(),
            outcome=Outcome.ERROR,
            reason=str(Reason(PageError.ARCHIVE_CORRUPT, detail)),
            warc_file=event.archive,
            warc_offset=event.offset,
        )
