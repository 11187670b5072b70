"""The QA tools against hostile input and faults: nothing runs or loads, nothing hangs, nothing leaks or
lands outside its folder.

Each test stands for a defect found by hostile-input testing (R12, R15, R16, R24 and two without a number):
the report's sanitizer letting CSS that loads things through, deep or huge expected files, a server that
drips its answer, archive paths that are not WARC files, and fixture names that climb out of the root.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import lxml.html
import pytest
from support.servers import LoopbackServer
from test_qa_check import DHAKA, SOFALA, add_fixture

from iomcrawl.cli import main
from iomcrawl.qa.check import run_check
from iomcrawl.qa.css import sanitize_declarations, sanitize_stylesheet
from iomcrawl.qa.fixtures import EXPECTED_MAX_BYTES
from iomcrawl.qa.sanitize import safe_srcdoc
from iomcrawl.qa.sources import SourceError, fetch_url

EVIL = "http://evil.example"
SECRET = "root:x:0:0:the first line of a private file"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- R12: the report's sanitizer -----------------------------------------------------------------------

BYPASSES = {
    "svg-style-mutation": f'<svg><style><img src="{EVIL}/m.png" onerror="alert(1)"></style></svg>',
    "math-style-mutation": f'<math><style><img src="{EVIL}/m.png" onerror="alert(1)"></style></math>',
    "noembed-mutation": f'<noembed><img title="</noembed><img src={EVIL}/n.png onerror=alert(1)>"></noembed>',
    "xmp-mutation": f'<xmp><img title="</xmp><img src={EVIL}/x.png onerror=alert(1)>"></xmp>',
    "escaped-url-in-style": f'<div style="background:u\\72l({EVIL}/e.png)">e</div>',
    "escaped-paren-in-style": f'<div style="background:url\\28{EVIL}/p.png)">e</div>',
    "spaced-url-in-style": f'<div style="background:url ({EVIL}/s.png)">e</div>',
    "image-set-in-style": f"<div style=\"background-image:image-set('{EVIL}/s.png' 1x)\">s</div>",
    "webkit-image-set": f"<div style=\"background:-webkit-image-set('{EVIL}/w.png' 1x)\">w</div>",
    "escaped-import": f'<style>@\\69mport "{EVIL}/i.css";</style>',
    "import-string": f'<style>@import "{EVIL}/i.css";</style>',
    "font-face": f"<style>@font-face{{font-family:x;src:local(x),url({EVIL}/f.woff)}}</style>",
    "url-in-rule": f"<style>p{{color:red}}div{{background:url({EVIL}/r.png)}}</style>",
    "escaped-url-in-rule": f"<style>p{{background:\\75\\72\\6c({EVIL}/r2.png)}}</style>",
    "commented-url": f"<style>p{{background:u/**/rl({EVIL}/c.png)}}</style>",
    "style-breakout": f"<style>p{{color:red}}</style><p style=\"x:'</style><img src={EVIL}/b.png>'\">b</p>",
    "cursor-url": f'<p style="cursor:url({EVIL}/cur.png),auto">c</p>',
    "data-attribute-url": f'<p data-src="{EVIL}/d.png" poster="{EVIL}/p.png" xlink:href="{EVIL}/l">d</p>',
    "input-image": f'<form action="{EVIL}/f"><input type="image" src="{EVIL}/i.png"></form>',
}


@pytest.mark.parametrize("markup", BYPASSES.values(), ids=BYPASSES.keys())
def test_the_sanitizer_leaves_nothing_that_names_a_remote_resource(markup: str) -> None:
    page = f"<html><body><p>kept text</p>{markup}</body></html>"
    out = safe_srcdoc(page)
    assert "evil.example" not in out
    assert "onerror" not in out
    assert "kept text" in out


def test_the_sanitizer_keeps_harmless_styling_and_text() -> None:
    page = (
        "<html><head><style>p{color:#333;margin:0 1em} @media (max-width: 600px){p{margin:0}} "
        "a::after{content:'→'}</style></head><body>"
        '<p style="color:red;background:url(x.png);font-weight:bold" class="lead" onclick="x()">Text</p>'
        '<custom-box><b>inside</b></custom-box><img src="x.png" alt="a photo" width="10"></body></html>'
    )
    doc = lxml.html.document_fromstring(safe_srcdoc(page))
    (lead,) = doc.xpath("//p[@class='lead']")
    assert lead.get("style") == "color:red;font-weight:bold" and lead.get("onclick") is None
    assert doc.xpath("//b")[0].text == "inside"  # an unknown element gives way to its content
    assert doc.xpath("//img")[0].attrib == {"alt": "a photo", "width": "10"}
    css = "".join(s.text or "" for s in doc.iter("style"))
    assert "p{color:#333;margin:0 1em}" in css and "@media (max-width: 600px){p{margin:0}}" in css
    assert "content:'→'" in css


@pytest.mark.parametrize(
    "css",
    [
        "u\\72l(http://x/a)",
        "url\\(http://x/a)",
        "image-set('http://x/a' 1x)",
        "IMAGE(http://x/a)",
        "element(#x)",
        "cross-fade(url(a), url(b))",
        "expression(alert(1))",
        "red;background:url(http://x)",
        "'unterminated",
        '"a\\"" url(x)',
        "red </style>",
    ],
)
def test_css_values_that_could_load_or_break_out_are_dropped(css: str) -> None:
    assert "http" not in sanitize_declarations(f"background:{css}")
    assert "url" not in sanitize_declarations(f"background:{css}").lower()
    assert "<" not in sanitize_stylesheet(f"p{{background:{css}}}")


def test_at_rules_other_than_media_are_dropped() -> None:
    sheet = (
        '@import "x.css"; @\\69mport "y.css"; @charset "utf-8"; @namespace svg url(x);'
        "@font-face{font-family:f;src:url(f.woff)} @keyframes k{from{color:red}} @media print{p{color:red}}"
    )
    assert sanitize_stylesheet(sheet) == "@media print{p{color:red}}"


def test_a_report_over_the_bypasses_attempts_no_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The written report's frames hold none of the bypasses (the browser half is in test_qa_browser)."""
    add_fixture(tmp_path, SOFALA)
    page = (tmp_path / f"{Path(SOFALA).stem}.html").read_text(encoding="utf-8")
    hostile = page.replace("</body>", "".join(BYPASSES.values()) + "</body>")
    (tmp_path / f"{Path(SOFALA).stem}.html").write_text(hostile, encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", "--fixtures", str(tmp_path), "-o", str(out)]) == 0
    doc = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    (frame,) = doc.xpath("//iframe")
    assert "evil.example" not in frame.get("srcdoc") and "onerror" not in frame.get("srcdoc")


# -- R15 and the size cap: expected files that are too deep or too big ----------------------------------


def _one_fixture_with_expected(root: Path, text: str | None = None) -> Path:
    expected = add_fixture(root, SOFALA)
    if text is not None:
        expected.write_text(text, encoding="utf-8")
    return expected


@pytest.mark.parametrize("depth", [100_000, 5_000, 200])
def test_a_deeply_nested_expected_file_is_one_broken_fixture_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    add_fixture(tmp_path, DHAKA)
    _one_fixture_with_expected(tmp_path, '{"url": "u", "records": ' + "[" * depth + "]" * depth + "}")
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 2
    (line,) = [line for line in out.splitlines() if line.startswith("BROKEN")]
    assert "nest" in line and Path(SOFALA).stem in line
    assert "Traceback" not in out + err and "RecursionError" not in out + err
    assert "1 of 2 fixtures match, 0 differ, 1 broken" in out


def test_a_deeply_nested_sidecar_is_a_broken_fixture_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _one_fixture_with_expected(tmp_path)
    sidecar = expected.with_name(expected.name.replace(".expected.json", ".response.json"))
    sidecar.write_text('{"headers": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 2 and "sidecar" in out and "nest" in out


def test_the_report_shows_a_deeply_nested_fixture_as_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _one_fixture_with_expected(tmp_path, '{"records": ' + "[" * 100_000 + "]" * 100_000 + "}")
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", "--fixtures", str(tmp_path), "-o", str(out))
    assert code == 0 and "Traceback" not in err
    assert "nest" in out.read_text(encoding="utf-8")


def test_an_expected_file_over_the_cap_is_broken_and_says_how_big_it_may_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _one_fixture_with_expected(tmp_path)
    text = expected.read_text(encoding="utf-8")
    expected.write_text(text + " " * (EXPECTED_MAX_BYTES + 1 - len(text.encode())), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 2
    (line,) = [line for line in out.splitlines() if line.startswith("BROKEN")]
    assert f"larger than {EXPECTED_MAX_BYTES} bytes" in line


def test_a_huge_expected_file_is_refused_from_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _one_fixture_with_expected(tmp_path)
    with expected.open("r+b") as sparse:
        sparse.truncate(1 << 30)  # 1 GiB, sparse: cheap to make, costly to read
    opened: list[str] = []
    real_open = Path.open

    def watched_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name.endswith(".expected.json"):
            opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", watched_open)
    (check,) = run_check(tmp_path).checks
    assert check.status == "broken" and "larger than" in (check.problem or "")
    assert opened == []


# -- fixture review: names stay inside the fixtures root -------------------------------------------------


@pytest.mark.parametrize("name", ["../outside", "../outside.expected.json", "pages/../../outside"])
def test_review_refuses_a_name_outside_the_fixtures_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    root = tmp_path / "fixtures"
    (root / "pages").mkdir(parents=True)
    outside = tmp_path / "outside.expected.json"
    outside.write_text('{"reviewed": false, "records": []}', encoding="utf-8")
    code, out, err = run(capsys, "fixture", "review", name, "--dir", str(root))
    assert code == 2 and out == ""
    assert "outside" in err and err.count("\n") == 1
    assert json.loads(outside.read_text(encoding="utf-8"))["reviewed"] is False


def test_review_refuses_an_absolute_name_and_a_symlink_out_of_the_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "fixtures"
    root.mkdir()
    outside = tmp_path / "elsewhere.expected.json"
    outside.write_text('{"reviewed": false, "records": []}', encoding="utf-8")
    (root / "linked.expected.json").symlink_to(outside)
    for name in (str(outside), "linked"):
        code, _, err = run(capsys, "fixture", "review", name, "--dir", str(root))
        assert code == 2 and "outside" in err, name
    assert json.loads(outside.read_text(encoding="utf-8"))["reviewed"] is False


def test_review_still_accepts_names_inside_the_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "fixtures"
    (root / "pages").mkdir(parents=True)
    inside = root / "pages" / "x.expected.json"
    inside.write_text('{"reviewed": false, "records": []}', encoding="utf-8")
    assert run(capsys, "fixture", "review", "pages/x", "--dir", str(root))[0] == 0
    assert json.loads(inside.read_text(encoding="utf-8"))["reviewed"] is True


# -- R24: archive paths that are not WARC files ----------------------------------------------------------


def _not_warc(tmp_path: Path, name: str) -> Path:
    """A private text file, and a link to it under an archive's name (as unpacked from a tarball)."""
    private = tmp_path / "private.txt"
    private.write_text(SECRET + "\nsecond line\n", encoding="utf-8")
    target = private
    if name.endswith(".gz"):
        target = tmp_path / "private.txt.gz"
        target.write_bytes(gzip.compress(private.read_bytes()))
    link = tmp_path / "arch" / name
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(target)
    return link


@pytest.mark.parametrize("name", ["x.warc", "x.warc.gz"])
def test_fixture_add_refuses_a_non_warc_file_naming_only_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    link = _not_warc(tmp_path, name)
    code, out, err = run(capsys, "fixture", "add", f"{link}#0", "--dir", str(tmp_path / "fx"))
    assert code == 2 and out == ""
    assert err == f"iomcrawl: not a WARC file: {link}\n"
    assert not (tmp_path / "fx").exists()


def test_the_crawl_report_neither_reads_nor_echoes_a_non_warc_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crawl = tmp_path / "crawl"
    (crawl / "warc").mkdir(parents=True)
    for name in ("a.warc", "b.warc.gz"):
        (crawl / "warc" / name).symlink_to(_not_warc(tmp_path, name))
    url = "http://a.example/news/x"
    line = {"url": url, "status": 200, "outcome": "records", "record_ids": ["1"], "warc_file": "a.warc"}
    (crawl / "pages.jsonl").write_text(json.dumps({**line, "warc_offset": 0}) + "\n", encoding="utf-8")
    record = {"id": "1", "url": url, "headline": "A headline"}
    (crawl / "releases.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    code, stdout, err = run(capsys, "report", "--crawl", str(crawl), "-o", str(out))
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert "root:x" not in html + stdout + err and "second line" not in html
    assert "not a WARC file" in html


# -- R16: a server that drips its answer -----------------------------------------------------------------


class DripServer(LoopbackServer):
    """Answers robots.txt with a 404, and every page one byte at a time, for as long as `drip_for` lasts."""

    def __init__(self, where: str, drip_for: float = 30.0) -> None:
        super().__init__(lifetime=drip_for + 30)
        self.where = where  # "head": the status line and headers drip; "body": the body does
        self.drip_for = drip_for
        self.stopped = threading.Event()

    def _drip(self, handler: BaseHTTPRequestHandler, data: bytes) -> None:
        end = time.monotonic() + self.drip_for
        for byte in data * 1_000_000:
            if self.stopped.is_set() or time.monotonic() > end:
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.1)

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.path == "/robots.txt":
            handler.send_response(404)
            handler.end_headers()
            return
        if self.where == "head":
            self._drip(handler, b"HTTP/1.0 200 OK\r\nX-Slow: " + b"a" * 1000)
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<html><body>")
        self._drip(handler, b" ")

    def stop(self) -> None:
        self.stopped.set()
        super().stop()


@pytest.mark.slow  # a subprocess
def test_fixture_add_gives_up_on_a_dripping_server_at_its_deadline(tmp_path: Path) -> None:
    with DripServer("body") as server:
        url = server.url("news/drip")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "iomcrawl.cli",
                "fixture",
                "add",
                url,
                "--dir",
                str(tmp_path),
                "--timeout",
                "1",
            ],
            capture_output=True,
            text=True,
            timeout=120,  # a safety net only: the command must end by its own deadline
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"iomcrawl: gave up on {url} after 1 s (--timeout)\n"
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("where", ["head", "body"])
def test_the_fetch_deadline_covers_headers_and_body(where: str) -> None:
    with DripServer(where) as server:
        url = server.url("news/drip")
        started = time.monotonic()
        with pytest.raises(SourceError, match="gave up on"):
            fetch_url(url, timeout=0.5)
        assert time.monotonic() - started < 25  # not the server's 30 s of dripping


@pytest.mark.parametrize("value", ["0", "-1", "nan", "soon"])
def test_fixture_add_refuses_a_timeout_that_is_not_a_positive_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["fixture", "add", "http://127.0.0.1:9/x", "--dir", str(tmp_path), "--timeout", value])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "--timeout" in err and "positive number of seconds" in err


def test_the_crawl_report_skips_deeply_nested_log_lines_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "pages.jsonl").write_text('{"url": "u", "outcome": ' + deep + "}\n", encoding="utf-8")
    record = '{"id": "1", "url": "u", "headline": "h", "people": ' + "[" * 100 + "]" * 100 + "}\n"
    (tmp_path / "releases.jsonl").write_text(record, encoding="utf-8")
    code, _, err = run(capsys, "report", "--crawl", str(tmp_path), "-o", str(tmp_path / "r.html"))
    assert code == 0 and "Traceback" not in err
    assert "note: pages.jsonl line 1 nests arrays or objects deeper than" in err
    assert "note: releases.jsonl line 1 nests arrays or objects deeper than" in err
