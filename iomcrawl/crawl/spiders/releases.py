"""The ``releases`` spider: fetch pages (or read archived ones), follow in-scope links, yield one PageItem
per URL, and account in the crawl log for every URL it meets, fetched or not.

It does no extraction: the item pipelines run the extraction chain, so a crawl and ``iomcrawl extract``
agree.

* ``scrapy crawl releases``: the bundled sample archive (``iomcrawl/data/sample-site.warc.gz``), replayed.
* ``-a archive=PATH``: replay WARC/ARC files (a file or a folder), no network.
* ``-a start_url=URL``: a live crawl of that URL's host plus ``IOMCRAWL_SCOPE_DOMAINS`` and subdomains.
  ``file://`` start URLs only with ``-a file_root=DIR`` (and only under that folder).
* ``-a site_dir=PATH``: a folder served on 127.0.0.1 and crawled live (offline).
* ``-a allow=REGEX`` / ``-a deny=REGEX``: URL patterns, added to ``IOMCRAWL_ALLOW`` / ``IOMCRAWL_DENY``.
* ``-s JOBDIR=DIR``: a resumable job (see :mod:`iomcrawl.crawl.outputs.journal`), after SIGINT or SIGKILL alike.

Every URL gets a line in ``pages.jsonl``: a page (records / no-release / error), a redirect hop, a
robots.txt fetch, or a URL dropped by policy with its reason (robots, offsite, duplicate, depth, denied,
not-allowed, scheme, url-too-long, too-large, redirect-refused). Duplicates are decided on
:func:`iomcrawl.extraction.urls.canonical_url`, so ``?print=1``, session ids, a trailing slash,
http/https, a default port and ``www.`` do not fetch the same page twice.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import unquote, urldefrag, urlsplit

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

from iomcrawl.codes import Drop, Reason, reason_code
from iomcrawl.crawl.capture import CAPTURE, FETCH_SECONDS, STARTED
from iomcrawl.crawl.config import ConfigError, check_settings, compile_patterns
from iomcrawl.crawl.items import PageItem, utc_now
from iomcrawl.crawl.middlewares import capture_fields
from iomcrawl.crawl.outputs.pagelog import CrawlLog
from iomcrawl.crawl.site_dir import FolderSite
from iomcrawl.extraction.urls import canonical_url
from iomcrawl.warc.replay import ArchiveReader, Capture, Corrupt, Skipped, archive_files

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

# The sample site as captured (built from fixtures/sample-site/ by scripts/build_sample_warc.py), shipped
# in the package so that `iomcrawl crawl` with no arguments works from any folder and from an installed wheel.
SAMPLE_ARCHIVE = Path(str(resources.files("iomcrawl") / "data" / "sample-site.warc.gz"))

# Links that are never press-release pages, on top of Scrapy's list (pdf, images, office, archives...).
SKIP_EXTENSIONS = [*IGNORED_EXTENSIONS, "rtf", "csv", "gz", "tgz", "ics", "epub", "xml", "json"]
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)[\s>]", re.I)
# Link schemes that name no fetchable resource: not URLs of the crawl, not logged.
_NOT_RESOURCES = ("mailto", "tel", "javascript", "data", "sms", "callto", "about")

GATE = "iomcrawl_gate"  # meta: the URL this request was admitted to the crawl as
RECEIVED = "iomcrawl_received"  # meta: body bytes received so far (to tell a size cut from other cancels)
REFERER = "iomcrawl_referer"  # meta: the page whose link this request follows

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
    message = str(exc)
    if code in ("cancelled", "ignored") and re.search(r"max(imum)? ?size|DOWNLOAD_MAXSIZE", message, re.I):
        code = "too-large"
    elif code == "ignored" and "max redirections" in message:
        code = "redirect-loop"
    detail = message or type(exc).__name__
    return f"{code}: {detail}"


def _effective_port(scheme: str, port: int | None) -> int | None:
    return None if port in (None, {"http": 80, "https": 443}.get(scheme)) else port


@dataclass(frozen=True)
class Scope:
    """Which URLs a crawl may fetch: the start host (and port), plus listed domains with their subdomains;
    for a ``file://`` crawl, the files under its root."""

    host: str
    port: int | None = None
    domains: tuple[str, ...] = ()
    file_root: str | None = None

    @classmethod
    def around(cls, start_url: str, domains: tuple[str, ...] = (), file_root: str | None = None) -> Scope:
        parts = urlsplit(start_url)
        return cls(
            (parts.hostname or "").lower(), _effective_port(parts.scheme, parts.port), domains, file_root
        )

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "file":
            return self.file_root is not None and _under(file_path(url), self.file_root)
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


