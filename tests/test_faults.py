"""Fault injection against a real HTTP server on 127.0.0.1 (``support.sites.FaultSite``).

Every fault of issue 5 sits on its own page; one crawl visits them all (the ``fault_crawl`` fixture).
Each must end in the crawl log with its reason: no crash, no URL without a line, no page lost.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from support.sites import FAULTS, FILE_TARGET, OFFSITE_TARGET

from iomcrawl.crawl.config import EXIT_PARTIAL
from iomcrawl.crawl.outputs.exporters import PAGE_FIELDS

if TYPE_CHECKING:
    from conftest import SiteCrawl

pytestmark = [pytest.mark.crawl, pytest.mark.slow]  # every test reads the one crawl of the fault site


def test_the_crawl_ends_normally_as_partial(fault_crawl: SiteCrawl) -> None:
    run = fault_crawl.run
    assert "Traceback" not in run.log, run.log[-5000:]
    assert run.stats["finish_reason"] == "finished"
    assert run.stats["iomcrawl/exit_status"] == "partial"  # 404s, a timeout, a truncated page...
    assert run.returncode == EXIT_PARTIAL
    summary = fault_crawl.output_dir / "crawl-summary.json"
    assert summary.is_file()


@pytest.mark.parametrize(("path", "expected"), sorted(FAULTS.items()), ids=sorted(FAULTS))
def test_each_fault_ends_in_the_log_with_its_reason(
    fault_crawl: SiteCrawl, path: str, expected: tuple[str, str]
) -> None:
    outcome, reason = expected
    lines = fault_crawl.lines_for(fault_crawl.base_url + path.lstrip("/"))
    assert lines, f"no crawl-log line for {path}"
    assert [(line["outcome"], (line["reason"] or "").split(":")[0]) for line in lines][-1] == (
        outcome,
        reason,
    ), lines


def test_the_same_release_at_two_urls_is_written_once(fault_crawl: SiteCrawl) -> None:
    lines = [
        fault_crawl.lines_for(fault_crawl.base_url + name)[-1] for name in ("copy-a.html", "copy-b.html")
    ]
    written = [line for line in lines if line["outcome"] == "records"]
    [again] = [line for line in lines if line["outcome"] == "no-release"]
    assert len(written) == 1 and written[0]["records"] == 1
    assert again["reason"].startswith("duplicate") and again["duplicate_of"] == written[0]["url"]


def test_faults_on_other_hosts_and_redirect_targets(fault_crawl: SiteCrawl) -> None:
    [behind] = fault_crawl.lines_for(f"http://localhost:{fault_crawl.port}/behind-503-robots.html")
    assert (behind["outcome"], behind["reason"].split(":")[0]) == ("dropped", "robots-unavailable")
    assert f"localhost:{fault_crawl.port}/behind-503-robots.html" not in fault_crawl.requested
    [robots] = fault_crawl.lines_for(f"http://localhost:{fault_crawl.port}/robots.txt")
    assert (robots["outcome"], robots["status"]) == ("prerequisite", 503)
    [offsite] = fault_crawl.lines_for(OFFSITE_TARGET)
    assert (offsite["outcome"], offsite["reason"].split(":")[0]) == ("dropped", "offsite-redirect")
    assert offsite["referer"] == fault_crawl.base_url + "offsite-redirect"
    [hop] = fault_crawl.lines_for(fault_crawl.base_url + "offsite-redirect")
    assert hop["status"] == 302 and OFFSITE_TARGET in hop["reason"]
    [to_file] = fault_crawl.lines_for(fault_crawl.base_url + "to-file")
    assert FILE_TARGET in to_file["reason"]
    # ping <-> pong: each hop has its line, and the URL where the redirect limit hit gets the loop's
    hops, end = fault_crawl.lines_for(fault_crawl.base_url + "pong")
    assert hops["outcome"] == "redirect" and end["reason"].startswith("redirect-loop")


def test_details_of_the_faults(fault_crawl: SiteCrawl) -> None:
    def line(path: str) -> dict:
        return fault_crawl.lines_for(fault_crawl.base_url + path)[-1]

    assert line("slow.html")["retries"] == 1  # RETRY_TIMES=1, then given up
    flaky = line("flaky.html")
    assert flaky["retries"] == 1 and flaky["status"] == 200 and flaky["records"] == 1
    assert "dataloss" in line("truncated.html")["annotations"]
    assert "content-encoding-false" in line("false-content-encoding.html")["annotations"]
    assert "gzip-without-content-encoding" in line("gzip-no-content-encoding.html")["annotations"]
    assert "charset-corrected" in line("mis-declared-charset.html")["fixes"]
    [record] = [r for r in fault_crawl.releases if r["url"].endswith("/mis-declared-charset.html")]
    assert record["headline"] == "IOM\u2019s \u201cSafe Migration\u201d Caf\u00e9 Opens in Gen\u00e8ve"
    assert line("release.html?print=1")["duplicate_of"] == fault_crawl.base_url + "release.html"
    loop = line("loop")
    assert loop["reason"].startswith("redirect-loop") and loop["status"] is None
    for path in ("huge.html", "huge-stream.html", "gzip-bomb.html", "brotli-bomb.html"):
        assert "10485760" in line(path)["reason"] or "DOWNLOAD_MAXSIZE" in line(path)["reason"]


def test_every_url_the_server_saw_has_a_line(fault_crawl: SiteCrawl) -> None:
    logged = {
        urlsplit(page["url"]).netloc + (urlsplit(page["url"]).path or "/") for page in fault_crawl.pages
    }
    seen = {
        urlsplit("http://" + request).netloc + urlsplit("http://" + request).path
        for request in fault_crawl.requested
    }
    assert seen - logged == set()


def test_lines_are_complete_and_distinct(fault_crawl: SiteCrawl) -> None:
    counts = Counter(page["url"] for page in fault_crawl.pages)
    for url in [url for url, n in counts.items() if n > 1]:  # only a redirect loop: hop, then the loop
        outcomes = [(line["outcome"], line["reason"].split(":")[0]) for line in fault_crawl.lines_for(url)]
        assert outcomes == [("redirect", "redirect"), ("error", "redirect-loop")], url
    for page in fault_crawl.pages:
        assert tuple(page) == PAGE_FIELDS
        assert page["outcome"] in ("records", "no-release", "error", "dropped", "redirect", "prerequisite")
        assert page["outcome"] == "records" or page["reason"]


def test_no_page_is_lost(fault_crawl: SiteCrawl) -> None:
    """Every page that could give a record gave it (the ones behind recoverable faults included)."""
    urls = {record["url"].removeprefix(fault_crawl.base_url) for record in fault_crawl.releases}
    assert {
        "flaky.html",
        "gzip-no-content-encoding.html",
        "false-content-encoding.html",
        "gzip-encoded.html",
        "mis-declared-charset.html",
        "release.html",
    } <= urls
    assert urls & {"copy-a.html", "copy-b.html"}  # the same release at two URLs: written once (below)
    ids = [record["id"] for record in fault_crawl.releases]
    assert len(ids) == len(set(ids))
