"""`iomcrawl fixture add|review`: capture a page as a fixture, or mark its expected file reviewed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iomcrawl.commands.arguments import seconds
from iomcrawl.qa.folders import FIXTURE_DIR, review_command


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from iomcrawl.crawl.settings import DOWNLOAD_TIMEOUT

    fixture = sub.add_parser("fixture", help="capture a page as a fixture, or mark one reviewed")
    fixture_sub = fixture.add_subparsers(dest="fixture_command", required=True)
    add = fixture_sub.add_parser(
        "add", help="save a page (URL, FILE or WARC#offset) with a first, unreviewed expected file"
    )
    add.add_argument("source", help="an http(s) URL, a saved page, or ARCHIVE.warc.gz#OFFSET")
    add.add_argument("--url", help="the original URL of a saved page")
    add.add_argument("--name", help="fixture name (default: layout family + URL words)")
    add.add_argument(
        "--dir",
        type=Path,
        default=FIXTURE_DIR,
        help=f"the folder to write the fixture's files in (default: {FIXTURE_DIR}); give review the same",
    )
    add.add_argument("--force", action="store_true", help="replace a fixture of the same name")
    add.add_argument("--ignore-robots", action="store_true", help="fetch even if robots.txt disallows it")
    add.add_argument(
        "--timeout",
        type=seconds,
        default=float(DOWNLOAD_TIMEOUT),
        metavar="SECONDS",
        help=f"give up on a URL after this many seconds in all, robots.txt included (default: {DOWNLOAD_TIMEOUT})",
    )
    add.set_defaults(func=add_fixture)
    rev = fixture_sub.add_parser("review", help="mark a fixture's expected file as checked by a person")
    rev.add_argument("name", help="fixture name as `fixture add` printed it, e.g. drupal9-foo")
    rev.add_argument(
        "--dir",
        type=Path,
        default=FIXTURE_DIR,
        help=f"the folder the fixture's files are in, as given to `fixture add --dir` (default: {FIXTURE_DIR})",
    )
    rev.set_defaults(func=review_fixture)


def add_fixture(args: argparse.Namespace) -> int:
    from iomcrawl.qa.capture import capture, load_source
    from iomcrawl.qa.sources import SourceError

    try:
        response = load_source(
            args.source, url=args.url, obey_robots=not args.ignore_robots, timeout=args.timeout
        )
        done = capture(response, args.dir, args.name, force=args.force)
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
    print(
        f"next: read the page, correct {done.expected_file}, then run: {review_command(done.name, args.dir)}"
    )
    return 0


def review_fixture(args: argparse.Namespace) -> int:
    from iomcrawl.qa.capture import review
    from iomcrawl.qa.sources import SourceError

    try:
        path, changed = review(args.dir, args.name)
    except (SourceError, OSError, ValueError) as exc:
        print(f"iomcrawl: {exc}", file=sys.stderr)
        return 2
    print(f"{'marked reviewed' if changed else 'already reviewed'}: {path}")
    return 0
