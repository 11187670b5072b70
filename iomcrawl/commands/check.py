"""`iomcrawl check`: run the chain on every fixture and diff it field by field."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    check.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
