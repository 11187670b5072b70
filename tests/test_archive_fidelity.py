"""Archive fidelity under hostile input and faults: nothing lost, nothing inflated, nothing passed off as whole.

* recovery of a killed run's ``.open`` WARC reads records as stored: a brotli record does not cost the file,
  a gzip bomb is not inflated;
* a record the file holds only part of (a cut ``.warc.gz``, a Content-Length past the end) is skipped as
  ``truncated`` and the file reported ``archive-corrupt`` at that record's offset (the run ends partial);
* Heritrix revisits (``WARC-Truncated: length``) and empty-block revisits are resolved;
* what the crawl asks for (no br, no zstd), and zstd or brotli captures sent unasked replaying all the same;
* ``WARC-Date`` is when the request was sent, not when it was queued.
"""

from __future__ import annotations

import gzip
import importlib
import io
import itertools
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import brotli
import pytest
from support.crawls import crawl_subprocess
from support.jsonl import read_jsonl
from support.servers import LoopbackServer
from support.sites import release_page
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from iomcrawl.crawl.config import EXIT_PARTIAL, EXIT_SUCCESS
from iomcrawl.qa.archive import read_warc_record
from iomcrawl.warc.replay import ArchiveReader, Capture, Corrupt, Event, Skipped
from iomcrawl.warc.writer import OPEN_SUFFIX, SET_ASIDE_DIR, WarcWriter, recover_open_files

REPO_ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 10 * 1024 * 1024
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]


# -- helpers ------------------------------------------------------------------------------------------


def zstd_compress(data: bytes) -> bytes:
    """zstd as Scrapy's own binding writes it (``backports.zstd`` before Python 3.14)."""
    try:
        module = importlib.import_module("compression.zstd")
    except ImportError:
        module = importlib.import_module("backports.zstd")
    return bytes(module.compress(data))


def warc_writer(folder: Path) -> WarcWriter:
    return WarcWriter(folder, info={"software": "test", "operator": "tests", "robots": "obey"})


def write_page(w: WarcWriter, url: str, body: bytes, encoding: str | None = None) -> int:
    """A 200 HTML response (body as sent, content-encoded if *encoding*); its offset."""
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    written = w.write_http(
        url=url,
        status=200,
        headers=headers,
        body=body,
        request_line="GET / HTTP/1.1",
        request_headers=[("Host", "example.org")],
    )
    return written.warc_offset


def left_open(w: WarcWriter) -> Path:
    """The ``.open`` file of *w* as a SIGKILL would leave it: flushed, never closed nor renamed."""
    path = w._path
    assert path is not None and path.name.endswith(OPEN_SUFFIX)
    return path


def replay(*paths: Path) -> list[Event]:
    return list(ArchiveReader(list(paths), MAX_BYTES))


def of_kind(events: list[Event], kind: type) -> list[Any]:
    return [event for event in events if isinstance(event, kind)]


def record_offsets(path: Path) -> list[tuple[int, str, str]]:
    """(offset, type, target URI) of every record of a whole file."""
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        return [
            (iterator.offset, r.rec_type, r.rec_headers.get_header("WARC-Target-URI") or "") for r in iterator
        ]


def three_page_warc(folder: Path) -> Path:
    w = warc_writer(folder)
    for n in range(3):
        write_page(w, f"http://example.org/{n}.html", release_page(n))
    w.close()
    return w.files[0]


def http_response(url: str, body: bytes, headers: list[tuple[str, str]], date: str) -> Any:
    head = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    return WARCWriter(io.BytesIO(), warc_version="1.1").create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=head,
        warc_headers_dict={"WARC-Date": date},
    )  # fmt: skip


# -- R05, R06: recovery reads records as stored ---------------------------------------------------------


def test_recovery_keeps_a_warc_holding_a_brotli_record(tmp_path: Path) -> None:
    w = warc_writer(tmp_path)
    write_page(w, "http://example.org/a", brotli.compress(release_page(1)), encoding="br")
    path = left_open(w)
    w._file.close()  # type: ignore[union-attr]

    [(recovered, action)] = recover_open_files(tmp_path)

    assert recovered == path.with_name(path.name.removesuffix(OPEN_SUFFIX)) and recovered.is_file()
    assert action.startswith("recovered 3 records"), action
    assert not (tmp_path / SET_ASIDE_DIR).exists()


