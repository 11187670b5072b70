"""Run ``scrapy crawl releases`` and say with the exit code how it went.

Stock ``scrapy crawl`` exits 0 even when every item failed in a pipeline, so a scheduled job or CI step
cannot tell a broken crawl from a good one. :func:`run_crawl` (behind ``iomcrawl crawl``) runs the same
command in-process and exits with (see :mod:`iomcrawl.crawl.config`, and README.md "Crawling"):

* 0 success: the crawl ran to its end and no URL ended in error;
* 1 partial: it ran to its end, but some URLs ended in error (``outcome: error`` in pages.jsonl), or an
  ERROR was logged;
* 2 configuration error: it never started (bad arguments or settings);
* 3 interrupted: stopped early by SIGINT/SIGTERM (a forced second Ctrl-C too), a CLOSESPIDER_* limit or an
  iomcrawl limit (:mod:`iomcrawl.crawl.limits`); resume it with the same JOBDIR.

:class:`CrawlStats` hands the final stats over, in-process and, with ``-s IOMCRAWL_STATS_FILE=PATH``, to
any other caller as JSON (the test suite's crawl helpers read it).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals

from iomcrawl.crawl.config import (
    EXIT_CONFIG,
    EXIT_INTERRUPTED,
    EXIT_PARTIAL,
    EXIT_SUCCESS,
    ConfigError,
    config_errors,
)
from iomcrawl.crawl.outputs.pagelog import FORCED_SHUTDOWN, on_reactor_shutdown

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

SPIDER = "releases"
SETTINGS_MODULE = "iomcrawl.crawl.settings"

_finished: list[dict[str, Any]] = []  # stats of the crawls this process ran, for run_crawl


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class CrawlStats:
    """Extension: publish the final stats once the engine has stopped (feeds stored, every log line counted).

    Scrapy's ``log_count/*`` only counts between spider_opened and spider_closed, so an ERROR while the
    feeds are stored (output not written!) would not count; ``iomcrawl/errors_logged`` covers the whole run.
    """

    def __init__(self, crawler: Crawler, path: str | None = None) -> None:
        self.crawler = crawler
        self.path = Path(path) if path else None
        self._errors = _ErrorCounter()
        self._published = False
        logging.root.addHandler(self._errors)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler, crawler.settings.get("IOMCRAWL_STATS_FILE") or None)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        # After the crawl log's own shutdown trigger ("before"), which writes the exit code into the stats.
        on_reactor_shutdown(extension.reactor_stopped, phase="during")
        return extension

    def reactor_stopped(self) -> None:
        """The reactor was stopped with the engine still running (a forced second Ctrl-C)."""
        if not self._published:
            self.crawler.stats.set_value("finish_reason", FORCED_SHUTDOWN)
            if not self.crawler.stats.get_value("iomcrawl/exit_code"):
                self.crawler.stats.set_value("iomcrawl/exit_code", EXIT_INTERRUPTED)
            self.engine_stopped()

    def engine_stopped(self) -> None:
        if self._published:
            return
        self._published = True
        logging.root.removeHandler(self._errors)
        self.crawler.stats.set_value("iomcrawl/errors_logged", self._errors.count)
        stats = dict(self.crawler.stats.get_stats())
        _finished.append(stats)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), encoding="utf-8")


class _ConfigErrorTraceback(logging.Filter):
    """Leave out the traceback asyncio logs for a crawl refused with ConfigError: run_crawl says why in one
    line, and a traceback reads as a crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConfigError))


def error_count(stats: dict[str, Any]) -> int:
    """ERROR (and CRITICAL) lines the crawl logged."""
    counted = int(stats.get("log_count/ERROR", 0)) + int(stats.get("log_count/CRITICAL", 0))
    return max(counted, int(stats.get("iomcrawl/errors_logged", 0)))


