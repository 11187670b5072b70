"""The crawl's two outputs and its accounting: ``releases.jsonl``, ``pages.jsonl`` (the crawl log) and
``crawl-summary.json``, written by one component so that their order is always the same.

* For each page item: its records to ``releases.jsonl``, then its line to ``pages.jsonl``. A line in the
  crawl log therefore means the URL's records are already written, which is what resume relies on.
* For each URL not fetched (robots, offsite, duplicate, depth, pattern, scheme), each redirect followed and
  each robots.txt fetched: one line, written where the decision is made (the middlewares, the replay).
* Each line is one ``write`` to a file opened ``O_APPEND``, so a kill leaves at worst an unterminated last
  line; the files are written as ``NAME.jsonl.part`` and renamed to ``NAME.jsonl`` when the crawl closes,
  so a published file never holds a partial line. A resumed job (same JOBDIR) cuts a torn last line and
  appends to the same files.
* When the crawl closes, a summary (counts by outcome, reason, status, host; bytes; WARC files; the exit
  status) goes to the log and to ``crawl-summary.json``. It is built from counts kept as lines are written
  (:class:`LogCounts`; a resumed job counts the earlier runs' lines once, when it opens), never by reading
  the crawl log back: a crawl of millions of URLs must not read gigabytes to say how it went.
* A crawl stopped without a clean close (a second Ctrl-C forces Twisted's reactor down) still publishes
  its outputs and an ``interrupted`` summary, from a reactor shutdown trigger.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import weakref
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import urlsplit

from scrapy import signals

from iomcrawl.codes import GATE_DROPS, Outcome, PageError, Reason, reason_code
from iomcrawl.crawl.config import EXIT_INTERRUPTED, EXIT_PARTIAL, EXIT_SUCCESS
from iomcrawl.crawl.items import PageItem, utc_now
from iomcrawl.crawl.outputs.exporters import log_line, page_line, record_line
from iomcrawl.crawl.outputs.journal import Journal, append_line, read_lines, repair_tail
from iomcrawl.extraction.records import content_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

RELEASES = "releases.jsonl"
PAGES = "pages.jsonl"
SUMMARY = "crawl-summary.json"
PART = ".part"


def is_final(line: dict[str, Any]) -> bool:
    """Whether a line ends a queued request (vs a decision not to queue a URL at all)."""
    return not (line.get("outcome") == Outcome.DROPPED and reason_code(line.get("reason")) in GATE_DROPS)


# finish_reason of a crawl whose reactor was stopped before the spider could close (a second Ctrl-C).
FORCED_SHUTDOWN = "shutdown-forced"


class LogCounts:
    """Running counts over the crawl log's lines, for the summary (see the module docstring)."""

    def __init__(self) -> None:
        self.lines = 0
        self.records = 0
        self.bytes = 0
        self.outcomes: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.hosts: Counter[str] = Counter()
        self.fetched: Counter[str] = Counter()  # host -> lines of URLs fetched (an answer, robots.txt aside)
        self.warc_files: set[str] = set()

    def add(self, line: dict[str, Any]) -> None:
        self.lines += 1
        self.records += int(line.get("records") or 0)
        self.bytes += int(line.get("bytes") or 0)
        self.outcomes[str(line.get("outcome"))] += 1
        if line.get("reason"):
            self.reasons[reason_code(line.get("reason")) or ""] += 1
        if line.get("status") is not None:
            self.statuses[str(line.get("status"))] += 1
        host = urlsplit(str(line.get("url"))).netloc
        self.hosts[host] += 1
        if line.get("status") is not None and line.get("outcome") != Outcome.PREREQUISITE:
            self.fetched[host] += 1
        if line.get("warc_file"):
            self.warc_files.add(str(line["warc_file"]))


