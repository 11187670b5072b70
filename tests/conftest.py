"""Shared fixtures: the repository, a loopback HTTP server for a folder, and one crawl of the sample site.

The crawl runs once per test session in a subprocess (Twisted's reactor cannot be restarted inside
pytest's process) against a plain stdlib server started here, not by the code under test, which also
records every path it was asked for.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support.crawls import CrawlRun, crawl_subprocess

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SITE = REPO_ROOT / "fixtures" / "sample-site"
CRAWL_TIMEOUT = 180


@dataclass
class LocalSite:
    """A folder served on 127.0.0.1; ``requested`` lists every path a client asked for, in order."""

    root: Path
    base_url: str
    requested: list[str] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")


@dataclass
class CrawlOutput:
    """One finished crawl: the subprocess result and both output files, parsed."""

    run: CrawlRun
    site: LocalSite
    output_dir: Path
    pages: list[dict[str, Any]]
    releases: list[dict[str, Any]]

    @property
    def releases_path(self) -> Path:
        return self.output_dir / "releases.jsonl"

    @property
    def pages_path(self) -> Path:
        return self.output_dir / "pages.jsonl"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Strict reading: UTF-8, one JSON object per line, no blank lines, no NaN."""

    def no_constants(name: str) -> Any:
        raise ValueError(f"non-JSON constant {name} in {path}")

    text = path.read_bytes().decode("utf-8")
    assert text == "" or text.endswith("\n"), f"{path} does not end with a newline"
    return [json.loads(line, parse_constant=no_constants) for line in text.splitlines()]


def serve_folder(root: Path) -> tuple[ThreadingHTTPServer, LocalSite]:
    """Start a quiet stdlib file server for *root* on a random loopback port."""
    site = LocalSite(root=root, base_url="")

    class Handler(SimpleHTTPRequestHandler):
        def list_directory(self, path: Any) -> None:  # type: ignore[override]
            self.send_error(404, "No directory listing")  # as real sites do: nothing extra to crawl

        def do_GET(self) -> None:
            site.requested.append(self.path)
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    host, port = server.server_address[:2]
    site.base_url = f"http://{host}:{port}/"
    return server, site


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def jsonl() -> Callable[[Path], list[dict[str, Any]]]:
    """The strict JSON Lines reader, for tests that read output files themselves."""
    return read_jsonl


@pytest.fixture(scope="session")
def sample_site_dir() -> Path:
    assert (SAMPLE_SITE / "index.html").is_file(), f"the sample site is missing: {SAMPLE_SITE}"
    return SAMPLE_SITE


@pytest.fixture(scope="session")
def sample_site_server(sample_site_dir: Path) -> Iterator[LocalSite]:
    server, site = serve_folder(sample_site_dir)
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sample_crawl(sample_site_server: LocalSite, tmp_path_factory: pytest.TempPathFactory) -> CrawlOutput:
    """``scrapy crawl releases`` of the sample site, live mode, staying on the loopback server."""
    output_dir = tmp_path_factory.mktemp("crawl-output")
    run = crawl_subprocess(
        [
            "-a",
            f"start_url={sample_site_server.url('index.html')}",
            "-s",
            f"IOMCRAWL_OUTPUT_DIR={output_dir}",
            "-s",
            "IOMCRAWL_SCOPE_DOMAINS=",  # the sample links to iom.int: keep the test offline
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "LOG_LEVEL=DEBUG",
        ],
        cwd=REPO_ROOT,
        timeout=CRAWL_TIMEOUT,
    )
    assert run.returncode == 0, run.log[-5000:]
    return CrawlOutput(
        run=run,
        site=sample_site_server,
        output_dir=output_dir,
        pages=read_jsonl(output_dir / "pages.jsonl"),
        releases=read_jsonl(output_dir / "releases.jsonl"),
    )


# --- crawls of generated sites (support.sites): faults, politeness, resume ------------------------------

FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "LOG_LEVEL=INFO",
]


@dataclass
class SiteCrawl:
    """A finished crawl of a generated site: the run, its output folder, the crawl log and the server."""

    run: CrawlRun
    output_dir: Path
    pages: list[dict[str, Any]]
    releases: list[dict[str, Any]]
    requested: list[str]
    base_url: str
    port: int

    def lines_for(self, url: str) -> list[dict[str, Any]]:
        return [page for page in self.pages if page["url"] == url]

    @property
    def warc_files(self) -> list[Path]:
        return sorted((self.output_dir / "warc").glob("*.warc.gz"))


@pytest.fixture(scope="session")
def fault_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteCrawl]:
    """One crawl of the fault site (every fault of issue 5 on one page each), through `iomcrawl crawl`."""
    from support.sites import FaultSite

    output_dir = tmp_path_factory.mktemp("fault-crawl")
    with FaultSite(slow=3.5, lifetime=120) as site:
        run = crawl_subprocess(
            [
                "-a",
                f"start_url={site.url('index.html')}",
                "-s",
                f"IOMCRAWL_OUTPUT_DIR={output_dir}",
                "-s",
                "IOMCRAWL_SCOPE_DOMAINS=localhost",  # the page behind the 503 robots.txt is in scope
                "-s",
                "DOWNLOAD_TIMEOUT=2",
                "-s",
                "RETRY_TIMES=1",
                "-s",
                "REDIRECT_MAX_TIMES=5",
                "-s",
                "CONCURRENT_REQUESTS_PER_DOMAIN=8",
                *FAST,
            ],
            cwd=REPO_ROOT,
            timeout=CRAWL_TIMEOUT,
            via="iomcrawl",
        )
        requested = list(site.requested)
        yield SiteCrawl(
            run=run,
            output_dir=output_dir,
            pages=read_jsonl(output_dir / "pages.jsonl"),
            releases=read_jsonl(output_dir / "releases.jsonl"),
            requested=requested,
            base_url=site.base_url,
            port=site.port,
        )
