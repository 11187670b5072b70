"""WARC capture: the writer on its own, what a live crawl writes, HTTP-cache hits, and wget as an oracle."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from support.crawls import crawl_subprocess
from support.servers import ServedFolder
from warcio.archiveiterator import ArchiveIterator

from iomcrawl.warc.writer import (
    OPEN_SUFFIX,
    SET_ASIDE_DIR,
    WarcWriter,
    complete_members,
    payload_digest,
    recover_open_files,
)

if TYPE_CHECKING:
    from conftest import SiteCrawl

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def records(path: Path) -> list[Any]:
    """(type, headers, http headers, payload) of every record, payload as stored (not decoded)."""
    out = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            payload = record.raw_stream.read()
            out.append((record.rec_type, record.rec_headers, record.http_headers, payload))
    return out


def warcio_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    """``warcio check``, with the brotli fix of iomcrawl.warc.compat (warcio 1.8.1 cannot read
    ``Content-Encoding: br`` payloads with Google's brotli package: webrecorder/warcio#73)."""
    return subprocess.run(
        [PYTHON, "-m", "iomcrawl.warc.compat", "check", "-v", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def stock_warcio_check(*paths: Path) -> int:
    """The unpatched ``warcio check`` (fine on files without brotli-encoded payloads)."""
    code = "import sys; from warcio.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [PYTHON, "-c", code, "check", *map(str, paths)], capture_output=True, timeout=60, check=False
    ).returncode


def gzip_members(data: bytes) -> int:
    count, rest = 0, data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        inflater.decompress(rest)
        assert inflater.eof
        rest = inflater.unused_data
        count += 1
    return count


def writer(tmp_path: Path, **kwargs: Any) -> WarcWriter:
    return WarcWriter(tmp_path, info={"software": "test", "operator": "tests", "robots": "obey"}, **kwargs)


def write(w: WarcWriter, url: str, body: bytes, status: int = 200, **kwargs: Any) -> Any:
    return w.write_http(
        url=url,
        status=status,
        headers=[(b"Content-Type", b"text/html"), (b"Content-Length", str(len(body)).encode())],
        body=body,
        request_line="GET / HTTP/1.1",
        request_headers=[("Host", "127.0.0.1"), ("User-Agent", "iomcrawl-test (+https://x.invalid)")],
        ip_address="127.0.0.1",
        **kwargs,
    )


# --- the writer -------------------------------------------------------------------------------------------


def test_warcinfo_then_response_then_its_request(tmp_path: Path) -> None:
    w = writer(tmp_path)
    capture = write(w, "http://127.0.0.1:1/a.html", b"<p>caf\xe9</p>")
    w.close()
    [path] = w.files
    assert path.name.endswith(".warc.gz") and not list(tmp_path.glob("*" + OPEN_SUFFIX))
    (info, info_h, _, info_body), (resp, resp_h, http, body), (req, req_h, req_http, _) = records(path)
    assert (info, resp, req) == ("warcinfo", "response", "request")
    assert info_h.protocol == "WARC/1.1"
    assert b"operator: tests" in info_body and b"robots: obey" in info_body
    assert resp_h.get_header("WARC-Warcinfo-ID") == info_h.get_header("WARC-Record-ID")
    assert req_h.get_header("WARC-Concurrent-To") == resp_h.get_header("WARC-Record-ID")
    assert req_h.get_header("WARC-Date") == resp_h.get_header("WARC-Date")
    assert "." in resp_h.get_header("WARC-Date")  # WARC 1.1: sub-second precision
    assert resp_h.get_header("WARC-IP-Address") == req_h.get_header("WARC-IP-Address") == "127.0.0.1"
    assert resp_h.get_header("WARC-Payload-Digest") == payload_digest(b"<p>caf\xe9</p>") == capture.digest
    assert resp_h.get_header("WARC-Block-Digest").startswith("sha1:")
    assert body == b"<p>caf\xe9</p>"  # bytes, never decoded
    assert http.get_statuscode() == "200"
    assert req_http.to_str().startswith("GET / HTTP/1.1\r\n")
    assert capture.warc_file == path.name and capture.warc_type == "response"
    data = path.read_bytes()
    assert gzip_members(data) == 3  # one gzip member per record
    with path.open("rb") as stream:  # the offset the crawl log gets points at the record
        stream.seek(capture.warc_offset)
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Record-ID") == capture.warc_record_id
    assert warcio_check(path).returncode == 0
    assert stock_warcio_check(path) == 0


def test_identical_payload_at_another_url_is_a_revisit(tmp_path: Path) -> None:
    w = writer(tmp_path)
    first = write(w, "http://127.0.0.1:1/a.html", b"same bytes")
    second = write(w, "http://127.0.0.1:1/b.html", b"same bytes")
    not_found = write(w, "http://127.0.0.1:1/c.html", b"same bytes", status=404)  # only 2xx are deduplicated
    w.close()
    assert (first.warc_type, second.warc_type, not_found.warc_type) == ("response", "revisit", "response")
    revisit = next(r for r in records(w.files[0]) if r[0] == "revisit")[1]
    assert (
        revisit.get_header("WARC-Profile")
        == "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
    )
    assert revisit.get_header("WARC-Refers-To-Target-URI") == "http://127.0.0.1:1/a.html"
    assert revisit.get_header("WARC-Refers-To") == first.warc_record_id
    assert revisit.get_header("WARC-Refers-To-Date") == first.capture_date
    assert revisit.get_header("WARC-Payload-Digest") == first.digest
    assert warcio_check(*w.files).returncode == 0


def test_truncated_and_odd_headers_are_kept(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_http(
        url="http://127.0.0.1:1/t.html",
        status=200,
        headers=[(b"Set-Cookie", b"a=1"), (b"Set-Cookie", b"b=2"), (b"X-Name", b"caf\xe9")],
        body=b"<p>cut",
        request_line="GET /t.html HTTP/1.1",
        request_headers=[],
        truncated="disconnect",
    )
    w.close()
    [_, (_, headers, http, body), _] = records(w.files[0])
    assert headers.get_header("WARC-Truncated") == "disconnect"
    assert [v for k, v in http.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert http.get_header("X-Name").encode("latin-1") == b"caf\xe9"
    assert body == b"<p>cut"


def test_new_file_per_writer_and_rollover_by_size(tmp_path: Path) -> None:
    w = writer(tmp_path, max_size=2000)
    for n in range(12):
        write(w, f"http://127.0.0.1:1/{n}.html", bytes([n]) * 900)
    w.close()
    assert len(w.files) >= 3
    for path in w.files:
        kinds = [r[0] for r in records(path)]
        assert kinds[0] == "warcinfo" and kinds.count("warcinfo") == 1
    other = writer(tmp_path)
    write(other, "http://127.0.0.1:1/x.html", b"x")
    other.close()
    assert other.files[0] not in w.files
    assert warcio_check(*w.files, *other.files).returncode == 0


def test_deterministic_ids_and_clock_give_the_same_bytes(tmp_path: Path) -> None:
    from iomcrawl.warc.writer import DeterministicIds

    def build(folder: Path) -> bytes:
        moments = iter(datetime(2026, 1, 1, 0, 0, n, tzinfo=UTC) for n in range(60))
        w = WarcWriter(
            folder,
            info={"a": "b"},
            clock=lambda: next(moments),
            make_id=DeterministicIds("s"),
            filename="x.warc.gz",
        )
        write(w, "http://127.0.0.1:1/a.html", b"a")
        w.close()
        return gzip.decompress((folder / "x.warc.gz").read_bytes())

    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    assert build(tmp_path / "1") == build(tmp_path / "2")


def test_a_file_cut_by_a_kill_is_repaired_or_set_aside(tmp_path: Path) -> None:
    w = writer(tmp_path)
    for n in range(5):
        write(w, f"http://127.0.0.1:1/{n}.html", b"<p>page</p>" * (n + 1))
    w.close()
    whole = w.files[0].read_bytes()
    assert complete_members(whole) == len(whole)
    cut = tmp_path / "killed.warc.gz.open"
    cut.write_bytes(whole[: len(whole) - 40])  # the last record lost its tail
    garbage = tmp_path / "garbage.warc.gz.open"
    garbage.write_bytes(b"\x1f\x8b\x08\x00 not really")
    done = dict(recover_open_files(tmp_path))
    repaired = tmp_path / "killed.warc.gz"
    assert "recovered 10 records" in done[repaired]  # warcinfo + 4 pairs + the request of the 5th
    assert warcio_check(repaired).returncode == 0
    assert (tmp_path / SET_ASIDE_DIR / "garbage.warc.gz.open").is_file()
    assert not list(tmp_path.glob("*" + OPEN_SUFFIX))


# --- what a live crawl writes (the fault crawl of test_faults.py) -------------------------------------------


@pytest.mark.crawl
@pytest.mark.slow
def test_every_warc_of_the_crawl_passes_warcio_check(fault_crawl: SiteCrawl) -> None:
    assert fault_crawl.warc_files
    result = warcio_check(*fault_crawl.warc_files)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "digest pass" in result.stdout


def _crawl_records(crawl: SiteCrawl) -> dict[str, list[Any]]:
    by_uri: dict[str, list[Any]] = {}
    for path in crawl.warc_files:
        for record in records(path):
            by_uri.setdefault(record[1].get_header("WARC-Target-URI") or "", []).append(record)
    return by_uri


@pytest.mark.crawl
@pytest.mark.slow
def test_payloads_are_the_bytes_received(fault_crawl: SiteCrawl) -> None:
    by_uri = _crawl_records(fault_crawl)
    [(kind, headers, http, payload), request] = by_uri[fault_crawl.base_url + "gzip-encoded.html"]
    assert (kind, request[0]) == ("response", "request")
    assert headers.get_header("WARC-IP-Address") == request[1].get_header("WARC-IP-Address") == "127.0.0.1"
    assert request[1].get_header("WARC-Date") == headers.get_header("WARC-Date")
    assert request[1].get_header("WARC-Concurrent-To") == headers.get_header("WARC-Record-ID")
    assert http.get_header("Content-Encoding") == "gzip"  # not rewritten by the decompression middleware
    assert payload[:2] == b"\x1f\x8b" and int(http.get_header("Content-Length")) == len(payload)
    assert headers.get_header("WARC-Payload-Digest") == payload_digest(payload)
    assert b"Resource Centre" in gzip.decompress(payload)
    assert request[2].get_header("User-Agent").startswith("iomcrawl/")
    line = fault_crawl.lines_for(fault_crawl.base_url + "gzip-encoded.html")[0]
    assert (line["warc_record_id"], line["digest"]) == (
        headers.get_header("WARC-Record-ID"),
        payload_digest(payload),
    )
    assert line["bytes"] == len(payload)


@pytest.mark.crawl
@pytest.mark.slow
def test_every_attempt_is_captured_and_truncation_is_marked(fault_crawl: SiteCrawl) -> None:
    by_uri = _crawl_records(fault_crawl)
    truncated = [r for r in by_uri[fault_crawl.base_url + "truncated.html"] if r[0] == "response"]
    assert len(truncated) == 2  # the attempt and its retry
    assert all(r[1].get_header("WARC-Truncated") == "disconnect" for r in truncated)
    flaky = [r[2].get_statuscode() for r in by_uri[fault_crawl.base_url + "flaky.html"] if r[0] == "response"]
    assert flaky == ["503", "200"]
    assert [
        r[2].get_statuscode() for r in by_uri[fault_crawl.base_url + "to-file"] if r[0] == "response"
    ] == ["302"]
    robots = by_uri[f"http://localhost:{fault_crawl.port}/robots.txt"]
    assert [r[2].get_statuscode() for r in robots if r[0] == "response"] == ["503", "503"]


@pytest.mark.crawl
@pytest.mark.slow
def test_identical_pages_are_one_response_and_one_revisit(fault_crawl: SiteCrawl) -> None:
    by_uri = _crawl_records(fault_crawl)
    kinds = sorted(by_uri[fault_crawl.base_url + page][0][0] for page in ("copy-a.html", "copy-b.html"))
    assert kinds == ["response", "revisit"]
    revisit_line = [
        line
        for line in fault_crawl.pages
        if line["url"].endswith("/copy-a.html") or line["url"].endswith("/copy-b.html")
    ]
    assert sorted("revisit" in line["annotations"] for line in revisit_line) == [False, True]


@pytest.mark.crawl
@pytest.mark.slow
def test_log_lines_point_at_their_records(fault_crawl: SiteCrawl) -> None:
    checked = 0
    for line in fault_crawl.pages:
        if line["warc_file"] is None:
            continue
        with (fault_crawl.output_dir / "warc" / line["warc_file"]).open("rb") as stream:
            stream.seek(line["warc_offset"])
            record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Record-ID") == line["warc_record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == line["url"]
        checked += 1
    assert checked > 15


# --- HTTP cache hits are not captured again ---------------------------------------------------------------


@pytest.mark.crawl
@pytest.mark.slow
def test_http_cache_hits_are_not_captured_again(
    sample_site_server: ServedFolder, tmp_path: Path, jsonl: Any
) -> None:
    def crawl(out: Path) -> list[dict[str, Any]]:
        run = crawl_subprocess(
            [
                "-a",
                f"start_url={sample_site_server.url('index.html')}",
                "-s",
                f"IOMCRAWL_OUTPUT_DIR={out}",
                "-s",
                "IOMCRAWL_SCOPE_DOMAINS=",
                "-s",
                "HTTPCACHE_ENABLED=True",
                "-s",
                f"HTTPCACHE_DIR={tmp_path / 'cache'}",
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
            ],
            cwd=REPO_ROOT,
            timeout=180,
        )
        assert run.returncode == 0, run.log[-3000:]
        return jsonl(out / "pages.jsonl")

    first = crawl(tmp_path / "first")
    second = crawl(tmp_path / "second")
    assert sum(1 for line in first if line["warc_record_id"]) > 10
    fetched = [line for line in second if line["outcome"] in ("records", "no-release")]
    assert fetched and all("cached" in line["annotations"] for line in fetched)
    assert all(line["warc_record_id"] is None for line in second)
    assert not list((tmp_path / "second" / "warc").glob("*.warc.gz"))  # nothing new to archive
    assert {
        line["url"]: line["records"] for line in first if line["outcome"] in ("records", "no-release")
    } == {line["url"]: line["records"] for line in fetched}


# --- wget as an oracle ------------------------------------------------------------------------------------

INTEROP_SITE = {
    "robots.txt": b"User-agent: *\nDisallow: /private/\n",
    "index.html": b'<html><body><a href="a.html">a</a> <a href="b.html">b</a> <a href="copy-of-a.html">c</a>'
    b' <a href="sub">sub</a> <a href="missing.html">gone</a> <a href="private/x.html">p</a>'
    b' <a href="http://offsite.invalid/">off</a></body></html>',
    "a.html": b'<html><body><p>Caf\xe9 \x93A\x94</p><a href="b.html">b</a><a href="index.html">i</a></body></html>',
    "copy-of-a.html": b'<html><body><p>Caf\xe9 \x93A\x94</p><a href="b.html">b</a><a href="index.html">i</a></body></html>',
    "b.html": b'<html><body><a href="sub/">sub</a></body></html>',
    "sub/index.html": b'<html><body><a href="../a.html">a</a></body></html>',
    "private/x.html": b"<html><body>secret</body></html>",
}


def captures(path: Path) -> set[tuple[str, str]]:
    """(target URI, payload digest) of every response and revisit record."""
    found = set()
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type in ("response", "revisit"):
                uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
                found.add((uri, record.rec_headers.get_header("WARC-Payload-Digest")))
    return found


@pytest.mark.crawl
@pytest.mark.slow
def test_wget_captures_the_same_responses(tmp_path: Path) -> None:
    wget = shutil.which("wget")
    if wget is None:
        pytest.skip("wget is not installed (.ci/run installs it with apt-get; locally: apt-get install wget)")
    site_dir = tmp_path / "site"
    for name, body in INTEROP_SITE.items():
        (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / name).write_bytes(body)
    with ServedFolder(site_dir, lifetime=300) as site:
        subprocess.run(
            [
                wget,
                "--recursive",
                "--level=inf",
                "--no-verbose",
                "--tries=1",
                "--timeout=10",
                "-e",
                "robots=on",
                f"--warc-file={tmp_path / 'wget'}",
                "--no-warc-keep-log",
                f"--directory-prefix={tmp_path / 'wget-files'}",
                site.url("index.html"),
            ],
            capture_output=True,
            timeout=60,
            check=False,  # exit 8 for the 404: expected
        )
        run = crawl_subprocess(
            [
                "-a",
                f"start_url={site.url('index.html')}",
                "-s",
                f"IOMCRAWL_OUTPUT_DIR={tmp_path / 'ours'}",
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
            ],
            cwd=REPO_ROOT,
            timeout=120,
        )
    assert run.stats.get("finish_reason") == "finished", run.log[-3000:]
    ours = set().union(*(captures(path) for path in (tmp_path / "ours" / "warc").glob("*.warc.gz")))
    theirs = captures(tmp_path / "wget.warc.gz")
    assert any(uri.endswith("/robots.txt") for uri, _ in theirs)
    assert ours == theirs
    result = warcio_check(*(tmp_path / "ours" / "warc").glob("*.warc.gz"), tmp_path / "wget.warc.gz")
    assert result.returncode == 0, result.stdout[-2000:]
    assert stock_warcio_check(*(tmp_path / "ours" / "warc").glob("*.warc.gz")) == 0
    summary = (tmp_path / "ours" / "crawl-summary.json").read_text(encoding="utf-8")
    assert '"exit_status": "partial"' in summary  # the 404
