"""The `iomcrawl` command: extract one saved page, run a crawl, or check the chain against fixtures."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from iomcrawl import __version__
from iomcrawl.codes import PageError, Reason

T = TypeVar("T")


def _extract(args: argparse.Namespace) -> int:
    from iomcrawl.extraction import extract_page
    from iomcrawl.extraction.records import Source

    path = Path(args.path)
    try:
        body = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError as exc:
        print(f"iomcrawl: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    url = args.url or path.resolve().as_uri()
    content_type = "text/plain" if path.suffix.lower() == ".txt" else None
    source = Source(kind="file", fetched_at=mtime.isoformat(timespec="seconds").replace("+00:00", "Z"))
    result = _within(args.timeout, lambda: extract_page(body, url, content_type=content_type, source=source))
    if result is None:
        reason = Reason(PageError.EXTRACTION_TIMEOUT, f"no result after {args.timeout:g} s")
        print(f"iomcrawl: {path}: {reason}", file=sys.stderr)
        return 1
    for record in result.records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if result.status == "no-release":
        print(f"iomcrawl: no release in {path}: {result.reason}", file=sys.stderr)
    elif result.status == "error":
        print(f"iomcrawl: {path}: {result.reason}", file=sys.stderr)
        return 1
    return 0


def _within(seconds: float, work: Callable[[], T]) -> T | None:
    """*work*'s result, or None when it has not come after *seconds* (0: no limit). The work runs on a
    daemon thread, which cannot be killed: the command exits without waiting for it."""
    if seconds <= 0:
        return work()
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # raised again on the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=run, name="iomcrawl-extract", daemon=True)
    thread.start()
    thread.join(seconds)
    if errors:
        raise errors[0]
    return results[0] if results else None


def _crawl(args: argparse.Namespace) -> int:
    from iomcrawl.crawl.runner import run_crawl

    return run_crawl(args.scrapy_args)


def _check(args: argparse.Namespace) -> int:
    from iomcrawl.qa.check import resolve, run_check, update_expected
    from iomcrawl.qa.diff_text import format_run, run_json

    root = Path(args.fixtures_dir)
    if not root.is_dir():
        print(f"iomcrawl: no fixtures directory {root}", file=sys.stderr)
        return 2
    run = run_check(root)
    targets = []
    for name in args.update or []:
        check = resolve(run, name)
        if check is None:
            print(f"iomcrawl: no fixture named {name} under {root}", file=sys.stderr)
            return 2
        if check.problem:
            print(f"iomcrawl: cannot update {check.name}: {check.problem}", file=sys.stderr)
            return 2
        targets.append(check)
    if not args.json:
        sys.stdout.write(format_run(run))
    updated = []
    for check in targets:
        if check.status == "match":
            print(f"unchanged {check.name}: it already matches", file=sys.stderr)
            continue
        fresh = update_expected(check)
        run.checks[run.checks.index(check)] = fresh
        updated.append(check.name)
        print(f"updated {check.expected_file}", file=sys.stderr)
    if args.json:
        sys.stdout.write(
            json.dumps({**run_json(run), "updated": updated}, ensure_ascii=False, indent=2) + "\n"
        )
    elif updated:
        print(f"after the update: {run.count('match')} of {len(run.checks)} fixtures match", file=sys.stderr)
    return run.exit_code()


def _fixture_add(args: argparse.Namespace) -> int:
    from iomcrawl.qa.capture import capture, load_source
    from iomcrawl.qa.sources import SourceError

    try:
        response = load_source(
            args.source, url=args.url, obey_robots=not args.ignore_robots, timeout=args.timeout
        )
        done = capture(response, Path(args.dir), args.name, force=args.force)
    except SourceError as exc:
        print(f"iomcrawl: {exc}", file=sys.stderr)
        return 2
    result = done.result
    n = len(result.records)
    what = f"{n} record{'' if n == 1 else 's'}" if n else f"no release ({result.reason})"
    print(f"captured {done.page} ({response.status or 'file'}, {len(response.body)} bytes): {what}")
    for record in result.records:
        print(f"  - {record['headline']}")
    print(f"wrote {done.response_file} and {done.expected_file} (unreviewed)")
    print(f"next: read the page, correct {done.expected_file}, then run: iomcrawl fixture review {done.name}")
    return 0


def _fixture_review(args: argparse.Namespace) -> int:
    from iomcrawl.qa.capture import review
    from iomcrawl.qa.sources import SourceError

    try:
        path, changed = review(Path(args.dir), args.name)
    except (SourceError, OSError, ValueError) as exc:
        print(f"iomcrawl: {exc}", file=sys.stderr)
        return 2
    print(f"{'marked reviewed' if changed else 'already reviewed'}: {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from iomcrawl.qa.pages import from_crawl, from_fixtures
    from iomcrawl.qa.report import write_report

    source = Path(args.crawl or args.fixtures or "fixtures")
    if not source.is_dir():
        print(f"iomcrawl: no such directory {source}", file=sys.stderr)
        return 2
    if args.crawl and not any((source / n).exists() for n in ("pages.jsonl", "releases.jsonl")):
        print(f"iomcrawl: {source} holds neither pages.jsonl nor releases.jsonl", file=sys.stderr)
        return 2
    data = from_crawl(source) if args.crawl else from_fixtures(source)
    path = write_report(data, Path(args.output), limit=args.limit)
    records = sum(len(p.records) for p in data.pages)
    print(f"wrote {path}: {len(data.pages)} pages, {records} records")  # plain counts, for scripts
    for note in data.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text!r}")
    return value


def _deadline(text: str) -> float:
    """A number of seconds, 0 for no limit (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds (0: no limit), not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from iomcrawl.crawl.settings import DOWNLOAD_TIMEOUT, IOMCRAWL_EXTRACTION_TIMEOUT

    parser = argparse.ArgumentParser(prog="iomcrawl", description=__doc__)
    parser.add_argument("--version", action="version", version=f"iomcrawl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="print the release records of one saved page as JSON lines")
    extract.add_argument("path", help="a saved page: HTML bytes as served, or a .txt text rendering")
    extract.add_argument("--url", help="the page's original URL (used for ids and context)")
    extract.add_argument(
        "--timeout",
        type=_deadline,
        default=IOMCRAWL_EXTRACTION_TIMEOUT,
        metavar="SECONDS",
        help="give up (exit 1, extraction-timeout) when the page is not extracted after this many seconds; "
        f"0: no limit (default: {IOMCRAWL_EXTRACTION_TIMEOUT:g})",
    )
    extract.set_defaults(func=_extract)

    crawl = sub.add_parser(
        "crawl", help="run `scrapy crawl releases` (extra args are passed on, e.g. -a start_url=URL)"
    )
    crawl.add_argument("scrapy_args", nargs=argparse.REMAINDER)
    crawl.set_defaults(func=_crawl)

    check = sub.add_parser(
        "check",
        help="run the chain on every fixture and diff it field by field (exit 0 match, 1 differences, 2 broken)",
    )
    check.add_argument("fixtures_dir", nargs="?", default="fixtures", help="default: fixtures/")
    check.add_argument(
        "--update",
        nargs="+",
        metavar="NAME",
        help="after showing the diff, rewrite these fixtures' expected files from the chain's output",
    )
    check.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    check.set_defaults(func=_check)

    fixture = sub.add_parser("fixture", help="capture a page as a fixture, or mark one reviewed")
    fixture_sub = fixture.add_subparsers(dest="fixture_command", required=True)
    add = fixture_sub.add_parser(
        "add", help="save a page (URL, FILE or WARC#offset) with a first, unreviewed expected file"
    )
    add.add_argument("source", help="an http(s) URL, a saved page, or ARCHIVE.warc.gz#OFFSET")
    add.add_argument("--url", help="the original URL of a saved page")
    add.add_argument("--name", help="fixture name (default: layout family + URL words)")
    add.add_argument("--dir", default="fixtures/pages", help="where to write it (default: fixtures/pages)")
    add.add_argument("--force", action="store_true", help="replace a fixture of the same name")
    add.add_argument("--ignore-robots", action="store_true", help="fetch even if robots.txt disallows it")
    add.add_argument(
        "--timeout",
        type=_seconds,
        default=float(DOWNLOAD_TIMEOUT),
        metavar="SECONDS",
        help=f"give up on a URL after this many seconds in all, robots.txt included (default: {DOWNLOAD_TIMEOUT})",
    )
    add.set_defaults(func=_fixture_add)
    rev = fixture_sub.add_parser("review", help="mark a fixture's expected file as checked by a person")
    rev.add_argument("name", help="fixture name, e.g. pages/drupal9-foo or drupal9-foo")
    rev.add_argument("--dir", default="fixtures", help="fixtures root (default: fixtures)")
    rev.set_defaults(func=_fixture_review)

    report = sub.add_parser("report", help="write one self-contained HTML report over fixtures or a crawl")
    source = report.add_mutually_exclusive_group()
    source.add_argument("--fixtures", metavar="DIR", help="a fixtures directory (default: fixtures/)")
    source.add_argument(
        "--crawl", metavar="DIR", help="a crawl output dir: releases.jsonl, pages.jsonl, warc/"
    )
    report.add_argument("-o", "--output", default="output/report.html", help="default: output/report.html")
    report.add_argument("--limit", type=int, help="show at most this many pages after the summary")
    report.set_defaults(func=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["crawl"]:  # everything after `crawl` belongs to scrapy (-a, -s, ...)
        from iomcrawl.crawl.runner import run_crawl

        return run_crawl(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
