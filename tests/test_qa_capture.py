"""`iomcrawl fixture add URL|FILE|WARC#offset` and `fixture review`: what a captured fixture holds."""

from __future__ import annotations

import gzip
import io
import json
import shlex
import zlib
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.response import response_from_dict
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from iomcrawl.cli import main
from iomcrawl.crawl.settings import USER_AGENT
from iomcrawl.qa.fixtures import find_fixtures
from iomcrawl.qa.sidecar import response_dict
from iomcrawl.qa.sources import MAX_BYTES, SourceError, _undo_content_encoding
from iomcrawl.warc.replay import ArchiveReader, Capture
from iomcrawl.warc.writer import WarcWriter, WrittenRecord

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "sample-site"
SOFALA = "news/iom-hands-over-cyclone-resistant-classrooms-sofala.html"
PRIVATE = "private/embargoed/draft-iom-welcomes-regional-labour-mobility-framework.html"
LIVE_URL = "https://www.iom.int/news/iom-hands-over-cyclone-resistant-classrooms-sofala"
COPY_URL = "https://www.iom.int/news/iom-hands-over-cyclone-resistant-classrooms-sofala-copy"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_saved_file_becomes_an_unreviewed_fixture_until_a_person_reviews_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages"
    code, out, _ = run(capsys, "fixture", "add", str(SITE / SOFALA), "--url", LIVE_URL, "--dir", str(pages))
    assert code == 0, out
    name = "drupal9-iom-hands-over-cyclone-resistant-classrooms-sofala"  # layout family + URL words
    assert sorted(p.name for p in pages.iterdir()) == [
        f"{name}.expected.json",
        f"{name}.html",
        f"{name}.response.json",
    ]
    assert (pages / f"{name}.html").read_bytes() == (SITE / SOFALA).read_bytes()
    expected = read(pages / f"{name}.expected.json")
    assert expected["reviewed"] is False and expected["url"] == LIVE_URL and expected["no_release"] is None
    assert [r["headline"] for r in expected["records"]] == [
        "IOM Hands Over 24 Cyclone-Resistant Classrooms in Sofala"
    ]
    assert expected["records"][0]["emails"] == ["mozambiquemedia@iom.int", "schissano@iom.int"]
    assert "NOT a reading of the page" in expected["notes"]
    sidecar = read(pages / f"{name}.response.json")
    assert sidecar["url"] == LIVE_URL and sidecar["status"] is None and sidecar["origin"]["kind"] == "file"

    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 0  # it matches (it was made from the chain's output) ...
    assert "1 unreviewed" in out and f"pages/{name}.html" in out  # ... and says nobody has checked it yet
    code, out, _ = run(capsys, "check", str(tmp_path), "--json")
    assert json.loads(out)["unreviewed"] == [f"pages/{name}.html"]

    before = (pages / f"{name}.expected.json").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "fixture", "review", name, "--dir", str(tmp_path))
    assert code == 0 and out.startswith("marked reviewed")
    after = (pages / f"{name}.expected.json").read_text(encoding="utf-8")
    assert after == before.replace('"reviewed": false', '"reviewed": true')  # the person's layout stays
    assert run(capsys, "fixture", "review", name, "--dir", str(tmp_path))[1].startswith("already reviewed")
    assert "unreviewed" not in run(capsys, "check", str(tmp_path))[1]


def test_an_existing_fixture_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["fixture", "add", str(SITE / SOFALA), "--dir", str(tmp_path), "--name", "sofala"]
    assert run(capsys, *args)[0] == 0
    code, _, err = run(capsys, *args)
    assert code == 2 and "a fixture named sofala exists" in err
    assert run(capsys, *args, "--force")[0] == 0


@pytest.mark.crawl
def test_a_url_is_fetched_politely_with_status_headers_and_bytes_as_served(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_site_server: Any
) -> None:
    url = sample_site_server.url(SOFALA)
    code, out, err = run(capsys, "fixture", "add", url, "--dir", str(tmp_path), "--name", "sofala-live")
    assert code == 0, err
    assert "(200, " in out
    assert "/robots.txt" in sample_site_server.requested
    assert (tmp_path / "sofala-live.html").read_bytes() == (SITE / SOFALA).read_bytes()
    sidecar = read(tmp_path / "sofala-live.response.json")
    assert sidecar["url"] == url and sidecar["status"] == 200 and sidecar["origin"]["kind"] == "http"
    assert sidecar["headers"]["Content-Type"] == ["text/html"]
    assert sidecar["_class"] == "scrapy.http.response.html.HtmlResponse"
    (fixture,) = find_fixtures(tmp_path)
    assert fixture.content_type() == "text/html"
    response = response_from_dict(response_dict(sidecar, fixture.page.read_bytes()))
    assert isinstance(response, HtmlResponse) and response.status == 200 and response.url == url
    assert response.headers[b"Content-Type"] == b"text/html"
    assert "Sofala" in response.css("title::text").get("")


