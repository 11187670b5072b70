"""The one HTTP server base for tests: threaded, on 127.0.0.1, on a random port, bounded in time.

Every request is recorded in arrival order (host, path, User-Agent, time) so a test can hold a crawl's
own log against what the server really saw, and the number of requests in flight at once is tracked so
politeness can be checked without measuring speed. A server stops itself after ``lifetime`` seconds
whatever the caller does, so a test that hangs or forgets to stop it cannot leave it serving.

Subclasses answer requests in :meth:`LoopbackServer.respond`; :class:`ServedFolder` serves files.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

DEFAULT_LIFETIME = 600.0


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it."""

    host: str  # the Host header: "127.0.0.1:PORT", or "localhost:PORT" for a test of another host
    path: str  # path and query, as sent
    user_agent: str
    arrived: float  # time.monotonic() when the request was read

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"


class LoopbackServer:
    """A ThreadingHTTPServer on 127.0.0.1 that records requests and stops by itself; a context manager."""

    protocol = "HTTP/1.0"  # a body may end with the connection (truncated, no Content-Length)
    handler_base: ClassVar[type[BaseHTTPRequestHandler]] = BaseHTTPRequestHandler

    def __init__(self, lifetime: float = DEFAULT_LIFETIME) -> None:
        self.lifetime = lifetime
        self.port = 0
        self._requests: list[RecordedRequest] = []
        self._hits: Counter[str] = Counter()
        self._in_flight = 0
        self._max_in_flight = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._timer: threading.Timer | None = None

    # -- what was asked -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, in arrival order (a copy: the server may still be serving)."""
        with self._lock:
            return list(self._requests)

    @property
    def requested(self) -> list[str]:
        """The path (with query) of every request so far, in arrival order."""
        return [request.path for request in self.requests]

    @property
    def requested_urls(self) -> list[str]:
        """Every request so far as a URL, with the host it was sent to, in arrival order."""
        return [request.url for request in self.requests]

    @property
    def user_agents(self) -> set[str]:
        return {request.user_agent for request in self.requests}

    @property
    def max_in_flight(self) -> int:
        """The most requests the server was answering at the same moment."""
        return self._max_in_flight

    def hits(self, url: str) -> int:
        """How many times *url* (``http://host/path``) was requested."""
        with self._lock:
            return self._hits[url]

    def reset(self) -> None:
        """Forget the requests seen so far (between two crawls of the same server)."""
        with self._lock:
            self._requests.clear()
            self._hits.clear()
            self._max_in_flight = self._in_flight

    # -- serving --------------------------------------------------------------------------------------

    def respond(self, handler: BaseHTTPRequestHandler) -> None:  # pragma: no cover - abstract
        """Answer one GET request; subclasses decide what the site is."""
        raise NotImplementedError

    def _record(self, handler: BaseHTTPRequestHandler) -> None:
        request = RecordedRequest(
            host=handler.headers.get("Host", ""),
            path=handler.path,
            user_agent=handler.headers.get("User-Agent", ""),
            arrived=time.monotonic(),
        )
        with self._lock:
            self._requests.append(request)
            self._hits[request.url] += 1
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        self._record(handler)
        try:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                self.respond(handler)
        finally:
            with self._lock:
                self._in_flight -= 1

    def handler_factory(self) -> Callable[..., BaseHTTPRequestHandler]:
        """The request handler class the HTTP server instantiates per request."""
        site = self

        class Handler(self.handler_base):  # type: ignore[name-defined]
            protocol_version = site.protocol

            def do_GET(self) -> None:
                site._serve(self)

            def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
                pass

        return Handler

    def start(self) -> Self:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_factory())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        ).start()
        self._timer = threading.Timer(self.lifetime, self.stop)  # stops by itself, whatever happens
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._timer is not None and self._timer is not threading.current_thread():
            self._timer.cancel()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class _FileHandler(SimpleHTTPRequestHandler):
    def list_directory(self, path: Any) -> None:
        self.send_error(404, "No directory listing")  # as real sites do: nothing extra to crawl


class ServedFolder(LoopbackServer):
    """The files under *root* as a static web site: a folder link redirects to its slash form and serves
    its index.html, and there are no directory listings."""

    handler_base = _FileHandler

    def __init__(self, root: Path, lifetime: float = DEFAULT_LIFETIME) -> None:
        super().__init__(lifetime)
        self.root = root

    def handler_factory(self) -> Callable[..., BaseHTTPRequestHandler]:
        return partial(super().handler_factory(), directory=str(self.root))

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        assert isinstance(handler, SimpleHTTPRequestHandler)
        SimpleHTTPRequestHandler.do_GET(handler)
