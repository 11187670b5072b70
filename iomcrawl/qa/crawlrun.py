"""How a crawl went, for its report: how long it ran, how fast, and which URLs it left unfetched, and why.

The duration is the crawl's own measure when it has one (``run_seconds`` in ``crawl-summary.json``, the
wall time of a crawl run once); for a job resumed over several runs, or without a summary, it is the
time between the first and the last line of the crawl log (``fetched_at``), which counts any pause
between runs too. Rates are per second of that duration. Dropped URLs (not fetched, by policy) are
grouped by their reason code (:class:`iomcrawl.codes.Drop`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from iomcrawl.codes import Outcome, reason_code
from iomcrawl.qa.fixtures import FixtureFileError, read_json

SUMMARY_FILE = "crawl-summary.json"
READ_OUTCOMES = (Outcome.RECORDS, Outcome.NO_RELEASE, Outcome.ERROR)  # pages that went through the chain
FROM_SUMMARY = "run_seconds in crawl-summary.json"
FROM_LOG = "first to last line of pages.jsonl"
NO_REASON = "unknown"


@dataclass
class CrawlRun:
    finish_reason: str | None = None
    exit_status: str | None = None
    runs: int | None = None
    seconds: float | None = None
    seconds_from: str | None = None  # FROM_SUMMARY or FROM_LOG
    first: str | None = None  # the crawl log's first and last fetched_at
    last: str | None = None
    lines: int = 0  # URLs accounted for in the crawl log
    pages: int = 0  # of which read through the chain (records, no release, error)
    dropped: dict[str, list[str]] = field(default_factory=dict)  # reason code -> URLs, most first
    not_logged: int = 0  # drops of a URL met again, counted by the crawl but not logged again

    def rate(self, count: int) -> float | None:
        """`count` per second of the crawl's duration; None when the duration is unknown or zero."""
        return count / self.seconds if self.seconds else None


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _summary(directory: Path, notes: list[str]) -> dict[str, Any]:
    path = directory / SUMMARY_FILE
    if not path.exists():
        notes.append(f"{SUMMARY_FILE} is missing: the duration is taken from the crawl log's times")
        return {}
    try:
        summary = read_json(path)
    except (FixtureFileError, OSError) as exc:
        notes.append(f"{SUMMARY_FILE} cannot be read ({exc}): the duration is taken from the crawl log")
        return {}
    return summary if isinstance(summary, dict) else {}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def crawl_run(directory: Path, log: list[dict[str, Any]], notes: list[str]) -> CrawlRun:
    """The run of the crawl whose output is `directory`, from its summary file and crawl log lines."""
    summary = _summary(directory, notes)
    run = CrawlRun(
        finish_reason=summary.get("finish_reason"),
        exit_status=summary.get("exit_status"),
        runs=summary.get("runs") if isinstance(summary.get("runs"), int) else None,
        lines=len(log),
        not_logged=int(_number(summary.get("repeated_drops_not_logged")) or 0),
    )
    dropped: dict[str, list[str]] = {}
    times = []
    for line in log:
        outcome = line.get("outcome")
        run.pages += outcome in READ_OUTCOMES
        if outcome == Outcome.DROPPED:
            code = reason_code(line.get("reason")) or NO_REASON
            dropped.setdefault(code, []).append(str(line.get("url") or ""))
        when = _time(line.get("fetched_at"))
        if when is not None:
            times.append(when)
    run.dropped = dict(sorted(dropped.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    if times:
        first, last = min(times), max(times)
        run.first, run.last = first.isoformat(), last.isoformat()
    seconds = _number(summary.get("run_seconds"))
    if seconds is not None and (run.runs or 1) == 1:
        run.seconds, run.seconds_from = seconds, FROM_SUMMARY
    elif times:
        run.seconds, run.seconds_from = (max(times) - min(times)).total_seconds(), FROM_LOG
    return run


def duration_text(seconds: float) -> str:
    """A duration as a person reads it: 0.48 s, 12.3 s, 2 min 05 s, 1 h 02 min."""
    if seconds < 10:
        return f"{seconds:.2f} s"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def rate_text(rate: float | None) -> str:
    if rate is None:
        return "–"
    return f"{rate:.1f}/s" if rate >= 1 else f"{rate * 60:.1f}/min"
