"""Scrapy's RedirectMiddleware, for redirects a hostile or broken server sends.

:class:`SafeRedirectMiddleware` (replaces Scrapy's at 600):

* a ``Location`` that is not an http(s) URL (``javascript:``, ``mailto:``, ``data:``, ``file:``) is not
  followed; the 3xx reaches the errback, which logs the URL ``dropped: redirect-refused`` naming the
  target (stock Scrapy raises ``ValueError: Missing scheme`` for ``javascript:...``, an error line);
* a ``Location`` with ``user:password@`` is followed without it: credentials a server puts in a redirect
  are not sent on, and never reach the crawl log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware

from iomcrawl.crawl.urls import without_userinfo

if TYPE_CHECKING:
    from scrapy.http import Request, Response

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def redirect_scheme(request: Request, response: Response) -> str | None:
    """The scheme of the URL a redirect response points to (None when it is not a redirect)."""
    location = response.headers.get(b"Location")
    if response.status not in _REDIRECTS or not location:
        return None
    target = location.decode("latin-1").strip()
    if target.startswith("//"):
        return urlsplit(request.url).scheme
    try:
        return urlsplit(urljoin(request.url, target)).scheme.lower()
    except ValueError:  # an unparsable Location: nothing to follow
        return ""


class SafeRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        scheme = redirect_scheme(request, response)
        if scheme is not None and scheme not in ("http", "https"):
            return response  # not followed; see the module docstring
        return super().process_response(request, response)

    def _build_redirect_request(
        self, source_request: Request, response: Response, *, url: str, **kwargs: Any
    ) -> Request:
        return super()._build_redirect_request(source_request, response, url=without_userinfo(url), **kwargs)
