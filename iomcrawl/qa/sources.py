"""A response as it was served: from a live URL or a saved file (WARC records: :mod:`iomcrawl.qa.archive`).

The body is kept as the bytes a crawl's chain would see (content-encoding such as gzip undone, as Scrapy's
HttpCompressionMiddleware does, charset untouched: a lying charset is exactly what fixtures must keep).
Headers, status and URL travel in a sidecar shaped like Scrapy 2.19's ``Response.to_dict()``
(:mod:`iomcrawl.qa.sidecar`), so ``scrapy.utils.response.response_from_dict`` rebuilds the response
from it and the page's bytes. Nothing here imports Scrapy: the crawl's settings module is plain constants.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from iomcrawl.crawl.settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT, USER_AGENT
from iomcrawl.qa.sidecar import build_sidecar

MAX_BYTES = DOWNLOAD_MAXSIZE  # the crawl's own cap: a page bigger than this is not a press release


class SourceError(Exception):
    """A page that cannot be captured: unreachable, too big, disallowed, not a response record."""


@dataclass
class RawResponse:
    url: str
    body: bytes
    status: int | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    fetched_at: str | None = None
    origin: dict[str, Any] = field(default_factory=dict)  # how it was obtained: kind http|file|warc, ...
    protocol: str | None = None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")

    def sidecar(self) -> dict[str, Any]:
        """The fixture's ``NAME.response.json``: ``Response.to_dict()`` without the body, JSON-safe."""
        return build_sidecar(
            url=self.url,
            body=self.body,
            status=self.status,
            headers=self.headers,
            protocol=self.protocol,
            fetched_at=self.fetched_at,
            origin=self.origin,
        )


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _undo_content_encoding(
    body: bytes, headers: list[tuple[str, str]]
) -> tuple[bytes, list[tuple[str, str]]]:
    """gzip/deflate bodies decoded (capped), and the header that described them dropped, as Scrapy does."""
    coding = next((v.strip().lower() for k, v in headers if k.lower() == "content-encoding"), "")
    if coding not in ("gzip", "x-gzip", "deflate"):
        return body, headers
    # zlib with a cap rather than gzip.decompress: a small body must not inflate into gigabytes
    wbits = (zlib.MAX_WBITS | 16,) if coding != "deflate" else (zlib.MAX_WBITS, -zlib.MAX_WBITS)
    data = b""
    for bits in wbits:
        try:
            data = zlib.decompressobj(bits).decompress(body, MAX_BYTES + 1)
            break
        except zlib.error as exc:
            if bits == wbits[-1]:
                raise SourceError(f"the {coding} body does not decompress: {exc}") from exc
    if len(data) > MAX_BYTES:
        raise SourceError(f"the body decompresses to more than {MAX_BYTES} bytes")
    return data, [(k, v) for k, v in headers if k.lower() != "content-encoding"]


def _get(url: str, timeout: float) -> tuple[int, str, list[tuple[str, str]], bytes, str]:
    """One GET with the crawl's User-Agent; HTTP error answers are responses too (a 404 page is a fixture)."""
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # callers check the scheme
    except urllib.error.HTTPError as exc:
        response = exc
    except (urllib.error.URLError, OSError) as exc:
        raise SourceError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from exc
    with response:
        body = response.read(MAX_BYTES + 1)
        version = getattr(response, "version", 11)
        return (
            response.status,
            response.geturl(),
            list(response.headers.items()),
            body,
            "HTTP/1.0" if version == 10 else "HTTP/1.1",
        )


def robots_allow(url: str, timeout: float = DOWNLOAD_TIMEOUT) -> bool:
    """robots.txt, read with the same User-Agent; an unreachable or missing file allows, as in Scrapy."""
    robots_url = urljoin(url, "/robots.txt")
    try:
        status, _, _, body, _ = _get(robots_url, timeout)
    except SourceError:
        return True
    if status >= 400:
        return True
    parser = urllib.robotparser.RobotFileParser(robots_url)
    parser.parse(body.decode("utf-8", "replace").splitlines())
    return parser.can_fetch(USER_AGENT, url)


def fetch_url(url: str, *, obey_robots: bool = True, timeout: float = DOWNLOAD_TIMEOUT) -> RawResponse:
    """A live page, politely: robots.txt obeyed, the crawl's User-Agent, the crawl's size cap."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceError(f"not an http(s) URL: {url}")
    if obey_robots and not robots_allow(url, timeout):
        raise SourceError(f"robots.txt disallows {url} for {USER_AGENT}")
    fetched_at = now_iso()
    status, final_url, headers, body, protocol = _get(url, timeout)
    if len(body) > MAX_BYTES:
        raise SourceError(f"{url} is larger than {MAX_BYTES} bytes")
    body, headers = _undo_content_encoding(body, headers)
    origin = {"kind": "http", "requested": url}
    return RawResponse(final_url, body, status, headers, fetched_at, origin, protocol)


def read_file(path: Path, url: str | None = None) -> RawResponse:
    """A page saved by hand: its bytes as they are, its URL as the person states it (else the file's)."""
    try:
        body = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(body) > MAX_BYTES:
        raise SourceError(f"{path} is larger than {MAX_BYTES} bytes")
    ctype = "text/plain" if path.suffix.lower() == ".txt" else None
    headers = [("Content-Type", ctype)] if ctype else []
    fetched = mtime.isoformat(timespec="seconds").replace("+00:00", "Z")
    return RawResponse(
        url or path.resolve().as_uri(), body, None, headers, fetched, {"kind": "file", "path": str(path)}
    )
