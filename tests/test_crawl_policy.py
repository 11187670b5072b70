"""Politeness and scope: Crawl-delay, one request at a time per host, an identifying User-Agent, depth,
allow/deny patterns, file:// only under an explicit root, canonical-URL duplicates, and settings that
refuse an impolite or unbounded crawl."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from scrapy.core.spidermw import SpiderMiddlewareManager
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from support.crawls import crawl_command, run_crawl_command
from support.jsonl import read_jsonl
from support.sites import PressSite

from iomcrawl.codes import Drop, Reason
from iomcrawl.crawl import settings as project_settings
from iomcrawl.crawl.config import EXIT_CONFIG, EXIT_SUCCESS, ConfigError, check_settings
from iomcrawl.crawl.meta import REFERER
from iomcrawl.crawl.middlewares.gate import GateMiddleware
from iomcrawl.crawl.middlewares.scope import Scope, ScopeMiddleware, crawl_scope, scope_domains
from iomcrawl.crawl.outputs.pagelog import CrawlLog
from iomcrawl.crawl.spiders.releases import ReleasesSpider

REPO_ROOT = Path(__file__).resolve().parent.parent


def lines(output: Path) -> list[dict[str, Any]]:
    return read_jsonl(output / "pages.jsonl")


@pytest.mark.crawl
@pytest.mark.slow
@pytest.mark.parametrize(
    ("crawl_delay", "cap", "expected"), [(60, 0.4, 0.4), (0.3, 30, 0.3)], ids=["capped", "honoured"]
)
def test_crawl_delay_one_request_at_a_time_and_an_identifying_user_agent(
    tmp_path: Path, crawl_delay: float, cap: float, expected: float
) -> None:
    with PressSite(pages=4, crawl_delay=crawl_delay, lifetime=120) as site:
        run = run_crawl_command(
            [
                *crawl_command(site.url("index.html"), tmp_path),
                "-s",
                f"IOMCRAWL_CRAWL_DELAY_MAX={cap}",
                "-s",
                "AUTOTHROTTLE_ENABLED=True",  # it must not lower the delay below Crawl-delay
                "-s",
                "AUTOTHROTTLE_START_DELAY=0",
                "-s",
                "CONCURRENT_REQUESTS_PER_DOMAIN=4",  # Crawl-delay still spaces the requests out
            ],
            REPO_ROOT,
            120,
        )
        requests = site.requests
        in_flight = site.max_in_flight
    assert run.returncode == EXIT_SUCCESS, run.log[-3000:]
    # the cap: the delay applied is the one logged (a 60 s delay would not even let the crawl finish)
    assert f"Crawl-delay {float(crawl_delay)} s for 127.0.0.1 (applied: {expected} s)" in run.log
    assert in_flight == 1  # one at a time, though four were allowed
    arrivals = [request.arrived for request in requests if request.path != "/robots.txt"]
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert len(gaps) >= 5
    # The delay was honoured: lower bounds only, since load can only stretch gaps. Arrival times carry
    # the server's scheduling jitter, so each gap gets half the delay and their mean the whole of it.
    assert min(gaps) >= expected * 0.5, gaps
    assert sum(gaps) / len(gaps) >= expected * 0.9, gaps
    assert {request.user_agent for request in requests} == {requests[0].user_agent}
    assert "(+https://" in requests[0].user_agent


@pytest.mark.crawl
@pytest.mark.slow
def test_one_request_at_a_time_per_host_by_default(tmp_path: Path) -> None:
    with PressSite(pages=10, delay=0.05, lifetime=120) as site:
        run = run_crawl_command(crawl_command(site.url("index.html"), tmp_path), REPO_ROOT, 120)
        in_flight = site.max_in_flight
    assert run.returncode == EXIT_SUCCESS
    assert in_flight == 1


@pytest.mark.crawl
@pytest.mark.slow
def test_depth_limit_and_deny_patterns_are_logged_drops(tmp_path: Path) -> None:
    with PressSite(pages=30, lifetime=120) as site:
        run = run_crawl_command(
            [
                *crawl_command(site.url("index.html"), tmp_path),
                "-s",
                "DEPTH_LIMIT=1",
                "-a",
                r"deny=release-0000[0-2]\.html",
            ],
            REPO_ROOT,
            120,
        )
        requested = list(site.requested)
    assert run.returncode == EXIT_SUCCESS, run.log[-3000:]
    log = lines(tmp_path)
    fetched = [line for line in log if line["outcome"] in ("records", "no-release")]
    assert fetched and all(line["depth"] <= 1 for line in fetched)
    depth = [line for line in log if (line["reason"] or "").startswith("depth")]
    assert depth and all(line["depth"] == 2 and line["outcome"] == "dropped" for line in depth)
    denied = {line["url"].rsplit("/", 1)[1] for line in log if (line["reason"] or "").startswith("denied")}
    assert denied == {"release-00000.html", "release-00001.html", "release-00002.html"}
    assert not any("release-0000" + n in path for path in requested for n in "012")


@pytest.mark.crawl
@pytest.mark.slow
def test_file_urls_only_under_an_explicit_root(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (tmp_path / "outside.html").write_text("<p>secret</p>", encoding="utf-8")
    (root / "index.html").write_text(
        '<a href="a.html">a</a> <a href="../outside.html">out</a> <a href="http://127.0.0.1:9/x">web</a>',
        encoding="utf-8",
    )
    (root / "a.html").write_text("<h1>A page</h1><p>Nothing to see.</p>", encoding="utf-8")
    start = (root / "index.html").as_uri()
    output = tmp_path / "out"
    run = run_crawl_command([*crawl_command(start, output), "-a", f"file_root={root}"], REPO_ROOT, 120)
    assert run.returncode == EXIT_SUCCESS, run.log[-3000:]
    by_url = {line["url"]: line for line in lines(output)}
    assert by_url[(root / "a.html").as_uri()]["outcome"] in ("records", "no-release")
    outside = by_url[(tmp_path / "outside.html").as_uri()]
    assert (outside["outcome"], outside["reason"].split(":")[0]) == ("dropped", "offsite")
    assert by_url["http://127.0.0.1:9/x"]["reason"].startswith("offsite")


@pytest.mark.crawl
@pytest.mark.slow
def test_a_file_start_url_without_a_root_is_a_configuration_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "iomcrawl.cli",
            "crawl",
            "-a",
            f"start_url={(tmp_path / 'index.html').as_uri()}",
            "-s",
            f"IOMCRAWL_OUTPUT_DIR={tmp_path}",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == EXIT_CONFIG
    assert "configuration error: a file:// start_url needs -a file_root=DIR" in proc.stderr


# --- units ------------------------------------------------------------------------------------------------


def test_settings_are_polite_bounded_and_archive_grade() -> None:
    s = project_settings
    assert s.ROBOTSTXT_OBEY and s.CONCURRENT_REQUESTS_PER_DOMAIN == 1 and s.AUTOTHROTTLE_ENABLED
    assert 10 * 2**20 <= s.DOWNLOAD_MAXSIZE <= 32 * 2**20
    assert s.DEPTH_LIMIT > 0 and s.IOMCRAWL_CRAWL_DELAY_MAX > 0
    assert s.DOWNLOAD_HANDLERS == {"file": None, "data": None, "ftp": None, "s3": None}
    assert s.DOWNLOAD_FAIL_ON_DATALOSS is False  # truncated bodies reach the WARC, marked
    middlewares = s.DOWNLOADER_MIDDLEWARES
    capture = middlewares["iomcrawl.crawl.middlewares.capture.WarcCaptureMiddleware"]
    assert 850 < capture < 900  # after DownloaderStats, before HttpCache: raw bytes, no cache hits
    assert capture > 600 > middlewares["iomcrawl.crawl.middlewares.compression.TolerantCompressionMiddleware"]
    assert s.DUPEFILTER_CLASS == "scrapy.dupefilters.BaseDupeFilter"  # the spider's gate decides, and logs
    check_settings(Settings({"USER_AGENT": s.USER_AGENT, "DOWNLOAD_MAXSIZE": s.DOWNLOAD_MAXSIZE}))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("USER_AGENT", "Mozilla/5.0", "contact"),
        ("DOWNLOAD_MAXSIZE", 2**30, "10 and 32 MiB"),
        ("DOWNLOAD_MAXSIZE", 2**20, "10 and 32 MiB"),
        ("IOMCRAWL_DENY", ["(unclosed"], "regular expression"),
    ],
)
def test_impolite_or_unbounded_settings_are_refused(name: str, value: Any, message: str) -> None:
    settings = Settings({"USER_AGENT": project_settings.USER_AGENT, "DOWNLOAD_MAXSIZE": 16 * 2**20})
    settings.set(name, value)
    with pytest.raises(ConfigError, match=message):
        check_settings(settings)


def _gate(tmp_path: Path, start: str = "https://www.iom.int/news", **settings: Any) -> GateMiddleware:
    crawler = get_crawler(
        ReleasesSpider,
        {"IOMCRAWL_SCOPE_DOMAINS": ["iom.int"], "IOMCRAWL_OUTPUT_DIR": str(tmp_path), **settings},
    )
    spider = ReleasesSpider.from_crawler(crawler, start_url=start)
    spider.scope = Scope.around(start, scope_domains(crawler))
    crawler.spider = spider
    return GateMiddleware.from_crawler(crawler)


def _policy(gate: GateMiddleware, url: str) -> str | None:
    refusal = gate.refusal(_link(url))
    return None if refusal is None else str(refusal)


def _link(url: str, **meta: Any) -> Request:
    return Request(url, meta={REFERER: "https://www.iom.int/news", **meta})


def test_urls_that_fold_to_one_canonical_key_are_fetched_once(tmp_path: Path) -> None:
    gate = _gate(tmp_path)
    gate.request_scheduled(_link("https://www.iom.int/news/release-1"))
    variants = [
        "https://www.iom.int/news/release-1?print=1",
        "https://www.iom.int/news/release-1/",
        "http://www.iom.int/news/release-1",
        "https://iom.int/news/release-1",
        "https://www.iom.int:443/news/release-1",
        "https://www.iom.int/news/release-1;jsessionid=0A1B2C",
        "https://www.iom.int/news/release-1?PHPSESSID=abc",
        "https://www.iom.int/news/release-1#top",
    ]
    for url in variants:
        with pytest.raises(IgnoreRequest, match="duplicate"):
            gate.request_scheduled(_link(url))
    gate.request_scheduled(_link("https://www.iom.int/news/release-2"))  # a different page
    gate.log.close("finished")
    log = lines(tmp_path)
    assert [line["url"] for line in log] == [
        url for url in variants if "#" not in url
    ]  # the fragment: same URL
    assert {line["duplicate_of"] for line in log} == {"https://www.iom.int/news/release-1"}


def test_a_redirect_to_the_canonical_form_is_followed(tmp_path: Path) -> None:
    gate = _gate(tmp_path)
    gate.request_scheduled(_link("http://iom.int/news/release-1"))
    redirected = _link(
        "https://www.iom.int/news/release-1/",
        redirect_urls=["http://iom.int/news/release-1"],
        redirect_reasons=[301],
    )
    gate.request_scheduled(redirected)  # same canonical key, but it is where the first URL leads: admitted
    gate.log.close("finished")
    [hop] = lines(tmp_path)
    assert (hop["url"], hop["outcome"], hop["status"]) == ("http://iom.int/news/release-1", "redirect", 301)


def test_allow_patterns_keep_the_crawl_to_matching_urls(tmp_path: Path) -> None:
    gate = _gate(tmp_path, IOMCRAWL_ALLOW=[r"/news/"], IOMCRAWL_DENY=[r"\?page=\d{3,}"])
    assert _policy(gate, "https://www.iom.int/news/release-1") is None
    assert (_policy(gate, "https://www.iom.int/about") or "").startswith("not-allowed")
    assert (_policy(gate, "https://www.iom.int/news/list?page=100") or "").startswith("denied")
    assert (_policy(gate, "https://example.org/news/x") or "").startswith("offsite")
    assert (_policy(gate, "ftp://www.iom.int/news/x") or "").startswith("scheme")
    assert (_policy(gate, "https://www.iom.int/news/" + "x" * 3000) or "").startswith("url-too-long")
    start = crawl_scope(_gate(tmp_path, start="http://127.0.0.1:8000/index.html").crawler)
    assert start is not None and start.allows("http://127.0.0.1:8000/anything")
    assert start.allows("https://weblog.iom.int/x")  # iom.int and its subdomains stay in scope


class _NoSpanishPages(ScopeMiddleware):
    """A policy of one's own: the same scope, and no Spanish pages."""

    def refusal(self, request: Request, depth: int) -> Reason | None:
        if "/es/" in request.url:
            return Reason(Drop.DENIED, "no Spanish pages")
        return super().refusal(request, depth)


