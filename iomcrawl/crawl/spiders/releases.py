"""The ``releases`` spider: where a crawl starts, and what a page is (a PageItem) and links to.

It does no extraction (the item pipelines run the extraction chain, so a crawl and ``iomcrawl extract``
agree), and no policy: the middlewares decide which links are followed (:mod:`..middlewares.scope`),
admit each URL once and journal it (:mod:`..middlewares.gate`), and :mod:`iomcrawl.crawl.faults` says what
a failed fetch became.

* ``scrapy crawl releases``: the bundled sample archive (``iomcrawl/data/sample-site.warc.gz``), replayed.
* ``-a archive=PATH``: replay WARC/ARC files (a file or a folder), no network (:mod:`..replay_source`).
* ``-a start_url=URL``: a live crawl of that URL's host plus ``IOMCRAWL_SCOPE_DOMAINS`` and subdomains.
  ``file://`` start URLs only with ``-a file_root=DIR`` (and only under that folder).
* ``-a site_dir=PATH``: a folder served on 127.0.0.1 and crawled live (offline), under the stable origin
  ``IOMCRAWL_SITE_DIR_ORIGIN`` (so URLs and record ids are the same in every run, and a job resumes).
* ``-a allow=REGEX`` / ``-a deny=REGEX``: URL patterns, added to ``IOMCRAWL_ALLOW`` / ``IOMCRAWL_DENY``.
* ``-s JOBDIR=DIR``: a resumable job (see :mod:`iomcrawl.crawl.outputs.journal`), after SIGINT or SIGKILL
  alike.

Every URL gets a line in ``pages.jsonl``: a page (records / no-release / error), a redirect hop, a
robots.txt fetch, or a URL dropped by policy with its reason (robots, offsite, duplicate, depth, denied,
not-allowed, scheme, url-too-long, too-large, redirect-refused).
"""

from __future__ import annotations

import difflib
import gzip
import json
import os
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urldefrag, urljoin, urlsplit

import scrapy
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.response import get_base_url
from scrapy.utils.url import url_has_any_extension
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from iomcrawl.codes import Annotation, Outcome, PageError, Reason
from iomcrawl.crawl.config import ConfigError, check_settings, compile_patterns
from iomcrawl.crawl.downloader import CrawlStopping
from iomcrawl.crawl.faults import FaultMap
from iomcrawl.crawl.items import PageItem, utc_now
from iomcrawl.crawl.meta import CAPTURE, GATE, REFERER, capture_fields, elapsed, fetch_seconds
from iomcrawl.crawl.middlewares.scope import Scope, file_path, is_under, scope_domains
from iomcrawl.crawl.outputs.journal import JOB_FILE
from iomcrawl.crawl.outputs.lock import FolderLock
from iomcrawl.crawl.outputs.pagelog import CrawlLog
from iomcrawl.crawl.replay_source import ArchiveReplay
from iomcrawl.crawl.site_dir import FolderSite, site_origin
from iomcrawl.crawl.urls import without_userinfo
from iomcrawl.warc.records import ARCHIVE_SUFFIXES
from iomcrawl.warc.replay import archive_files

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

# The sample site as captured (built from fixtures/sample-site/ by scripts/build_sample_warc.py), shipped
# in the package so that `iomcrawl crawl` with no arguments works from any folder and from an installed wheel.
SAMPLE_ARCHIVE = Path(str(resources.files("iomcrawl") / "data" / "sample-site.warc.gz"))

