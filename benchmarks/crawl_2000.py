"""The crawl's end-to-end check at scale: a generated press site of 2,000 pages on 127.0.0.1.

    .venv/bin/python benchmarks/crawl_2000.py                 # 2,000 release pages, SIGKILL at half
    .venv/bin/python benchmarks/crawl_2000.py --pages 300 --signal SIGINT

1. An uninterrupted crawl: every URL the server was asked for and every link on every page fetched must
   have a line in pages.jsonl (100% accounted), and no record id may be written twice.
2. The same crawl with a JOBDIR, killed (SIGKILL by default) once about half the release pages were
   served, then run again with the same JOBDIR: it must end with the same set of record ids as run 1,
   with no duplicates, 100% accounted, every JSONL line whole, and every WARC file readable.

Prints the figures; exits 1 if a check fails. Not a CI test (tests/test_crawl_resume.py runs the same
checks on a small site). Only the crawler processes this script starts are signalled.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the crawl checks live with the test support

from support.crawls import (  # noqa: E402
    accounting,
    crawl_command,
    crawl_killed_and_resumed,
    record_ids,
    run_crawl_command,
)
from support.sites import PressSite  # noqa: E402


def warc_ok(folder: Path) -> tuple[int, bool, list[str]]:
    files = sorted(folder.glob("*.warc.gz"))
    leftovers = [p.name for p in folder.glob("*.open")]
    result = subprocess.run(
        [sys.executable, "-m", "iomcrawl.warc.compat", "check", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return len(files), result.returncode == 0 and not leftovers, leftovers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000, help="release pages on the site (default 2000)")
    parser.add_argument("--signal", default="SIGKILL", choices=["SIGKILL", "SIGINT", "SIGTERM"])
    parser.add_argument("--at", type=float, default=0.5, help="stop once this share of pages was served")
    parser.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="iomcrawl-bench-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    report: dict[str, object] = {"pages": args.pages, "signal": args.signal}
    with PressSite(pages=args.pages, lifetime=3600) as site:
        start = site.url("index.html")

        started = time.monotonic()
        first = run_crawl_command(
            crawl_command(start, work / "uninterrupted"), ROOT, 3600, work / "uninterrupted.log"
        )
        seconds = time.monotonic() - started
        whole = accounting(work / "uninterrupted", site, start)
        ids = record_ids(work / "uninterrupted")
        print(f"uninterrupted: exit {first.returncode}, {seconds:.1f} s")
        print(f"  {whole.summary()}")
        print(f"  outcomes {whole.outcomes}")
        print(f"  reasons {whole.reasons}")
        report["uninterrupted"] = {"exit": first.returncode, "seconds": round(seconds, 1), **whole.__dict__}
        if whole.unaccounted:
            failures.append(
                f"uninterrupted: {len(whole.unaccounted)} URLs without a line: {whole.unaccounted[:5]}"
            )
        if whole.duplicate_ids:
            failures.append(f"uninterrupted: duplicate record ids {whole.duplicate_ids[:5]}")
        if whole.release_pages != args.pages:
            failures.append(
                f"uninterrupted: {whole.release_pages} of {args.pages} release pages gave a record"
            )

        site.reset()
        stopped = crawl_killed_and_resumed(
            site,
            start,
            work / "resumed",
            work / "job",
            ROOT,
            stop_signal=signal.Signals[args.signal],
            fraction=args.at,
            timeout=3600,
        )
        (work / "stopped.log").write_text(stopped.first.log, encoding="utf-8")
        (work / "resumed.log").write_text(stopped.resumed.log, encoding="utf-8")
        resumed = accounting(work / "resumed", site, start)
        resumed_ids = record_ids(work / "resumed")
        files, warcs_valid, leftovers = warc_ok(work / "resumed" / "warc")
        print(
            f"{args.signal} after {stopped.served_at_stop} of {args.pages} release pages served "
            f"(exit {stopped.first.returncode}, {stopped.part_lines_at_stop} log lines written, "
            f"torn last line: {stopped.torn_tail}); resumed: exit {stopped.resumed.returncode}, "
            f"{stopped.resumed.seconds:.1f} s"
        )
        print(f"  {resumed.summary()}")
        print(
            f"  record ids: {len(set(resumed_ids))} after resume vs {len(set(ids))} uninterrupted; "
            f"same set: {set(resumed_ids) == set(ids)}; WARC files {files}, all valid: {warcs_valid}"
        )
        report["resumed"] = {
            "stopped_exit": stopped.first.returncode,
            "served_at_stop": stopped.served_at_stop,
            "resumed_exit": stopped.resumed.returncode,
            "same_ids": set(resumed_ids) == set(ids),
            "warc_files": files,
            "warcs_valid": warcs_valid,
            **resumed.__dict__,
        }
        if set(resumed_ids) != set(ids):
            failures.append("resumed: the record-id set differs from the uninterrupted crawl's")
        if len(resumed_ids) != len(set(resumed_ids)):
            failures.append("resumed: duplicate record ids")
        if resumed.unaccounted:
            failures.append(
                f"resumed: {len(resumed.unaccounted)} URLs without a line: {resumed.unaccounted[:5]}"
            )
        if stopped.resumed.returncode != 0:
            failures.append(f"resumed: exit code {stopped.resumed.returncode}")
        if not warcs_valid:
            failures.append(f"resumed: WARC files fail warcio check or were left open: {leftovers}")
    (work / "report.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    print(f"outputs and logs: {work}")
    for failure in failures:
        print("FAILED:", failure)
    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
