"""The `iomcrawl` command: extract saved pages, run a crawl, or check the chain against fixtures."""

from __future__ import annotations

import argparse
import sys

from iomcrawl import __version__
from iomcrawl.commands import check, export, extract, fixture, report, sitegen


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iomcrawl", description=__doc__)
    parser.add_argument("--version", action="version", version=f"iomcrawl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    extract.register(sub)
    sub.add_parser(
        "crawl",
        help="crawl press pages into release records (-a start_url=URL, -a archive=PATH; crawl --help)",
    )
    check.register(sub)
    fixture.register(sub)
    report.register(sub)
    export.register(sub)
    sitegen.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["crawl"]:  # `crawl` parses its own arguments (iomcrawl/crawl/command.py)
        from iomcrawl.crawl.runner import run_crawl

        return run_crawl(argv[1:])
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
