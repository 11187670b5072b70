"""robots.txt as RFC 9309 reads it, with each robots.txt fetch accounted for in the crawl log.

:class:`PoliteRobotsTxtMiddleware` (replaces Scrapy's at 100): a robots.txt answering 5xx or 429, or not
answering at all, means *disallow everything* on that host (RFC 9309 §2.3.1.3–4; stock Scrapy crawls
anyway); a 4xx means no rules. ``Crawl-delay`` is honoured, capped at ``IOMCRAWL_CRAWL_DELAY_MAX``
seconds, as the delay of the host's download slot (kept there by :mod:`.throttle`). Each robots.txt fetch
gets a ``prerequisite`` line in the crawl log.

A robots.txt may redirect, but only within the crawl's scope (:class:`~.scope.Scope`), and never to a
private or link-local address unless the crawl's own host is one: otherwise any site could make the crawler
fetch (and archive) an intranet page or a cloud metadata endpoint. A redirect refused leaves the host's
robots.txt unavailable. A host that cannot be reached at all (refused connection, unknown name) is not
"robots-unavailable": each of its URLs fails with that fault, as it would have without robots.txt.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, IgnoreRequest
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import error as twisted_error
from twisted.internet.defer import Deferred

from iomcrawl.codes import Note, Outcome, Reason
from iomcrawl.crawl.downloader import CrawlStopping
from iomcrawl.crawl.meta import ROBOTS_OF, capture_fields, fetch_seconds
from iomcrawl.crawl.middlewares.scope import crawl_scope
from iomcrawl.crawl.middlewares.throttle import delay_floors
from iomcrawl.crawl.outputs.pagelog import CrawlLog
from iomcrawl.crawl.urls import private_address

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Faults that say the host itself cannot be reached: its URLs fail with them rather than as robots drops.
UNREACHABLE = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    twisted_error.DNSLookupError,
    twisted_error.ConnectError,
)


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


class UnreachableHost(UnavailableRobots):
    """The rules of a host that could not be reached: each request fails with the fault that said so."""

    def __init__(self, fault: BaseException) -> None:
        super().__init__(f"{type(fault).__name__}: {fault}")
        self.fault = fault


class StoppedRobots(UnavailableRobots):
    """The crawl stopped before the robots.txt was fetched: the host's requests are not sent either."""

    def __init__(self) -> None:
        super().__init__("the crawl is stopping")


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.delay_cap = crawler.settings.getfloat("IOMCRAWL_CRAWL_DELAY_MAX", 30.0)

    async def process_request(self, request: Request, spider: object = None) -> None:
        if request.meta.get(ROBOTS_OF) and request.meta.get("redirect_urls"):
            self.check_redirect(request)
        await super().process_request(request)

    def check_redirect(self, request: Request) -> None:
        """Refuse a robots.txt redirect that leaves the crawl's scope or goes to a private address."""
        target = urlsplit(request.url)
        scope = crawl_scope(self.crawler)
        offsite = scope is not None and not scope.allows(request.url)
        private = private_address(target.hostname or "") and not private_address(scope.host if scope else "")
        if offsite or private or target.scheme not in ("http", "https"):
            self._stats.inc_value("iomcrawl/robots_redirect_refused")
            where = "a private address" if private else "off the crawl's scope"
            raise IgnoreRequest(f"robots.txt redirect to {request.url} refused: {where}")

    async def robot_parser(self, request: Request) -> RobotParser | None:
        """Scrapy's, with the robots.txt request marked (:meth:`check_redirect`) and its failure logged by
        :meth:`_robots_error` as a warning (an unreachable host is not a crawler error)."""
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots_request = Request(
                self._robots_url(netloc, request),
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True, ROBOTS_OF: netloc},
                callback=NO_CALLBACK,
            )
            try:
                response = await self.crawler.engine.download_async(robots_request)
                await self._parse_robots(response, netloc, request)
            except Exception as exc:  # every failure settles the host (RFC 9309: unreachable)
                self._robots_error(exc, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, StoppedRobots):
            raise CrawlStopping(f"not sent: {rp.why}")
        if isinstance(rp, UnreachableHost):
            raise rp.fault
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
        if isinstance(exc, CrawlStopping):  # not fetched, no line: a resumed job asks again
            self._settle(netloc, StoppedRobots())
            return
        if isinstance(exc, UNREACHABLE):
            logger.warning("robots.txt of %s: host unreachable (%s)", netloc, exc)
            self._log_fetch(f"http://{netloc}/robots.txt", None, None, f"{type(exc).__name__}: {exc}")
            self._settle(netloc, UnreachableHost(exc))
            return
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