def test_a_scope_policy_of_ones_own_is_a_subclass_named_in_the_settings(tmp_path: Path) -> None:
    crawler = get_crawler(
        ReleasesSpider,
        {
            "IOMCRAWL_OUTPUT_DIR": str(tmp_path),
            "SPIDER_MIDDLEWARES": {
                "iomcrawl.crawl.middlewares.scope.ScopeMiddleware": None,
                f"{__name__}._NoSpanishPages": 950,
            },
        },
    )
    start = "https://www.iom.int/news"
    crawler.spider = spider = ReleasesSpider.from_crawler(crawler, start_url=start)
    spider.scope = Scope.around(start, scope_domains(crawler))
    [scope] = [
        mw
        for mw in SpiderMiddlewareManager.from_crawler(crawler).middlewares
        if isinstance(mw, ScopeMiddleware)
    ]
    assert type(scope) is _NoSpanishPages
    page = HtmlResponse(start, body=b"", request=Request(start, meta={"depth": 0}))
    links = [_link(f"https://www.iom.int/{path}") for path in ("en/news/a", "es/news/b", "fr/news/c")]
    kept = list(scope.process_spider_output(page, links))
    assert [request.url for request in kept] == [
        "https://www.iom.int/en/news/a",
        "https://www.iom.int/fr/news/c",
    ]
    assert crawler.stats.get_value("iomcrawl/dropped/denied") == 1
    CrawlLog.of(crawler).close("finished")
    [line] = lines(tmp_path)
    assert (line["url"], line["reason"], line["depth"]) == (
        "https://www.iom.int/es/news/b",
        "denied: no Spanish pages",
        1,
    )
