"""Replay from archives (``-a archive=PATH``): the same chain over archived captures, with no network.

One replay runs over a folder holding the fault crawl's own WARC (so replay can be compared with the live
crawl), hand-made ARC and WARC files (ARC, gzipped ARC, plain WARC, a revisit whose payload is in another
file, a payload over the size cap) and broken files (a corrupt gzip member mid-file, a whole-file-gzipped
WARC). The sample archive the default crawl replays is checked for being up to date.
"""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from support.crawls import crawl_subprocess
from support.jsonl import read_jsonl
from support.sites import release_page
from warcio.archiveiterator import ArchiveIterator
from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from iomcrawl.crawl.config import EXIT_CONFIG, EXIT_PARTIAL
from iomcrawl.crawl.spiders.releases import SAMPLE_ARCHIVE
from iomcrawl.warc.writer import payload_digest

if TYPE_CHECKING:
    from conftest import SiteCrawl

REPO_ROOT = Path(__file__).resolve().parent.parent
ARC_DATE = "20090101120000"
HTTP_200 = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"


def arc_file(records: list[tuple[str, bytes]], *, gzipped: bool) -> bytes:
    """An ARC v1 file: the filedesc header record, then one record per (url, http response bytes)."""
    fields = b"1 0 iomcrawl-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://test.arc 0.0.0.0 " + ARC_DATE.encode() + b" text/plain " + str(len(fields)).encode()
    chunks = [header + b"\n" + fields + b"\n"]
    for url, block in records:
        line = f"{url} 127.0.0.1 {ARC_DATE} text/html {len(block)}\n".encode()
        chunks.append(line + block + b"\n")
    if gzipped:
        return b"".join(gzip.compress(chunk, mtime=0) for chunk in chunks)
    return b"".join(chunks)


def warc_file(records: list[Any], *, gzipped: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped, warc_version="1.1")
    for record in records:
        writer.write_record(record)
    return buffer.getvalue()


def response(url: str, body: bytes, status: str = "200 OK", content_type: str = "text/html") -> Any:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return RecordBuilder(warc_version="1.1").create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
    )