def test_recovery_does_not_inflate_a_gzip_bomb(tmp_path: Path) -> None:
    deflater = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = deflater.compress(b"\0" * (64 * 1024 * 1024)) + deflater.flush()  # 64 MiB of zeros, ~64 KB
    w = warc_writer(tmp_path)
    write_page(w, "http://example.org/bomb", bomb, encoding="gzip")
    w._file.close()  # type: ignore[union-attr]

    tracemalloc.start()
    try:
        [(_, action)] = recover_open_files(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert action.startswith("recovered 3 records"), action
    assert peak < 8 * 1024 * 1024, f"recovery held {peak} bytes at once: the bomb was inflated"


def test_recovery_sets_aside_a_record_whose_digest_does_not_match(tmp_path: Path) -> None:
    w = warc_writer(tmp_path)
    write_page(w, "http://example.org/a", release_page(1))
    path = left_open(w)
    w._file.close()  # type: ignore[union-attr]
    members = gzip.decompress(path.read_bytes()).replace(b"Centre Number 1", b"Centre Number 9")
    path.write_bytes(gzip.compress(members))  # still whole gzip, now one member: the bytes lie

    [(moved, action)] = recover_open_files(tmp_path)

    assert moved.parent.name == SET_ASIDE_DIR and action.startswith("set aside")


@pytest.mark.crawl
@pytest.mark.slow
def test_a_resumed_crawl_keeps_the_killed_runs_brotli_warc(tmp_path: Path) -> None:
    """R05 end to end: the first run's WARC, left ``.open`` as a kill leaves it, survives the next run."""

    class BrotliSite(LoopbackServer):
        def respond(self, handler: BaseHTTPRequestHandler) -> None:
            if handler.path == "/robots.txt":
                body, extra = b"User-agent: *\nAllow: /\n", []
            elif handler.path == "/a":
                body, extra = brotli.compress(release_page(7)), [("Content-Encoding", "br")]
            else:
                body, extra = b'<html><body><a href="/a">a</a></body></html>', []
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            for name, value in [*extra, ("Content-Length", str(len(body)))]:
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)

    output = tmp_path / "out"
    with BrotliSite(lifetime=300) as site:
        args = ["-a", f"start_url={site.url('/')}", "-s", f"IOMCRAWL_OUTPUT_DIR={output}", *FAST]
        first = crawl_subprocess(args, cwd=tmp_path, timeout=120, via="iomcrawl")
        assert first.returncode == EXIT_SUCCESS, first.log[-3000:]
        [warc] = (output / "warc").glob("*.warc.gz")
        warc.rename(warc.with_name(warc.name + OPEN_SUFFIX))
        second = crawl_subprocess(args, cwd=tmp_path, timeout=120, via="iomcrawl")

    assert warc.is_file(), second.log[-3000:]
    assert not (output / "warc" / SET_ASIDE_DIR).exists()
    assert "recovered" in second.log


# -- R11, R11b: a record cut short is marked, and the run ends partial ----------------------------------


def test_a_warc_gz_cut_inside_a_record_skips_it_and_reports_the_file(tmp_path: Path) -> None:
    whole = three_page_warc(tmp_path / "whole")
    offsets = [*record_offsets(whole), (whole.stat().st_size, "", "")]
    index = next(
        i for i, (_, kind, uri) in enumerate(offsets) if kind == "response" and uri.endswith("/1.html")
    )
    start, end = offsets[index][0], offsets[index + 1][0]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: start + (end - start) * 7 // 10])

    events = replay(cut)

    assert [c.url for c in of_kind(events, Capture)] == ["http://example.org/0.html"]
    [skipped] = of_kind(events, Skipped)
    assert skipped.url == "http://example.org/1.html" and skipped.offset == start
    assert skipped.reason.startswith("truncated: record cut short"), skipped.reason
    [corrupt] = of_kind(events, Corrupt)
    assert corrupt.offset == start and "cut short" in corrupt.error


def test_a_record_whose_head_is_cut_reports_the_file_at_that_record(tmp_path: Path) -> None:
    whole = three_page_warc(tmp_path / "whole")
    start = [offset for offset, kind, _ in record_offsets(whole) if kind == "response"][2]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: start + 200])  # inside the WARC head: no URL, no length

    events = replay(cut)

    assert len(of_kind(events, Capture)) == 2 and not of_kind(events, Skipped)
    [corrupt] = of_kind(events, Corrupt)
    assert corrupt.offset == start and "cut short" in corrupt.error


def test_a_content_length_past_the_end_of_the_file_is_a_cut_record(tmp_path: Path) -> None:
    whole = gzip.decompress(three_page_warc(tmp_path).read_bytes())
    second = whole.index(b"WARC-Type: response", whole.index(b"WARC-Type: response") + 1)
    start = whole.rindex(b"WARC/1.1\r\n", 0, second)
    head_end = whole.index(b"\r\n\r\n", start)
    length_at = whole.index(b"Content-Length: ", start, head_end) + len(b"Content-Length: ")
    number_end = whole.index(b"\r\n", length_at)
    bad = tmp_path / "bad.warc"
    bad.write_bytes(whole[:length_at] + str(10**15).encode() + whole[number_end:])

    events = replay(bad)

    [skipped] = of_kind(events, Skipped)
    assert skipped.url == "http://example.org/1.html" and skipped.reason.startswith(
        "truncated: record cut short"
    )
    [corrupt] = of_kind(events, Corrupt)
    assert corrupt.offset == start


