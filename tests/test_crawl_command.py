"""``iomcrawl crawl`` as people type it: a wrong argument, setting, value, archive, start URL, output folder or
feed stops the crawl before it starts with one line and exit code 2; --help documents iomcrawl's own
arguments, settings and exit codes; the log starts with the crawl, not Scrapy's banner; one summary line on
stdout; and a run that does not finish keeps the previous run's records."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.jsonl import read_jsonl

from iomcrawl.cli import main
from iomcrawl.crawl.command import OWN_SETTINGS, SETTINGS_HELP
from iomcrawl.crawl.config import EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_SUCCESS
from iomcrawl.crawl.runner import SETTINGS_MODULE
from iomcrawl.crawl.spiders.releases import ARGUMENTS

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SITE = REPO_ROOT / "fixtures" / "sample-site"


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run ``iomcrawl crawl ARGS`` (in-process: it must stop before Scrapy starts) and return its one line."""
    code = main(["crawl", *args])
    out, err = capsys.readouterr()
    assert code == EXIT_CONFIG, err
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("iomcrawl: configuration error: ")
    return lines[0]


@pytest.fixture
def output(tmp_path: Path) -> str:
    return f"IOMCRAWL_OUTPUT_DIR={tmp_path / 'out'}"


@pytest.mark.parametrize("name", ["start-url", "start_urls", "starturl", "Start_URL"])
def test_a_misspelled_spider_argument_stops_with_did_you_mean(
    capsys: pytest.CaptureFixture[str], output: str, name: str
) -> None:
    line = refused(capsys, "-a", f"{name}=https://www.iom.int/news", "-s", output)
    assert f"unknown spider argument -a {name}=" in line
    assert "did you mean start_url?" in line


def test_an_unknown_argument_lists_the_spiders_arguments(
    capsys: pytest.CaptureFixture[str], output: str
) -> None:
    line = refused(capsys, "-a", "depth=3", "-s", output)
    assert "did you mean" not in line
    assert all(name in line for name in ARGUMENTS)


def test_an_unknown_iomcrawl_setting_stops_with_did_you_mean(
    capsys: pytest.CaptureFixture[str], output: str
) -> None:
    line = refused(capsys, "-s", output, "-s", "IOMCRAWL_OUTPUTDIR=elsewhere")
    assert "unknown setting -s IOMCRAWL_OUTPUTDIR; did you mean IOMCRAWL_OUTPUT_DIR?" in line
    line = refused(capsys, "-s", output, "-s", "IOMCRAWL_MAX_PAGES=10")
    assert "did you mean IOMCRAWL_MAX_PAGES_PER_HOST?" in line


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("DOWNLOAD_MAXSIZE=abc", "DOWNLOAD_MAXSIZE takes a number"),
        ("ROBOTSTXT_OBEY=maybe", "ROBOTSTXT_OBEY takes a boolean"),
        ("IOMCRAWL_EXTRACTION_TIMEOUT=soon", "IOMCRAWL_EXTRACTION_TIMEOUT takes a number"),
        ("DOWNLOAD_HANDLERS={not json", "DOWNLOAD_HANDLERS takes a dict"),
        ("DOWNLOAD_MAXSIZE=1000", "DOWNLOAD_MAXSIZE must be between 10 and 32 MiB"),
        ("IOMCRAWL_DENY=(unclosed", "not a regular expression"),
    ],
)
def test_a_bad_setting_value_is_one_line(
    capsys: pytest.CaptureFixture[str], output: str, setting: str, expected: str
) -> None:
    assert expected in refused(capsys, "-s", output, "-s", setting)


def test_a_setting_without_a_value_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert "write -s NAME=VALUE" in refused(capsys, "-s", "DOWNLOAD_DELAY")
    assert "write -a NAME=VALUE" in refused(capsys, "-a", "start_url")
    assert "unrecognized arguments: --depth=3" in refused(capsys, "--depth=3")
    assert "unexpected argument 'start_url=x'" in refused(capsys, "start_url=x")