def file_path(url: str) -> str:
    return os.path.realpath(unquote(urlsplit(url).path))


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1"): ", ".join(value.decode("latin-1") for value in values)
        for key, values in response.headers.items()
    }


def _meta(response: Response) -> dict[str, Any]:
    try:
        return response.meta
    except AttributeError:  # a response built without a request (tests)
        return {}


def _html_response(response: Response) -> HtmlResponse | None:
    """The response as HTML if it is HTML, whatever its Content-Type says (legacy servers mislabel)."""
    if isinstance(response, HtmlResponse):
        return response
    if isinstance(response, TextResponse) and _HTML_SNIFF.search(response.body[:2048]):
        return response.replace(cls=HtmlResponse)
    if type(response) is Response and _HTML_SNIFF.search(response.body[:2048]):
        return HtmlResponse(
            response.url, body=response.body, headers=response.headers, request=response.request
        )
    return None


class ReleasesSpider(scrapy.Spider):
    name = "releases"

    def __init__(
        self,
        start_url: str | None = None,
        site_dir: str | None = None,
        archive: str | None = None,
        allow: str | None = None,
        deny: str | None = None,
        file_root: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url or None
        self.archive_paths: list[Path] = []
        self.scope: Scope | None = None  # set in start(), once the start URL is known
        self.scope_domains: tuple[str, ...] = ()
        self.extra_allow = [allow] if allow else []
        self.extra_deny = [deny] if deny else []
        self.allow: tuple[re.Pattern[str], ...] = ()
        self.deny: tuple[re.Pattern[str], ...] = ()
        self.file_root = os.path.realpath(file_root) if file_root else None
        self._site: FolderSite | None = None
        self._links = LinkExtractor(tags=("a",), attrs=("href",), deny_extensions=SKIP_EXTENSIONS)
        self.seen: dict[str, str] = {}  # canonical key -> first URL admitted with it
        self.queued: set[str] = set()  # URLs admitted (journaled)
        self.depth_limit = 0
        self.url_length_limit = 0
        self.maxsize = 0
        self.log: CrawlLog | None = None
        modes = [name for name, value in (("start_url", start_url), ("archive", archive)) if value]
        if len(modes) > 1:
            raise ConfigError("give start_url or archive, not both")
        if self.file_root is not None and not Path(self.file_root).is_dir():
            raise ConfigError(f"file_root {file_root!r} is not a folder")
        if archive:
            self.archive_paths = self._archives(archive)
        elif self.start_url is not None:
            self._check_seed(self.start_url)
            if site_dir:
                self.logger.warning("site_dir=%s is ignored: start_url is given", site_dir)
        elif site_dir:
            try:  # fail before the crawl starts if the folder is not a site
                self._site = FolderSite(site_dir)
            except FileNotFoundError as exc:
                raise ConfigError(str(exc)) from exc
        else:
            if not SAMPLE_ARCHIVE.is_file():
                raise ConfigError(
                    f"the bundled sample archive {SAMPLE_ARCHIVE} is missing from the installed package: "
                    "reinstall iomcrawl, or give -a start_url=URL or -a archive=PATH"
                )
            self.archive_paths = [SAMPLE_ARCHIVE]

    def _archives(self, path: str) -> list[Path]:
        try:
            files = archive_files(path)
        except FileNotFoundError as exc:
            raise ConfigError(str(exc)) from exc
        if not files:
            raise ConfigError(f"no .warc, .warc.gz, .arc or .arc.gz file in {path}")
        return files

    def _check_seed(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme == "file":
            if self.file_root is None:
                raise ConfigError(f"a file:// start_url needs -a file_root=DIR (got {url!r})")
            if not _under(file_path(url), self.file_root):
                raise ConfigError(f"start_url {url!r} is not under file_root {self.file_root!r}")
        elif parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"start_url must be an http(s) URL, got {url!r}")

    @property
    def replaying(self) -> bool:
        return bool(self.archive_paths)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        if not settings.frozen:  # frozen: a crawler built for tests
            check_settings(settings)
            jobdir = settings.get("JOBDIR")
            if jobdir:
                # Scrapy's JOBDIR needs a clean stop; iomcrawl's journal survives SIGKILL (journal.py).
                settings.set("IOMCRAWL_JOBDIR", jobdir, priority=100)
                settings.set("JOBDIR", None, priority=100)
            if spider.replaying:
                settings.set("IOMCRAWL_WARC_ENABLED", False, priority=100)  # nothing is downloaded
                if jobdir:
                    spider.logger.warning("JOBDIR is not used when replaying archives")
                    settings.set("IOMCRAWL_JOBDIR", None, priority=100)
            if spider._site is not None:
                # Our own loopback server: no need to wait between requests (-s still overrides this).
                settings.set("DOWNLOAD_DELAY", 0, priority="spider")
                settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
            if spider.file_root is not None:
                handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
                handlers["file"] = "scrapy.core.downloader.handlers.file.FileDownloadHandler"
                settings.set("DOWNLOAD_HANDLERS", handlers, priority=100)
        domains = settings.getlist("IOMCRAWL_SCOPE_DOMAINS")
        spider.scope_domains = tuple(d.strip().lower().strip(".") for d in domains if d.strip(" ."))
        try:
            spider.allow = compile_patterns([*settings.getlist("IOMCRAWL_ALLOW"), *spider.extra_allow])
            spider.deny = compile_patterns([*settings.getlist("IOMCRAWL_DENY"), *spider.extra_deny])
        except re.error as exc:
            raise ConfigError(f"allow/deny: not a regular expression: {exc}") from exc
        spider.depth_limit = settings.getint("DEPTH_LIMIT")
        spider.url_length_limit = settings.getint("URLLENGTH_LIMIT")
        crawler.signals.connect(spider.gate, signal=signals.request_scheduled)
        crawler.signals.connect(spider.count_bytes, signal=signals.bytes_received)
        crawler.signals.connect(spider.scheduler_dropped, signal=signals.request_dropped)
        spider.maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        return spider

    def scheduler_dropped(self, request: Request) -> None:
        """A request the scheduler refused (a DUPEFILTER_CLASS other than ours): still a line."""
        if self.log is not None:
            self.log.drop(request.url, "duplicate: refused by the scheduler's DUPEFILTER_CLASS")

    def count_bytes(self, data: bytes, request: Request) -> None:
        request.meta[RECEIVED] = request.meta.get(RECEIVED, 0) + len(data)

    def warc_args(self) -> dict[str, Any]:
        """Spider arguments that shape the crawl, for the settings hash in each WARC's warcinfo."""
        return {"start_url": self.start_url, "allow": self.extra_allow, "deny": self.extra_deny}

    # -- start ------------------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request | PageItem]:
        self.log = CrawlLog.of(self.crawler)
        self.log.open()
        if self.replaying:
            for item in self.replay():
                yield item
            return
        if self._site is not None:
            self._site.start()
            url = self._site.url("index.html")
            self.scope = Scope.around(url)  # the loopback server only: the offline crawl never goes online
        else:
            assert self.start_url is not None
            url = self.start_url
            self.scope = Scope.around(url, self.scope_domains, self.file_root)
        self.logger.info("crawling from %s; in scope: %s", url, self.scope)
        if self.log.resumed and self.log.frontier:
            for request in self.resume_requests():
                yield request
            return
        yield Request(url, callback=self.parse, errback=self.failed, meta={"depth": 0})

    def resume_requests(self) -> Iterator[Request]:
        """The frontier of the earlier runs, minus what pages.jsonl says is done."""
        assert self.log is not None
        pending = 0
        for entry in self.log.frontier:
            url = entry.get("url")
            if not url:
                continue
            self.queued.add(url)
            self.seen.setdefault(canonical_url(url), url)
            if url in self.log.done:
                continue
            pending += 1
            meta = {GATE: url, "depth": entry.get("depth") or 0, REFERER: entry.get("referer")}
            yield Request(url, callback=self.parse, errback=self.failed, meta=meta)
        self.logger.info("resumed: %d of %d admitted URLs still to fetch", pending, len(self.queued))

    def closed(self, reason: str) -> None:
        if self._site is not None:
            self._site.stop()

    # -- scope, duplicates, the frontier journal ---------------------------------------------------------

    def policy(self, url: str) -> str | None:
        """Why *url* may not be fetched (a reason code and detail), or None."""
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https") and not (scheme == "file" and self.file_root):
            return f"scheme: {scheme} URLs are not fetched"
        if self.url_length_limit and len(url) > self.url_length_limit:
            return f"url-too-long: {len(url)} > URLLENGTH_LIMIT {self.url_length_limit}"
        if self.scope is not None and not self.scope.allows(url):
            return "offsite: not on the start host or a scope domain"
        if any(pattern.search(url) for pattern in self.deny):
            return "denied: matches IOMCRAWL_DENY"
        if self.allow and not any(pattern.search(url) for pattern in self.allow):
            return "not-allowed: matches no IOMCRAWL_ALLOW pattern"
        return None

    def gate(self, request: Request) -> None:
        """request_scheduled handler: admit each new URL once, journal it, log every refusal and redirect.

        Stock OffsiteMiddleware drops offsite requests silently (and only with ``allowed_domains``): this
        logs each drop. Raising IgnoreRequest here makes the engine drop the request.
        """
        if self.scope is None or request.meta.get(GATE) == request.url:
            return  # replay, or a request admitted already (a retry, a resumed request)
        assert self.log is not None
        redirects: list[str] = request.meta.get("redirect_urls") or []
        hop = redirects[-1] if redirects else None
        depth = request.meta.get("depth", 0)
        referer = hop or request.meta.get(REFERER)
        refusal = self.policy(request.url) if (hop or request.meta.get(REFERER)) else None
        if refusal is not None:
            if hop and refusal.startswith("offsite"):
                refusal = str(Reason(Drop.OFFSITE_REDIRECT, Reason.parse(refusal).detail))  # type: ignore[union-attr]
            self.log.drop(request.url, refusal, depth=depth, referer=referer, redirects=redirects)
            self.crawler.stats.inc_value(f"iomcrawl/dropped/{reason_code(refusal)}")
            if hop:
                self.log_hop(request, hop)
            raise IgnoreRequest(f"{refusal}: {request.url}")
        key = canonical_url(request.url)
        first = self.seen.get(key)
        own_form = hop is not None and key in {canonical_url(url) for url in redirects}
        if first is not None and not own_form:
            if first != urldefrag(request.url).url:
                self.log.drop(
                    request.url,
                    f"duplicate: same canonical URL as {first}",
                    depth=depth,
                    referer=referer,
                    redirects=redirects,
                    duplicate_of=first,
                )
            self.crawler.stats.inc_value("iomcrawl/dropped/duplicate")
            if hop:
                self.log_hop(request, hop)
            raise IgnoreRequest(f"duplicate: {request.url}")
        self.seen.setdefault(key, request.url)
        if request.url not in self.queued:
            self.queued.add(request.url)
            if self.log.journal is not None:
                self.log.journal.add({"url": request.url, "depth": depth, "referer": referer})
        request.meta[GATE] = request.url
        if hop:
            self.log_hop(request, hop)

    def log_hop(self, request: Request, source: str) -> None:
        """The line of a redirect followed: the source URL, its status, and where it led."""
        assert self.log is not None
        if source in self.log.accounted:
            return
        reasons = request.meta.get("redirect_reasons") or []
        status = reasons[-1] if reasons else None
        started = request.meta.get(STARTED)
        seconds = request.meta.get(FETCH_SECONDS)
        if seconds is None and started is not None:
            seconds = max(0.0, time.time() - started)
        redirects = request.meta.get("redirect_urls") or []
        self.log.line(
            url=source,
            status=status if isinstance(status, int) else None,
            outcome="redirect",
            reason=f"redirect: {status} -> {request.url}",
            depth=request.meta.get("depth"),
            referer=request.meta.get(REFERER),
            redirects=redirects[:-1],
            retries=request.meta.get("retry_times", 0),
            duration=None if seconds is None else round(seconds, 3),
            **capture_fields(request.meta),
        )

    # -- pages ------------------------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[PageItem | Request]:
        """Links first, then the page: a page's line in the crawl log means its links are journaled."""
        if "dataloss" in response.flags:
            item = self.page_item(response)
            item.settle(
                "error", f"truncated: body shorter than announced ({len(response.body)} bytes received)"
            )
            self.crawler.stats.inc_value("iomcrawl/fetch_failed/truncated")
            yield item
            return
        yield from self.follow(response)
        yield self.page_item(response)

    def follow(self, response: Response) -> Iterator[Request]:
        depth = _meta(response).get("depth", 0) + 1
        for url in self.links(response):
            refusal = self.policy(url)
            if refusal is None and self.depth_limit and depth > self.depth_limit:
                refusal = f"depth: {depth} > DEPTH_LIMIT {self.depth_limit}"
            if refusal is not None:
                if self.log is not None:
                    self.log.drop(url, refusal, depth=depth, referer=response.url)
                self.crawler.stats.inc_value(f"iomcrawl/dropped/{reason_code(refusal)}")
                continue
            yield Request(url, callback=self.parse, errback=self.failed, meta={REFERER: response.url})

    def links(self, response: Response) -> Iterator[str]:
        """Page links worth a decision: <a href> to URLs (not mailto: and the like), no fragments, no files
        that are not pages."""
        html = _html_response(response)
        if html is None:
            return
        here = urldefrag(response.url).url
        seen = {here}
        for link in self._links.extract_links(html):
            url = urldefrag(link.url).url
            if url not in seen and urlsplit(url).scheme not in _NOT_RESOURCES:
                seen.add(url)
                yield url

    def failed(self, failure: Failure) -> Iterator[PageItem]:
        """errback: a failed or refused fetch is still a URL of the crawl, with its outcome and reason."""
        request: Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy
        exc = failure.value
        outcome = "error"
        if isinstance(exc, HttpError):
            item = self.page_item(exc.response)
            status = exc.response.status
            location = exc.response.headers.get(b"Location")
            if 300 <= status < 400 and location:
                target = location.decode("latin-1")
                reason = f"redirect-refused: {status} -> {target} (not followed: only http(s) redirects are)"
                outcome = "dropped"
            else:
                reason = f"http-{status}"
        else:
            item = self.request_item(request)
            message = str(exc)
            if isinstance(exc, IgnoreRequest) and "robots.txt unavailable" in message:
                reason, outcome = f"robots-unavailable: {message}", "dropped"
            elif isinstance(exc, IgnoreRequest) and "robots.txt" in message:
                reason, outcome = "robots: disallowed by robots.txt", "dropped"
            else:
                reason = download_fault(exc)
                received = request.meta.get(RECEIVED, 0)
                if reason.startswith("cancelled") and self.maxsize and received > self.maxsize:
                    reason = f"too-large: {received} bytes received, over DOWNLOAD_MAXSIZE ({self.maxsize})"
                if reason.startswith("too-large"):
                    outcome = "dropped"
                if reason.startswith("redirect-loop"):
                    chain = [*request.meta.get("redirect_urls", []), request.url]
                    reason = f"redirect-loop: {len(chain)} redirects: {' -> '.join(chain[-4:])}"
        code = reason_code(reason)
        if outcome == "error":
            self.logger.warning("fetch failed: %s (%s)", item.url, reason)
            self.crawler.stats.inc_value(f"iomcrawl/fetch_failed/{code}")
        else:
            self.logger.debug("not fetched: %s (%s)", item.url, reason)
            self.crawler.stats.inc_value(f"iomcrawl/dropped/{code}")
        item.settle(outcome, reason)
        yield item

    def request_item(self, request: Request) -> PageItem:
        """A page item for a request that got no response."""
        meta = request.meta
        started = meta.get(STARTED)
        fields = capture_fields(meta)
        return PageItem(
            url=request.url,
            fetched_at=utc_now(),
            source_kind="file" if request.url.startswith("file:") else "http",
            depth=meta.get("depth"),
            referer=meta.get(REFERER),
            redirects=list(meta.get("redirect_urls", [])),
            retries=meta.get("retry_times", 0),
            duration=None if started is None else max(0.0, time.time() - started),
            annotations=fields.pop("annotations"),
            **{k: v for k, v in fields.items() if v is not None},
        )

    @staticmethod
    def page_item(response: Response) -> PageItem:
        content_type = response.headers.get(b"Content-Type")
        meta = _meta(response)
        started = meta.get(STARTED)
        fields = capture_fields(meta)
        capture = meta.get(CAPTURE) or {}
        annotations = fields.pop("annotations")
        annotations += [
            flag
            for flag in response.flags
            if flag in ("dataloss", "cached", "content-encoding-false", "gzip-without-content-encoding")
        ]
        return PageItem(
            url=response.url,
            status=response.status,
            headers=_headers(response),
            body=response.body,
            fetched_at=utc_now(),
            content_type=content_type.decode("latin-1") if content_type else None,
            source_kind="file" if response.url.startswith("file:") else "http",
            depth=meta.get("depth"),
            referer=meta.get(REFERER),
            redirects=list(meta.get("redirect_urls", [])),
            retries=meta.get("retry_times", 0),
            duration=meta.get(FETCH_SECONDS, None if started is None else max(0.0, time.time() - started)),
            wire_bytes=capture.get("payload_length"),
            annotations=list(dict.fromkeys(annotations)),
            **{k: v for k, v in fields.items() if v is not None},
        )

    # -- replay -----------------------------------------------------------------------------------------

    def replay(self) -> Iterator[PageItem]:
        """Archived captures as page items (same pipelines as a live crawl); skips and corrupt files logged."""
        assert self.log is not None
        cap = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        reader = ArchiveReader(self.archive_paths, cap)
        self.logger.info("replaying %d archive file(s): %s", len(self.archive_paths), self.archive_paths)
        for event in reader:
            if isinstance(event, Capture):
                self.crawler.stats.inc_value("iomcrawl/replay/captures")
                yield self.capture_item(event)
            elif isinstance(event, Skipped):
                self.crawler.stats.inc_value(f"iomcrawl/replay/skipped/{event.reason.split(':')[0]}")
                self.log.line(
                    url=event.url,
                    status=event.status,
                    outcome="skipped",
                    reason=event.reason,
                    content_type=event.content_type,
                    digest=event.digest,
                    warc_file=event.archive,
                    warc_offset=event.offset,
                    warc_record_id=event.record_id,
                    capture_date=event.date,
                    fetched_at=event.date,
                )
            elif isinstance(event, Corrupt):
                self.crawler.stats.inc_value("iomcrawl/replay/corrupt_files")
                self.logger.error(
                    "archive %s is unreadable after %d records, at offset %d: %s; the other files go on",
                    event.archive,
                    event.records_read,
                    event.offset,
                    event.error,
                )
                self.log.line(
                    url=Path(event.archive).resolve().as_uri(),
                    outcome="error",
                    reason=f"archive-corrupt: at offset {event.offset}, after {event.records_read} "
                    f"records: {event.error}",
                    warc_file=event.archive,
                    warc_offset=event.offset,
                )
        for key, count in sorted(reader.counts.items()):
            self.crawler.stats.set_value(f"iomcrawl/replay/{key}", count)

    @staticmethod
    def capture_item(capture: Capture) -> PageItem:
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
