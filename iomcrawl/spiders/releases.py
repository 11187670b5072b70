"""The ``releases`` spider: fetch pages, follow in-scope links, yield one PageItem per URL.

It does no extraction: the item pipelines run the extraction chain, so a crawl and ``iomcrawl extract``
agree. Every URL fetched becomes an item, failed fetches included, so ``pages.jsonl`` accounts for all.

* ``scrapy crawl releases``: the bundled sample site, served on 127.0.0.1 for the crawl (offline).
* ``-a site_dir=PATH``: another folder, served the same way.
* ``-a start_url=URL``: a live crawl of that URL's host plus the ``IOMCRAWL_SCOPE_DOMAINS``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error

from iomcrawl.items import PageItem, utc_now
from iomcrawl.sample_site import SAMPLE_SITE_DIR, SampleSite

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

# Links that are never press-release pages, on top of Scrapy's list (pdf, images, office, archives...).
SKIP_EXTENSIONS = [*IGNORED_EXTENSIONS, "rtf", "csv", "gz", "tgz", "ics", "epub", "xml", "json"]
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)[\s>]", re.I)

# First match wins: the short fault code that starts a failed page's reason.
_FAULTS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((CannotResolveHostError, twisted_error.DNSLookupError), "dns-error"),
    ((DownloadTimeoutError, twisted_error.TimeoutError), "timeout"),
    ((DownloadConnectionRefusedError, twisted_error.ConnectionRefusedError), "connection-refused"),
    ((DownloadCancelledError,), "cancelled"),
    ((ResponseDataLossError,), "data-loss"),
    ((IgnoreRequest,), "ignored"),
)


def download_fault(exc: BaseException) -> str:
    """A failed download's reason: a fault code first, for counting, then the exception's message."""
    code = next((code for types, code in _FAULTS if isinstance(exc, types)), "download-error")
    detail = str(exc) or type(exc).__name__
    return f"{code}: {detail}"


def _effective_port(scheme: str, port: int | None) -> int | None:
    return None if port in (None, {"http": 80, "https": 443}.get(scheme)) else port


@dataclass(frozen=True)
class Scope:
    """Which URLs a crawl may fetch: the start host (and port), plus listed domains with their subdomains."""

    host: str
    port: int | None = None
    domains: tuple[str, ...] = ()

    @classmethod
    def around(cls, start_url: str, domains: tuple[str, ...] = ()) -> Scope:
        parts = urlsplit(start_url)
        return cls((parts.hostname or "").lower(), _effective_port(parts.scheme, parts.port), domains)

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        host = parts.hostname.lower()
        try:
            port = _effective_port(parts.scheme, parts.port)
        except ValueError:  # a port that is not a number
            return False
        if host == self.host and port == self.port:
            return True
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1"): ", ".join(value.decode("latin-1") for value in values)
        for key, values in response.headers.items()
    }


def _html_response(response: Response) -> HtmlResponse | None:
    """The response as HTML if it is HTML, whatever its Content-Type says (legacy servers mislabel)."""
    if isinstance(response, HtmlResponse):
        return response
    if isinstance(response, TextResponse) and _HTML_SNIFF.search(response.body[:2048]):
        return response.replace(cls=HtmlResponse)
    return None


class ReleasesSpider(scrapy.Spider):
    name = "releases"

    def __init__(self, start_url: str | None = None, site_dir: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url or None
        self.scope: Scope | None = None  # set in start(), once the start URL is known
        self.scope_domains: tuple[str, ...] = ()
        self._site: SampleSite | None = None
        self._links = LinkExtractor(tags=("a",), attrs=("href",), deny_extensions=SKIP_EXTENSIONS)
        if self.start_url is not None:
            parts = urlsplit(self.start_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"start_url must be an http(s) URL, got {start_url!r}")
            if site_dir:
                self.logger.warning("site_dir=%s is ignored: start_url is given", site_dir)
        else:
            # Fail before the crawl starts if the folder is not a site.
            self._site = SampleSite(site_dir or SAMPLE_SITE_DIR)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.start_url is None and not crawler.settings.frozen:  # frozen: a crawler built for tests
            # Our own loopback server: no need to wait between requests (-s still overrides this).
            crawler.settings.set("DOWNLOAD_DELAY", 0, priority="spider")
            crawler.settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
        else:
            domains = crawler.settings.getlist("IOMCRAWL_SCOPE_DOMAINS")
            spider.scope_domains = tuple(d.strip().lower().strip(".") for d in domains if d.strip(" ."))
        crawler.signals.connect(spider.drop_offsite, signal=signals.request_scheduled)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        if self._site is not None:
            self._site.start()
            url = self._site.url("index.html")
            self.scope = Scope.around(url)  # the loopback server only: the offline crawl never goes online
        else:
            assert self.start_url is not None
            url = self.start_url
            self.scope = Scope.around(url, self.scope_domains)
        self.logger.info("crawling from %s; in scope: %s", url, self.scope)
        yield Request(url, callback=self.parse, errback=self.failed)

    def closed(self, reason: str) -> None:
        if self._site is not None:
            self._site.stop()

    def drop_offsite(self, request: Request) -> None:
        """request_scheduled handler: stock OffsiteMiddleware drops silently, this logs and counts each drop."""
        if self.scope is None or request.dont_filter or request.meta.get("allow_offsite"):
            return
        if not self.scope.allows(request.url):
            self.logger.debug("offsite, not followed: %s", request.url)
            self.crawler.stats.inc_value("iomcrawl/offsite_dropped")
            raise IgnoreRequest(f"offsite: {request.url}")

    def parse(self, response: Response, **kwargs: Any) -> Iterator[PageItem | Request]:
        yield self.page_item(response)
        for url in self.links(response):
            yield Request(url, callback=self.parse, errback=self.failed)

    def links(self, response: Response) -> Iterator[str]:
        """Page links worth fetching: <a href> to http(s), no fragments, no files that are not pages."""
        html = _html_response(response)
        if html is None:
            return
        here = urldefrag(response.url).url
        seen = {here}
        for link in self._links.extract_links(html):
            url = urldefrag(link.url).url
            if url not in seen and urlsplit(url).scheme in ("http", "https"):
                seen.add(url)
                yield url

    def failed(self, failure: Failure) -> Iterator[PageItem]:
        """errback: a failed fetch is still a page of the crawl, with outcome 'error' and the reason."""
        request: Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy
        exc = failure.value
        if isinstance(exc, HttpError):
            item = self.page_item(exc.response)
            reason = f"http-{exc.response.status}"
        elif isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
            self.logger.debug("not fetched, forbidden by robots.txt: %s", request.url)
            return
        else:
            item = PageItem(url=request.url, fetched_at=utc_now())
            reason = download_fault(exc)
        self.logger.warning("fetch failed: %s (%s)", item.url, reason)
        self.crawler.stats.inc_value(f"iomcrawl/fetch_failed/{reason.split(':', 1)[0]}")
        item.settle("error", reason)
        yield item

    @staticmethod
    def page_item(response: Response) -> PageItem:
        content_type = response.headers.get(b"Content-Type")
        return PageItem(
            url=response.url,
            status=response.status,
            headers=_headers(response),
            body=response.body,
            fetched_at=utc_now(),
            content_type=content_type.decode("latin-1") if content_type else None,
        )