def revisit(url: str, body: bytes, refers_to: str) -> Any:
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    return RecordBuilder(warc_version="1.1").create_revisit_record(
        url, payload_digest(body), refers_to, "2020-01-01T00:00:00Z", http_headers=http
    )


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory, fault_crawl: SiteCrawl) -> Path:
    folder = tmp_path_factory.mktemp("archives")
    for path in fault_crawl.warc_files:
        shutil.copy(path, folder / path.name)
    page = release_page(21, title="IOM Archive Page From An ARC File")
    (folder / "old.arc").write_bytes(
        arc_file([("http://arc.example/old.html", HTTP_200 + page)], gzipped=False)
    )
    page_gz = release_page(22, title="IOM Archive Page From A Gzipped ARC File")
    (folder / "old-gz.arc.gz").write_bytes(
        arc_file([("http://arc.example/old-gz.html", HTTP_200 + page_gz)], gzipped=True)
    )
    shared = release_page(23, title="IOM Page Stored Once And Revisited")
    # the revisit sorts before the file that holds its payload: the index pass resolves it anyway
    (folder / "a-revisit.warc.gz").write_bytes(
        warc_file([revisit("http://warc.example/again.html", shared, "http://warc.example/first.html")])
    )
    (folder / "b-original.warc").write_bytes(
        warc_file(
            [
                response("http://warc.example/first.html", shared),
                response("http://warc.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
                response("http://warc.example/moved.html", b"", status="301 Moved Permanently"),
                response("http://warc.example/big.html", b"<html>" + b" " * (11 * 1024 * 1024)),
            ],
            gzipped=False,
        )
    )
    good = warc_file([response("http://warc.example/before-the-damage.html", release_page(24))])
    (folder / "c-corrupt.warc.gz").write_bytes(good + b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage" * 3)
    whole = gzip.compress(
        warc_file([response(f"http://warc.example/w{n}.html", b"<p>x</p>") for n in range(3)], gzipped=False)
    )
    (folder / "d-whole-file-gzip.warc.gz").write_bytes(whole)
    (folder / "notes.txt").write_text("not an archive: ignored", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def replay(archive_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("replay-output")
    run = crawl_subprocess(
        ["-a", f"archive={archive_dir}", "-s", f"IOMCRAWL_OUTPUT_DIR={output}"],
        cwd=REPO_ROOT,
        timeout=180,
        via="iomcrawl",
    )
    return {
        "run": run,
        "pages": read_jsonl(output / "pages.jsonl"),
        "releases": read_jsonl(output / "releases.jsonl"),
        "output": output,
    }


def by_url(lines: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        found.setdefault(line["url"], []).append(line)
    return found


@pytest.mark.crawl
@pytest.mark.slow
def test_replay_gives_the_live_crawls_records(replay: dict[str, Any], fault_crawl: SiteCrawl) -> None:
    def comparable(record: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in record.items() if key != "source"}

    live = {r["id"]: comparable(r) for r in fault_crawl.releases}
    replayed = {
        r["id"]: comparable(r) for r in replay["releases"] if r["url"].startswith(fault_crawl.base_url)
    }
    assert replayed == live
    assert all(r["source"]["kind"] == "warc" for r in replay["releases"])
    assert not (replay["output"] / "warc").exists()


@pytest.mark.crawl
@pytest.mark.slow
def test_revisits_are_resolved_across_files(replay: dict[str, Any], fault_crawl: SiteCrawl) -> None:
    lines = by_url(replay["pages"])
    [again] = lines["http://warc.example/again.html"]
    assert again["outcome"] == "records" and "revisit" in again["annotations"]
    assert any(note.startswith("refers-to: http://warc.example/first.html") for note in again["annotations"])
    copies = [lines[fault_crawl.base_url + name][0] for name in ("copy-a.html", "copy-b.html")]
    assert sorted("revisit" in line["annotations"] for line in copies) == [False, True]
    assert sorted(line["records"] for line in copies) == [0, 1]  # one release under two URLs: written once


@pytest.mark.crawl
@pytest.mark.slow
def test_arc_files_are_read(replay: dict[str, Any]) -> None:
    lines = by_url(replay["pages"])
    for url in ("http://arc.example/old.html", "http://arc.example/old-gz.html"):
        [line] = lines[url]
        assert line["outcome"] == "records", line
        assert line["digest"] and line["digest"].startswith("sha1:")  # ARC has none: computed
        assert line["capture_date"].startswith("2009-01-01T12:00:00")
    headlines = {r["headline"] for r in replay["releases"]}
    assert "IOM Archive Page From An ARC File" in headlines


@pytest.mark.crawl
@pytest.mark.slow
def test_captures_not_for_the_chain_are_skipped_with_counted_reasons(
    replay: dict[str, Any], fault_crawl: SiteCrawl
) -> None:
    lines = by_url(replay["pages"])
    expect = {
        "http://warc.example/logo.png": "not-html",
        "http://warc.example/moved.html": "status-301",
        "http://warc.example/big.html": "too-large",
        fault_crawl.base_url + "gone-404.html": "status-404",
        fault_crawl.base_url + "truncated.html": "truncated",
        fault_crawl.base_url + "gzip-bomb.html": "too-large",
        fault_crawl.base_url + "brotli-bomb.html": "too-large",
        fault_crawl.base_url + "robots.txt": "not-html",
    }
    for url, reason in expect.items():
        assert {(line["outcome"], line["reason"].split(":")[0]) for line in lines[url]} == {
            ("skipped", reason)
        }, url
    stats = replay["run"].stats
    assert stats["iomcrawl/replay/skipped/too-large"] >= 3
    assert stats["iomcrawl/replay/skipped/not-html"] >= 2
    assert stats["iomcrawl/replay/records/request"] > 10  # counted, not logged


@pytest.mark.crawl
@pytest.mark.slow
def test_corrupt_files_are_isolated_and_make_the_run_partial(replay: dict[str, Any]) -> None:
    run = replay["run"]
    assert run.returncode == EXIT_PARTIAL
    assert run.stats["finish_reason"] == "finished"
    corrupt = [line for line in replay["pages"] if (line["reason"] or "").startswith("archive-corrupt")]
    assert sorted(Path(line["warc_file"]).name for line in corrupt) == [
        "c-corrupt.warc.gz",
        "d-whole-file-gzip.warc.gz",
    ]
    assert all(line["outcome"] == "error" for line in corrupt)
    whole = next(line for line in corrupt if "whole-file" in line["warc_file"])
    assert "recompress" in whole["reason"]  # warcio's advice
    lines = by_url(replay["pages"])
    assert lines["http://warc.example/before-the-damage.html"][0]["outcome"] == "records"


@pytest.mark.crawl
@pytest.mark.slow
def test_every_line_carries_its_provenance(replay: dict[str, Any]) -> None:
    checked = 0
    for line in replay["pages"]:
        if line["outcome"] not in ("records", "no-release", "skipped"):
            continue
        assert line["warc_file"] and line["warc_record_id"] and line["capture_date"]
        with Path(line["warc_file"]).open("rb") as stream:
            stream.seek(line["warc_offset"])
            record = next(iter(ArchiveIterator(stream, arc2warc=True)))
        assert record.rec_headers.get_header("WARC-Target-URI") == line["url"]
        if not line["warc_file"].endswith((".arc", ".arc.gz")):  # arc2warc makes new ids
            assert record.rec_headers.get_header("WARC-Record-ID") == line["warc_record_id"]
        checked += 1
    assert checked > 20


@pytest.mark.crawl
@pytest.mark.slow
def test_a_missing_archive_is_a_configuration_error(tmp_path: Path) -> None:
    run = crawl_subprocess(
        ["-a", f"archive={tmp_path / 'nothing-here'}", "-s", f"IOMCRAWL_OUTPUT_DIR={tmp_path}"],
        cwd=REPO_ROOT,
        timeout=120,
        via="iomcrawl",
    )
    assert run.returncode == EXIT_CONFIG
    assert "configuration error: no archive at" in run.log


def test_the_sample_archive_is_small_valid_and_up_to_date() -> None:
    assert SAMPLE_ARCHIVE.is_file() and SAMPLE_ARCHIVE.stat().st_size < 1024 * 1024
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "build_sample_warc.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "iomcrawl.warc.compat", "check", str(SAMPLE_ARCHIVE)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0
    with SAMPLE_ARCHIVE.open("rb") as stream:
        uris = [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert not any("/private/" in uri for uri in uris)  # captured as a polite crawler would
    assert any(uri.endswith("/robots.txt") for uri in uris)
