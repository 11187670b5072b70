"""Downloader middleware that archives every HTTP exchange as a WARC response + request pair, so a live
crawl leaves a record of exactly what the server sent (replayable with ``-a archive=PATH``).

Placement matters (``DOWNLOADER_MIDDLEWARES`` priority 880): ``process_response`` runs from the
downloader side inwards, so at 880 the response is seen before HttpCompressionMiddleware (590) decodes
the body and rewrites Content-Encoding in place, before RedirectMiddleware (600) swallows 3xx answers and
before RetryMiddleware (550) swallows 5xx ones: the WARC gets the bytes and headers that came off the
wire, every attempt. ``process_request`` at 880 runs after the User-Agent, default-header, cookie and
compression middlewares have set their headers, so the request record shows what was sent.

``WARC-Date`` is when the request went out on the wire: when its response headers arrived less Scrapy's
``download_latency`` (which the download handler measures from the moment it sends). The time
``process_request`` runs is not it: a request then still waits in its host's slot for the download delay
and the requests ahead of it, seconds to minutes on a polite crawl.

Responses answered from the HTTP cache (flag ``cached``, middleware 900) are not captured again.
Truncated bodies (``dataloss``, with DOWNLOAD_FAIL_ON_DATALOSS off) get ``WARC-Truncated: disconnect``.
Each response's place in the archive goes into ``request.meta[CAPTURE]`` (:mod:`iomcrawl.crawl.meta`) for
the crawl log.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from iomcrawl import __version__
from iomcrawl.codes import Annotation
from iomcrawl.crawl.config import settings_fingerprint
from iomcrawl.crawl.meta import CAPTURE, FETCH_SECONDS, HEADERS_AT, SENT_AT, STARTED
from iomcrawl.warc.writer import CONFORMS_TO, WarcWriter, recover_open_files

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def warc_dir(settings: Any) -> Path:
    configured = settings.get("IOMCRAWL_WARC_DIR")
    if configured:
        return Path(configured)
    return Path(settings.get("IOMCRAWL_OUTPUT_DIR") or "output") / "warc"


def warcinfo(crawler: Crawler, spider_args: dict[str, Any] | None = None) -> dict[str, str]:
    settings = crawler.settings
    return {
        "software": f"iomcrawl/{__version__} (Scrapy/{scrapy.__version__}; warcio/{warcio_version()})",
        "format": "WARC File Format 1.1",
        "conformsTo": CONFORMS_TO,
        "operator": settings.get("IOMCRAWL_OPERATOR") or "",
        "isPartOf": settings.get("IOMCRAWL_COLLECTION") or "",
        "description": "iomcrawl capture of IOM press pages",
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": settings.get("USER_AGENT") or "",
        "iomcrawl-settings-sha256": settings_fingerprint(settings, spider_args),
    }


def warcio_version() -> str:
    try:
        return version("warcio")
    except PackageNotFoundError:
        return "unknown"


def request_line(request: Request) -> str:
    parts = urlparse_cached(request)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return f"{request.method} {target} HTTP/1.1"


def request_headers(request: Request) -> list[tuple[bytes | str, bytes | str]]:
    parts = urlparse_cached(request)
    headers: list[tuple[bytes | str, bytes | str]] = []
    if b"Host" not in request.headers:
        headers.append(("Host", parts.netloc))
    for name, values in request.headers.items():
        headers.extend((name, value) for value in values)
    return headers


def response_headers(response: Response) -> list[tuple[bytes | str, bytes | str]]:
    """All header values (``getlist``: two Set-Cookie stay two), minus Transfer-Encoding.

    Twisted has already removed the chunked framing from the body, so the header would describe bytes that
    are not in the record; it is kept under ``X-Crawler-Transfer-Encoding`` (as warcprox does).
    """
    headers: list[tuple[bytes | str, bytes | str]] = []
    for name, values in response.headers.items():
        if name.lower() == b"transfer-encoding":
            name = b"X-Crawler-Transfer-Encoding"
        headers.extend((name, value) for value in values)
    return headers


def sent_at(now: float, latency: float | None) -> datetime:
    """When the request was sent, from a later moment *now* and the latency Scrapy measured up to it."""
    return datetime.fromtimestamp(now - (latency or 0.0), UTC)


class WarcCaptureMiddleware:
    """See the module docstring. Settings: ``IOMCRAWL_WARC_ENABLED``, ``IOMCRAWL_WARC_DIR`` (default
    ``IOMCRAWL_OUTPUT_DIR/warc``), ``IOMCRAWL_WARC_MAX_SIZE``, ``IOMCRAWL_WARC_PREFIX``,
    ``IOMCRAWL_OPERATOR``, ``IOMCRAWL_COLLECTION``."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("IOMCRAWL_WARC_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.directory = warc_dir(crawler.settings)
        self.writer: WarcWriter | None = None
        self.recovered: list[tuple[Path, str]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(middleware.headers_received, signal=signals.headers_received)
        return middleware

    def headers_received(self, request: Request) -> None:
        now = time.time()
        request.meta[HEADERS_AT] = now
        request.meta[SENT_AT] = sent_at(now, request.meta.get("download_latency")).isoformat()

    def spider_opened(self, spider: scrapy.Spider) -> None:
        self.recovered = recover_open_files(self.directory)
        for path, action in self.recovered:
            self.crawler.stats.inc_value("iomcrawl/warc_recovered")
            logger.info("WARC of an earlier run: %s: %s", path, action)
        args = getattr(spider, "warc_args", None)
        settings = self.crawler.settings
        self.writer = WarcWriter(
            self.directory,
            info=warcinfo(self.crawler, args() if callable(args) else None),
            prefix=settings.get("IOMCRAWL_WARC_PREFIX") or "iomcrawl",
            max_size=settings.getint("IOMCRAWL_WARC_MAX_SIZE"),
        )

    def spider_closed(self, spider: scrapy.Spider) -> None:
        if self.writer is not None:
            self.writer.close()
            stats = self.crawler.stats
            stats.set_value("iomcrawl/warc_files", [str(path) for path in self.writer.files])
            stats.set_value("iomcrawl/warc_records", self.writer.records)

    def process_request(self, request: Request) -> None:
        for key in (CAPTURE, HEADERS_AT, FETCH_SECONDS, SENT_AT, "download_latency"):
            request.meta.pop(key, None)  # a redirect or retry copies meta: forget the previous attempt
        request.meta[STARTED] = time.time()

    def process_response(self, request: Request, response: Response) -> Response:
        latency, headers_at = request.meta.get("download_latency"), request.meta.get(HEADERS_AT)
        if latency is not None and headers_at is not None:  # time to headers (Scrapy's) + body transfer
            request.meta[FETCH_SECONDS] = latency + max(0.0, time.time() - headers_at)
        if Annotation.CACHED in response.flags:
            request.meta[CAPTURE] = {"cached": True}
            self.crawler.stats.inc_value("iomcrawl/warc_cache_hits_skipped")
            return response
        if self.writer is None:
            return response
        sent = request.meta.get(SENT_AT)  # absent when no headers_received came (file://, a cached answer)
        date = datetime.fromisoformat(sent) if sent else sent_at(time.time(), latency)
        try:
            if urlparse_cached(response).scheme not in ("http", "https"):
                content_type = response.headers.get(b"Content-Type")
                capture = self.writer.write_resource(
                    url=response.url,
                    body=response.body,
                    content_type=content_type.decode("latin-1") if content_type else None,
                    date=date,
                )
            else:
                capture = self.writer.write_http(
                    url=response.url,
                    status=response.status,
                    headers=response_headers(response),
                    body=response.body,
                    request_line=request_line(request),
                    request_headers=request_headers(request),
                    date=date,
                    protocol=response.protocol,
                    ip_address=str(response.ip_address) if response.ip_address else None,
                    truncated="disconnect" if Annotation.DATALOSS in response.flags else None,
                )
        except OSError:  # a full disk must not cost the page: it is logged, and the crawl log says so
            logger.exception("could not write %s to the WARC", response.url)
            request.meta[CAPTURE] = {"error": Annotation.WARC_WRITE_FAILED}
            return response
        request.meta[CAPTURE] = capture.as_meta()
        self.crawler.stats.inc_value(f"iomcrawl/warc_{capture.warc_type}")
        return response
