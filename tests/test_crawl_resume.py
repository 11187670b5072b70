"""Resume: a crawl stopped by SIGKILL or SIGINT and run again with the same JOBDIR ends like an
uninterrupted one (the small version of ``benchmarks/crawl_2000.py``), and the pieces that make it so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler
from support.crawls import (
    Accounting,
    accounting,
    crawl_command,
    crawl_killed_and_resumed,
    record_ids,
    run_crawl_command,
)
from support.jsonl import read_jsonl
from support.servers import LoopbackServer
from support.sites import PressSite, release_page, send

from iomcrawl.crawl.config import EXIT_INTERRUPTED, EXIT_SUCCESS, ConfigError
from iomcrawl.crawl.items import PageItem
from iomcrawl.crawl.outputs.journal import Journal, repair_tail
from iomcrawl.crawl.outputs.pagelog import CrawlLog
from iomcrawl.crawl.runner import SETTINGS_MODULE
from iomcrawl.crawl.spiders.releases import ReleasesSpider

REPO_ROOT = Path(__file__).resolve().parent.parent
PAGES = 120


@pytest.fixture(scope="module")
def press_site() -> Any:
    with PressSite(pages=PAGES, lifetime=600) as site:
        yield site


@pytest.fixture(scope="module")
def uninterrupted(press_site: PressSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("uninterrupted")
    press_site.reset()
    run = run_crawl_command(crawl_command(press_site.url("index.html"), output), REPO_ROOT, 300)
    assert run.returncode == EXIT_SUCCESS, run.log[-3000:]
    return {
        "output": output,
        "ids": record_ids(output),
        "accounting": accounting(output, press_site, press_site.url("index.html")),
    }


def check_complete(acc: Accounting) -> None:
    assert acc.unaccounted == [], acc.unaccounted[:10]
    assert acc.duplicate_ids == []
    assert acc.release_pages == PAGES
    assert acc.accounted_share == 1.0


@pytest.mark.crawl
@pytest.mark.slow
def test_an_uninterrupted_crawl_accounts_for_every_url(uninterrupted: dict[str, Any]) -> None:
    acc = uninterrupted["accounting"]
    check_complete(acc)
    assert acc.lines == acc.urls_in_log  # one line per URL
    assert acc.reasons["duplicate"] == 2 * PAGES  # ?print=1 and ;jsessionid= of every release
    assert acc.reasons["offsite"] == PAGES and acc.reasons["robots"] == 5
    lines = read_jsonl(uninterrupted["output"] / "pages.jsonl")
    dupes = [line for line in lines if (line["reason"] or "").startswith("duplicate")]
    assert all(line["duplicate_of"] and line["duplicate_of"] in line["url"] for line in dupes)


@pytest.mark.crawl
@pytest.mark.slow
def test_record_ids_are_stable_across_recrawls(
    press_site: PressSite, uninterrupted: dict[str, Any], tmp_path: Path
) -> None:
    press_site.reset()
    run = run_crawl_command(crawl_command(press_site.url("index.html"), tmp_path), REPO_ROOT, 300)
    assert run.returncode == EXIT_SUCCESS
    assert sorted(record_ids(tmp_path)) == sorted(uninterrupted["ids"])


@pytest.mark.crawl
@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_stopped_crawl_resumes_to_the_same_records(
    press_site: PressSite, uninterrupted: dict[str, Any], tmp_path: Path, stop: signal.Signals
) -> None:
    press_site.reset()
    output = tmp_path / "out"
    result = crawl_killed_and_resumed(
        press_site,
        press_site.url("index.html"),
        output,
        tmp_path / "job",
        REPO_ROOT,
        stop_signal=stop,
        timeout=300,
    )
    assert 0 < result.served_at_stop < PAGES, "the crawl should have been stopped midway"
    if stop == signal.SIGKILL:
        assert result.first.returncode == -signal.SIGKILL
    else:
        assert result.first.returncode == EXIT_INTERRUPTED, result.first.log[-3000:]
        assert "crawl summary: interrupted" in result.first.log
    assert result.resumed.returncode == EXIT_SUCCESS, result.resumed.log[-3000:]
    assert "resuming job" in result.resumed.log
    ids = record_ids(output)  # read_jsonl refuses a partial line
    assert len(ids) == len(set(ids))
    assert set(ids) == set(uninterrupted["ids"])
    check_complete(accounting(output, press_site, press_site.url("index.html")))
    warcs = sorted((output / "warc").glob("*.warc.gz"))
    assert len(warcs) == 2 and not list(
        (output / "warc").glob("*.open")
    )  # one per run, the killed one repaired
    check = subprocess.run(
        [sys.executable, "-m", "iomcrawl.warc.compat", "check", *map(str, warcs)],
        capture_output=True,
        timeout=120,
    )
    assert check.returncode == 0
    summary = json.loads((output / "crawl-summary.json").read_text(encoding="utf-8"))
    assert (summary["runs"], summary["exit_status"], summary["record_ids"]) == (2, "success", PAGES)


# --- the pieces -------------------------------------------------------------------------------------------


def test_repair_tail_cuts_only_an_unterminated_last_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    assert repair_tail(path) == len(b'{"c": ')
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    assert repair_tail(path) == 0
    path.write_bytes(b'{"torn')
    repair_tail(path)
    assert path.read_bytes() == b""


def test_the_journal_belongs_to_one_output_folder(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "job")
    assert journal.open(tmp_path / "out") == []
    journal.add({"url": "http://127.0.0.1:1/a", "depth": 1})
    journal.close("interrupted")
    again = Journal(tmp_path / "job")
    assert again.open(tmp_path / "out") == [{"url": "http://127.0.0.1:1/a", "depth": 1}]
    assert again.runs == 2
    again.close("finished")
    with pytest.raises(ConfigError, match="IOMCRAWL_OUTPUT_DIR"):
        Journal(tmp_path / "job").open(tmp_path / "elsewhere")


def test_the_crawl_log_resumes_from_torn_files(tmp_path: Path) -> None:
    settings = {"IOMCRAWL_OUTPUT_DIR": str(tmp_path / "out"), "IOMCRAWL_JOBDIR": str(tmp_path / "job")}
    first = CrawlLog(get_crawler(ReleasesSpider, settings))
    first.open()
    item = PageItem(url="http://127.0.0.1:1/a", status=200, body=b"x")
    item.records = [{"id": "0123456789abcdef"}]
    item.settle("records")
    first.page(item)
    first.drop("http://127.0.0.1:1/b", "offsite: elsewhere")
    # killed here: .part files stay, and a line was half written
    with (tmp_path / "out" / "pages.jsonl.part").open("ab") as part:
        part.write(b'{"url": "http://127.0.0.1:1/c", "outc')
    assert not (tmp_path / "out" / "pages.jsonl").exists()  # never published half-done
    second = CrawlLog(get_crawler(ReleasesSpider, settings))
    second.open()
    assert second.resumed
    assert second.done == {"http://127.0.0.1:1/a"}  # /b was only a decision not to fetch
    assert second.accounted == {"http://127.0.0.1:1/a", "http://127.0.0.1:1/b"}
    assert second.written_ids == {"0123456789abcdef"}
    assert not second.drop("http://127.0.0.1:1/b", "offsite: elsewhere")  # logged once, in any run
    second.page(item)  # the same records again (a page refetched): not written twice
    second.close("finished")
    assert len(read_jsonl(tmp_path / "out" / "releases.jsonl")) == 1
    pages = read_jsonl(tmp_path / "out" / "pages.jsonl")
    assert [p["url"] for p in pages] == [
        "http://127.0.0.1:1/a",
        "http://127.0.0.1:1/b",
        "http://127.0.0.1:1/a",
    ]


@pytest.mark.crawl
@pytest.mark.slow
def test_a_copy_under_another_url_fetched_after_a_resume_is_not_written_again(tmp_path: Path) -> None:
    """The content-key rule (one release under two unrelated URLs is written once) holds across runs."""
    held: list[str] = []

    def hold(handler: BaseHTTPRequestHandler) -> None:
        """The first time, keep the crawl waiting until it is killed; then lead on to the copy."""
        held.append(handler.path)
        if len(held) == 1:
            time.sleep(20)
        send(handler, 200, b'<html><body><p>More</p><a href="/copy">copy</a></body></html>')

    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
        "/robots.txt": lambda h: send(h, 200, b"User-agent: *\nAllow: /\n", "text/plain"),
        "/": lambda h: send(h, 200, b'<html><body><p>Home</p><a href="/a">a</a></body></html>'),
        "/a": lambda h: send(h, 200, release_page(7, links=["/hold"])),
        "/hold": hold,
        "/copy": lambda h: send(h, 200, release_page(7)),  # the same release at an unrelated URL
    }
    output = tmp_path / "out"
    with RouteSite(routes) as site:
        command = crawl_command(site.url(), output, ["-s", f"JOBDIR={tmp_path / 'job'}"])
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
        with subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as child:
            part = output / "releases.jsonl.part"
            deadline = time.monotonic() + 60  # a safety net only: /hold waits 20 s for the kill
            while child.poll() is None and time.monotonic() < deadline:
                if held and part.is_file() and part.read_bytes().endswith(b"\n"):
                    break  # /hold is pending and /a's record is written (extraction may lag the fetch)
                time.sleep(0.02)
            child.kill()
        assert len(read_jsonl(output / "releases.jsonl.part")) == 1
        resumed = run_crawl_command(command, REPO_ROOT, 120)
    assert resumed.returncode == EXIT_SUCCESS, resumed.log[-3000:]
    assert [record["url"] for record in read_jsonl(output / "releases.jsonl")] == [site.url("a")]
    [copy] = [line for line in read_jsonl(output / "pages.jsonl") if line["url"] == site.url("copy")]
    assert copy["reason"].startswith("duplicate") and copy["duplicate_of"] == site.url("a")


class RouteSite(LoopbackServer):
    """Fixed answers by path (404 for the rest, and an empty page for the pages' navigation links)."""

    def __init__(self, routes: dict[str, Callable[[BaseHTTPRequestHandler], None]]) -> None:
        super().__init__(lifetime=300)
        self.routes = routes

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        answer = self.routes.get(handler.path)
        if answer is None:
            return send(handler, 200, b"<html><body><p>Navigation</p></body></html>")
        return answer(handler)
