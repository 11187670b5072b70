"""A crash-safe crawl journal in JOBDIR, so a crawl stopped by SIGINT *or SIGKILL* can be resumed.

Scrapy's own JOBDIR keeps the scheduler queue in pickled files whose index is written only on a clean
stop, and marks requests seen as soon as they are queued: after a SIGKILL it resumes with those requests
seen but not queued, i.e. lost. iomcrawl takes JOBDIR over (the spider moves it to ``IOMCRAWL_JOBDIR``)
and keeps two small files there instead:

* ``iomcrawl-job.json``: the output folder the job writes to, and how many runs it has had;
* ``frontier.jsonl``: one line per URL the crawl decided to fetch, appended (one ``write``, flushed)
  before the request is queued.

What has been done is not journaled separately: it is ``pages.jsonl`` itself (see
:mod:`iomcrawl.crawl.outputs.pagelog`), so "done" and "accounted for in the crawl log" cannot disagree.
On resume, the URLs of the frontier without a final line in ``pages.jsonl`` are queued again (the spider
yields them; the gate, :mod:`iomcrawl.crawl.middlewares.gate`, counts them as admitted).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from iomcrawl.crawl.config import ConfigError

JOB_FILE = "iomcrawl-job.json"
FRONTIER_FILE = "frontier.jsonl"


def repair_tail(path: Path) -> int:
    """Cut an unterminated last line (a write a kill interrupted); returns the bytes removed."""
    if not path.exists():
        return 0
    with path.open("r+b") as stream:
        size = stream.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        stream.seek(max(0, size - 1))
        if stream.read(1) == b"\n":
            return 0
        # find the last newline, reading backwards in blocks
        end = size
        while end > 0:
            start = max(0, end - 65536)
            stream.seek(start)
            block = stream.read(end - start)
            cut = block.rfind(b"\n")
            if cut >= 0:
                keep = start + cut + 1
                break
            end = start
        else:
            keep = 0
        stream.truncate(keep)
        return size - keep


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The JSON lines of *path* (after :func:`repair_tail`); a line that does not parse is skipped."""
    if not path.exists():
        return []
    lines = []
    with path.open("rb") as stream:
        for raw in stream:
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
    return lines


def append_line(fd: int, data: bytes) -> None:
    """Append *data* with as few ``write`` calls as the kernel allows (one, for any normal line)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class Journal:
    def __init__(self, jobdir: str | Path) -> None:
        self.directory = Path(jobdir)
        self.job_file = self.directory / JOB_FILE
        self.frontier_file = self.directory / FRONTIER_FILE
        self._fd: int | None = None
        self.job: dict[str, Any] = {}

    def exists(self) -> bool:
        return self.job_file.is_file()

    def open(self, output_dir: Path) -> list[dict[str, Any]]:
        """Start a run of the job; returns the frontier of earlier runs ([] for a new job)."""
        output = str(output_dir.resolve())
        frontier: list[dict[str, Any]] = []
        if self.exists():
            self.job = json.loads(self.job_file.read_text(encoding="utf-8"))
            if self.job.get("output_dir") != output:
                raise ConfigError(
                    f"JOBDIR {self.directory} belongs to a crawl writing to {self.job.get('output_dir')}, "
                    f"not {output}: resume with the same IOMCRAWL_OUTPUT_DIR, or use a new JOBDIR"
                )
            repair_tail(self.frontier_file)
            frontier = read_lines(self.frontier_file)
        else:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.job = {"version": 1, "output_dir": output, "runs": 0}
        self.job["runs"] = int(self.job.get("runs", 0)) + 1
        self.job["status"] = "running"
        self._save()
        self._fd = os.open(self.frontier_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        return frontier

    @property
    def runs(self) -> int:
        return int(self.job.get("runs", 0))

    def add(self, entry: dict[str, Any]) -> None:
        assert self._fd is not None, "journal not open"
        append_line(self._fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))

    def close(self, status: str) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None
        self.job["status"] = status
        self._save()

    def _save(self) -> None:
        tmp = self.job_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.job, indent=1), encoding="utf-8")
        tmp.replace(self.job_file)
