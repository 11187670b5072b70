"""`iomcrawl report`: one self-contained HTML report over fixtures or a crawl."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="write one self-contained HTML report over fixtures or a crawl")
    source = report.add_mutually_exclusive_group()
    source.add_argument("--fixtures", metavar="DIR", help="a fixtures directory (default: fixtures/)")
    source.add_argument(
        "--crawl", metavar="DIR", help="a crawl output dir: releases.jsonl, pages.jsonl, warc/"
    )
    report.add_argument("-o", "--output", default="output/report.html", help="default: output/report.html")
    report.add_argument("--limit", type=int, help="show at most this many pages after the summary")
    report.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
