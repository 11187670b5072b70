"""The crawl's plumbing end to end: what is fetched, what is written, and that nothing is lost on the way.

Extraction quality is the fixture tests' business; here a page only has to produce what
``extract_page`` produces for the same bytes, and the number of records its label expects.
"""

from __future__ import annotations

import json
import socket
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from conftest import SAMPLE_SITE
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from support.crawls import crawl_subprocess
from support.jsonl import read_jsonl
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from iomcrawl.crawl import settings as project_settings
from iomcrawl.crawl.config import ConfigError
from iomcrawl.crawl.faults import download_fault
from iomcrawl.crawl.middlewares.gate import GateMiddleware
from iomcrawl.crawl.middlewares.scope import Scope, scope_domains
from iomcrawl.crawl.outputs.exporters import PAGE_FIELDS
from iomcrawl.crawl.runner import error_count, exit_code
from iomcrawl.crawl.site_dir import FolderSite
from iomcrawl.crawl.spiders.releases import SAMPLE_ARCHIVE, ReleasesSpider
from iomcrawl.extraction import extract_page
from iomcrawl.extraction.records import Source, WarcRef
from iomcrawl.schema import schema_errors

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import CrawlOutput

CRAWL_TIMEOUT = 180

NOT_PAGES = {
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".zip",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
}
NOT_PAGES |= {".mp3", ".mp4", ".css", ".js", ".ico", ".svg", ".rss", ".csv", ".rtf"}


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value.strip() for name, value in attrs if name == "href" and value is not None)


def site_graph(root: Path, base_url: str) -> tuple[set[str], set[str]]:
    """(pages a polite crawler reaches from index.html, pages it may not fetch), worked out from the files.

    An independent oracle: stdlib parsing, robots.txt through urllib.robotparser, a folder link
    redirected to its trailing-slash form as a file server does.
    """
    robots = RobotFileParser()
    robots_file = root / "robots.txt"
    robots.parse(robots_file.read_text(encoding="utf-8").splitlines() if robots_file.exists() else [])
    todo, reached, forbidden = [base_url + "index.html"], set[str](), set[str]()
    while todo:
        url = todo.pop()
        path = unquote(urlsplit(url).path)
        file = root / path.lstrip("/")
        if file.is_dir():
            url = url if path.endswith("/") else url + "/"
            file = file / "index.html"
        if url in reached:
            continue
        reached.add(url)
        if not (file.is_file() and file.suffix in (".html", ".htm")):
            continue
        parser = _Hrefs()
        parser.feed(file.read_bytes().decode("utf-8", errors="replace"))
        for href in parser.hrefs:
            target = urldefrag(urljoin(url, href)).url
            if not target.startswith(base_url) or Path(urlsplit(target).path).suffix.lower() in NOT_PAGES:
                continue
            if not robots.can_fetch("*", target):
                forbidden.add(target)
            elif target not in reached:
                todo.append(target)
    return reached, forbidden


def site_file(root: Path, url: str) -> Path:
    """The file a static server answers *url* with."""
    file = root / unquote(urlsplit(url).path).lstrip("/")
    return file / "index.html" if file.is_dir() else file


def expected_record_count(root: Path, url: str) -> int | None:
    """Records the page's label (``X.expected.json`` beside ``X.html``) expects, if it has one."""
    page = site_file(root, url)
    label = page.with_name(page.stem + ".expected.json")
    if not label.is_file():
        return None
    data = json.loads(label.read_text(encoding="utf-8"))
    records = data if isinstance(data, list) else data.get("records", [])
    return len(records)


def key(url: str) -> str:
    return canonicalize_url(url)


# --- the crawl of the sample site (one subprocess run, shared; see conftest) -----------------------------


@pytest.mark.crawl
@pytest.mark.slow
def test_crawl_logs_no_error(sample_crawl: CrawlOutput) -> None:
    assert sample_crawl.run.errors == 0
    assert sample_crawl.run.log_lines("ERROR") == []
    assert sample_crawl.run.stats["finish_reason"] == "finished"


