"""`iomcrawl check`: run the chain on every fixture and diff it field by field."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EPILOG = """\
how fields are compared (the same rules as tests/test_fixtures.py):
  only the fields an expected record states are compared.
  headline, date, dateline, language, body: equal once runs of spaces and line breaks inside a
    paragraph are made one space (paragraphs are split at blank lines) and Unicode is NFC-normalised.
  people: matched by name, ignoring case and runs of spaces (not accents); order does not count;
    a person missing or extra is a difference.
  role, office (loose): compared only when the expected value is not empty; they match when at least
    half of the distinct words of the two, taken together, are in both (case ignored): "IOM trainer"
    matches "trainer" (1 of 2 words), "Chief of Mission" does not match "Mission" (1 of 3).
    An expected null or "" accepts anything.
  a person's phones and emails: the same values in any order, exactly.
  phones: the same (e164, kind, extension) entries in any order; their raw text too (spaces
    collapsed) when the expected file gives "raw" for any of them.
  emails: the same addresses in any order, case ignored.
  fixes: every repair the expected file names must be reported; others may be reported too.

exit codes: 0 every fixture matches, 1 some field differs, 2 a fixture is broken, -k selects nothing,
  or an --update NAME is unknown.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser(
        "check",
        help="run the chain on every fixture and diff it field by field (exit 0 match, 1 differences, 2 broken)",
        description="Run the chain on every fixture and compare it with the fixture's expected file, field by field.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("fixtures_dir", nargs="?", default="fixtures", help="default: fixtures/")
    check.add_argument(
        "-k",
        dest="pattern",
        metavar="PATTERN",
        help="only the fixtures whose name contains PATTERN, or matches it as a glob when it has * ? or [ "
        "(case ignored), e.g. -k sofala, -k 'pages/drupal7-*'",
    )
    check.add_argument(
        "--update",
        action="append",
        metavar="NAME",
        help="after showing the diff, replace in this fixture's expected file the values that differ from "
        "the chain's output (repeat for several: --update A --update B)",
    )
    check.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    check.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from iomcrawl.qa.check import resolve, run_check, update_expected
    from iomcrawl.qa.diff_text import format_run, run_json

    root = Path(args.fixtures_dir)
    if not root.is_dir():
        hint = (
            " (to update several fixtures, repeat the option: --update A --update B)" if args.update else ""
        )
        print(f"iomcrawl: no fixtures directory {root}{hint}", file=sys.stderr)
        return 2
    run = run_check(root, args.pattern)
    selected = f" matching -k {args.pattern}" if args.pattern else ""
    if not run.checks:
        print(f"iomcrawl: no fixture under {root}{selected}", file=sys.stderr)
        return 2
    targets = []
    for name in args.update or []:
        check = resolve(run, name)
        if check is None:
            print(f"iomcrawl: no fixture named {name} under {root}{selected}", file=sys.stderr)
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
