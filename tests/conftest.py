"""Shared fixtures: the repository, the sample site on a loopback server, and crawls shared by a session.

Each crawl runs once per test session in a subprocess (Twisted's reactor cannot be restarted inside
pytest's process) against a test server started here (``support.servers``), not by the code under
test, which records every path it was asked for.

A test that uses a crawl fixture runs that crawl, so it must carry the markers of one (``crawl``,
``slow``); collection stops with a message when it does not, so ``-m "not slow"`` stays quick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.crawls import CrawlRun, crawl_subprocess
from support.jsonl import read_jsonl
from support.servers import ServedFolder
from support.sites import FaultSite

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SITE = REPO_ROOT / "fixtures" / "sample-site"
CRAWL_TIMEOUT = 180
SESSION_LIFETIME = 3600.0


@dataclass
class CrawlOutput:
    """One finished crawl: the subprocess result, what the server saw, and both output files, parsed."""

    run: CrawlRun
    site: ServedFolder
    requested: list[str]  # the paths the server was asked for during this crawl, in order
    output_dir: Path
    pages: list[dict[str, Any]]
    releases: list[dict[str, Any]]

    @property
    def releases_path(self) -> Path:
        return self.output_dir / "releases.jsonl"

    @property
    def pages_path(self) -> Path:
        return self.output_dir / "pages.jsonl"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def jsonl() -> Callable[[Path], list[dict[str, Any]]]:
    """The strict JSON Lines reader (``support.jsonl.read_jsonl``), for tests that read output files."""
    return read_jsonl


@pytest.fixture(scope="session")
def sample_site_dir() -> Path:
    assert (SAMPLE_SITE / "index.html").is_file(), f"the sample site is missing: {SAMPLE_SITE}"
    return SAMPLE_SITE


@pytest.fixture(scope="session")
def sample_site_server(sample_site_dir: Path) -> Iterator[ServedFolder]:
    """The sample site on 127.0.0.1 for the whole session (its lifetime outlasts any sane session)."""
    with ServedFolder(sample_site_dir, lifetime=SESSION_LIFETIME) as site:
        yield site


@pytest.fixture(scope="session")
def sample_crawl(sample_site_server: ServedFolder, tmp_path_factory: pytest.TempPathFactory) -> CrawlOutput:
    """``scrapy crawl releases`` of the sample site, live mode, staying on the loopback server."""
    output_dir = tmp_path_factory.mktemp("crawl-output")
    before = len(sample_site_server.requests)  # the server is shared: keep only this crawl's requests
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
        requested=sample_site_server.requested[before:],
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
    requested: list[str]  # host and path of every request the server saw, in order
    base_url: str
    port: int

    def lines_for(self, url: str) -> list[dict[str, Any]]:
        return [page for page in self.pages if page["url"] == url]

    @property
    def warc_files(self) -> list[Path]:
        return sorted((self.output_dir / "warc").glob("*.warc.gz"))


@pytest.fixture(scope="session")
def fault_crawl(tmp_path_factory: pytest.TempPathFactory) -> SiteCrawl:
    """One crawl of the fault site (every fault of issue 5 on one page each), through `iomcrawl crawl`.

    The server stops once the crawl is over: the tests read what it recorded, they do not fetch again.
    """
    output_dir = tmp_path_factory.mktemp("fault-crawl")
    with FaultSite(slow=3.5, lifetime=CRAWL_TIMEOUT + 30) as site:
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
        requested = [url.removeprefix("http://") for url in site.requested_urls]  # host and path
    return SiteCrawl(
        run=run,
        output_dir=output_dir,
        pages=read_jsonl(output_dir / "pages.jsonl"),
        releases=read_jsonl(output_dir / "releases.jsonl"),
        requested=requested,
        base_url=site.base_url,
        port=site.port,
    )


# --- markers: a test that uses a crawl fixture runs that crawl -----------------------------------------

MARKERS_OF_FIXTURE: dict[str, frozenset[str]] = {
    "sample_crawl": frozenset({"crawl", "slow"}),
    "fault_crawl": frozenset({"crawl", "slow"}),
    "sample_site_server": frozenset({"crawl"}),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a test that runs a shared crawl without its markers: it would slow ``-m "not slow"``."""
    unmarked = []
    for item in items:
        crawls = sorted(set(getattr(item, "fixturenames", ())) & MARKERS_OF_FIXTURE.keys())
        needed = set().union(*(MARKERS_OF_FIXTURE[fixture] for fixture in crawls))
        missing = needed - {mark.name for mark in item.iter_markers()}
        if missing:
            marks = ", ".join(f"@pytest.mark.{name}" for name in sorted(missing))
            unmarked.append(f"{item.nodeid} uses {', '.join(crawls)}: add {marks}")
    if unmarked:
        raise pytest.UsageError("tests that run a crawl need its markers:\n  " + "\n  ".join(unmarked))
