"""The crawl's admission point: each URL is fetched once, journaled before it is queued, and every refusal
and every redirect followed gets its line in the crawl log.

:class:`GateMiddleware` acts when a request is scheduled (``request_scheduled``, as Scrapy's downloader
OffsiteMiddleware does, so redirect targets are seen too; it is listed in ``DOWNLOADER_MIDDLEWARES`` but has
no ``process_*`` method, so robots.txt requests, which are never scheduled, never reach it). For a link or
a redirect target, in order:

1. :meth:`~GateMiddleware.refusal`: the :class:`~.scope.UrlPolicy` (an offsite redirect target is
   ``offsite-redirect``);
2. :meth:`~GateMiddleware.duplicate_of`: an earlier URL with the same
   :func:`~iomcrawl.extraction.urls.canonical_url` (``?print=1``, session ids, a trailing slash,
   http/https, a default port, ``www.``), unless this request is where that URL redirected to;
3. admitted: the URL goes to the JOBDIR journal (:mod:`iomcrawl.crawl.outputs.journal`) and is marked in
   ``request.meta`` so that a retry or a resumed request is not judged again.

Refusals raise ``IgnoreRequest``, which makes the engine drop the request. Scrapy's fingerprint
dupefilter is off (``DUPEFILTER_CLASS``): it would drop requests without a trace, and a redirect loop's
repeats with them; a request another dupefilter refuses still gets a line (``request_dropped``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self
from urllib.parse import urldefrag

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from iomcrawl.codes import Drop, Note, Outcome, Reason
from iomcrawl.crawl.meta import GATE, REFERER, capture_fields, fetch_seconds
from iomcrawl.crawl.middlewares.scope import UrlPolicy, crawl_scope
from iomcrawl.crawl.outputs.pagelog import CrawlLog
from iomcrawl.extraction.urls import canonical_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request

# The reason code of a redirect followed (the line of its source URL); not yet an iomcrawl.codes member.


class GateMiddleware:
    """Admit each new URL once, journal it, log every refusal and redirect; see the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.log = CrawlLog.of(crawler)
        self.policy = UrlPolicy.from_crawler(crawler)
        self.seen: dict[str, str] = {}  # canonical key -> first URL admitted with it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        gate = cls(crawler)
        crawler.signals.connect(gate.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(gate.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(gate.request_dropped, signal=signals.request_dropped)
        return gate

    def spider_opened(self) -> None:
        """In a resumed job, the URLs earlier runs admitted count as admitted."""
        self.log.open()  # counts the frontier of earlier runs as admitted (CrawlLog.admitted)
        for entry in self.log.frontier:
            url = entry.get("url")
            if url:
                self.seen.setdefault(canonical_url(url), url)

    # -- predicates: override these for another policy ----------------------------------------------------

    def refusal(self, request: Request) -> Reason | None:
        """Why *request*, a link or a redirect target, may not be fetched, or None."""
        refusal = self.policy.refusal(request.url, crawl_scope(self.crawler))
        if refusal is not None and refusal.code == Drop.OFFSITE and request.meta.get("redirect_urls"):
            return Reason(Drop.OFFSITE_REDIRECT, refusal.detail)
        return refusal

    def duplicate_of(self, request: Request) -> str | None:
        """The URL admitted earlier that *request* duplicates, or None.

        A redirect to another form of its own URL (``http`` -> ``https``, a trailing slash) is not a
        duplicate: it is where that URL leads.
        """
        key = canonical_url(request.url)
        first = self.seen.get(key)
        redirects: list[str] = request.meta.get("redirect_urls") or []
        if first is None or key in {canonical_url(url) for url in redirects}:
            return None
        return first

    # -- signals --------------------------------------------------------------------------------------

    def request_scheduled(self, request: Request) -> None:
        if crawl_scope(self.crawler) is None or request.meta.get(GATE) == request.url:
            return  # replay, or a request admitted already (a retry, a resumed request)
        redirects: list[str] = request.meta.get("redirect_urls") or []
        hop = redirects[-1] if redirects else None
        refusal = self.refusal(request) if hop or request.meta.get(REFERER) else None  # start URLs pass
        if refusal is not None:
            raise self.refuse(request, refusal, hop)
        first = self.duplicate_of(request)
        if first is not None:
            raise self.refuse_duplicate(request, first, hop)
        self.admit(request, hop)

    def request_dropped(self, request: Request) -> None:
        """A request the scheduler refused (a DUPEFILTER_CLASS other than ours): still a line."""
        self.log.drop(request.url, Reason(Drop.DUPLICATE, "refused by the scheduler's DUPEFILTER_CLASS"))

    # -- decisions ------------------------------------------------------------------------------------

    def refuse(self, request: Request, refusal: Reason, hop: str | None) -> IgnoreRequest:
        """Log and count a refused request; the exception to raise to drop it."""
        redirects: list[str] = request.meta.get("redirect_urls") or []
        self.log.drop(
            request.url,
            refusal,
            depth=request.meta.get("depth", 0),
            referer=hop or request.meta.get(REFERER),
            redirects=redirects,
        )
        self.crawler.stats.inc_value(f"iomcrawl/dropped/{refusal.code}")
        if hop:
            self.log_redirect(request, hop)
        return IgnoreRequest(f"{refusal}: {request.url}")

    def refuse_duplicate(self, request: Request, first: str, hop: str | None) -> IgnoreRequest:
        """Log and count a duplicate of *first*; the exception to raise to drop it."""
        if first != urldefrag(request.url).url:  # the same URL with another fragment: no line
            self.log.drop(
                request.url,
                Reason(Drop.DUPLICATE, f"same canonical URL as {first}"),
                depth=request.meta.get("depth", 0),
                referer=hop or request.meta.get(REFERER),
                redirects=request.meta.get("redirect_urls") or [],
                duplicate_of=first,
            )
        self.crawler.stats.inc_value(f"iomcrawl/dropped/{Drop.DUPLICATE}")
        if hop:
            self.log_redirect(request, hop)
        return IgnoreRequest(f"{Drop.DUPLICATE}: {request.url}")

    def admit(self, request: Request, hop: str | None) -> None:
        """Remember and journal a request's URL, and mark the request as admitted."""
        self.seen.setdefault(canonical_url(request.url), request.url)
        if request.url not in self.log.admitted:
            self.log.admitted.add(request.url)
            if self.log.journal is not None:
                referer = hop or request.meta.get(REFERER)
                self.log.journal.add(
                    {"url": request.url, "depth": request.meta.get("depth", 0), "referer": referer}
                )
        request.meta[GATE] = request.url
        if hop:
            self.log_redirect(request, hop)

    def log_redirect(self, request: Request, source: str) -> None:
        """The line of a redirect followed: the source URL, its status, and where it led."""
        if source in self.log.accounted:
            return
        reasons = request.meta.get("redirect_reasons") or []
        status = reasons[-1] if reasons else None
        seconds = fetch_seconds(request.meta)
        redirects = request.meta.get("redirect_urls") or []
        self.log.line(
            url=source,
            status=status if isinstance(status, int) else None,
            outcome=Outcome.REDIRECT,
            reason=str(Reason(Note.REDIRECT, f"{status} -> {request.url}")),
            depth=request.meta.get("depth"),
            referer=request.meta.get(REFERER),
            redirects=redirects[:-1],
            retries=request.meta.get("retry_times", 0),
            duration=None if seconds is None else round(seconds, 3),
            **capture_fields(request.meta),
        )
