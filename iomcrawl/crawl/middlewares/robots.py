"""robots.txt as RFC 9309 reads it, with each robots.txt fetch accounted for in the crawl log.

:class:`PoliteRobotsTxtMiddleware` (replaces Scrapy's at 100): a robots.txt answering 5xx or 429, or not
answering at all, means *disallow everything* on that host (RFC 9309 §2.3.1.3–4; stock Scrapy crawls
anyway); a 4xx means no rules. ``Crawl-delay`` is honoured, capped at ``IOMCRAWL_CRAWL_DELAY_MAX``
seconds, as the delay of the host's download slot (kept there by :mod:`.throttle`). Each robots.txt fetch
gets a ``prerequisite`` line in the crawl log.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.robotstxt import RobotParser

from iomcrawl.codes import Note, Outcome, Reason
from iomcrawl.crawl.meta import capture_fields, fetch_seconds
from iomcrawl.crawl.middlewares.throttle import delay_floors
from iomcrawl.crawl.outputs.pagelog import CrawlLog

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

# The reason code of a robots.txt fetch's line; not yet an iomcrawl.codes member.


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
        seconds = fetch_seconds(meta)
        content_type = response.headers.get(b"Content-Type") if response is not None else None
        CrawlLog.of(self.crawler).line(
            url=url,
            status=status,
            outcome=Outcome.PREREQUISITE,
            reason=str(Reason(Note.ROBOTS_TXT, error or "")),
            bytes=len(response.body) if response is not None else None,
            content_type=content_type.decode("latin-1") if content_type else None,
            retries=meta.get("retry_times", 0),
            redirects=meta.get("redirect_urls", []),
            duration=None if seconds is None else round(seconds, 3),
            **capture_fields(meta),
        )
