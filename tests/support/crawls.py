"""End-to-end checks of a crawl of a generated press site: accounting, duplicates, kill and resume.

Used by ``benchmarks/crawl_2000.py`` (2,000 pages, run by hand) and by ``tests/test_crawl_resume.py``
(the same checks on a small site). Every crawl runs as a child process (``python -m scrapy crawl``)
against :class:`support.sites.PressSite` on 127.0.0.1; only that child is ever signalled.

* :func:`accounting`: every URL the server was asked for, and every link on every page fetched, has a
  line in ``pages.jsonl`` (100% accounted), and no record id is written twice.
* :func:`crawl_killed_and_resumed`: the crawl is stopped (SIGKILL or SIGINT) once about half the
  release pages were served, then run again with the same JOBDIR until it finishes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from iomcrawl.codes import reason_code
from iomcrawl.crawl.runner import SETTINGS_MODULE, SPIDER, error_count
from support.jsonl import read_jsonl
from support.sites import PressSite

FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=4",
    "-s",
    "LOG_LEVEL=INFO",
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value.strip() for name, value in attrs if name == "href" and value]


def links_of(url: str, body: bytes) -> set[str]:
    parser = _Links()
    parser.feed(body.decode("utf-8", "replace"))
    found = {urldefrag(urljoin(url, href)).url for href in parser.hrefs}
    return {link for link in found if urlsplit(link).scheme in ("http", "https") and link != url}


@dataclass
class Accounting:
    urls_requested: int  # distinct URLs the server was asked for
    urls_linked: int  # distinct URLs linked from the pages fetched (plus the start URL)
    urls_in_log: int  # distinct URLs with a line in pages.jsonl
    lines: int
    unaccounted: list[str]
    records: int
    record_ids: int
    duplicate_ids: list[str]
    outcomes: dict[str, int]
    reasons: dict[str, int]
    release_pages: int  # release pages of the site with a record

    @property
    def accounted_share(self) -> float:
        universe = self.urls_linked + self.urls_requested
        return 1.0 if not universe else 1 - len(self.unaccounted) / universe

    def summary(self) -> str:
        return (
            f"{self.urls_in_log} URLs in {self.lines} log lines; server asked for {self.urls_requested}, "
            f"pages linked {self.urls_linked}; unaccounted {len(self.unaccounted)} "
            f"({self.accounted_share:.1%} accounted); {self.records} records, {self.record_ids} distinct ids, "
            f"{len(self.duplicate_ids)} duplicates; release pages with a record {self.release_pages}"
        )


def accounting(output_dir: Path, site: PressSite, start_url: str) -> Accounting:
    pages = read_jsonl(output_dir / "pages.jsonl")
    releases = read_jsonl(output_dir / "releases.jsonl")
    logged = {line["url"] for line in pages}
    requested = set(site.requested_urls)
    linked = {start_url}
    for line in pages:
        if line["outcome"] in ("records", "no-release") and line["status"] == 200:
            body = site.page(urlsplit(line["url"]).path)
            if body is not None:
                linked |= links_of(line["url"], body)
    unaccounted = sorted((requested | linked) - logged)
    ids = Counter(record["id"] for record in releases)
    release_urls = {record["url"] for record in releases}
    return Accounting(
        urls_requested=len(requested),
        urls_linked=len(linked),
        urls_in_log=len(logged),
        lines=len(pages),
        unaccounted=unaccounted,
        records=len(releases),
        record_ids=len(ids),
        duplicate_ids=sorted(rid for rid, n in ids.items() if n > 1),
        outcomes=dict(Counter(line["outcome"] for line in pages).most_common()),
        reasons=dict(Counter(code for line in pages if (code := reason_code(line["reason"]))).most_common()),
        release_pages=len(release_urls & site.expected_release_pages()),
    )


def crawl_command(start_url: str, output_dir: Path, extra: list[str] | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "iomcrawl.cli",
        "crawl",
        "-a",
        f"start_url={start_url}",
        "-s",
        f"IOMCRAWL_OUTPUT_DIR={output_dir}",
        *FAST,
        *(extra or []),
    ]


@dataclass
class Run:
    returncode: int
    seconds: float
    log: str = field(repr=False)


def run_crawl_command(command: list[str], cwd: Path, timeout: float, log_file: Path | None = None) -> Run:
    """Run a crawl *command* (see :func:`crawl_command`) to its end in a child process."""
    started = time.monotonic()
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
    proc = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    log = proc.stdout + proc.stderr
    if log_file is not None:
        log_file.write_text(log, encoding="utf-8")
    return Run(proc.returncode, time.monotonic() - started, log)


@dataclass
class Interrupted:
    stop_signal: str
    served_at_stop: int  # release pages served when the signal was sent
    first: Run
    resumed: Run
    part_lines_at_stop: int
    torn_tail: bool  # whether the stopped run left an unterminated last line


def crawl_killed_and_resumed(
    site: PressSite,
    start_url: str,
    output_dir: Path,
    jobdir: Path,
    cwd: Path,
    *,
    stop_signal: signal.Signals = signal.SIGKILL,
    fraction: float = 0.5,
    timeout: float = 600,
    extra: list[str] | None = None,
) -> Interrupted:
    """Crawl with JOBDIR, stop the child with *stop_signal* once *fraction* of the release pages were
    served, then crawl again with the same JOBDIR to the end."""
    command = crawl_command(start_url, output_dir, ["-s", f"JOBDIR={jobdir}", *(extra or [])])
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
    target = max(1, int(site.pages * fraction))
    started = time.monotonic()
    with subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as child:
        deadline = started + timeout
        while child.poll() is None and time.monotonic() < deadline:
            served = sum(1 for path in site.requested if "/news/release-" in path)
            if served >= target:
                child.send_signal(stop_signal)  # our own child, by its pid
                break
            time.sleep(0.01)
        else:
            if child.poll() is None:
                child.kill()
        served = sum(1 for path in site.requested if "/news/release-" in path)
        try:
            out, _ = child.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            child.kill()  # a SIGINT that did not stop it: make sure, then collect
            out, _ = child.communicate()
        first = Run(child.returncode, time.monotonic() - started, out)
    part = output_dir / "pages.jsonl.part"
    published = output_dir / "pages.jsonl"
    stopped_file = part if part.exists() else published
    data = stopped_file.read_bytes() if stopped_file.exists() else b""
    resumed = run_crawl_command(command, cwd, timeout)
    return Interrupted(
        stop_signal=stop_signal.name,
        served_at_stop=served,
        first=first,
        resumed=resumed,
        part_lines_at_stop=data.count(b"\n"),
        torn_tail=bool(data) and not data.endswith(b"\n"),
    )


def record_ids(output_dir: Path) -> list[str]:
    return [record["id"] for record in read_jsonl(output_dir / "releases.jsonl")]


@dataclass
class CrawlRun:
    """A finished crawl subprocess: its exit code, final stats and log (stderr)."""

    returncode: int
    stats: dict[str, Any]
    log: str

    @property
    def errors(self) -> int:
        return error_count(self.stats)

    def log_lines(self, level: str) -> list[str]:
        return [line for line in self.log.splitlines() if f"] {level}: " in line]


def crawl_subprocess(
    scrapy_args: list[str],
    *,
    cwd: str | Path | None = None,
    timeout: float = 300,
    via: str = "scrapy",
) -> CrawlRun:
    """Run a crawl in a fresh interpreter (Twisted's reactor cannot restart) and collect its stats.

    ``via="scrapy"`` runs ``python -m scrapy crawl releases ARGS``; ``via="iomcrawl"`` runs
    ``python -m iomcrawl.cli crawl ARGS``, which exercises ``iomcrawl.crawl.runner.run_crawl`` and its
    exit code.
    """
    with tempfile.TemporaryDirectory(prefix="iomcrawl-stats-") as tmp:
        stats_file = Path(tmp) / "stats.json"
        entry = ["-m", "scrapy", "crawl", SPIDER] if via == "scrapy" else ["-m", "iomcrawl.cli", "crawl"]
        command = [sys.executable, *entry, *scrapy_args, "-s", f"IOMCRAWL_STATS_FILE={stats_file}"]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
        proc = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    return CrawlRun(returncode=proc.returncode, stats=stats, log=proc.stdout + proc.stderr)