FETCHED = ("records", "no-release", "error")


def fetched_pages(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The crawl-log lines of pages fetched and run through the chain (not drops, redirects, robots.txt)."""
    return [page for page in pages if page["outcome"] in FETCHED]


@pytest.mark.crawl
@pytest.mark.slow
def test_every_reachable_page_is_in_pages_jsonl_exactly_once(sample_crawl: CrawlOutput) -> None:
    reached, _ = site_graph(sample_crawl.site.root, sample_crawl.site.base_url)
    counts = Counter(key(page["url"]) for page in fetched_pages(sample_crawl.pages))
    assert {url for url, n in counts.items() if n > 1} == set()
    assert set(counts) == {key(url) for url in reached}
    assert all(page["reason"] for page in sample_crawl.pages if page["outcome"] != "records")


@pytest.mark.crawl
@pytest.mark.slow
def test_every_url_met_has_exactly_one_line(sample_crawl: CrawlOutput) -> None:
    """Fetched, redirected, disallowed or offsite: each URL the crawl met is in the log, once."""
    site = sample_crawl.site
    reached, forbidden = site_graph(site.root, site.base_url)
    linked: set[str] = set()
    for url in reached:
        file = site_file(site.root, url)
        if file.suffix == ".html":
            parser = _Hrefs()
            parser.feed(file.read_bytes().decode("utf-8", errors="replace"))
            linked |= {urldefrag(urljoin(url, href)).url for href in parser.hrefs}
    linked = {url for url in linked if urlsplit(url).scheme in ("http", "https")}
    linked = {url for url in linked if Path(urlsplit(url).path).suffix.lower() not in NOT_PAGES}
    counts = Counter(page["url"] for page in sample_crawl.pages)
    assert {url for url, n in counts.items() if n > 1} == set()
    logged = {key(url) for url in counts}
    assert {key(url) for url in linked | forbidden} - logged == set()
    outcomes = Counter(page["outcome"] for page in sample_crawl.pages)
    assert outcomes["prerequisite"] == 1  # robots.txt
    assert outcomes["redirect"] == 1  # /cdn-cgi/l/email-protection -> .../
    assert set(outcomes) <= {"records", "no-release", "error", "dropped", "redirect", "prerequisite"}


@pytest.mark.crawl
@pytest.mark.slow
def test_pages_jsonl_lines_have_the_documented_fields(sample_crawl: CrawlOutput) -> None:
    for page in sample_crawl.pages:
        assert tuple(page) == PAGE_FIELDS
        assert page["fetched_at"].endswith("Z")
        assert page["records"] == len(page["record_ids"])


@pytest.mark.crawl
@pytest.mark.slow
def test_robots_disallowed_pages_are_not_fetched(sample_crawl: CrawlOutput) -> None:
    _, forbidden = site_graph(sample_crawl.site.root, sample_crawl.site.base_url)
    assert forbidden, "the sample site should link to a page robots.txt disallows"
    dropped = {p["url"]: p["reason"] for p in sample_crawl.pages if p["outcome"] == "dropped"}
    assert all(dropped[url].startswith("robots") for url in forbidden)
    assert "/robots.txt" in sample_crawl.requested
    fetched = {urlsplit(sample_crawl.site.url(path)).path for path in sample_crawl.requested}
    assert fetched.isdisjoint(urlsplit(url).path for url in forbidden)
    assert not any(path.startswith("/private/") for path in fetched)
    assert sample_crawl.run.stats.get("robotstxt/forbidden", 0) >= 1


@pytest.mark.crawl
@pytest.mark.slow
def test_offsite_links_are_dropped_logged_and_counted(sample_crawl: CrawlOutput) -> None:
    base = sample_crawl.site.base_url
    assert all(page["url"].startswith(base) for page in sample_crawl.pages if page["outcome"] != "dropped")
    offsite = [page for page in sample_crawl.pages if (page["reason"] or "").startswith("offsite")]
    assert offsite, "the sample site links to iom.int and social sites"
    assert all(not page["url"].startswith(base) and page["outcome"] == "dropped" for page in offsite)
    assert all(page["referer"].startswith(base) and page["depth"] >= 1 for page in offsite)
    # every offsite link met is counted; the log has one line per distinct URL
    assert sample_crawl.run.stats.get("iomcrawl/dropped/offsite", 0) >= len(offsite)


@pytest.mark.crawl
@pytest.mark.slow
def test_releases_jsonl_validates_and_ids_are_unique(sample_crawl: CrawlOutput) -> None:
    assert sample_crawl.releases, "the sample site has releases"
    for record in sample_crawl.releases:
        assert schema_errors(record) == [], record["url"]
        assert record["source"]["kind"] == "http"
    ids = [record["id"] for record in sample_crawl.releases]
    assert len(ids) == len(set(ids))


@pytest.mark.crawl
@pytest.mark.slow
def test_page_accounting_matches_releases_jsonl(sample_crawl: CrawlOutput) -> None:
    assert sum(page["records"] for page in sample_crawl.pages) == len(sample_crawl.releases)
    by_page = Counter(record["url"] for record in sample_crawl.releases)
    for page in sample_crawl.pages:
        assert by_page.get(page["url"], 0) == page["records"], page["url"]
    written = [record["id"] for record in sample_crawl.releases]
    assert sorted(written) == sorted(rid for page in sample_crawl.pages for rid in page["record_ids"])
    stats = sample_crawl.run.stats
    assert stats["iomcrawl/records"] == len(sample_crawl.releases)
    items = [
        p for p in sample_crawl.pages if p["outcome"] in FETCHED or (p["reason"] or "").startswith("robots:")
    ]
    assert stats["item_scraped_count"] == len(items)


@pytest.mark.crawl
@pytest.mark.slow
def test_pages_with_a_label_produce_the_labelled_number_of_records(sample_crawl: CrawlOutput) -> None:
    site = sample_crawl.site
    checked = 0
    for page in fetched_pages(sample_crawl.pages):
        expected = expected_record_count(site.root, page["url"])
        if expected is not None:
            checked += 1
            assert page["records"] == expected, f"{page['url']}: {page['outcome']} {page['reason']}"
    assert checked, "no page fetched has an X.expected.json label: the crawl or the sample site regressed"


@pytest.mark.crawl
@pytest.mark.slow
def test_crawl_produces_what_extract_page_produces(sample_crawl: CrawlOutput) -> None:
    """The pipelines are the chain: same bytes, same records (so a crawl behaves as `iomcrawl extract`)."""
    site = sample_crawl.site
    by_url: dict[str, list[dict[str, Any]]] = {}
    for record in sample_crawl.releases:
        by_url.setdefault(record["url"], []).append(record)
    for page in fetched_pages(sample_crawl.pages):
        if page["status"] != 200:
            continue
        body = site_file(site.root, page["url"]).read_bytes()
        warc = (
            WarcRef(page["warc_file"], page["warc_offset"], page["warc_record_id"], page["capture_date"])
            if page["warc_file"]
            else None
        )
        source = Source(kind="http", fetched_at=page["fetched_at"], warc=warc)
        result = extract_page(body, page["url"], content_type=page["content_type"], source=source)
        assert result.status == page["outcome"], page["url"]
        assert result.records == by_url.get(page["url"], []), page["url"]


# --- other crawls -----------------------------------------------------------------------------------------


@pytest.mark.crawl
@pytest.mark.slow
def test_iomcrawl_crawl_without_arguments_replays_the_bundled_archive(
    sample_crawl: CrawlOutput, tmp_path: Path, jsonl: Callable[[Path], list[dict[str, Any]]]
) -> None:
    """`iomcrawl crawl` (run_crawl) from any folder: the sample WARC replayed, output in ./output, exit 0,
    and the same pages and records (by path) as the live crawl of the sample site."""
    run = crawl_subprocess(["--"], cwd=tmp_path, timeout=CRAWL_TIMEOUT, via="iomcrawl")
    assert run.returncode == 0, run.log[-5000:]
    assert run.errors == 0
    assert "replaying 1 archive file" in run.log
    pages = jsonl(tmp_path / "output" / "pages.jsonl")
    releases = jsonl(tmp_path / "output" / "releases.jsonl")
    replayed = {urlsplit(page["url"]).path: page["records"] for page in fetched_pages(pages)}
    live = {urlsplit(page["url"]).path: page["records"] for page in fetched_pages(sample_crawl.pages)}
    assert replayed == live
    assert len(releases) == len(sample_crawl.releases)
    assert {urlsplit(page["url"]).hostname for page in pages} == {"sample.iomcrawl.invalid"}
    assert all(record["source"]["kind"] == "warc" for record in releases)
    assert all(page["warc_record_id"] and page["warc_offset"] is not None for page in pages)
    assert not (tmp_path / "output" / "warc").exists()  # a replay downloads nothing, so archives nothing


@pytest.mark.crawl
@pytest.mark.slow
def test_failed_download_is_a_page_and_makes_iomcrawl_crawl_fail(
    tmp_path: Path, repo_root: Path, jsonl: Callable[[Path], list[dict[str, Any]]]
) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/index.html"
    args = [
        "releases",
        "-a",
        f"start_url={url}",
        "-s",
        f"IOMCRAWL_OUTPUT_DIR={tmp_path}",
        "-s",
        "RETRY_TIMES=0",
    ]
    run = crawl_subprocess(
        [*args, "-s", "ROBOTSTXT_OBEY=False"], cwd=repo_root, timeout=CRAWL_TIMEOUT, via="iomcrawl"
    )
    assert run.returncode == 1  # the retry middleware gave up, at ERROR
    assert run.errors >= 1
    [page] = jsonl(tmp_path / "pages.jsonl")
    assert page["url"] == url
    assert page["outcome"] == "error"
    assert page["reason"].startswith("connection-refused")
    assert jsonl(tmp_path / "releases.jsonl") == []


# --- units: exit code, spider, sample-site server, settings ----------------------------------------------


def test_exit_code_reflects_logged_errors() -> None:
    assert exit_code(0, {"log_count/ERROR": 0}) == 0
    assert exit_code(0, {"log_count/ERROR": 2}) == 1
    assert exit_code(0, {"iomcrawl/errors_logged": 1}) == 1  # an ERROR after spider_closed
    assert exit_code(2, {}) == 2
    assert exit_code(0, None) == 0  # e.g. --help: nothing crawled
    assert error_count({"log_count/ERROR": 1, "log_count/CRITICAL": 1}) == 2


def _spider(**kwargs: Any) -> ReleasesSpider:
    crawler = get_crawler(ReleasesSpider, {"IOMCRAWL_SCOPE_DOMAINS": ["iom.int"]})
    return ReleasesSpider.from_crawler(crawler, **kwargs)


def test_scope_is_the_start_host_and_port_plus_listed_domains() -> None:
    scope = Scope.around("https://www.iom.int/news", ("iom.int",))
    assert scope.allows("http://www.iom.int/a")  # same host, other scheme
    assert scope.allows("https://donate.iom.int/")
    assert scope.allows("https://iom.int/")
    assert not scope.allows("https://notiom.int/")
    assert not scope.allows("https://www.facebook.com/IOM")
    assert not scope.allows("mailto:media@iom.int")
    local = Scope.around("http://127.0.0.1:8000/index.html")
    assert local.allows("http://127.0.0.1:8000/news/")
    assert not local.allows("http://127.0.0.1:8001/news/")
    assert not local.allows("http://localhost:8000/news/")


def test_offline_mode_drops_the_delay_and_live_mode_keeps_it() -> None:
    def settings_after(**spider_args: str) -> Settings:
        settings = Settings()
        settings.setmodule(project_settings, priority="project")
        settings.set("DOWNLOAD_TIMEOUT", 7, priority="cmdline")
        crawler = Crawler(ReleasesSpider, settings)  # not crawling: settings still open, as in a real run
        ReleasesSpider.from_crawler(crawler, **spider_args)
        return crawler.settings

    offline = settings_after(site_dir=str(SAMPLE_SITE))
    assert offline.getfloat("DOWNLOAD_DELAY") == 0
    assert not offline.getbool("AUTOTHROTTLE_ENABLED")
    assert offline.getint("DOWNLOAD_TIMEOUT") == 7
    live = settings_after(start_url="https://www.iom.int/news")
    assert live.getfloat("DOWNLOAD_DELAY") == 1
    assert live.getbool("AUTOTHROTTLE_ENABLED")


def test_bad_arguments_fail_before_the_crawl(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="start_url"):
        _spider(start_url="ftp://example.org/")
    with pytest.raises(ConfigError, match=r"index\.html"):
        _spider(site_dir=str(tmp_path))
    with pytest.raises(ConfigError, match="file_root"):
        _spider(start_url=(tmp_path / "index.html").as_uri())
    with pytest.raises(ConfigError, match="no archive"):
        _spider(archive=str(tmp_path / "missing.warc.gz"))
    with pytest.raises(ConfigError, match="not both"):
        _spider(archive=str(tmp_path), start_url="https://www.iom.int/")


def test_offsite_requests_are_dropped_at_scheduling_logged_and_counted(tmp_path: Path) -> None:
    crawler = get_crawler(
        ReleasesSpider, {"IOMCRAWL_SCOPE_DOMAINS": ["iom.int"], "IOMCRAWL_OUTPUT_DIR": str(tmp_path)}
    )
    spider = ReleasesSpider.from_crawler(crawler, start_url="http://127.0.0.1:8000/index.html")
    spider.scope = Scope.around("http://127.0.0.1:8000/index.html", scope_domains(crawler))
    crawler.spider = spider
    gate = GateMiddleware.from_crawler(crawler)
    here = {"iomcrawl_referer": "http://127.0.0.1:8000/index.html"}
    gate.request_scheduled(Request("https://www.iom.int/news", meta=dict(here)))  # listed domain: kept
    with pytest.raises(IgnoreRequest):
        gate.request_scheduled(Request("https://twitter.com/UNmigration", meta=dict(here)))
    with pytest.raises(IgnoreRequest):  # met again: dropped again, logged once
        gate.request_scheduled(Request("https://twitter.com/UNmigration", meta=dict(here)))
    assert spider.crawler.stats.get_value("iomcrawl/dropped/offsite") == 2
    gate.log.close("finished")
    [line] = read_jsonl(tmp_path / "pages.jsonl")
    assert (line["url"], line["outcome"]) == ("https://twitter.com/UNmigration", "dropped")
    assert line["reason"].startswith("offsite") and line["referer"] == here["iomcrawl_referer"]


def test_links_skip_non_pages_fragments_and_other_schemes() -> None:
    body = b"""<html><body>
      <a href="#top">top</a> <a href="a.html#x">a</a> <a href="a.html">a again</a>
      <a href="mailto:media@iom.int">m</a> <a href="javascript:window.print()">p</a> <a href="tel:+4122">t</a>
      <a href="report.PDF?x=1">pdf</a> <a href="photo.jpg">jpg</a> <a href="f.zip">zip</a> <a href="d.docx">doc</a>
      <a href="ftp://example.org/x">ftp</a> <a href="https://www.iom.int/b">b</a> <a href="">self</a>
    </body></html>"""
    spider = _spider()
    response = HtmlResponse("http://127.0.0.1:8000/news/index.html", body=body)
    assert list(spider.links(response)) == [
        "http://127.0.0.1:8000/news/a.html",
        "ftp://example.org/x",  # a URL: it gets a decision (dropped: scheme), unlike mailto: or tel:
        "https://www.iom.int/b",
    ]
    mislabelled = TextResponse(
        "http://127.0.0.1:8000/x.txt", body=body, headers={"Content-Type": "text/plain"}
    )
    assert "http://127.0.0.1:8000/a.html" in list(spider.links(mislabelled))
    assert list(spider.links(Response("http://127.0.0.1:8000/f.bin", body=b"%PDF-1.4"))) == []


def test_parse_yields_the_links_then_the_page() -> None:
    spider = _spider()
    response = HtmlResponse(
        "http://127.0.0.1:8000/index.html",
        body='<a href="news.html">Actualités – é</a>'.encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    request, page = list(spider.parse(response))  # links first: a page's log line means they are queued
    assert page.url == response.url and page.status == 200 and page.body == response.body
    assert page.content_type == "text/html; charset=utf-8"
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.outcome is None and page.fetched_at.endswith("Z")
    assert request.url == "http://127.0.0.1:8000/news.html"
    assert request.errback == spider.failed


def _failure(exc: Exception, url: str) -> Failure:
    failure = Failure(exc)
    failure.request = Request(url)  # type: ignore[attr-defined]  # as Scrapy does
    return failure


def test_failed_fetches_become_error_pages() -> None:
    spider = _spider()
    url = "http://127.0.0.1:8000/gone.html"
    response = HtmlResponse(url, status=404, body=b"<h1>Not found</h1>", request=Request(url))
    [page] = spider.failed(_failure(HttpError(response, "Ignoring non-200 response"), url))
    assert (page.outcome, page.reason, page.status, page.body) == (
        "error",
        "http-404",
        404,
        b"<h1>Not found</h1>",
    )
    [page] = spider.failed(_failure(DNSLookupError("no such host"), "http://nowhere.invalid/"))
    assert page.outcome == "error" and page.reason.startswith("dns-error")
    assert page.url == "http://nowhere.invalid/" and page.status is None
    [page] = spider.failed(_failure(IgnoreRequest("Forbidden by robots.txt"), url))
    assert (page.outcome, page.reason) == ("dropped", "robots: disallowed by robots.txt")
    assert spider.crawler.stats.get_value("iomcrawl/fetch_failed/http-404") == 1
    assert spider.crawler.stats.get_value("iomcrawl/dropped/robots") == 1


def test_download_fault_codes() -> None:
    assert str(download_fault(TimeoutError())).startswith("download-error")  # builtin, not Twisted's
    assert str(download_fault(IgnoreRequest("too big"))) == "ignored: too big"


def test_sample_site_serves_files_read_only_and_stops(tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    (tmp_path / "index.html").write_text("<h1>hi</h1>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    with FolderSite(tmp_path, origin=None) as site:  # fetched directly, not through FolderSiteRouting
        with urllib.request.urlopen(site.url("index.html"), timeout=5) as response:
            assert response.read() == b"<h1>hi</h1>"
        with pytest.raises(urllib.error.HTTPError) as listing:
            urllib.request.urlopen(site.url("sub/"), timeout=5)
        listing.value.close()
        assert listing.value.code == 404
        with pytest.raises(urllib.error.HTTPError) as post:
            urllib.request.urlopen(site.url("index.html"), data=b"x", timeout=5)
        post.value.close()
        assert post.value.code == 501
        base = site.base_url
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + "index.html", timeout=5)


def test_the_default_archive_ships_inside_the_package() -> None:
    """An installed wheel has no fixtures/ folder: the archive the default crawl replays is package data."""
    import iomcrawl

    assert SAMPLE_ARCHIVE.is_file()
    assert SAMPLE_ARCHIVE.resolve().is_relative_to(Path(iomcrawl.__file__).resolve().parent)


def test_settings_are_polite_and_quiet() -> None:
    assert project_settings.ROBOTSTXT_OBEY is True
    assert project_settings.USER_AGENT.startswith("iomcrawl/")
    assert "+https://github.com/iomcrawl/iomcrawl" in project_settings.USER_AGENT
    assert project_settings.DOWNLOAD_DELAY >= 1 and project_settings.AUTOTHROTTLE_ENABLED
    assert project_settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1
    assert project_settings.TELNETCONSOLE_ENABLED is False
    assert project_settings.REMOTE_CONTROL_ENABLED is False
    assert all(options["overwrite"] for options in project_settings.FEEDS.values())