# Links that are never press-release pages, on top of Scrapy's list (pdf, images, office, archives...).
SKIP_EXTENSIONS = [*IGNORED_EXTENSIONS, "rtf", "csv", "gz", "tgz", "ics", "epub", "xml", "json"]
_SKIP_SUFFIXES = {f".{extension}" for extension in SKIP_EXTENSIONS}
_LINK_SCHEMES = ("http", "https", "file", "ftp")  # what Scrapy's LinkExtractor keeps
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)[\s>]", re.I)
# Link schemes that name no fetchable resource: not URLs of the crawl, not logged.
_NOT_RESOURCES = ("mailto", "tel", "javascript", "data", "sms", "callto", "about")
# Response flags that say how a page's bytes arrived, kept as its annotations.
_FLAG_ANNOTATIONS = (
    Annotation.DATALOSS,
    Annotation.CACHED,
    Annotation.CONTENT_ENCODING_FALSE,
    Annotation.GZIP_WITHOUT_CONTENT_ENCODING,
)


# The spider's arguments (-a NAME=VALUE): the one list that `iomcrawl crawl` checks names against and that
# its --help shows. An argument not listed here stops the crawl before it starts (a misspelled start_url
# would otherwise replay the sample archive and report success).
ARGUMENTS: dict[str, str] = {
    "start_url": "URL: crawl live from this http(s) URL (its host and port, IOMCRAWL_SCOPE_DOMAINS)",
    "archive": "PATH: replay a .warc, .warc.gz, .arc or .arc.gz file, or a folder of them (no network)",
    "site_dir": "DIR: serve this folder on 127.0.0.1 and crawl it (offline)",
    "allow": "REGEX: follow only URLs that match it (added to IOMCRAWL_ALLOW)",
    "deny": "REGEX: never follow URLs that match it (added to IOMCRAWL_DENY)",
    "file_root": "DIR: the folder a file:// start_url must stay under",
}
# What an archive file starts with (after gunzip): a WARC version line, or an ARC header (filedesc:// or a URL).
_ARCHIVE_START = re.compile(rb"WARC/|filedesc:|[a-z][a-z0-9+.-]*://", re.I)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``; did you mean X?`` for the known name closest to *name*, or nothing."""
    known = list(known)
    folded = {candidate.lower().replace("-", "_"): candidate for candidate in known}
    matches = difflib.get_close_matches(name.lower().replace("-", "_"), list(folded), n=1, cutoff=0.6)
    return f"; did you mean {folded[matches[0]]}?" if matches else ""


def check_argument_names(names: Iterable[str]) -> None:
    """Refuse a spider argument the spider does not take (see :data:`ARGUMENTS`)."""
    for name in names:
        if name not in ARGUMENTS:
            raise ConfigError(
                f"unknown spider argument -a {name}=...{did_you_mean(name, ARGUMENTS)} "
                f"(the arguments are {', '.join(ARGUMENTS)})"
            )


def check_archive_file(path: Path) -> None:
    """Refuse a file given as the archive that is not a WARC or ARC file (by its name and first bytes)."""
    hint = "give a .warc, .warc.gz, .arc or .arc.gz file, or a folder of them"
    if not path.name.lower().endswith(ARCHIVE_SUFFIXES):
        raise ConfigError(f"archive {path} is not a WARC or ARC file (by its name); {hint}")
    try:
        with path.open("rb") as raw:
            head = raw.read(2)
            raw.seek(0)
            head = gzip.GzipFile(fileobj=raw).read(32) if head == b"\x1f\x8b" else raw.read(32)
    except (OSError, EOFError) as exc:
        raise ConfigError(f"archive {path} cannot be read ({exc}); {hint}") from None
    if not _ARCHIVE_START.match(head):
        raise ConfigError(f"archive {path} is not a WARC or ARC file (it starts with {head[:16]!r}); {hint}")


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


def page_links(html: HtmlResponse) -> Iterator[str]:
    """The page's ``<a href>`` URLs in document order, each once, as Scrapy's LinkExtractor makes them (made
    absolute against the page's base, whitespace stripped, safe-encoded, http/https/file/ftp, no file
    extensions that are not pages), but one at a time: LinkExtractor builds every
    link of the page (with its text) before the caller can stop, which for an index of 400,000 links costs
    hundreds of MiB and many seconds, where the links cap (IOMCRAWL_MAX_LINKS_PER_PAGE) needs only the first."""
    base = get_base_url(html)
    seen: set[str] = set()
    for element in html.selector.root.iter("a", "{http://www.w3.org/1999/xhtml}a"):
        href = element.get("href")
        if href is None:
            continue
        try:
            url = safe_url_string(urljoin(base, strip_html5_whitespace(href)), encoding=html.encoding)
            url = urljoin(html.url, url)
        except ValueError:
            continue  # a bogus link
        if url.split("://", 1)[0] not in _LINK_SCHEMES or url_has_any_extension(url, _SKIP_SUFFIXES):
            continue
        if url not in seen:
            seen.add(url)
            yield url


def _request_fields(url: str, meta: dict[str, Any]) -> dict[str, Any]:
    """What a page line says of the request that led to it, with or without a response."""
    return {
        "source_kind": "file" if url.startswith("file:") else "http",
        "depth": meta.get("depth"),
        "referer": meta.get(REFERER),
        "redirects": list(meta.get("redirect_urls", [])),
        "retries": meta.get("retry_times", 0),
    }


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
        check_argument_names(kwargs)
        super().__init__(**kwargs)
        self.start_url = without_userinfo(start_url) if start_url else None
        self.archive_paths: list[Path] = []
        # What the middlewares enforce (as Scrapy's OffsiteMiddleware reads allowed_domains):
        self.scope: Scope | None = None  # set in start(), once the start URL is known; None when replaying
        self.extra_allow = [allow] if allow else []
        self.extra_deny = [deny] if deny else []
        self.file_root = os.path.realpath(file_root) if file_root else None
        self.folder_site: FolderSite | None = None  # -a site_dir: routed to by site_dir.FolderSiteRouting
        self.max_links = 0  # IOMCRAWL_MAX_LINKS_PER_PAGE, set in from_crawler (0: no cap)
        self.faults: FaultMap | None = None  # set in from_crawler
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
                self.folder_site = FolderSite(site_dir)
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
            raise ConfigError(
                f"{exc}: give -a archive= a .warc, .warc.gz, .arc or .arc.gz file, or a folder"
            ) from None
        if not files:
            raise ConfigError(f"no .warc, .warc.gz, .arc or .arc.gz file in {path}")
        if Path(path).is_file():
            check_archive_file(files[0])
        return files

    def _check_seed(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme == "file":
            if self.file_root is None:
                raise ConfigError(f"a file:// start_url needs -a file_root=DIR (got {url!r})")
            if not is_under(file_path(url), self.file_root):
                raise ConfigError(f"start_url {url!r} is not under file_root {self.file_root!r}")
        elif "://" not in url:
            raise ConfigError(f"start_url {url!r} has no scheme: did you mean -a start_url=https://{url} ?")
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
            spider._fit_settings(settings)
            spider._check_job(settings)
            if crawler.crawling:  # not for a crawler built only to read its settings
                spider._claim_folders(settings)
        spider.max_links = settings.getint("IOMCRAWL_MAX_LINKS_PER_PAGE")
        try:  # the middlewares compile them again; a bad -a allow/deny must stop the crawl here
            compile_patterns([*spider.extra_allow, *spider.extra_deny])
        except re.error as exc:
            raise ConfigError(f"allow/deny: not a regular expression: {exc}") from exc
        faults_class = load_object(settings.get("IOMCRAWL_FAULTS_CLASS") or FaultMap)
        spider.faults = build_from_crawler(faults_class, crawler)
        return spider

    def _fit_settings(self, settings: BaseSettings) -> None:
        """The settings this run's mode implies (the spider arguments are only known now)."""
        jobdir = settings.get("JOBDIR")
        if jobdir:
            # Scrapy's JOBDIR needs a clean stop; iomcrawl's journal survives SIGKILL (outputs/journal.py).
            settings.set("IOMCRAWL_JOBDIR", jobdir, priority=100)
            settings.set("JOBDIR", None, priority=100)
        if self.replaying:
            settings.set("IOMCRAWL_WARC_ENABLED", False, priority=100)  # nothing is downloaded
            if jobdir:
                self.logger.warning("JOBDIR is not used when replaying archives")
                settings.set("IOMCRAWL_JOBDIR", None, priority=100)
        if self.folder_site is not None:
            self.folder_site.origin = site_origin(settings)
            # Our own loopback server: no need to wait between requests (-s still overrides this).
            settings.set("DOWNLOAD_DELAY", 0, priority="spider")
            settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
        if self.file_root is not None:
            handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
            handlers["file"] = "scrapy.core.downloader.handlers.file.FileDownloadHandler"
            settings.set("DOWNLOAD_HANDLERS", handlers, priority=100)

    def _claim_folders(self, settings: BaseSettings) -> None:
        """One crawl per output folder and JOBDIR (:mod:`..outputs.lock`)."""
        FolderLock(settings.get("IOMCRAWL_OUTPUT_DIR") or "output", "IOMCRAWL_OUTPUT_DIR").acquire()
        jobdir = settings.get("IOMCRAWL_JOBDIR")
        if jobdir:
            FolderLock(jobdir, "JOBDIR").acquire()

    def _check_job(self, settings: BaseSettings) -> None:
        """A job file that cannot be read stops the crawl here, with one line, rather than halfway through
        opening the outputs."""
        jobdir = settings.get("IOMCRAWL_JOBDIR")
        job_file = Path(jobdir) / JOB_FILE if jobdir else None
        if job_file is not None and job_file.exists():
            try:
                job = json.loads(job_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise ConfigError(
                    f"JOBDIR {jobdir}: {JOB_FILE} is unreadable ({exc}); restore it, or use a new JOBDIR"
                ) from None
            if not isinstance(job, dict):
                raise ConfigError(f"JOBDIR {jobdir}: {JOB_FILE} is not a job description; use a new JOBDIR")

    def warc_args(self) -> dict[str, Any]:
        """Spider arguments that shape the crawl, for the settings hash in each WARC's warcinfo."""
        return {"start_url": self.start_url, "allow": self.extra_allow, "deny": self.extra_deny}

    # -- start ------------------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request | PageItem]:
        log = CrawlLog.of(self.crawler)
        log.open()
        if self.replaying:
            self.logger.info("replaying %d archive file(s): %s", len(self.archive_paths), self.archive_paths)
            for item in ArchiveReplay(self.crawler, self.archive_paths).items():
                yield item
            return
        if self.folder_site is not None:
            self.folder_site.start()
            url = self.folder_site.url("index.html")
            # The site's origin only, which FolderSiteRouting sends to the loopback server: offline.
            self.scope = Scope.around(url)
        else:
            assert self.start_url is not None
            url = self.start_url
            self.scope = Scope.around(url, scope_domains(self.crawler), self.file_root)
        self.logger.info("crawling from %s; in scope: %s", url, self.scope)
        if log.resumed and log.frontier:
            for request in self.resume_requests(log):
                yield request
            return
        yield Request(url, callback=self.parse, errback=self.failed, meta={"depth": 0})

    def resume_requests(self, log: CrawlLog) -> Iterator[Request]:
        """The frontier of the earlier runs, minus what pages.jsonl says is done."""
        admitted = {entry["url"] for entry in log.frontier if entry.get("url")}
        pending = 0
        for entry in log.frontier:
            url = entry.get("url")
            if not url or url in log.done:
                continue
            pending += 1
            meta = {GATE: url, "depth": entry.get("depth") or 0, REFERER: entry.get("referer")}
            yield Request(url, callback=self.parse, errback=self.failed, meta=meta)
        self.logger.info("resumed: %d of %d admitted URLs still to fetch", pending, len(admitted))

    def closed(self, reason: str) -> None:
        if self.folder_site is not None:
            self.folder_site.stop()

    # -- pages ------------------------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[PageItem | Request]:
        """Links first, then the page: a page's line in the crawl log means its links are journaled."""
        if Annotation.DATALOSS in response.flags:
            item = self.page_item(response)
            detail = f"body shorter than announced ({len(response.body)} bytes received)"
            item.settle(Outcome.ERROR, str(Reason(PageError.TRUNCATED, detail)))
            self.crawler.stats.inc_value(f"iomcrawl/fetch_failed/{PageError.TRUNCATED}")
            yield item
            return
        yield from self.follow(response)
        yield self.page_item(response)

    def follow(self, response: Response) -> Iterator[Request]:
        """A request for each link (the scope middleware drops those the crawl may not follow)."""
        for url in self.links(response):
            yield Request(url, callback=self.parse, errback=self.failed, meta={REFERER: response.url})

    def links(self, response: Response) -> Iterator[str]:
        """Page links worth a decision: <a href> to URLs (not mailto: and the like), no fragments, no files
        that are not pages."""
        html = _html_response(response)
        if html is None:
            return
        here = urldefrag(response.url).url
        seen = {here}
        for link in page_links(html):
            url = without_userinfo(urldefrag(link).url)
            if url not in seen and urlsplit(url).scheme not in _NOT_RESOURCES:
                if self.max_links and len(seen) > self.max_links:
                    self.links_capped(response)
                    return
                seen.add(url)
                yield url

    def links_capped(self, response: Response) -> None:
        """A page with more links than IOMCRAWL_MAX_LINKS_PER_PAGE: the rest are not followed (a spider
        trap or a generated index would otherwise fill the queue, and memory, from one page)."""
        self.logger.warning(
            "%s has more than %d links: only the first %d are followed (IOMCRAWL_MAX_LINKS_PER_PAGE)",
            response.url,
            self.max_links,
            self.max_links,
        )
        crawler = getattr(self, "crawler", None)  # None: a spider built without a crawler (tests)
        if crawler is not None:
            crawler.stats.inc_value("iomcrawl/pages_links_capped")

    def failed(self, failure: Failure) -> Iterator[PageItem]:
        """errback: a failed or refused fetch is still a URL of the crawl, with its outcome and reason."""
        request: Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy's scraper
        exc = failure.value
        assert exc is not None and self.faults is not None
        if isinstance(exc, CrawlStopping):  # never sent: no line, so a resumed job fetches it
            self.crawler.stats.inc_value("iomcrawl/not_sent_at_stop")
            return
        item = self.page_item(exc.response) if isinstance(exc, HttpError) else self.request_item(request)
        outcome, reason = self.faults.verdict(request, exc)
        self.faults.count(item.url, outcome, reason)
        item.settle(outcome, str(reason))
        yield item

    def request_item(self, request: Request) -> PageItem:
        """A page item for a request that got no response."""
        meta = request.meta
        fields = capture_fields(meta)
        return PageItem(
            url=request.url,
            fetched_at=utc_now(),
            **_request_fields(request.url, meta),
            duration=elapsed(meta),
            annotations=fields.pop("annotations"),
            **{k: v for k, v in fields.items() if v is not None},
        )

    @staticmethod
    def page_item(response: Response) -> PageItem:
        content_type = response.headers.get(b"Content-Type")
        meta = _meta(response)
        fields = capture_fields(meta)
        capture = meta.get(CAPTURE) or {}
        annotations = fields.pop("annotations")
        annotations += [flag for flag in response.flags if flag in _FLAG_ANNOTATIONS]
        return PageItem(
            url=response.url,
            status=response.status,
            headers=_headers(response),
            body=response.body,
            fetched_at=utc_now(),
            content_type=content_type.decode("latin-1") if content_type else None,
            **_request_fields(response.url, meta),
            duration=fetch_seconds(meta),
            wire_bytes=capture.get("payload_length"),
            annotations=list(dict.fromkeys(annotations)),
            **{k: v for k, v in fields.items() if v is not None},
        )
