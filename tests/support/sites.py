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

from support.servers import LoopbackServer

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
PLACES = ("Geneva", "Nairobi", "Dhaka", "Bogotá", "Amman", "Kabul", "Beira", "Niamey", "Tripoli", "Manila")
PEOPLE = (
    "Amina Diallo",
    "Jonas Lindqvist",
    "María Fernández",
    "Rahul Mehta",
    "Chanda Mulenga",
    "Leila Haddad",
)


def release_page(index: int, links: list[str] | None = None, title: str | None = None) -> bytes:
    """A Drupal-9-like IOM press release with one release on it; deterministic from *index*."""
    place = PLACES[index % len(PLACES)]
    person = PEOPLE[index % len(PEOPLE)]
    first, last = person.split(" ", 1)
    day, month, year = 1 + index % 28, MONTHS[index % 12], 2010 + index % 14
    headline = title or f"IOM Opens Migrant Resource Centre Number {index} in {place}"
    link_items = "".join(
        f'<li><a href="{href}">Related release {n}</a></li>' for n, href in enumerate(links or [])
    )
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" /><title>{headline} | International Organization for Migration</title></head>
<body class="path-node page-node-type-news">
<header role="banner"><nav class="utility-nav"><ul><li><a href="/index.html">Home</a></li>
<li><a href="/news/page-1.html">News</a></li></ul></nav></header>
<main role="main"><div class="region region-content">
<article role="article" class="node node--type-news node--view-mode-full">
<div class="hero-banner"><h1 class="page-title"><span class="field field--name-title">{headline}</span></h1>
<div class="date"><time datetime="{year}-01-01T12:00:00Z">{day} {month} {year}</time></div></div>
<div class="narrow-content"><div class="clearfix text-formatted field field--name-body field__item">
<p>{place} – IOM, the UN Migration Agency, today opened migrant resource centre number {index} in {place}, where
it will offer counselling, legal referrals and language classes to about {300 + index} people a month.</p>
<p>The centre is run with the local authorities and community organizations, and it is the first of its kind in
the district, which has received large numbers of returning migrants over the past two years.</p>
<p>“Migrants who know their rights and their options make safer choices,” said {person}, IOM Chief of Mission.
“This centre brings that information to where people live.”</p>
<p>{last} added that the centre would also train local officials on the protection of vulnerable migrants.</p>
<p><strong>For further information, please contact:</strong></p>
<p>{person}, IOM {place}, Tel: +41 22 717 9{index % 1000:03d}, Email: <a href="mailto:{first.lower()}@iom.int">{first.lower()}@iom.int</a></p>
</div></div></article>
<section class="related-content"><h2>Related Content</h2><ul>{link_items}</ul></section>
</div></main>
<footer role="contentinfo" class="footer"><p>International Organization for Migration, 17 route des Morillons, Geneva</p></footer>
</body></html>
"""
    return html.encode("utf-8")


def listing_page(page: int, pages: int, releases: list[int]) -> bytes:
    items = "".join(
        f'<li><h3><a href="/news/release-{n:05d}.html">Release {n}</a></h3><div class="date">1 May 2020</div></li>'
        for n in releases
    )
    pager = " ".join(f'<a href="/news/page-{p}.html">{p}</a>' for p in range(1, pages + 1) if p != page)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>News | IOM</title></head>"
        f"<body><main><h1>News</h1><ul class='teasers'>{items}</ul><nav class='pager'>{pager}</nav></main>"
        f"</body></html>"
    ).encode()


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
    """*pages* release pages, listed 20 to a listing page, each linking to a few others, to its own print
    view and session-id variant (duplicates by canonical URL), to an offsite page and to a page robots.txt
    disallows. ``delay`` slows every answer (to give a test time to kill a crawl midway)."""

    PER_LISTING = 20

    def __init__(
        self, pages: int = 100, delay: float = 0.0, lifetime: float = 900.0, crawl_delay: float | None = None
    ) -> None:
        super().__init__(lifetime)
        self.pages = pages
        self.crawl_delay = crawl_delay
        self.delay = min(delay, 2.0)
        self.listings = max(1, -(-pages // self.PER_LISTING))

    def release_links(self, n: int) -> list[str]:
        others = [(n * 7 + 3) % self.pages, (n + 1) % self.pages, (n * 13 + 5) % self.pages]
        return [
            *(f"/news/release-{m:05d}.html" for m in others),
            f"/news/release-{n:05d}.html?print=1",
            f"/news/release-{n:05d}.html;jsessionid=ABC{n}",
            f"https://www.example.org/share?id={n}",
            f"/private/draft-{n % 5}.html",
        ]

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        if self.delay:
            time.sleep(self.delay)
        path = urlsplit(handler.path).path
        if path == "/robots.txt":
            rules = "User-agent: *\nDisallow: /private/\n"
            if self.crawl_delay is not None:
                rules += f"Crawl-delay: {self.crawl_delay}\n"
            return send(handler, 200, rules.encode(), "text/plain")
        body = self.page(path)
        if body is None:
            return send(handler, 404, b"<h1>Not found</h1>")
        return send(handler, 200, body)

    def page(self, path: str) -> bytes | None:
        """The body served at *path* with status 200, or None."""
        path = urlsplit(path).path
        if path in ("/", "/index.html"):
            return listing_page(0, self.listings, list(range(min(self.pages, 5))))
        if path.startswith("/news/page-"):
            try:
                page = int(path.removeprefix("/news/page-").removesuffix(".html"))
            except ValueError:
                return None
            first = (page - 1) * self.PER_LISTING
            numbers = list(range(first, min(self.pages, first + self.PER_LISTING)))
            return listing_page(page, self.listings, numbers) if page >= 1 and numbers else None
        if (path.startswith("/news/release-") and path.endswith(".html")) or ";jsessionid=" in path:
            try:
                number = int(path.removeprefix("/news/release-").split(".html")[0].split(";")[0])
            except ValueError:
                return None
            return release_page(number, self.release_links(number)) if 0 <= number < self.pages else None
        return None

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