def test_the_offset_of_a_corrupt_file_is_that_of_the_record_that_failed(tmp_path: Path) -> None:
    good = three_page_warc(tmp_path / "good").read_bytes()
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(good + b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage" * 3)

    [corrupt] = of_kind(replay(damaged), Corrupt)

    assert corrupt.offset == len(good)


@pytest.mark.crawl
@pytest.mark.slow
def test_replaying_a_cut_archive_ends_partial_with_the_reason_logged(tmp_path: Path) -> None:
    whole = three_page_warc(tmp_path / "whole")
    offsets = [offset for offset, kind, _ in record_offsets(whole) if kind == "response"]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: offsets[2] + 1200])  # past the record's head, inside its payload
    output = tmp_path / "out"

    run = crawl_subprocess(
        ["-a", f"archive={cut}", "-s", f"IOMCRAWL_OUTPUT_DIR={output}"], cwd=tmp_path, via="iomcrawl"
    )

    assert run.returncode == EXIT_PARTIAL, run.log[-3000:]
    lines = read_jsonl(output / "pages.jsonl")
    [error] = [line for line in lines if line["outcome"] == "error"]
    assert (
        error["reason"].startswith(f"archive-corrupt: at offset {offsets[2]},")
        and "cut short" in error["reason"]
    )
    truncated = [
        line for line in lines if line["outcome"] == "skipped" and line["reason"].startswith("truncated")
    ]
    assert [line["url"] for line in truncated] == ["http://example.org/2.html"]


# -- revisits as other crawlers write them ---------------------------------------------------------------


def test_heritrix_and_empty_block_revisits_are_resolved(tmp_path: Path) -> None:
    html = release_page(3)
    buffer = io.BytesIO()
    w = WARCWriter(buffer, gzip=True, warc_version="1.1")
    headers = [("Content-Type", "text/html"), ("Content-Length", str(len(html)))]
    original = http_response("http://example.org/a.html", html, headers, "2020-01-01T00:00:00Z")
    w.write_record(original)
    digest = original.rec_headers.get_header("WARC-Payload-Digest")
    refers = {"WARC-Refers-To": original.rec_headers.get_header("WARC-Record-ID")}
    heritrix = w.create_revisit_record(
        "http://example.org/b.html", digest, "http://example.org/a.html", "2020-01-01T00:00:00Z",
        http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": "2020-02-01T00:00:00Z", "WARC-Truncated": "length", **refers},
    )  # fmt: skip
    empty = w.create_revisit_record(
        "http://example.org/c.html", digest, "http://example.org/a.html", "2020-01-01T00:00:00Z",
        warc_headers_dict={"WARC-Date": "2020-03-01T00:00:00Z", **refers},
    )  # fmt: skip
    w.write_record(heritrix)
    w.write_record(empty)
    path = tmp_path / "revisits.warc.gz"
    path.write_bytes(buffer.getvalue())

    events = replay(path)

    assert not of_kind(events, Skipped)
    captures = {c.url: c for c in of_kind(events, Capture)}
    assert sorted(captures) == [
        "http://example.org/a.html",
        "http://example.org/b.html",
        "http://example.org/c.html",
    ]
    assert all(c.body == html and c.content_type == "text/html" for c in captures.values())
    assert "revisit" in captures["http://example.org/c.html"].annotations


# -- R13, R14: content codings ----------------------------------------------------------------------------


def test_a_zstd_capture_replays_decoded(tmp_path: Path) -> None:
    html = release_page(5)
    w = warc_writer(tmp_path)
    write_page(w, "http://example.org/z", zstd_compress(html), encoding="zstd")
    w.close()

    [capture] = of_kind(replay(w.files[0]), Capture)

    assert capture.body == html


def test_a_brotli_capture_is_read_by_the_qa_tools(tmp_path: Path) -> None:
    html = release_page(6)
    w = warc_writer(tmp_path)
    offset = write_page(w, "http://example.org/b", brotli.compress(html), encoding="br")
    w.close()

    assert read_warc_record(w.files[0], offset).body == html


def test_stock_warcio_check_fails_on_brotli_where_the_compat_check_passes(tmp_path: Path) -> None:
    """What the README says about ``warcio check``: warcio 1.8.1 cannot undo br with Google's brotli."""
    w = warc_writer(tmp_path)
    write_page(w, "http://example.org/b", brotli.compress(release_page(6)), encoding="br")
    w.close()
    stock = "import sys; from warcio.cli import main; main(sys.argv[1:])"

    def check(*command: str) -> int:
        return subprocess.run([sys.executable, *command, "check", str(w.files[0])], capture_output=True, timeout=60, check=False).returncode  # fmt: skip

    assert check("-m", "iomcrawl.warc.compat") == 0
    assert check("-c", stock) != 0


