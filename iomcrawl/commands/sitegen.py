"""`iomcrawl sitegen`: write a synthetic IOM-like press site of any size, to crawl offline or load-test."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iomcrawl.commands.arguments import whole_number


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gen = sub.add_parser(
        "sitegen",
        help="write a synthetic press site of N release pages as static files (crawl it with -a site_dir=DIR)",
    )
    gen.add_argument("dir", help="the folder to write the site into (created if missing)")
    gen.add_argument("--pages", type=whole_number("pages"), default=100, help="release pages (default: 100)")
    gen.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from iomcrawl.sitegen import PressSite

    root = Path(args.dir)
    try:
        written = PressSite(pages=args.pages).write(root)
    except OSError as exc:
        print(f"iomcrawl: cannot write the site to {root}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {written} pages and robots.txt to {root}; crawl it with: iomcrawl crawl -a site_dir={root}")
    return 0