class _Output:
    """One JSON Lines output, written as NAME.part and published as NAME."""

    def __init__(self, directory: Path, name: str) -> None:
        self.final = directory / name
        self.part = directory / (name + PART)
        self.fd: int | None = None
        self._location: Path | None = None

    def open(self, resume: bool) -> int:
        """Open for appending; on resume keep what earlier runs wrote (cut a torn last line)."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        removed = 0
        if resume:
            if not self.part.exists() and self.final.exists():
                self.final.replace(self.part)
            removed = repair_tail(self.part)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        else:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC
        self.fd = os.open(self.part, flags, 0o644)
        return removed

    def write(self, data: bytes) -> None:
        if data:
            assert self.fd is not None, f"{self.part} is not open"
            append_line(self.fd, data)

    def publish(self, keep_previous: bool = False) -> None:
        """Close and rename NAME.part to NAME; with *keep_previous*, close only (NAME stays as it was)."""
        if self.fd is None:
            return
        os.fsync(self.fd)
        os.close(self.fd)
        self.fd = None
        if keep_previous:
            self.location = self.part
        else:
            self.part.replace(self.final)

    @property
    def location(self) -> Path:
        """Where this run's lines are: NAME once published, NAME.part while written or when kept aside."""
        return self._location or self.final

    @location.setter
    def location(self, path: Path) -> None:
        self._location = path

    def previous(self) -> tuple[int, str] | None:
        """Lines and write time (UTC) of the published file a new run is about to replace, if any."""
        try:
            stat = self.final.stat()
            with self.final.open("rb") as stream:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
        except OSError:
            return None
        written = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(stat.st_mtime))
        return lines, written


