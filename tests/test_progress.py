"""The progress line: redraws in place on a real pseudo-terminal, and writes nothing anywhere else."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest
from support.jsonl import parse_jsonl, read_jsonl

from iomcrawl.progress import ProgressLine

COMMAND = [sys.executable, "-m", "iomcrawl.cli", "extract"]
PAGE = (
    "<html><head><title>Release number {n} of the batch</title></head><body>"
    "<h1>Release number {n} of the batch</h1><p>Geneva – IOM said today that {n} families who had fled "
    "the floods returned home this week with help from its teams, who gave them shelter kits, water "
    "and cash for the first month.</p>"
    "<p>“Every family deserves a safe home,” said Maria Lopez, IOM’s chief of mission in Geneva.</p>"
    "<p>The programme will reach another {n} families by the end of the year, IOM said.</p></body></html>"
)


@pytest.fixture
def terminal() -> Iterator[tuple[TextIO, int]]:
    """The slave side of a pseudo-terminal as a text stream, and the master side's descriptor."""
    master, slave = pty.openpty()
    stream = os.fdopen(slave, "w", encoding="utf-8")
    try:
        yield stream, master
    finally:
        stream.close()
        os.close(master)


def drain(master: int) -> str:
    chunks = []
    os.set_blocking(master, False)
    while True:
        try:
            chunk = os.read(master, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")


def test_on_a_terminal_each_update_redraws_the_same_line(terminal: tuple[TextIO, int]) -> None:
    stream, master = terminal
    line = ProgressLine(stream, min_interval=0)
    assert line.live
    line.update("1/3 pages")
    line.update("2/3 pages")
    line.close("3 pages, done")
    shown = drain(master)
    assert shown.count("\r") >= 3  # two redraws and the clearing, all in place
    assert "\r1/3 pages\x1b[K" in shown and "\r2/3 pages\x1b[K" in shown
    assert shown.endswith("\r\x1b[K3 pages, done\r\n")  # the terminal turns \n into \r\n
    assert "\n" not in shown[: shown.rindex("3 pages, done")]  # no line was scrolled away


def test_updates_sooner_than_the_interval_are_skipped(terminal: tuple[TextIO, int]) -> None:
    stream, master = terminal
    line = ProgressLine(stream, min_interval=3600)
    for number in range(100):
        line.update(f"page {number}")
    line.close()
    shown = drain(master)
    assert "page 0" in shown and "page 1" not in shown  # one draw, then nothing for an hour


def test_a_newline_in_the_text_does_not_break_the_line(terminal: tuple[TextIO, int]) -> None:
    stream, master = terminal
    line = ProgressLine(stream, min_interval=0)
    line.update("a\nb")
    line.close()
    assert "\ra b\x1b[K" in drain(master)


def test_without_a_terminal_nothing_is_drawn_but_the_final_line() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, min_interval=0)
    assert not line.live
    line.update("1/2 pages")
    line.close("2 pages")
    assert stream.getvalue() == "2 pages\n"


def test_close_without_final_on_a_pipe_writes_nothing() -> None:
    read, write = os.pipe()
    with os.fdopen(write, "w") as stream:
        line = ProgressLine(stream)
        line.update("x")
        line.close()
    with os.fdopen(read, "rb") as pipe:
        assert pipe.read() == b""


def read_terminal(master: int, proc: subprocess.Popen[bytes]) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer of the terminal has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    return b"".join(chunks)


@pytest.mark.slow
def test_extract_redraws_its_progress_on_a_terminal_and_draws_nothing_elsewhere(tmp_path: Path) -> None:
    corpus = tmp_path / "saved"
    for n in range(34):
        page = corpus / ("more" if n % 2 else "") / f"p{n:02}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(n=n + 1), encoding="utf-8")
    master, slave = pty.openpty()
    with (tmp_path / "out.jsonl").open("wb") as out:
        proc = subprocess.Popen([*COMMAND, str(corpus), "--jobs", "2"], stdout=out, stderr=slave)
    os.close(slave)
    try:
        shown = read_terminal(master, proc).decode("utf-8")
    finally:
        os.close(master)
    assert proc.returncode == 0, shown
    # the first page always draws (later ones as the throttle allows), and the end clears the line
    drawn, cleared = shown.index("\r["), shown.rindex("\r\x1b[K")
    assert drawn < cleared and "/34 pages" in shown[drawn:cleared]
    assert "\n" not in shown[:cleared]  # every draw overwrote the same line
    assert shown[cleared:].startswith("\r\x1b[Kiomcrawl: 34 pages: 34 with records (34 records)")
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 34

    piped = subprocess.run(
        [*COMMAND, str(corpus), "--jobs", "2"], capture_output=True, timeout=120, check=False
    )
    assert piped.returncode == 0
    said = piped.stderr.decode("utf-8")
    assert said == ""  # no terminal and no pages log: no progress, no summary
    assert parse_jsonl(piped.stdout) == read_jsonl(tmp_path / "out.jsonl")