def exit_code(scrapy_code: int, stats: dict[str, Any] | None) -> int:
    """Scrapy's own failure first (bad arguments, bootstrap), then the crawl log's verdict (success,
    partial, interrupted), then any ERROR the crawl logged (a success with an ERROR is partial)."""
    if scrapy_code:
        return scrapy_code
    if stats is None:
        return EXIT_SUCCESS
    code = int(stats.get("iomcrawl/exit_code") or EXIT_SUCCESS)
    if code == EXIT_SUCCESS and error_count(stats) > 0:
        return EXIT_PARTIAL
    return code


def _system_exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


class _ToDebug(logging.Filter):
    """Scrapy's start-up banner (versions, overridden settings, enabled components) and its stats dump
    are logged at DEBUG: at INFO they bury the crawl's own lines (the summary says how it went). Only these
    messages: the same loggers also say things that matter ("forcing unclean shutdown")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(_BANNER):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


# The loggers that print the banner, the components and the stats dump, and how those messages start.
_BANNER_LOGGERS = (
    "scrapy.utils.log",
    "scrapy.addons",
    "scrapy.middleware",
    "scrapy.crawler",
    "scrapy.statscollectors",
)
_BANNER = (
    "Scrapy %(version)s started",
    "Versions:",
    "Enabled ",
    "Overridden settings",
    "Dumping Scrapy stats",
)


def summary_line(stats: dict[str, Any]) -> str | None:
    """The one line printed on stdout at the end: how it went, the counts, the output paths."""
    summary = stats.get("iomcrawl/summary")
    if not isinstance(summary, dict):
        return None
    outcomes = summary.get("outcomes") or {}
    kept = f" (kept {summary['kept']})" if summary.get("kept") else ""
    return (
        f"iomcrawl: {summary['exit_status']}: {summary['urls']} URLs, {summary['records']} records, "
        f"{outcomes.get('error', 0)} errors in {summary['run_seconds']:.1f} s -> "
        f"{summary['releases']}, {summary['pages']}, {summary['summary']}{kept}"
    )


def run_crawl(argv: list[str]) -> int:
    """``iomcrawl crawl ARGS``: check ARGS (:mod:`iomcrawl.crawl.command`), then ``scrapy crawl releases``
    in this process; non-zero when it failed or logged an ERROR."""
    from iomcrawl.crawl.command import check_command, parse_command

    # Our settings wherever we are run from (scrapy.cfg only helps inside the repository).
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    _finished.clear()
    config_errors.clear()
    debug = "--debug" in argv
    try:
        command = parse_command(list(argv))
        check_command(command)
    except SystemExit as exc:  # --help
        return _system_exit_code(exc)
    except ConfigError as exc:
        if debug:
            traceback.print_exc()
        print(f"iomcrawl: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return _run_scrapy(command.scrapy_args, debug=command.debug)


def _run_scrapy(args: list[str], *, debug: bool) -> int:
    from scrapy.cmdline import execute

    config_errors.clear()
    quiet = _ConfigErrorTraceback()
    demote = _ToDebug()
    quieted = [logging.getLogger("asyncio")] if not debug else []
    for logger in quieted:
        logger.addFilter(quiet)
    for name in _BANNER_LOGGERS:
        logging.getLogger(name).addFilter(demote)
    try:
        execute(["scrapy", "crawl", SPIDER, *args])
        code = 0
    except SystemExit as exc:  # execute() always ends with sys.exit()
        code = _system_exit_code(exc)
    finally:
        for logger in quieted:
            logger.removeFilter(quiet)
        for name in _BANNER_LOGGERS:
            logging.getLogger(name).removeFilter(demote)
    if config_errors:
        print(f"iomcrawl: configuration error: {config_errors[-1]}", file=sys.stderr)
        return EXIT_CONFIG
    stats = _finished[-1] if _finished else None
    if stats is None and code == EXIT_SUCCESS:  # the reactor stopped before the engine could report
        return EXIT_INTERRUPTED
    result = exit_code(code, stats)
    if result and stats is not None and error_count(stats):
        print(
            f"iomcrawl: the crawl logged {error_count(stats)} ERROR line(s); see the log above",
            file=sys.stderr,
        )
    line = summary_line(stats) if stats is not None else None
    if line:
        print(line, flush=True)
    return result
