"""Downloader middlewares and the throttle that make the crawl polite and fault tolerant.

* :class:`PoliteRobotsTxtMiddleware` (replaces Scrapy's at 100): a robots.txt answering 5xx or 429, or
  not answering at all, means *disallow everything* on that host (RFC 9309 §2.3.1.3–4; stock Scrapy
  crawls anyway); a 4xx means no rules. ``Crawl-delay`` is honoured, capped at
  ``IOMCRAWL_CRAWL_DELAY_MAX`` seconds, as the delay of the host's download slot. Each robots.txt fetch
  gets a ``prerequisite`` line in the crawl log.
* :class:`PoliteAutoThrottle` (replaces AutoThrottle): never lowers a slot's delay below its Crawl-delay.
* :class:`DataLossRetryMiddleware` (610): with ``DOWNLOAD_FAIL_ON_DATALOSS`` off a truncated body arrives
  flagged ``dataloss`` (so the WARC can keep it, marked ``WARC-Truncated``); it is retried like a 5xx,
  and after the last retry reaches the spider, which logs it as ``truncated``.
* :class:`TolerantCompressionMiddleware` (replaces HttpCompressionMiddleware at 590): a body that does
  not decode as its ``Content-Encoding`` says is kept as received and flagged, instead of the page being
  lost to a ``BadGzipFile``; gzip bytes sent without ``Content-Encoding`` are gunzipped (same size cap).
  Decompression bombs still end as ``IgnoreRequest`` (DOWNLOAD_MAXSIZE).
"""

from __future__ import annotations

import logging
import time
import weakref
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip

from iomcrawl.crawl.capture import CAPTURE, FETCH_SECONDS, STARTED
from iomcrawl.crawl.outputs.pagelog import CrawlLog

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_floors: weakref.WeakKeyDictionary[Crawler, dict[str, float]] = weakref.WeakKeyDictionary()

GZIP_TYPES = (b"application/gzip", b"application/x-gzip", b"application/octet-stream")


def delay_floors(crawler: Crawler) -> dict[str, float]:
    """Download-slot key -> minimum delay from that host's Crawl-delay (shared by robots and throttle)."""
    return _floors.setdefault(crawler, {})


def capture_fields(meta: dict[str, Any]) -> dict[str, Any]:
    """The crawl-log fields of the WARC record a response went to (none if not captured)."""
    capture = meta.get(CAPTURE) or {}
    fields = {
        "warc_file": capture.get("warc_file"),
        "warc_offset": capture.get("warc_offset"),
        "warc_record_id": capture.get("warc_record_id"),
        "capture_date": capture.get("capture_date"),
        "digest": capture.get("digest"),
    }
    annotations = []
    if capture.get("warc_type") == "revisit":
        annotations.append("revisit")
    if capture.get("cached"):
        annotations.append("cached")
    if capture.get("error"):
        annotations.append(capture["error"])
    fields["annotations"] = annotations
    return fields


