"""A response as it was served: from a live URL or a saved file (WARC records: :mod:`iomcrawl.qa.archive`).

The body is kept as the bytes a crawl's chain would see (content-encoding such as gzip undone, as Scrapy's
HttpCompressionMiddleware does, charset untouched: a lying charset is exactly what fixtures must keep).
Headers, status and URL travel in a sidecar shaped like Scrapy 2.19's ``Response.to_dict()``
(:mod:`iomcrawl.qa.sidecar`), so ``scrapy.utils.response.response_from_dict`` rebuilds the response
from it and the page's bytes. Nothing here imports Scrapy: the crawl's settings module is plain constants.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

from iomcrawl.crawl.settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT, USER_AGENT
from iomcrawl.qa.sidecar import build_sidecar

MAX_BYTES = DOWNLOAD_MAXSIZE  # the crawl's own cap: a page bigger than this is not a press release


class SourceError(Exception):
    """A page that cannot be captured: unreachable, too big, disallowed, not a response record."""


class FetchTimeout(SourceError):
    """The fetch went past its deadline: the server is too slow, or drips its answer on purpose."""


class Deadline:
    """One time limit for a whole fetch: robots.txt, redirects, headers and body together.

    A per-read socket timeout never fires on a server that sends a byte every few seconds, so at the
    deadline every socket opened for the fetch is shut down, which ends whatever read is waiting on it.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return max(self._end - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        """Shut `sock` down at the deadline (at once if it has passed)."""
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def check(self, url: str) -> None:
        if self.expired or time.monotonic() >= self._end:
            raise FetchTimeout(f"gave up on {url} after {self.seconds:g} s (--timeout)")


def _shut(sock: socket.socket) -> None:
    # the plain socket's shutdown, also for a TLS socket: it wakes a blocked read without touching TLS state
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _watched(connection_class: type[http.client.HTTPConnection], deadline: Deadline) -> Any:
    """`connection_class` whose socket, once connected, is shut down at the deadline."""

    class Watched(connection_class):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    return Watched


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_watched(http_class, self.deadline), req, **kwargs)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_watched(http_class, self.deadline), req, **kwargs)


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


def _open(url: str, deadline: Deadline) -> Any:
    """The response to one GET with the crawl's User-Agent; HTTP error answers are responses too."""
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    opener = urllib.request.build_opener(_WatchedHTTPHandler(deadline), _WatchedHTTPSHandler(deadline))
    try:
        return opener.open(request, timeout=deadline.remaining())  # callers check the scheme
    except urllib.error.HTTPError as exc:
        return exc
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        deadline.check(url)
        raise SourceError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from exc


def _get(url: str, deadline: Deadline) -> tuple[int, str, list[tuple[str, str]], bytes, str]:
    """One GET (a 404 page is a fixture too), ended by `deadline` however slowly the server answers."""
    deadline.check(url)
    response = _open(url, deadline)
    with response:
        try:
            body = response.read(MAX_BYTES + 1)
        except (OSError, http.client.HTTPException) as exc:
            deadline.check(url)
            raise SourceError(f"cannot fetch {url}: {exc}") from exc
        deadline.check(url)  # a body cut short by the deadline is not the page
        version = getattr(response, "version", 11)
        return (
            response.status,
            response.geturl(),
            list(response.headers.items()),
            body,
            "HTTP/1.0" if version == 10 else "HTTP/1.1",
        )


def robots_allow(url: str, deadline: Deadline) -> bool:
    """robots.txt, read with the same User-Agent; an unreachable or missing file allows, as in Scrapy.
    A robots.txt still arriving at the deadline ends the fetch."""
    robots_url = urljoin(url, "/robots.txt")
    try:
        status, _, _, body, _ = _get(robots_url, deadline)
    except FetchTimeout:
        raise
    except SourceError:
        return True
    if status >= 400:
        return True
    parser = urllib.robotparser.RobotFileParser(robots_url)
    parser.parse(body.decode("utf-8", "replace").splitlines())
    return parser.can_fetch(USER_AGENT, url)


def fetch_url(url: str, *, obey_robots: bool = True, timeout: float = DOWNLOAD_TIMEOUT) -> RawResponse:
    """A live page, politely: robots.txt obeyed, the crawl's User-Agent and size cap, and `timeout`
    seconds in all (robots.txt included), as the crawl's DOWNLOAD_TIMEOUT is a total too."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceError(f"not an http(s) URL: {url}")
    with Deadline(timeout) as deadline:
        if obey_robots and not robots_allow(url, deadline):
            raise SourceError(f"robots.txt disallows {url} for {USER_AGENT}")
        fetched_at = now_iso()
        status, final_url, headers, body, protocol = _get(url, deadline)
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