class EncodingSite(LoopbackServer):
    """/ links to /a and /b; /a is sent zstd-encoded whatever was asked. Records Accept-Encoding and the
    wall-clock time each request arrived (the WARC-Date test compares it with the archive's)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.accept_encodings: list[str] = []
        self.arrivals: dict[str, float] = {}
        self._guard = threading.Lock()

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        with self._guard:
            self.arrivals[handler.path] = time.time()
            self.accept_encodings.append(handler.headers.get("Accept-Encoding", ""))
        extra: list[tuple[str, str]] = []
        if handler.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
        elif handler.path == "/":
            body = b'<html><body><a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a></body></html>'
        elif handler.path == "/a":
            body, extra = zstd_compress(release_page(11)), [("Content-Encoding", "zstd")]
        else:
            body = release_page(12 if handler.path == "/b" else 13)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in [*extra, ("Content-Length", str(len(body)))]:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)


def crawl_site(site: EncodingSite, output: Path, *settings: str) -> Any:
    args = ["-a", f"start_url={site.url('/')}", "-s", f"IOMCRAWL_OUTPUT_DIR={output}", *settings]
    return crawl_subprocess(args, cwd=output.parent, timeout=180, via="iomcrawl")


@pytest.mark.crawl
@pytest.mark.slow
def test_no_zstd_or_brotli_is_asked_for_and_an_unasked_zstd_page_replays(tmp_path: Path) -> None:
    with EncodingSite(lifetime=300) as site:
        live = crawl_site(site, tmp_path / "live", *FAST)
    assert live.returncode == EXIT_SUCCESS, live.log[-3000:]
    asked = {value.replace(" ", "") for value in site.accept_encodings}
    assert asked == {"gzip,deflate"}

    replayed = crawl_subprocess(
        ["-a", f"archive={tmp_path / 'live' / 'warc'}", "-s", f"IOMCRAWL_OUTPUT_DIR={tmp_path / 'replay'}"],
        cwd=tmp_path,
        via="iomcrawl",
    )

    assert replayed.returncode == EXIT_SUCCESS, replayed.log[-3000:]
    live_ids = {r["id"] for r in read_jsonl(tmp_path / "live" / "releases.jsonl")}
    replay_ids = {r["id"] for r in read_jsonl(tmp_path / "replay" / "releases.jsonl")}
    assert len(live_ids) == 3 and replay_ids == live_ids


# -- WARC-Date --------------------------------------------------------------------------------------------


def warc_dates(folder: Path) -> dict[str, float]:
    """Path -> WARC-Date (as a timestamp) of every response record in *folder*."""
    dates: dict[str, float] = {}
    for path in folder.glob("*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("response", "revisit"):
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    stamp = record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                    dates["/" + uri.split("/", 3)[3]] = datetime.fromisoformat(stamp).timestamp()
    return dates


@pytest.mark.crawl
@pytest.mark.slow
def test_warc_date_is_when_the_request_was_sent_not_when_it_was_queued(tmp_path: Path) -> None:
    """With a download delay, the links of / wait in the host's slot together; each request must be dated
    after the previous one reached the server (one request at a time per host), and not after its own did."""
    delay = [
        "-s",
        "DOWNLOAD_DELAY=1.5",
        "-s",
        "RANDOMIZE_DOWNLOAD_DELAY=False",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
    ]
    with EncodingSite(lifetime=300) as site:
        run = crawl_site(site, tmp_path / "out", *delay)
    assert run.returncode == EXIT_SUCCESS, run.log[-3000:]
    dates, arrivals = warc_dates(tmp_path / "out" / "warc"), site.arrivals
    order: Callable[[str], float] = arrivals.__getitem__
    sequence = sorted(arrivals, key=order)
    assert {"/a", "/b", "/c"} <= set(sequence)
    for previous, path in itertools.pairwise(sequence):
        assert arrivals[previous] < dates[path] <= arrivals[path] + 0.5, (path, dates[path], arrivals)


def test_a_link_named_like_an_archive_never_has_its_content_quoted(tmp_path: Path) -> None:
    """R24: an archive folder may hold a link to any file; a failure names the path, never the content."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the-first-line-of-a-private-file\nmore\n", encoding="utf-8")
    folder = tmp_path / "arch"
    folder.mkdir()
    (folder / "x.warc").symlink_to(secret)
    events = replay(folder / "x.warc")
    (corrupt,) = of_kind(events, Corrupt)
    assert "the-first-line" not in corrupt.error and "root:x" not in corrupt.error
    assert "not a WARC or ARC record" in corrupt.error
