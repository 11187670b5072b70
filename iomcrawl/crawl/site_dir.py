"""Serve a folder read-only over HTTP on 127.0.0.1, so that a saved site (``-a site_dir=PATH``) is crawled
offline.

The crawl then goes through the whole Scrapy stack (robots.txt, headers, redirects, feeds) exactly as a
live crawl does, without touching the network.

The server listens on a free port, which changes from run to run, so the crawl does not use it in URLs:
pages are crawled under a stable origin, ``IOMCRAWL_SITE_DIR_ORIGIN`` (``http://site-dir.localhost``; say
``http://www.iom.int`` for a mirror of iom.int), and :class:`FolderSiteRouting` sends every request for that
origin to the server as to an HTTP proxy. URLs, record ids and a JOBDIR's frontier are then the same in
every run: a stopped job resumes, and a re-crawl gives the same ids.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from iomcrawl.crawl.config import ConfigError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

DEFAULT_ORIGIN = "http://site-dir.localhost"


def site_origin(settings: BaseSettings) -> str:
    """``IOMCRAWL_SITE_DIR_ORIGIN`` as ``http://host[:port]``; anything else is a configuration error."""
    origin = (settings.get("IOMCRAWL_SITE_DIR_ORIGIN") or DEFAULT_ORIGIN).rstrip("/")
    parts = urlsplit(origin)
    if parts.scheme != "http" or not parts.hostname or parts.path or parts.query or "@" in parts.netloc:
        raise ConfigError(f"IOMCRAWL_SITE_DIR_ORIGIN must be http://HOST[:PORT], got {origin!r}")
    return origin


class _ReadOnlyHandler(SimpleHTTPRequestHandler):
    """GET/HEAD of files only: no directory listings (a real site has none to crawl), quiet log."""

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "No directory listing")

    def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
        logger.debug("site_dir: " + format, *args)

    def parse_request(self) -> bool:
        """Requests come as to a proxy (``GET http://origin/path``): serve the path."""
        if not super().parse_request():
            return False
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return True


class FolderSite:
    """A folder served on a random loopback port from a daemon thread, crawled under *origin* (see the
    module docstring; ``None``: under the server's own address); use as a context manager."""

    def __init__(
        self, root: str | Path, host: str = "127.0.0.1", port: int = 0, origin: str | None = DEFAULT_ORIGIN
    ) -> None:
        self.root = Path(root).resolve()
        if not (self.root / "index.html").is_file():
            raise FileNotFoundError(f"no index.html in {self.root}")
        self.origin = origin
        self._address = (host, port)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Where the site's pages are, for the crawl: its origin."""
        return f"{self.origin}/" if self.origin else self.server_url

    @property
    def server_url(self) -> str:
        """Where the server listens."""
        if self._server is None:
            raise RuntimeError("the site is not being served")
        host, port = self._server.server_address[:2]
        if isinstance(host, bytes):  # typeshed allows it; an AF_INET server gives a str
            host = host.decode("ascii")
        return f"http://{host}:{port}/"

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def start(self) -> Self:
        if self._server is not None:
            return self
        handler = partial(_ReadOnlyHandler, directory=str(self.root))
        self._server = ThreadingHTTPServer(self._address, handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="iomcrawl-site-dir",
            daemon=True,
        )
        self._thread.start()
        logger.info("serving %s at %s as %s", self.root, self.server_url, self.base_url)
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class FolderSiteRouting:
    """Downloader middleware: a request for the ``-a site_dir`` site's origin goes to its server (as through
    an HTTP proxy, ``meta["proxy"]``, read by Scrapy's HttpProxyMiddleware after this one)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        site: FolderSite | None = getattr(self.crawler.spider, "folder_site", None)
        if site is None or not site.origin:
            return
        if urlsplit(request.url).netloc.lower() == urlsplit(site.origin).netloc.lower():
            request.meta["proxy"] = site.server_url.rstrip("/")
