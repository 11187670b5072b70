"""`iomcrawl extract PATH…`: folders, archives and lists of paths, in worker processes, in input order.

Every test goes through the real command (``iomcrawl.cli.main`` or a subprocess). Pages that are slow or
kill their worker are made by replacing ``iomcrawl.extraction.extract_page`` before the command forks its
workers, which inherit the replacement: no timing race decides the outcome, and no test measures speed.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from support.jsonl import parse_jsonl, read_jsonl

from iomcrawl import extraction
from iomcrawl.batch.pagelog import FIELDS
from iomcrawl.cli import main
from iomcrawl.extraction.records import record_id

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
SAMPLE_WARC = ROOT / "iomcrawl" / "data" / "sample-site.warc.gz"
SEED = PAGES / "seed-border-police-kabul.txt"
SOME_PAGES = [
    "cms-release-moldova-returnees.html",
    "drupal7-es-node-peru-trata.html",
    "seed-border-police-kabul.txt",
    "cms-where-we-work-guyana.html",
]
COMMAND = [sys.executable, "-m", "iomcrawl.cli", "extract"]

RELEASE = (
    "<html><head><title>{title}</title>{head}</head><body><h1>{title}</h1>"
    "<p>Geneva – IOM said today that {n} families who had fled the floods returned home this week "
    "with help from its teams, who gave them shelter kits, water and cash for the first month.</p>"
    "<p>“Every family deserves a safe home,” said Maria Lopez, IOM’s chief of mission in Geneva.</p>"
    "<p>The programme will reach another {n} families by the end of the year, IOM said.</p></body></html>"
)


def release_page(path: Path, title: str, head: str = "", n: int = 40) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RELEASE.format(title=title, head=head, n=n), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main(["extract", *args])
    out, err = capsys.readouterr()
    return code, parse_jsonl(out, "stdout"), err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of saved pages in two levels, with files the default globs leave out."""
    root = tmp_path / "saved"
    for number, name in enumerate(SOME_PAGES):
        target = root / ("deeper" if number % 2 else "") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PAGES / name, target)
    (root / "notes.expected.json").write_text("{}", encoding="utf-8")
    (root / "deeper" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def expected_order(root: Path) -> list[str]:
    files = [p for p in root.rglob("*") if p.suffix in (".html", ".txt")]
    return [str(p) for p in sorted(files, key=lambda p: p.relative_to(root).as_posix())]


def test_a_folder_gives_the_records_of_each_page_in_order_with_a_pages_log_beside_the_output(
    capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out" / "releases.jsonl"
    code, printed, err = run(capsys, str(corpus), "--jobs", "2", "-o", str(output))
    assert code == 0, err
    assert printed == []  # -o: nothing on stdout
    records = read_jsonl(output)
    lines = read_jsonl(tmp_path / "out" / "releases.pages.jsonl")
    assert [line["path"] for line in lines] == expected_order(corpus)  # the globs left the others out
    assert [r["id"] for r in records] == [i for line in lines for i in line["record_ids"]]
    assert all(line["outcome"] in ("records", "no-release") for line in lines)
    assert not list((tmp_path / "out").glob("*.part"))
    assert "pages log:" in err and f"{len(lines)} pages" in err
    # the same records as one `iomcrawl extract FILE` per page
    one_by_one = []
    for path in expected_order(corpus):
        assert main(["extract", path]) == 0
        one_by_one += parse_jsonl(capsys.readouterr().out)
    assert records == one_by_one


def test_records_come_out_in_input_order_when_a_later_page_finishes_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = [release_page(tmp_path / f"p{n}.html", f"Release number {n} of the batch", n=n) for n in range(6)]
    real = extraction.extract_page

    def first_is_slow(body: bytes, url: str = "", **kwargs: Any) -> Any:
        if b"Release number 0 " in body:
            time.sleep(1.0)  # the other worker finishes the next pages meanwhile
        return real(body, url, **kwargs)

    monkeypatch.setattr("iomcrawl.extraction.extract_page", first_is_slow)
    code, records, err = run(capsys, *map(str, pages), "--jobs", "2")
    assert code == 0, err
    assert [r["headline"] for r in records] == [f"Release number {n} of the batch" for n in range(6)]


def test_glob_filter_picks_files_by_name_or_by_path(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    code, records, _ = run(capsys, str(corpus), "--glob", "*.txt", "--jobs", "1")
    assert code == 0 and {r["url"].rsplit("/", 1)[1] for r in records} == {"seed-border-police-kabul.txt"}
    code, records, _ = run(capsys, str(corpus), "--glob", "deeper/*.html", "--jobs", "1")
    assert code == 0 and {r["url"].rsplit("/", 1)[1] for r in records} == {"drupal7-es-node-peru-trata.html"}


def test_a_web_archive_gives_its_captures_and_says_what_became_of_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = tmp_path / "pages.jsonl"
    code, records, err = run(capsys, str(SAMPLE_WARC), "--pages-log", str(log), "--jobs", "2")
    assert code == 0, err
    lines = read_jsonl(log)
    assert records and all(r["source"]["kind"] == "warc" for r in records)
    assert all(r["source"]["warc"]["file"] == str(SAMPLE_WARC) for r in records)
    assert all(r["url"].startswith("http://sample.iomcrawl.invalid/") for r in records)
    assert [r["id"] for r in records] == [i for line in lines for i in line["record_ids"]]
    skipped = {
        line["url"].rsplit("/", 1)[1]: line["reason"] for line in lines if line["outcome"] == "skipped"
    }
    assert skipped["robots.txt"] == "not-html: text/plain"
    offsets = [line["warc_offset"] for line in lines]
    assert offsets == sorted(offsets)  # one line per capture, in the archive's order
    assert all(line["warc_record_id"] for line in lines)


def test_a_cut_archive_is_an_error_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = SAMPLE_WARC.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) // 2])
    log = tmp_path / "pages.jsonl"
    code, records, _ = run(capsys, str(cut), "--pages-log", str(log))
    assert code == 1
    lines = read_jsonl(log)
    errors = [line for line in lines if line["outcome"] == "error"]
    assert len(errors) == 1 and errors[0]["reason"].startswith("archive-corrupt: at offset ")
    assert records  # the captures before the cut are kept
    assert gzip.decompress(data)  # the original is whole: the cut made the error


def test_stdin_lists_paths_and_a_listed_path_that_is_gone_is_an_error_line(tmp_path: Path) -> None:
    page = release_page(tmp_path / "a" / "page.html", "Families Return Home After the Floods")
    listing = f"{page}\n\n{tmp_path / 'gone.html'}\n{SEED}\n"
    log = tmp_path / "log.jsonl"
    proc = subprocess.run(
        [*COMMAND, "-", "--pages-log", str(log), "--jobs", "2"],
        input=listing,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    lines = read_jsonl(log)
    assert [line["path"] for line in lines] == [str(page), str(tmp_path / "gone.html"), str(SEED)]
    assert [line["outcome"] for line in lines] == ["records", "error", "records"]
    assert lines[1]["reason"] == "payload-unreadable: no such file"
    assert len(parse_jsonl(proc.stdout)) == 2


def test_every_input_ends_as_records_no_release_or_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "mixed"
    release_page(root / "1-release.html", "Families Return Home After the Floods")
    (root / "2-image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "3-empty.html").write_bytes(b"")
    (root / "4-link.html").symlink_to(root / "nowhere.html")
    code, records, err = run(capsys, str(root), "--jobs", "2")
    assert code == 1 and len(records) == 1
    messages = err.strip().splitlines()  # no pages log: each page without records is a line on stderr
    assert messages == [
        f"iomcrawl: no release in {root / '2-image.html'}: binary: PNG image, not a web page",
        f"iomcrawl: no release in {root / '3-empty.html'}: empty: the page has no content",
        f"iomcrawl: {root / '4-link.html'}: payload-unreadable: cannot read: No such file or directory",
    ]


def test_the_pages_log_uses_the_crawl_logs_field_names(tmp_path: Path) -> None:
    from iomcrawl.crawl.outputs.exporters import PAGE_FIELDS

    assert set(FIELDS) - set(PAGE_FIELDS) == {"path"}
    page = release_page(tmp_path / "page.html", "Families Return Home After the Floods")
    output = tmp_path / "r.jsonl"
    assert main(["extract", str(page), "-o", str(output)]) == 0
    [line] = read_jsonl(tmp_path / "r.pages.jsonl")
    assert list(line) == list(FIELDS)
    assert line["outcome"] == "records" and line["records"] == 1 and line["bytes"] == page.stat().st_size
    assert line["digest"].startswith("sha1:") and line["fetched_at"].endswith("Z")


def test_ids_without_url_come_from_the_canonical_link_then_og_url_then_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    canonical = '<link rel="canonical" href="https://www.iom.int/news/floods">'
    og = '<meta property="og:url" content="https://www.iom.int/news/og-floods">'
    pages = [
        release_page(tmp_path / "one" / "a.html", "Families Return Home After the Floods", canonical + og),
        release_page(tmp_path / "two" / "b.html", "Families Return Home After the Floods", canonical),
        release_page(tmp_path / "c.html", "Families Return Home After the Floods", og),
        release_page(
            tmp_path / "d.html", "Families Return Home After the Floods", '<link rel="canonical" href="/x">'
        ),
    ]
    code, records, err = run(capsys, *map(str, pages), "--jobs", "2")
    assert code == 0, err
    urls = [r["url"] for r in records]
    assert urls == [
        "https://www.iom.int/news/floods",
        "https://www.iom.int/news/floods",  # saved elsewhere: the same page, the same id
        "https://www.iom.int/news/og-floods",
        pages[3].resolve().as_uri(),  # a relative canonical names no page: the file's path
    ]
    assert [r["id"] for r in records] == [record_id(url, 0) for url in urls]
    code, [given], _ = run(capsys, str(pages[0]), "--url", "https://www.iom.int/news/given")
    assert given["url"] == "https://www.iom.int/news/given"
    assert given["id"] == record_id("https://www.iom.int/news/given", 0)


def test_a_page_past_its_deadline_is_an_error_line_and_the_batch_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = [release_page(tmp_path / f"p{n}.html", f"Release number {n} of the batch", n=n) for n in range(4)]
    real = extraction.extract_page
    release = threading.Event()

    def stuck_on_one(body: bytes, url: str = "", **kwargs: Any) -> Any:
        if b"Release number 1 " in body:
            release.wait(120)  # its worker is killed long before
        return real(body, url, **kwargs)

    monkeypatch.setattr("iomcrawl.extraction.extract_page", stuck_on_one)
    log = tmp_path / "log.jsonl"
    try:
        code, records, _ = run(
            capsys, *map(str, pages), "--jobs", "2", "--timeout", "2", "--pages-log", str(log)
        )
    finally:
        release.set()
    assert code == 1
    lines = read_jsonl(log)
    assert [line["outcome"] for line in lines] == ["records", "error", "records", "records"]
    assert lines[1]["reason"] == "extraction-timeout: no result after 2 s"
    assert [r["headline"] for r in records] == [f"Release number {n} of the batch" for n in (0, 2, 3)]


def test_a_worker_that_dies_costs_its_page_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = [release_page(tmp_path / f"p{n}.html", f"Release number {n} of the batch", n=n) for n in range(4)]
    real = extraction.extract_page

    def dies_on_two(body: bytes, url: str = "", **kwargs: Any) -> Any:
        if b"Release number 2 " in body:
            os._exit(7)
        return real(body, url, **kwargs)

    monkeypatch.setattr("iomcrawl.extraction.extract_page", dies_on_two)
    code, records, err = run(capsys, *map(str, pages), "--jobs", "1")
    assert code == 1
    assert (
        err.splitlines()[0]
        == f"iomcrawl: {pages[2]}: extraction-error: the worker process ended (exit code 7)"
    )
    assert [r["headline"] for r in records] == [f"Release number {n} of the batch" for n in (0, 1, 3)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/nope"], "cannot read {tmp}/nope: no such file or folder"),
        (["{tmp}"], "cannot read {tmp}: no file in it matches"),
        ([str(PAGES), "--url", "https://www.iom.int/x"], "--url names one page"),
        ([str(SEED), "-o", "{tmp}/r.jsonl", "--pages-log", "{tmp}/r.jsonl"], "name the same file"),
    ],
    ids=["missing", "no-pages-in-folder", "url-with-many", "log-is-output"],
)
def test_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    code, records, err = run(capsys, *(a.format(tmp=tmp_path) for a in args))
    assert code == 2 and records == []
    assert len(err.strip().splitlines()) == 1 and message.format(tmp=tmp_path) in err


def test_jobs_must_be_at_least_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(PAGES), "--jobs", "0"])
    assert exit_.value.code == 2 and "--jobs" in capsys.readouterr().err