@pytest.mark.crawl
def test_robots_txt_is_obeyed_when_fetching(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_site_server: Any
) -> None:
    code, _, err = run(capsys, "fixture", "add", sample_site_server.url(PRIVATE), "--dir", str(tmp_path))
    assert code == 2 and "robots.txt disallows" in err and USER_AGENT in err
    assert not any(p.startswith("/private/") for p in sample_site_server.requested)
    assert not list(tmp_path.iterdir())


def test_an_unreachable_url_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "fixture", "add", "http://127.0.0.1:9/x.html", "--dir", str(tmp_path))
    assert code == 2 and "cannot fetch" in err


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_content_encoding_is_undone_and_its_header_dropped_as_scrapy_does(coding: str) -> None:
    html = b"<html><body><p>caf\xe9</p></body></html>"
    body = gzip.compress(html) if coding == "gzip" else zlib.compress(html)
    headers = [("Content-Type", "text/html; charset=latin-1"), ("Content-Encoding", coding)]
    assert _undo_content_encoding(body, headers) == (html, headers[:1])
    with pytest.raises(SourceError, match="does not decompress"):
        _undo_content_encoding(b"not compressed", headers)


def _warc(path: Path, html: bytes, url: str) -> dict[str, int]:
    """A WARC like a crawl writes: request then gzip-encoded response; returns each record's offset."""
    offsets = {}
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    request = writer.create_warc_record(
        url,
        "request",
        payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders("GET /x HTTP/1.1", [("Host", "example.org")], is_http_request=True),
    )
    headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("Set-Cookie", "a=1")],
        protocol="HTTP/1.1",
    )
    response = writer.create_warc_record(
        url, "response", payload=io.BytesIO(gzip.compress(html)), http_headers=headers
    )
    for kind, record in (("request", request), ("response", response)):
        offsets[kind] = buffer.tell()
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return offsets


def test_a_warc_record_becomes_a_fixture_with_its_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = (SITE / SOFALA).read_bytes()
    archive = tmp_path / "crawl.warc.gz"
    offsets = _warc(archive, html, LIVE_URL)
    out_dir = tmp_path / "pages"
    code, _, err = run(capsys, "fixture", "add", f"{archive}#{offsets['response']}", "--dir", str(out_dir))
    assert code == 0, err
    name = "drupal9-iom-hands-over-cyclone-resistant-classrooms-sofala"
    assert (out_dir / f"{name}.html").read_bytes() == html  # gzip undone, charset bytes untouched
    sidecar = read(out_dir / f"{name}.response.json")
    assert sidecar["status"] == 200 and sidecar["url"] == LIVE_URL and sidecar["protocol"] == "HTTP/1.1"
    assert sidecar["headers"] == {"Content-Type": ["text/html; charset=utf-8"], "Set-Cookie": ["a=1"]}
    assert sidecar["origin"]["kind"] == "warc" and sidecar["origin"]["offset"] == offsets["response"]
    assert read(out_dir / f"{name}.expected.json")["records"][0]["dateline"] == "Beira"

    code, _, err = run(capsys, "fixture", "add", f"{archive}#{offsets['request']}", "--dir", str(out_dir))
    assert code == 2 and "is a request record, not a response" in err
    for inside in range(1, 40):  # an offset inside a record is refused, whatever bytes happen to be there
        code, _, err = run(capsys, "fixture", "add", f"{archive}#{inside}", "--dir", str(out_dir))
        assert code == 2 and "no WARC record at" in err, inside


def _crawl_with_a_revisit(folder: Path, html: bytes) -> tuple[Path, WrittenRecord]:
    """What a crawl writes for two URLs serving the same gzip-encoded page: a response, then a revisit."""
    writer = WarcWriter(folder, info={"software": "tests"}, filename="crawl.warc.gz")
    body = gzip.compress(html, mtime=0)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    for url, extra in ((LIVE_URL, []), (COPY_URL, [("X-Served-By", "mirror")])):
        written = writer.write_http(
            url=url,
            status=200,
            headers=headers + extra,
            body=body,
            request_line="GET / HTTP/1.1",
            request_headers=[("Host", "www.iom.int")],
        )
    writer.close()
    assert written.warc_type == "revisit"
    return folder / "crawl.warc.gz", written