def test_an_output_folder_that_cannot_be_written_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("not a folder")
    line = refused(capsys, "-s", f"IOMCRAWL_OUTPUT_DIR={a_file / 'out'}")
    assert f"{a_file} is not a folder" in line and "-s IOMCRAWL_OUTPUT_DIR=DIR" in line
    assert not (a_file / "out").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_output_folder_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    line = refused(capsys, "-s", f"IOMCRAWL_OUTPUT_DIR={locked / 'out'}")
    assert "cannot write in" in line


def test_a_missing_archive_and_a_file_that_is_not_one_are_one_line(
    capsys: pytest.CaptureFixture[str], output: str, tmp_path: Path
) -> None:
    line = refused(capsys, "-a", f"archive={tmp_path / 'missing.warc.gz'}", "-s", output)
    assert "no archive at" in line and "give -a archive=" in line
    readme = REPO_ROOT / "README.md"
    assert "is not a WARC or ARC file" in refused(capsys, "-a", f"archive={readme}", "-s", output)
    disguised = tmp_path / "page.warc.gz"
    disguised.write_bytes(gzip.compress(b"<html><body>not an archive</body></html>"))
    line = refused(capsys, "-a", f"archive={disguised}", "-s", output)
    assert "is not a WARC or ARC file (it starts with b'<html>" in line
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert "cannot be read" in refused(capsys, "-a", f"archive={broken}", "-s", output)


def test_a_start_url_without_a_scheme_is_one_line(capsys: pytest.CaptureFixture[str], output: str) -> None:
    line = refused(capsys, "-a", "start_url=www.iom.int/news", "-s", output)
    assert "has no scheme: did you mean -a start_url=https://www.iom.int/news ?" in line
    assert "must be an http(s) URL" in refused(capsys, "-a", "start_url=ftp://example.org/", "-s", output)


@pytest.mark.parametrize("feed", ["x.csv", "x.json", "x.parquet", "x.xml", "records.jsonl:csv", "noformat"])
def test_a_feed_of_pages_is_refused_with_a_pointer_to_export(
    capsys: pytest.CaptureFixture[str], output: str, feed: str
) -> None:
    line = refused(capsys, "-s", output, "-O", feed)
    assert "not release records" in line
    assert "iomcrawl export" in line and "-O FILE.jsonl" in line