class UnavailableRobots(RobotParser):
    """The rules of a host whose robots.txt could not be had: nothing may be fetched (RFC 9309)."""

    def __init__(self, why: str) -> None:
        self.why = why

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Self:  # pragma: no cover
        return cls("unavailable")

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        return None


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.delay_cap = crawler.settings.getfloat("IOMCRAWL_CRAWL_DELAY_MAX", 30.0)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, UnavailableRobots):
            self._stats.inc_value("robotstxt/forbidden")
            self._stats.inc_value("iomcrawl/robots_unavailable_forbidden")
            raise IgnoreRequest(f"robots.txt unavailable ({rp.why}): host disallowed (RFC 9309)")
        super().process_request_2(rp, request)

    def _robots_url(self, netloc: str, request: Request) -> str:
        return f"{urlsplit(request.url).scheme}://{netloc}/robots.txt"

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        self._log_fetch(response.url, response.status, response, None)
        status = response.status
        if status >= 500 or status == 429:
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/response_status_count/{status}")
            logger.warning("robots.txt of %s answered %d: nothing there will be fetched", netloc, status)
            self._settle(netloc, UnavailableRobots(f"HTTP {status}"))
            return
        if 400 <= status < 500:  # unavailable: no rules (RFC 9309 §2.3.1.3)
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)
        parser = self._parsers.get(netloc)
        if isinstance(parser, RobotParser):
            self._apply_crawl_delay(parser, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):  # e.g. offsite or too large: treat as unreachable too
            why = f"not fetched: {exc}"
        else:
            why = f"{type(exc).__name__}: {exc}".rstrip(": ")
            key = f"robotstxt/exception_count/{type(exc)}"
            self._stats.inc_value(key)
        logger.warning(
            "robots.txt of %s could not be fetched (%s): nothing there will be fetched", netloc, why
        )
        self._log_fetch(f"http://{netloc}/robots.txt", None, None, why)
        self._settle(netloc, UnavailableRobots(why))

    def _settle(self, netloc: str, parser: RobotParser) -> None:
        waiting = self._parsers.get(netloc)
        self._parsers[netloc] = parser
        if waiting is not None and hasattr(waiting, "callback") and not getattr(waiting, "called", True):
            waiting.callback(parser)

    def _apply_crawl_delay(self, parser: RobotParser, request: Request) -> None:
        user_agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        try:
            delay = parser.crawl_delay(user_agent or "")
        except Exception:  # a parser that chokes on its own rules must not stop the crawl
            delay = None
        if not delay or delay <= 0:
            return
        applied = min(float(delay), self.delay_cap)
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        delay_floors(self.crawler)[key] = applied
        settings = dict(downloader.per_slot_settings.get(key, {}))
        settings["delay"] = max(float(settings.get("delay", 0.0)), applied)
        settings["jitter"] = 0.0  # a random jitter would go below the delay asked for
        downloader.per_slot_settings[key] = settings
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, applied)
            slot.jitter = 0.0
        self._stats.set_value(f"iomcrawl/crawl_delay/{key}", applied)
        logger.info("Crawl-delay %s s for %s (applied: %s s)", delay, key, applied)

    def _log_fetch(self, url: str, status: int | None, response: Response | None, error: str | None) -> None:
        meta = response.meta if response is not None and response.request is not None else {}
        started = meta.get(STARTED)
        seconds = meta.get(FETCH_SECONDS, None if started is None else max(0.0, time.time() - started))
        content_type = response.headers.get(b"Content-Type") if response is not None else None
        CrawlLog.of(self.crawler).line(
            url=url,
            status=status,
            outcome="prerequisite",
            reason=f"robots.txt: {error}" if error else "robots.txt",
            bytes=len(response.body) if response is not None else None,
            content_type=content_type.decode("latin-1") if content_type else None,
            retries=meta.get("retry_times", 0),
            redirects=meta.get("redirect_urls", []),
            duration=None if seconds is None else round(seconds, 3),
            **capture_fields(meta),
        )


class PoliteAutoThrottle(AutoThrottle):
    def _response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        floor = delay_floors(self.crawler).get(key or "", 0.0)
        if slot is not None and slot.delay < floor:
            slot.delay = floor


class DataLossRetryMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if "dataloss" not in response.flags or request.meta.get("dont_retry"):
            return response
        self.crawler.stats.inc_value("iomcrawl/dataloss_responses")
        retry = get_retry_request(request, spider=self.crawler.spider, reason="data-loss")
        return retry if retry is not None else response


class TolerantCompressionMiddleware(HttpCompressionMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.method == "HEAD":
            return response
        if not response.headers.getlist("Content-Encoding"):
            return self._sniff_gzip(request, response)
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            raise
        except Exception as exc:  # BadGzipFile, zlib.error, brotli.error, EOFError...
            logger.warning(
                "%s: body does not decode as Content-Encoding %s (%s); kept as received",
                response.url,
                response.headers.get(b"Content-Encoding", b"").decode("latin-1"),
                exc,
            )
            if self.stats:
                self.stats.inc_value("iomcrawl/content_encoding_false")
            headers = response.headers.copy()
            del headers["Content-Encoding"]
            return response.replace(headers=headers, flags=[*response.flags, "content-encoding-false"])

    def _sniff_gzip(self, request: Request, response: Response) -> Response:
        body = response.body
        content_type = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
        if not body.startswith(b"\x1f\x8b") or content_type in GZIP_TYPES:
            return response
        max_size = request.meta.get("download_maxsize", self._max_size)
        try:
            decoded = gunzip(body, max_size=max_size)
        except _DecompressionMaxSizeExceeded as exc:
            msg = (
                f"Ignored response {response}: gzip body without Content-Encoding exceeded "
                f"DOWNLOAD_MAXSIZE ({max_size} B) during decompression."
            )
            raise IgnoreRequest(msg) from exc
        except Exception:
            return response  # not gzip after all
        if self.stats:
            self.stats.inc_value("iomcrawl/gzip_sniffed")
        return response.replace(body=decoded, flags=[*response.flags, "gzip-without-content-encoding"])