class CrawlLog:
    """One per crawler (:meth:`of`); also an extension (``EXTENSIONS``) for the item and close signals."""

    _instances: ClassVar[weakref.WeakKeyDictionary[Crawler, CrawlLog]] = weakref.WeakKeyDictionary()

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.output_dir = Path(settings.get("IOMCRAWL_OUTPUT_DIR") or "output")
        jobdir = settings.get("IOMCRAWL_JOBDIR")
        self.journal: Journal | None = Journal(jobdir) if jobdir else None
        self.releases = _Output(self.output_dir, RELEASES)
        self.pages = _Output(self.output_dir, PAGES)
        self.resumed = False
        self.frontier: list[dict[str, Any]] = []  # frontier of earlier runs (resume)
        self.accounted: set[str] = set()  # URLs with a line
        self.done: set[str] = set()  # URLs with a final line (not just a gate decision)
        self.admitted: set[str] = set()  # URLs queued for a fetch (their line comes when it ends)
        self.written_ids: set[str] = set()  # record ids in releases.jsonl
        self.written_contents: dict[str, str] = {}  # content key of a record written -> its URL
        self.counts = LogCounts()
        self.stop_detail: str | None = None  # why a limit stopped the crawl (see iomcrawl.crawl.limits)
        self.repeats = 0
        self._opened = False
        self._closed = False
        self._started = time.time()

    @classmethod
    def of(cls, crawler: Crawler) -> Self:
        log = cls._instances.get(crawler)
        if not isinstance(log, cls):  # None: the first call for this crawler
            log = cls._instances[crawler] = cls(crawler)
        return log

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        log = cls.of(crawler)
        crawler.signals.connect(log.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(log.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(log.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(log.item_error, signal=signals.item_error)
        crawler.signals.connect(log.spider_closed, signal=signals.spider_closed)
        return log

    # -- opening ----------------------------------------------------------------------------------------

    def open(self) -> None:
        """Open the outputs (and the journal); on a resumed job, load what earlier runs did. Idempotent."""
        if self._opened:
            return
        self._opened = True
        if self.journal is not None:
            self.resumed = self.journal.exists()
            self.frontier = self.journal.open(self.output_dir)
            self.admitted.update(str(entry["url"]) for entry in self.frontier if entry.get("url"))
        cut = self.releases.open(self.resumed) + self.pages.open(self.resumed)
        on_reactor_shutdown(self.shutdown)
        if self.resumed:
            for line in read_lines(self.pages.part):
                self.counts.add(line)
                url = line.get("url")
                if not url:
                    continue
                self.accounted.add(url)
                if is_final(line):
                    self.done.add(url)
            for record in read_lines(self.releases.part):
                self.written_ids.add(str(record.get("id")))
                self.written_contents.setdefault(content_key(record), str(record.get("url")))
            pending = sum(1 for entry in self.frontier if entry.get("url") not in self.done)
            logger.info(
                "resuming job %s (run %d): %d URLs done, %d records written, %d queued again%s",
                self.journal.directory if self.journal else "",
                self.journal.runs if self.journal else 0,
                len(self.done),
                len(self.written_ids),
                pending,
                f"; cut {cut} bytes of a line a kill interrupted" if cut else "",
            )
            self.crawler.stats.set_value("iomcrawl/resumed_pending", pending)

    def spider_opened(self) -> None:
        self.open()

    # -- lines ------------------------------------------------------------------------------------------

    def _count(self, line: dict[str, Any]) -> None:
        self.counts.add(line)
        stats = self.crawler.stats
        stats.inc_value(f"iomcrawl/log/{line.get('outcome')}")
        code = reason_code(line.get("reason"))
        if code:
            stats.inc_value(f"iomcrawl/log_reason/{code}")

    def line(self, **fields: Any) -> None:
        """Write one crawl-log line (any PAGE_FIELDS; the rest are null)."""
        self.open()
        fields.setdefault("fetched_at", utc_now())
        self.pages.write(log_line(fields))
        url = fields.get("url")
        if url:
            self.accounted.add(url)
            if is_final(fields):
                self.done.add(url)
        self._count(fields)

    def drop(self, url: str, reason: Reason, **fields: Any) -> bool:
        """A URL not fetched, once per URL: a link met again is counted, not written again, and a URL
        already queued gets its line when its fetch ends, not a drop."""
        if url in self.accounted or url in self.admitted:
            self.repeats += 1
            self.crawler.stats.inc_value("iomcrawl/log_repeat_drops")
            return False
        self.line(url=url, outcome=Outcome.DROPPED, reason=str(reason), **fields)
        return True

    def page(self, item: PageItem) -> None:
        """A page item's records, then its line."""
        self.open()
        records = [r for r in item.records if str(r.get("id")) not in self.written_ids]
        self.releases.write(b"".join(record_line(record) for record in records))
        self.written_ids.update(str(record.get("id")) for record in records)
        line = page_line(item)
        self.pages.write(log_line(line))
        self.accounted.add(item.url)
        self.done.add(item.url)
        self._count(line)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, PageItem):
            self.page(item)

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        if isinstance(item, PageItem):
            item.records = []
            # Not Reason(): a DropItem without a message has always been written "dropped-by-pipeline: ".
            item.settle(Outcome.ERROR, f"{PageError.DROPPED_BY_PIPELINE}: {exception}")
            self.page(item)

    def item_error(self, item: Any, failure: Any) -> None:
        if isinstance(item, PageItem):
            item.records = []
            item.settle(Outcome.ERROR, str(Reason(PageError.PIPELINE_ERROR, repr(failure.value))))
            self.page(item)

    # -- closing ----------------------------------------------------------------------------------------

    def spider_closed(self, reason: str) -> None:
        self.close(reason)

    def shutdown(self) -> None:
        """The reactor is stopping: if the spider never closed (a forced stop), close the outputs now."""
        if self._opened and not self._closed:
            logger.warning("forced shutdown: publishing the outputs written so far")
            self.close(FORCED_SHUTDOWN)

    def close(self, finish_reason: str) -> dict[str, Any]:
        if self._closed:
            return {}
        self._closed = True
        self.open()
        # A run that did not finish never replaces the records of an earlier run (a resumed job continues its
        # own files): its lines stay in the .part files, where the same JOBDIR resumes them.
        previous = None if self.resumed else self.releases.previous()
        keep = previous is not None and finish_reason != "finished"
        self.releases.publish(keep_previous=keep)
        self.pages.publish(keep_previous=keep)
        summary = self.summary(finish_reason)
        if self.journal is not None:
            self.journal.close("finished" if finish_reason == "finished" else "interrupted")
        tmp = self.output_dir / (SUMMARY + PART)
        tmp.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        summary_path = tmp if keep else tmp.replace(self.output_dir / SUMMARY)
        kept = None
        if previous is not None:
            lines, written = previous
            what = f"{self.releases.final} ({lines} records from {written})"
            if keep:
                kept = what
                logger.warning(
                    "the crawl did not finish: kept the previous %s; this run's %d records are in %s (%s)",
                    what,
                    len(self.written_ids),
                    self.releases.part,
                    "run again with the same JOBDIR to continue them"
                    if self.journal is not None
                    else "a run that finishes replaces the previous files",
                )
            else:
                logger.info("replaced %s with %d records", what, len(self.written_ids))
        stats = self.crawler.stats
        stats.set_value("iomcrawl/exit_status", summary["exit_status"])
        stats.set_value("iomcrawl/exit_code", summary["exit_code"])
        stats.set_value("iomcrawl/summary", {**summary, "summary": str(summary_path), "kept": kept})
        self._log_summary(summary)
        return summary

    def summary(self, finish_reason: str) -> dict[str, Any]:
        """Counts over the whole crawl log (all runs of a resumed job), from :attr:`counts`."""
        counts = self.counts
        outcomes = counts.outcomes
        if finish_reason != "finished":
            status, code = "interrupted", EXIT_INTERRUPTED
        elif outcomes.get(Outcome.ERROR):
            status, code = "partial", EXIT_PARTIAL
        else:
            status, code = "success", EXIT_SUCCESS
        return {
            "finish_reason": finish_reason,
            "exit_status": status,
            "exit_code": code,
            "run_seconds": round(time.time() - self._started, 3),
            "runs": self.journal.runs if self.journal else 1,
            "stopped_by": self.stop_detail,
            "lines": counts.lines,
            "urls": len(self.accounted),
            "records": counts.records,
            "record_ids": len(self.written_ids),
            "bytes": counts.bytes,
            "outcomes": dict(outcomes.most_common()),
            "reasons": dict(counts.reasons.most_common()),
            "statuses": dict(sorted(counts.statuses.items())),
            "hosts": dict(counts.hosts.most_common()),
            "repeated_drops_not_logged": self.repeats,
            "warc_files": sorted(counts.warc_files),
            "releases": str(self.releases.location),
            "pages": str(self.pages.location),
        }

    @staticmethod
    def _log_summary(summary: dict[str, Any]) -> None:
        def pairs(counts: dict[str, int]) -> str:
            return ", ".join(f"{key} {value}" for key, value in counts.items()) or "none"

        if summary["stopped_by"]:
            logger.warning("crawl stopped early: %s", summary["stopped_by"])
        logger.info(
            "crawl summary: %s (%s, exit code %d): %d URLs in %d lines, %d records, %d bytes\n"
            "  outcomes: %s\n  reasons: %s\n  statuses: %s\n  hosts: %s\n  WARC files: %s",
            summary["exit_status"],
            summary["finish_reason"],
            summary["exit_code"],
            summary["urls"],
            summary["lines"],
            summary["records"],
            summary["bytes"],
            pairs(summary["outcomes"]),
            pairs(summary["reasons"]),
            pairs(summary["statuses"]),
            pairs(summary["hosts"]),
            ", ".join(summary["warc_files"]) or "none",
        )


def on_reactor_shutdown(callback: Any, phase: str = "before") -> None:
    """Run *callback* when the reactor stops, even when it is forced to (a no-op where no reactor is
    installed: unit tests)."""
    if "twisted.internet.reactor" not in sys.modules:
        return
    from twisted.internet import reactor

    installed: Any = reactor  # zope interface methods confuse mypy about the first argument
    installed.addSystemEventTrigger(phase, "shutdown", callback)
