"""The `iomcrawl` command: extract one saved page, or run a crawl."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from iomcrawl import __version__


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
    result = extract_page(body, url, content_type=content_type, source=source)
    for record in result.records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if result.status == "no-release":
        print(f"iomcrawl: no release in {path}: {result.reason}", file=sys.stderr)
    elif result.status == "error":
        print(f"iomcrawl: {path}: {result.reason}", file=sys.stderr)
        return 1
    return 0


def _crawl(args: argparse.Namespace) -> int:
    from iomcrawl.crawl import run_crawl

    return run_crawl(args.scrapy_args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iomcrawl", description=__doc__)
    parser.add_argument("--version", action="version", version=f"iomcrawl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="print the release records of one saved page as JSON lines")
    extract.add_argument("path", help="a saved page: HTML bytes as served, or a .txt text rendering")
    extract.add_argument("--url", help="the page's original URL (used for ids and context)")
    extract.set_defaults(func=_extract)

    crawl = sub.add_parser(
        "crawl", help="run `scrapy crawl releases` (extra args are passed on, e.g. -a start_url=URL)"
    )
    crawl.add_argument("scrapy_args", nargs=argparse.REMAINDER)
    crawl.set_defaults(func=_crawl)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["crawl"]:  # everything after `crawl` belongs to scrapy (-a, -s, ...)
        from iomcrawl.crawl import run_crawl

        return run_crawl(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
