"""Generated web sites on 127.0.0.1 for crawl tests and benchmarks: a press site of any size, and a site
whose pages each break a crawler in a known way (the fault matrix of issue 5).

Both are :class:`support.servers.LoopbackServer`: bound to 127.0.0.1 on a random port, serving from
daemon threads, stopping themselves after ``lifetime`` seconds, recording every request. Neither sleeps
longer than a few seconds on a request.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from iomcrawl import sitegen
from iomcrawl.sitegen import release_page
from support.servers import LoopbackServer


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
    length: int | None = None,
) -> None:
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


class PressSite(LoopbackServer):
    """The generated press site (:class:`iomcrawl.sitegen.PressSite`) served on 127.0.0.1: *pages* release
    pages, listed 20 to a listing page. ``delay`` slows every answer (to give a test time to kill a crawl
    midway)."""

    PER_LISTING = sitegen.PressSite.PER_LISTING

    def __init__(
        self, pages: int = 100, delay: float = 0.0, lifetime: float = 900.0, crawl_delay: float | None = None
    ) -> None:
        super().__init__(lifetime)
        self.site = sitegen.PressSite(pages)
        self.pages = pages
        self.crawl_delay = crawl_delay
        self.delay = min(delay, 2.0)
        self.listings = self.site.listings

    def release_links(self, n: int) -> list[str]:
        return self.site.release_links(n)

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        if self.delay:
            time.sleep(self.delay)
        path = urlsplit(handler.path).path
        if path == "/robots.txt":
            rules = sitegen.ROBOTS_TXT
            if self.crawl_delay is not None:
                rules += f"Crawl-delay: {self.crawl_delay}\n"
            return send(handler, 200, rules.encode(), "text/plain")
        body = self.page(path)
        if body is None:
            return send(handler, 404, b"<h1>Not found</h1>")
        return send(handler, 200, body)

    def page(self, path: str) -> bytes | None:
        """The body served at *path* with status 200, or None."""
        return self.site.page(path)

    def expected_release_pages(self) -> set[str]:
        return {self.url(f"news/release-{n:05d}.html") for n in range(self.pages)}


# -- the fault site --------------------------------------------------------------------------------------

BOMB_SIZE = 24 * 1024 * 1024  # decompressed: over DOWNLOAD_MAXSIZE (10 MiB by default)
HUGE_SIZE = 12 * 1024 * 1024


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as stream:
        stream.write(data)
    return buffer.getvalue()


_cache: dict[str, bytes] = {}


def gzip_bomb() -> bytes:
    if "gzip" not in _cache:
        _cache["gzip"] = _gzip(b"\0" * BOMB_SIZE)
    return _cache["gzip"]


def brotli_bomb() -> bytes:
    if "br" not in _cache:
        import brotli

        _cache["br"] = brotli.compress(b"\0" * BOMB_SIZE, quality=1)
    return _cache["br"]


# path -> (what the crawl log must say: outcome, reason prefix). Hosts other than 127.0.0.1 are noted.
FAULTS: dict[str, tuple[str, str]] = {
    "/slow.html": ("error", "timeout"),
    "/flaky.html": ("records", ""),
    "/gone-404.html": ("error", "http-404"),
    "/gone-410.html": ("error", "http-410"),
    "/loop": ("error", "redirect-loop"),
    "/ping": ("redirect", "redirect"),
    "/truncated.html": ("error", "truncated"),
    "/gzip-bomb.html": ("dropped", "too-large"),
    "/brotli-bomb.html": ("dropped", "too-large"),
    "/huge.html": ("dropped", "too-large"),
    "/huge-stream.html": ("dropped", "too-large"),
    "/pdf-as-html.html": ("no-release", "binary"),
    "/gzip-no-content-encoding.html": ("records", ""),
    "/false-content-encoding.html": ("records", ""),
    "/gzip-encoded.html": ("records", ""),
    "/offsite-redirect": ("redirect", "redirect"),
    "/to-file": ("dropped", "redirect-refused"),
    "/private/secret.html": ("dropped", "robots"),
    "/mis-declared-charset.html": ("records", ""),
    "/release.html?print=1": ("dropped", "duplicate"),
}
TWIN_COPIES = ("/copy-a.html", "/copy-b.html")  # the same payload: a revisit in WARC, one record written
OFFSITE_TARGET = "http://offsite.invalid/elsewhere.html"
FILE_TARGET = "file:///etc/passwd"


class FaultSite(LoopbackServer):
    """One page per fault, all linked from ``/index.html``; ``http://localhost:PORT/`` has a robots.txt
    answering 503 (so the page linked there must not be fetched); ``crawl_delay`` adds a Crawl-delay."""

    def __init__(self, slow: float = 3.0, crawl_delay: float | None = None, lifetime: float = 300.0) -> None:
        super().__init__(lifetime)
        self.slow = min(slow, 5.0)
        self.crawl_delay = crawl_delay
        gzip_bomb(), brotli_bomb()  # built before serving, not while a crawler waits

    @property
    def localhost_url(self) -> str:
        return f"http://localhost:{self.port}/behind-503-robots.html"

    def index(self) -> bytes:
        # the plain URL before its print view; two URLs serving one release, written once
        links = ["/release.html", *FAULTS, *TWIN_COPIES, self.localhost_url]
        items = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
        return f"<!DOCTYPE html><html><head><title>Faults</title></head><body><ul>{items}</ul></body></html>".encode()

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        host = handler.headers.get("Host", "")
        path = handler.path
        routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
            "/index.html": lambda h: send(h, 200, self.index()),
            "/slow.html": self._slow,
            "/flaky.html": self._flaky,
            "/gone-404.html": lambda h: send(h, 404, b"<h1>Not found</h1>"),
            "/gone-410.html": lambda h: send(h, 410, b"<h1>Gone</h1>"),
            "/loop": lambda h: send(h, 302, b"", headers={"Location": "/loop"}),
            "/ping": lambda h: send(h, 301, b"", headers={"Location": "/pong"}),
            "/pong": lambda h: send(h, 301, b"", headers={"Location": "/ping"}),
            "/truncated.html": self._truncated,
            "/gzip-bomb.html": lambda h: send(h, 200, gzip_bomb(), headers={"Content-Encoding": "gzip"}),
            "/brotli-bomb.html": lambda h: send(h, 200, brotli_bomb(), headers={"Content-Encoding": "br"}),
            "/huge.html": self._huge,
            "/huge-stream.html": self._huge_stream,
            "/pdf-as-html.html": lambda h: send(
                h, 200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"
            ),
            "/gzip-no-content-encoding.html": lambda h: send(h, 200, _gzip(release_page(1))),
            "/false-content-encoding.html": lambda h: send(
                h, 200, release_page(2), headers={"Content-Encoding": "gzip"}
            ),
            "/gzip-encoded.html": lambda h: send(
                h, 200, _gzip(release_page(3)), headers={"Content-Encoding": "gzip"}
            ),
            "/offsite-redirect": lambda h: send(h, 302, b"", headers={"Location": OFFSITE_TARGET}),
            "/to-file": lambda h: send(h, 302, b"", headers={"Location": FILE_TARGET}),
            "/private/secret.html": lambda h: send(h, 200, release_page(4)),
            "/mis-declared-charset.html": lambda h: send(h, 200, self._cp1252_page()),
            "/copy-a.html": lambda h: send(h, 200, release_page(5, title="IOM Opens Twin Centres")),
            "/copy-b.html": lambda h: send(h, 200, release_page(5, title="IOM Opens Twin Centres")),
            "/release.html": lambda h: send(h, 200, release_page(6)),
            "/release.html?print=1": lambda h: send(h, 200, release_page(6)),
        }
        if path == "/robots.txt":
            if host.startswith("localhost"):
                return send(handler, 503, b"<h1>Service unavailable</h1>")
            rules = b"User-agent: *\nDisallow: /private/\n"
            if self.crawl_delay is not None:
                rules += f"Crawl-delay: {self.crawl_delay}\n".encode()
            return send(handler, 200, rules, "text/plain")
        route = routes.get(path)
        if route is None:
            return send(handler, 404, b"<h1>Not found</h1>")
        return route(handler)

    def _slow(self, handler: BaseHTTPRequestHandler) -> None:
        time.sleep(self.slow)
        send(handler, 200, release_page(7))

    def _flaky(self, handler: BaseHTTPRequestHandler) -> None:
        if self.hits(f"http://{handler.headers.get('Host', '')}/flaky.html") <= 1:
            return send(handler, 503, b"<h1>Try again</h1>")
        send(handler, 200, release_page(8))

    def _truncated(self, handler: BaseHTTPRequestHandler) -> None:
        send(handler, 200, release_page(9)[:112], length=10_000)
        handler.close_connection = True

    def _huge(self, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(HUGE_SIZE))
        handler.end_headers()
        self._stream_zeros(handler, HUGE_SIZE)

    def _huge_stream(self, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no Content-Length: the body ends when the connection closes
        self._stream_zeros(handler, HUGE_SIZE)

    @staticmethod
    def _stream_zeros(handler: BaseHTTPRequestHandler, size: int) -> None:
        block = b"<p>" + b"x" * 65530 + b"</p>"
        sent = 0
        while sent < size:
            handler.wfile.write(block)
            sent += len(block)

    @staticmethod
    def _cp1252_page() -> bytes:
        body = release_page(10, title="IOM\u2019s \u201cSafe Migration\u201d Caf\u00e9 Opens in Gen\u00e8ve")
        return body.decode("utf-8").encode("cp1252", errors="replace")


def digest_of(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()
