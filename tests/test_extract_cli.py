"""`iomcrawl extract FILE`: the interface the extractor is scored through, and its bad-input outcomes."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from support.jsonl import parse_jsonl

from iomcrawl.cli import main

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "seed-border-police-kabul.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main(["extract", *args])
    out, err = capsys.readouterr()
    return code, parse_jsonl(out, "stdout"), err


def test_seed_page_gives_exactly_one_record_through_the_real_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "iomcrawl.cli", "extract", str(SEED), "--url", "https://www.iom.int/news/x"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    [record] = parse_jsonl(proc.stdout, "stdout")
    assert record["headline"] == "Border Police Trained to Prevent and Prosecute Human Trafficking"
    assert record["url"] == "https://www.iom.int/news/x"
    assert record["people"] == [
        {"name": "Nigina Mamadjonova", "role": "IOM trainer", "office": "IOM Kabul",
         "phones": ["+93700066041"], "emails": ["nmamadjonova@iom.int"]}
    ]  # fmt: skip
    assert record["phones"] == [
        {
            "e164": "+93700066041",
            "raw": "+ 93 (0) 700 066 041",
            "kind": "tel",
            "extension": None,
            "valid": True,
        }
    ]
    assert [e["address"] for e in record["emails"]] == ["nmamadjonova@iom.int"]
    assert "mailto-repaired" in record["fixes"]
    assert len(record["body"].split("\n\n")) == 8


def test_missing_file_is_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, records, err = run(capsys, str(tmp_path / "nope.html"))
    assert code == 2 and records == []
    assert len(err.strip().splitlines()) == 1 and "cannot read" in err


def test_directory_is_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, records, err = run(capsys, str(tmp_path))
    assert code == 2 and records == [] and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" * 50, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (b"<html><body><p>" + b"word " * (21 * 1024 * 1024 // 5) + b"</p></body></html>", "too-large"),
    ],
    ids=["empty", "whitespace", "pdf", "png", "20MB"],
)
def test_bad_input_ends_as_no_release_with_a_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, reason: str
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    code, records, err = run(capsys, str(page))
    assert code == 0 and records == []
    assert f"no release in {page}: {reason}" in err
    assert "Traceback" not in err


def test_windows_1252_page_without_charset_is_read_correctly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    paragraphs = "".join(
        f"<p>Genève – IOM’s team said the café project, number {n}, helped 40 families this year.</p>"
        for n in range(3)
    )
    html = (
        "<html><head><title>x</title></head><body><h1>IOM Opens a Café for Returnees in Genève</h1>"
        "<p>Genève – IOM’s “café” opened today for returnees and their families.</p>"
        f"{paragraphs}<p>“We are proud,” said Marie Dupont, IOM’s project manager.</p></body></html>"
    )
    page = tmp_path / "cp1252.html"
    page.write_bytes(html.encode("cp1252"))
    code, records, err = run(capsys, str(page))
    assert code == 0, err
    assert len(records) == 1
    record = records[0]
    assert record["headline"] == "IOM Opens a Café for Returnees in Genève"
    assert record["dateline"] == "Genève"
    assert record["body"].startswith("IOM’s “café” opened today")
    assert "\ufffd" not in record["body"]
    assert "charset-guessed" in record["fixes"]


@pytest.mark.parametrize("label", ["hex", "rot13", "zlib", "idna", "utf-7"])
def test_a_charset_label_that_is_no_page_encoding_is_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, label: str
) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(
        f'<html><head><meta charset="{label}"></head><body><h1>A headline for the page</h1>'
        "<p>Geneva \xe9 IOM said today that migrants were helped.</p></body></html>".encode("latin-1")
    )
    code, _, err = run(capsys, str(page), "--url", "https://www.iom.int/news/x")
    assert code == 0, err
    assert "Traceback" not in err and "extraction-error" not in err


def test_a_page_not_extracted_in_time_exits_1_with_the_timeout_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def stuck(*args: Any, **kwargs: Any) -> Any:
        release.wait(60)  # let go at the end of the test; the command does not wait for it
        raise AssertionError("the command waited for a page past its deadline")

    monkeypatch.setattr("iomcrawl.extraction.extract_page", stuck)
    try:
        code, records, err = run(capsys, str(SEED), "--timeout", "0.05")
    finally:
        release.set()
    assert code == 1 and records == []
    assert err.strip() == f"iomcrawl: {SEED}: extraction-timeout: no result after 0.05 s"


def test_timeout_zero_means_no_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, err = run(capsys, str(SEED), "--timeout", "0", "--url", "https://www.iom.int/news/x")
    assert code == 0 and len(records) == 1, err


def test_a_negative_timeout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(SEED), "--timeout", "-1"])
    assert exit_.value.code == 2
    assert "--timeout" in capsys.readouterr().err