def test_a_revisit_record_becomes_a_fixture_with_the_payload_it_refers_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = (SITE / SOFALA).read_bytes()
    archive, revisit = _crawl_with_a_revisit(tmp_path / "warc", html)
    out_dir = tmp_path / "pages"
    ref = f"{archive}#{revisit.warc_offset}"
    code, _, err = run(capsys, "fixture", "add", ref, "--dir", str(out_dir), "--name", "copy")
    assert code == 0, err
    assert (out_dir / "copy.html").read_bytes() == html  # the stored payload, gzip undone
    sidecar = read(out_dir / "copy.response.json")
    assert sidecar["url"] == COPY_URL and sidecar["status"] == 200 and sidecar["protocol"] == "HTTP/1.1"
    assert sidecar["headers"] == {  # the revisit's own head, without the encoding that was undone
        "Content-Type": ["text/html; charset=utf-8"],
        "X-Served-By": ["mirror"],
    }
    assert sidecar["origin"] == {
        "kind": "warc",
        "file": "crawl.warc.gz",
        "offset": revisit.warc_offset,
        "record_id": revisit.warc_record_id,
    }
    assert read(out_dir / "copy.expected.json")["records"][0]["dateline"] == "Beira"

    # replay reads the same record the same way: one reader for both
    [replayed] = [
        event
        for event in ArchiveReader([archive], MAX_BYTES)
        if isinstance(event, Capture) and event.url == COPY_URL
    ]
    assert (
        replayed.body == html and replayed.offset == revisit.warc_offset and "revisit" in replayed.annotations
    )


def test_a_revisit_without_its_payload_beside_it_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive, revisit = _crawl_with_a_revisit(tmp_path / "warc", (SITE / SOFALA).read_bytes())
    alone = tmp_path / "alone" / "revisit.warc.gz"
    alone.parent.mkdir()
    alone.write_bytes(archive.read_bytes()[revisit.warc_offset : revisit.warc_offset + revisit.length])
    code, _, err = run(capsys, "fixture", "add", f"{alone}#0", "--dir", str(tmp_path / "pages"))
    assert code == 2 and "is a revisit of a payload not found beside it" in err


def run_printed(capsys: pytest.CaptureFixture[str], command: str) -> tuple[int, str, str]:
    """Run a command line iomcrawl printed, exactly as printed (shell words, `iomcrawl` first)."""
    words = shlex.split(command)
    assert words[0] == "iomcrawl"
    return run(capsys, *words[1:])


def next_command(out: str) -> str:
    (line,) = [line for line in out.splitlines() if line.startswith("next: ")]
    return line.split(", then run: ", 1)[1]


@pytest.mark.parametrize("folder", [None, "my fixtures/new pages"], ids=["default", "dir-with-space"])
def test_add_and_review_dir_name_the_same_folder_and_the_printed_hint_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, folder: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    where = ["--dir", folder] if folder else []
    code, out, _ = run(capsys, "fixture", "add", str(SITE / SOFALA), "--name", "sofala", *where)
    assert code == 0, out
    files = tmp_path / (folder or "fixtures/pages")
    expected = files / "sofala.expected.json"
    assert expected.is_file()
    hint = next_command(out)
    assert hint == ("iomcrawl fixture review sofala" + (f" --dir '{folder}'" if folder else ""))
    assert f"`{hint}`" in read(expected)["notes"]  # the expected file names the same command
    code, out, _ = run_printed(capsys, hint)
    assert (code, out) == (
        0,
        f"marked reviewed: {Path(folder or 'fixtures/pages') / 'sofala.expected.json'}\n",
    )
    assert read(expected)["reviewed"] is True
    # the same --dir works for both, given the same way
    assert run(capsys, "fixture", "review", "sofala", *where)[1].startswith("already reviewed")


def test_check_prints_a_runnable_review_command_for_an_unreviewed_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "root"
    run(capsys, "fixture", "add", str(SITE / SOFALA), "--name", "sofala", "--dir", str(root / "pages"))
    code, out, _ = run(capsys, "check", str(root))
    assert code == 0
    (line,) = [line for line in out.splitlines() if "fixture review" in line]
    hint = line.split("then: ", 1)[1]
    assert hint == f"iomcrawl fixture review sofala --dir {root / 'pages'}"
    assert run_printed(capsys, hint)[0] == 0
    assert "unreviewed" not in run(capsys, "check", str(root))[1]
