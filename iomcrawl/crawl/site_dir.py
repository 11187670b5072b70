"""Serve a folder read-only over HTTP on 127.0.0.1, so that a saved site (``-a site_dir=PATH``) is crawled
offline.

The crawl then goes through the whole Scrapy stack (robots.txt, headers, redirects, feeds) exactly as a
live crawl does, without touching the network.
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
from typing import Any, Self

logger = logging.getLogger(__name__)


class _ReadOnlyHandler(SimpleHTTPRequestHandler):
    """GET/HEAD of files only: no directory listings (a real site has none to crawl), quiet log."""

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "No directory listing")

    def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
        logger.debug("site_dir: " + format, *args)


class FolderSite:
    """A folder served on a random loopback port from a daemon thread; use as a context manager."""

    def __init__(self, root: str | Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root).resolve()
        if not (self.root / "index.html").is_file():
            raise FileNotFoundError(f"no index.html in {self.root}")
        self._address = (host, port)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
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
        logger.info("serving %s at %s", self.root, self.base_url)
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
