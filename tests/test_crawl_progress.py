"""The crawl's progress display: one status line redrawn in place on a terminal (checked in a real
pseudo-terminal), periodic INFO lines in a log, and one summary line on stdout at the end."""

from __future__ import annotations

import os
import re
import subprocess
import time
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.crawls import crawl_command
from support.sites import PressSite

from iomcrawl.crawl.config import EXIT_SUCCESS
from iomcrawl.crawl.runner import SETTINGS_MODULE

REPO_ROOT = Path(__file__).resolve().parent.parent
# A redraw: carriage return, the status text, clear to the end of the line (iomcrawl.progress.ProgressLine).
DRAW = re.compile(
    rb"\r(crawled (\d+) \| queued (\d+) \| records (\d+) \| errors (\d+) \| [\d.]+ pages/s \| [\d:]+)\x1b\[K"
)
ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}


@pytest.fixture(scope="module")
def slow_site() -> Iterator[PressSite]:
    """Slow enough answers that a crawl of it lasts a few seconds: several redraws."""
    with PressSite(pages=30, delay=0.08, lifetime=600) as site:
        yield site


def read_all(fd: int, child: subprocess.Popen[bytes], timeout: float) -> bytes:
    """Everything written to a pseudo-terminal until its writer is gone."""
    data = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not chunk:
            break
        data += chunk
    else:
        child.kill()  # our own child, by its pid
    return bytes(data)


@pytest.mark.crawl
@pytest.mark.slow
def test_on_a_terminal_the_status_line_is_redrawn_in_place(slow_site: PressSite, tmp_path: Path) -> None:
    master, slave = os.openpty()
    tty.setraw(slave)  # no newline translation: the bytes as the crawl wrote them
    command = crawl_command(slow_site.url("index.html"), tmp_path / "out")
    with subprocess.Popen(command, cwd=tmp_path, env=ENV, stdout=slave, stderr=slave) as child:
        os.close(slave)
        data = read_all(master, child, timeout=300)
        assert child.wait(timeout=60) == EXIT_SUCCESS, data[-3000:].decode(errors="replace")
    os.close(master)

    draws = DRAW.findall(data)
    assert len(draws) >= 3, data[-3000:]
    crawled = [int(draw[1]) for draw in draws]
    assert crawled == sorted(crawled) and crawled[-1] > crawled[0]  # counts move between redraws
    assert int(draws[-1][3]) > 0  # records
    # In place: no status text is ever left on a line of its own, nor glued to a log line.
    for line in data.split(b"\n"):
        visible = line.rsplit(b"\r", 1)[-1].replace(b"\x1b[K", b"")
        assert not visible.startswith(b"crawled "), line
    assert b"INFO: progress:" not in data  # a terminal gets the status line, not log lines
    assert b"Crawled " not in data  # Scrapy's LogStats is off
    # The summary line is the last thing written, on its own line, after the status line was cleared.
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1].rsplit(b"\r", 1)[-1].replace(b"\x1b[K", b"")
    assert last.startswith(b"iomcrawl: success: ") and last.endswith(b"crawl-summary.json"), last


@pytest.mark.crawl
@pytest.mark.slow
def test_in_a_log_progress_is_periodic_info_lines(slow_site: PressSite, tmp_path: Path) -> None:
    command = [
        *crawl_command(slow_site.url("index.html"), tmp_path / "out"),
        "-s",
        "IOMCRAWL_PROGRESS_INTERVAL=0.5",
    ]
    run = subprocess.run(
        command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == EXIT_SUCCESS, run.stderr[-3000:]
    progress = re.findall(
        r"\[iomcrawl\.crawl\.status\] INFO: progress: crawled (\d+) \| queued \d+ \| ", run.stderr
    )
    assert len(progress) >= 2, run.stderr[-3000:]
    assert [int(n) for n in progress] == sorted(int(n) for n in progress)
    assert "\r" not in run.stderr and "\x1b[" not in run.stderr
    assert "Crawled " not in run.stderr
    [summary] = run.stdout.splitlines()
    assert summary.startswith("iomcrawl: success: ")
    assert f"-> {tmp_path / 'out' / 'releases.jsonl'}, " in summary