def test_help_documents_iomcrawls_own_arguments_settings_and_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crawl", "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: iomcrawl crawl")
    for name in [*ARGUMENTS, *OWN_SETTINGS, "JOBDIR"]:
        assert name in text, name
    for code in ("0  success", "1  partial", "2  configuration error", "3  interrupted"):
        assert code in text
    assert "Global Options" not in text and "<spider>" not in text  # not Scrapy's generic help
    assert set(SETTINGS_HELP) == set(OWN_SETTINGS)  # every setting of settings.py is described


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str], output: str) -> None:
    assert main(["crawl", "--debug", "-a", "start-url=https://www.iom.int/", "-s", output]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "Traceback" in err and "ConfigError" in err
    assert err.splitlines()[-1].startswith("iomcrawl: configuration error: unknown spider argument")


# --- real crawls ----------------------------------------------------------------------------------------


def crawl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
    return subprocess.run(
        [sys.executable, "-m", "iomcrawl.cli", "crawl", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.crawl
@pytest.mark.slow
def test_the_log_starts_with_the_crawl_and_stdout_is_one_summary_line(tmp_path: Path) -> None:
    run = crawl("-s", "IOMCRAWL_OUTPUT_DIR=out", "-O", "copy.jsonl", cwd=tmp_path)
    assert run.returncode == EXIT_SUCCESS, run.stderr[-3000:]
    for banner in (
        "Scrapy 2",
        "Versions:",
        "Overridden settings",
        "Enabled extensions",
        "Dumping Scrapy stats",
    ):
        assert banner not in run.stderr, banner
    assert "Crawled 0 pages" not in run.stderr  # Scrapy's LogStats is off: one progress voice
    [line] = run.stdout.splitlines()
    assert line.startswith("iomcrawl: success: 18 URLs, 12 records, 0 errors in ")
    assert line.endswith("-> out/releases.jsonl, out/pages.jsonl, out/crawl-summary.json")
    # -O FILE.jsonl is a copy of the release records, not a dump of crawled pages.
    assert (tmp_path / "copy.jsonl").read_bytes() == (tmp_path / "out" / "releases.jsonl").read_bytes()
    with_banner = crawl("-s", "IOMCRAWL_OUTPUT_DIR=out", "-L", "DEBUG", cwd=tmp_path)
    assert "Overridden settings" in with_banner.stderr and "[scrapy.crawler] DEBUG" in with_banner.stderr


@pytest.mark.crawl
@pytest.mark.slow
def test_a_run_that_does_not_finish_keeps_the_previous_records(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = crawl("-s", f"IOMCRAWL_OUTPUT_DIR={out}", cwd=tmp_path)
    assert first.returncode == EXIT_SUCCESS, first.stderr[-3000:]
    releases = (out / "releases.jsonl").read_bytes()
    pages = (out / "pages.jsonl").read_bytes()
    summary = (out / "crawl-summary.json").read_bytes()

    stopped = crawl(
        "-a", f"site_dir={SAMPLE_SITE}", "-s", f"IOMCRAWL_OUTPUT_DIR={out}", "-s", "CLOSESPIDER_PAGECOUNT=3",
        cwd=tmp_path,
    )  # fmt: skip
    assert stopped.returncode == EXIT_INTERRUPTED, stopped.stderr[-3000:]
    assert (out / "releases.jsonl").read_bytes() == releases
    assert (out / "pages.jsonl").read_bytes() == pages
    assert (out / "crawl-summary.json").read_bytes() == summary
    assert f"kept the previous {out / 'releases.jsonl'} (12 records from " in stopped.stderr
    partial = read_jsonl(out / "releases.jsonl.part")
    assert 0 < len(partial) < 12
    assert f"(kept {out / 'releases.jsonl'} (12 records" in stopped.stdout

    again = crawl("-a", f"site_dir={SAMPLE_SITE}", "-s", f"IOMCRAWL_OUTPUT_DIR={out}", cwd=tmp_path)
    assert again.returncode == EXIT_SUCCESS, again.stderr[-3000:]
    assert f"replaced {out / 'releases.jsonl'} (12 records from " in again.stderr
    assert len(read_jsonl(out / "releases.jsonl")) == 12
    assert not (out / "releases.jsonl.part").exists()


# --- links: taken one at a time, so the links cap stops the work --------------------------------------


def test_page_links_are_the_links_scrapys_extractor_gives_one_at_a_time() -> None:
    from scrapy.http import HtmlResponse
    from scrapy.linkextractors import LinkExtractor

    from iomcrawl.crawl.spiders.releases import SKIP_EXTENSIONS, page_links

    body = """<html><head><base href="http://127.0.0.1:8000/news/"></head><body>
        <a href=" a.html ">a</a> <a href="a.html#top">a again</a> <a href="/b?y=2&amp;x=1">b</a>
        <a href="/b?x=1&amp;y=2">b reordered</a> <a href="report.pdf">pdf</a> <a href="mailto:x@iom.int">m</a>
        <a href="javascript:void(0)">js</a> <a>no href</a> <a href="caf\u00e9.html">accent</a>
        <A HREF="UPPER.html">upper</A> <a href="http://[bad">bogus</a> <a href="ftp://example.org/f">ftp</a>
        </body></html>""".encode()
    response = HtmlResponse("http://127.0.0.1:8000/index.html", body=body, encoding="utf-8")
    scrapy_links = LinkExtractor(tags=("a",), attrs=("href",), deny_extensions=SKIP_EXTENSIONS)
    expected = [link.url for link in scrapy_links.extract_links(response)]
    links = page_links(response)
    assert iter(links) is links  # a generator: nothing is built before the first link is asked for
    assert list(links) == expected
    assert "http://127.0.0.1:8000/news/caf%C3%A9.html" in expected and len(expected) == 7
