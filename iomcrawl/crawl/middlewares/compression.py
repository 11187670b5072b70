"""Content decoding that keeps a page whose ``Content-Encoding`` lies, instead of losing it.

:class:`TolerantCompressionMiddleware` (replaces HttpCompressionMiddleware at 590): a body that does not
decode as its ``Content-Encoding`` says is kept as received and flagged ``content-encoding-false``,
instead of the page being lost to a ``BadGzipFile``; gzip bytes sent without ``Content-Encoding`` are
gunzipped (same size cap) and flagged ``gzip-without-content-encoding``. Decompression bombs still end as
``IgnoreRequest`` (DOWNLOAD_MAXSIZE).

It asks only for ``gzip, deflate`` (:data:`ACCEPT_ENCODING`), not for Scrapy's ``br`` and ``zstd``: the
WARC keeps bodies as received, and an archive is for every tool that will ever read it. gzip and deflate
are what Heritrix asks for and every WARC reader undoes; warcio, and so pywb, cannot undo zstd at all, and
stock warcio 1.8.1 fails on brotli with Google's ``brotli`` package. A server that sends br or zstd
unasked is still decoded here, and in replay (:mod:`iomcrawl.warc.compat`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest

from iomcrawl.codes import Annotation
from iomcrawl.warc.gunzip import GunzipTooLarge, gunzip

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

# What the crawl asks for: codings every WARC reader can undo (see the module docstring).
ACCEPT_ENCODING = b"gzip, deflate"

# Content types whose gzip bytes are the resource itself, not an encoding of it.
GZIP_TYPES = (b"application/gzip", b"application/x-gzip", b"application/octet-stream")


class TolerantCompressionMiddleware(HttpCompressionMiddleware):
    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        request.headers.setdefault(b"Accept-Encoding", ACCEPT_ENCODING)

    def process_response(
        self,
        request: Request,
        response: Response,
        spider: Spider | None = None,  # the parent's signature; Scrapy no longer passes it
    ) -> Request | Response:
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
                (response.headers.get(b"Content-Encoding") or b"").decode("latin-1"),
                exc,
            )
            if self.stats:
                self.stats.inc_value("iomcrawl/content_encoding_false")
            headers = response.headers.copy()
            del headers["Content-Encoding"]
            return response.replace(
                headers=headers, flags=[*response.flags, Annotation.CONTENT_ENCODING_FALSE]
            )

    def _sniff_gzip(self, request: Request, response: Response) -> Response:
        body = response.body
        content_type = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
        if not body.startswith(b"\x1f\x8b") or content_type in GZIP_TYPES:
            return response
        max_size = request.meta.get("download_maxsize", self._max_size)
        try:
            decoded = gunzip(body, max_size=max_size)
        except GunzipTooLarge as exc:
            msg = (
                f"Ignored response {response}: gzip body without Content-Encoding exceeded "
                f"DOWNLOAD_MAXSIZE ({max_size} B) during decompression."
            )
            raise IgnoreRequest(msg) from exc
        except Exception:
            return response  # not gzip after all
        if self.stats:
            self.stats.inc_value("iomcrawl/gzip_sniffed")
        flags = [*response.flags, Annotation.GZIP_WITHOUT_CONTENT_ENCODING]
        return response.replace(body=decoded, flags=flags)
