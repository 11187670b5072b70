"""What a failed fetch becomes: an outcome (``error``, or ``dropped`` when policy said no) and a reason
whose code counts it (``dns-error``, ``timeout``, ``http-404``, ``robots``, ``too-large``, ...).

Scrapy hands every failed download to the request's errback, and only there: exceptions raised while a
response is processed (a decompression bomb, too many redirects, ``HttpError``) never reach a downloader
middleware's ``process_exception``, and no spider middleware sees them. So the spider's errback builds the
page item and asks a :class:`FaultMap` what came of it; ``IOMCRAWL_FAULTS_CLASS`` names the class (a
subclass overriding :meth:`FaultMap.verdict` maps faults differently), as ``DUPEFILTER_CLASS`` does for
Scrapy's duplicates filter.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error

from iomcrawl.codes import Drop, Outcome, PageError, Reason, http_error
from iomcrawl.crawl.meta import RECEIVED

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

# First match wins: the fault code that starts a failed page's reason.
_FAULTS: tuple[tuple[tuple[type[BaseException], ...], PageError], ...] = (
    ((CannotResolveHostError, twisted_error.DNSLookupError), PageError.DNS_ERROR),
    ((DownloadTimeoutError, twisted_error.TimeoutError), PageError.TIMEOUT),
    ((DownloadConnectionRefusedError, twisted_error.ConnectionRefusedError), PageError.CONNECTION_REFUSED),
    ((DownloadCancelledError,), PageError.CANCELLED),
    ((ResponseDataLossError,), PageError.DATA_LOSS),
    ((IgnoreRequest,), PageError.IGNORED),
)
_SIZE_CAP = re.compile(r"max(imum)? ?size|DOWNLOAD_MAXSIZE", re.I)


def download_fault(exc: BaseException) -> Reason:
    """A failed download's reason: a fault code first, for counting, then the exception's message."""
    code: str = next((code for types, code in _FAULTS if isinstance(exc, types)), PageError.DOWNLOAD_ERROR)
    message = str(exc)
    if code in (PageError.CANCELLED, PageError.IGNORED) and _SIZE_CAP.search(message):
        code = Drop.TOO_LARGE
    elif code == PageError.IGNORED and "max redirections" in message:
        code = PageError.REDIRECT_LOOP
    return Reason(code, message or type(exc).__name__)


class FaultMap:
    """Maps a failed fetch to its outcome and reason, and counts it (``iomcrawl/fetch_failed/CODE`` for
    errors, ``iomcrawl/dropped/CODE`` for refusals)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        faults = cls(crawler)
        crawler.signals.connect(faults.bytes_received, signal=signals.bytes_received)
        return faults

    def bytes_received(self, data: bytes, request: Request) -> None:
        """Count a request's body bytes, to tell a download cut at DOWNLOAD_MAXSIZE from other cancels."""
        request.meta[RECEIVED] = request.meta.get(RECEIVED, 0) + len(data)

    def verdict(self, request: Request, exc: BaseException) -> tuple[Outcome, Reason]:
        """What became of *request*, whose fetch failed with *exc*, and why. Override for another mapping."""
        if isinstance(exc, HttpError):
            return self.http_verdict(exc.response)
        message = str(exc)
        if isinstance(exc, IgnoreRequest) and "robots.txt unavailable" in message:
            return Outcome.DROPPED, Reason(Drop.ROBOTS_UNAVAILABLE, message)
        if isinstance(exc, IgnoreRequest) and "robots.txt" in message:
            return Outcome.DROPPED, Reason(Drop.ROBOTS, "disallowed by robots.txt")
        reason = download_fault(exc)
        received = request.meta.get(RECEIVED, 0)
        if reason.code == PageError.CANCELLED and self.maxsize and received > self.maxsize:
            reason = Reason(
                Drop.TOO_LARGE, f"{received} bytes received, over DOWNLOAD_MAXSIZE ({self.maxsize})"
            )
        if reason.code == PageError.REDIRECT_LOOP:
            chain = [*request.meta.get("redirect_urls", []), request.url]
            reason = Reason(PageError.REDIRECT_LOOP, f"{len(chain)} redirects: {' -> '.join(chain[-4:])}")
        return (Outcome.DROPPED if reason.code == Drop.TOO_LARGE else Outcome.ERROR), reason

    def http_verdict(self, response: Response) -> tuple[Outcome, Reason]:
        """An HTTP error status, or a redirect that was not followed (to a ``file:`` URL, say)."""
        status = response.status
        location = response.headers.get(b"Location")
        if 300 <= status < 400 and location:
            target = location.decode("latin-1")
            detail = f"{status} -> {target} (not followed: only http(s) redirects are)"
            return Outcome.DROPPED, Reason(Drop.REDIRECT_REFUSED, detail)
        return Outcome.ERROR, Reason(http_error(status))

    def count(self, url: str, outcome: Outcome, reason: Reason) -> None:
        """Log and count a failed fetch: a warning for an error, a debug line for a refusal."""
        if outcome == Outcome.ERROR:
            logger.warning("fetch failed: %s (%s)", url, reason)
            self.crawler.stats.inc_value(f"iomcrawl/fetch_failed/{reason.code}")
        else:
            logger.debug("not fetched: %s (%s)", url, reason)
            self.crawler.stats.inc_value(f"iomcrawl/dropped/{reason.code}")
