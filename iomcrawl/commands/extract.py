"""`iomcrawl extract`: the release records of saved pages, as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from iomcrawl.codes import PageError, Reason
from iomcrawl.commands.arguments import deadline

T = TypeVar("T")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from iomcrawl.crawl.settings import IOMCRAWL_EXTRACTION_TIMEOUT

    extract = sub.add_parser("extract", help="print the release records of one saved page as JSON lines")
    extract.add_argument("path", help="a saved page: HTML bytes as served, or a .txt text rendering")
    extract.add_argument("--url", help="the page's original URL (used for ids and context)")
    extract.add_argument(
        "--timeout",
        type=deadline,
        default=IOMCRAWL_EXTRACTION_TIMEOUT,
        metavar="SECONDS",
        help="give up (exit 1, extraction-timeout) when the page is not extracted after this many seconds; "
        f"0: no limit (default: {IOMCRAWL_EXTRACTION_TIMEOUT:g})",
    )
    extract.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
    result = within(args.timeout, lambda: extract_page(body, url, content_type=content_type, source=source))
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


def within(seconds: float, work: Callable[[], T]) -> T | None:
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
