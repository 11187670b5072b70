"""Which links a crawl follows: the start host, scope domains, URL patterns, scheme, length and depth.

:class:`ScopeMiddleware` (a spider middleware, at 950 in ``SPIDER_MIDDLEWARES``) looks at every link a page
yields and drops those the crawl may not follow, each with a ``dropped`` line in the crawl log and a count
in the stats. It sits on the spider's side of Scrapy's UrlLengthMiddleware (800) and DepthMiddleware
(900), which would otherwise drop too long and too deep links without a trace. Redirect targets are
checked with the same :class:`UrlPolicy` when they are scheduled (:mod:`.gate`).

As with Scrapy's OffsiteMiddleware and ``allowed_domains``, the spider says what is in scope (its
``scope``, set once the start URL is known; ``None`` when replaying) and the middleware enforces it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from iomcrawl.codes import Drop, Reason
from iomcrawl.crawl.config import ConfigError, compile_patterns
from iomcrawl.crawl.meta import REFERER
from iomcrawl.crawl.outputs.pagelog import CrawlLog

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response


def _effective_port(scheme: str, port: int | None) -> int | None:
    return None if port in (None, {"http": 80, "https": 443}.get(scheme)) else port


def file_path(url: str) -> str:
    """The real path a ``file://`` URL names (symlinks and ``..`` resolved)."""
    return os.path.realpath(unquote(urlsplit(url).path))


def is_under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


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
            return self.file_root is not None and is_under(file_path(url), self.file_root)
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


def scope_domains(crawler: Crawler) -> tuple[str, ...]:
    """``IOMCRAWL_SCOPE_DOMAINS``, normalised: lower case, no leading or trailing dots, no blanks."""
    domains = crawler.settings.getlist("IOMCRAWL_SCOPE_DOMAINS")
    return tuple(d.strip().lower().strip(".") for d in domains if d.strip(" ."))


@dataclass(frozen=True)
class UrlPolicy:
    """Why a URL may not be fetched, whatever page or redirect led to it: its scheme, its length, the
    crawl's scope, and the ``IOMCRAWL_DENY`` / ``IOMCRAWL_ALLOW`` patterns (plus ``-a deny`` /
    ``-a allow``)."""

    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    url_length_limit: int = 0
    file_root: str | None = None  # file:// URLs are fetched only under an explicit -a file_root=DIR

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UrlPolicy:
        settings, spider = crawler.settings, crawler.spider
        try:
            allow = compile_patterns(
                [*settings.getlist("IOMCRAWL_ALLOW"), *getattr(spider, "extra_allow", [])]
            )
            deny = compile_patterns([*settings.getlist("IOMCRAWL_DENY"), *getattr(spider, "extra_deny", [])])
        except re.error as exc:
            raise ConfigError(f"allow/deny: not a regular expression: {exc}") from exc
        return cls(allow, deny, settings.getint("URLLENGTH_LIMIT"), getattr(spider, "file_root", None))

    def refusal(self, url: str, scope: Scope | None) -> Reason | None:
        """Why *url* may not be fetched, or None (no scope: replay, nothing is checked for scope)."""
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https") and not (scheme == "file" and self.file_root):
            return Reason(Drop.SCHEME, f"{scheme} URLs are not fetched")
        if self.url_length_limit and len(url) > self.url_length_limit:
            return Reason(Drop.URL_TOO_LONG, f"{len(url)} > URLLENGTH_LIMIT {self.url_length_limit}")
        if scope is not None and not scope.allows(url):
            return Reason(Drop.OFFSITE, "not on the start host or a scope domain")
        if any(pattern.search(url) for pattern in self.deny):
            return Reason(Drop.DENIED, "matches IOMCRAWL_DENY")
        if self.allow and not any(pattern.search(url) for pattern in self.allow):
            return Reason(Drop.NOT_ALLOWED, "matches no IOMCRAWL_ALLOW pattern")
        return None


def crawl_scope(crawler: Crawler) -> Scope | None:
    """The scope the spider declared (None before its start, and when replaying archives)."""
    return getattr(crawler.spider, "scope", None)


def response_depth(response: Response) -> int:
    """The depth of the page a response is (0 for a response built without a request)."""
    try:
        meta: dict[str, Any] = response.meta
    except AttributeError:
        return 0
    return int(meta.get("depth", 0))


class ScopeMiddleware(BaseSpiderMiddleware):
    """Drop (and log) the links of a page that the crawl may not follow; see the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.policy = UrlPolicy.from_crawler(crawler)
        self.depth_limit = crawler.settings.getint("DEPTH_LIMIT")

    def refusal(self, request: Request, depth: int) -> Reason | None:
        """Why the link *request*, met at *depth*, may not be followed, or None.

        Override this method for another policy (and point ``SPIDER_MIDDLEWARES`` at the subclass).
        """
        refusal = self.policy.refusal(request.url, crawl_scope(self.crawler))
        if refusal is None and self.depth_limit and depth > self.depth_limit:
            refusal = Reason(Drop.DEPTH, f"{depth} > DEPTH_LIMIT {self.depth_limit}")
        return refusal

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is None or REFERER not in request.meta:
            return request  # a start request, or not a link of the page
        depth = response_depth(response) + 1
        refusal = self.refusal(request, depth)
        if refusal is None:
            return request
        CrawlLog.of(self.crawler).drop(request.url, refusal, depth=depth, referer=response.url)
        self.crawler.stats.inc_value(f"iomcrawl/dropped/{refusal.code}")
        return None
