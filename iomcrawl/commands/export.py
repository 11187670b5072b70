"""`iomcrawl export`: crawl output as typed tables (Parquet, CSV or DuckDB) for pandas, polars and DuckDB."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iomcrawl.export import FORMATS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export",
        help="write releases, people, phones, emails, rejected (and pages) as typed tables",
        description="Write a crawl's records as tables with fixed types: releases (one row per record), "
        "people, phones, emails and rejected (one row per item, keyed by record_id and the item's index), "
        "and pages (one row per line of pages.jsonl, when the input folder has one). Every export has "
        "the same columns and types, whatever it holds. Exit 0 written, 2 bad input or output.",
    )
    export.add_argument("input", help="a crawl output folder (releases.jsonl, pages.jsonl) or a JSONL file")
    export.add_argument(
        "--format",
        choices=FORMATS,
        default="parquet",
        help="parquet: TABLE.parquet; csv: TABLE.csv; duckdb: one iomcrawl.duckdb (default: parquet)",
    )
    export.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the tables to")
    export.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        from iomcrawl.export.tables import ExportError
        from iomcrawl.export.writers import export, written_summary

        written = export(Path(args.input), Path(args.output), args.format)
    except ImportError as error:  # pyarrow, or duckdb for --format duckdb
        print(f"iomcrawl: export needs {error.name}: pip install 'iomcrawl[export]'", file=sys.stderr)
        return 2
    except ExportError as error:
        print(f"iomcrawl: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(written_summary(written))
    return 0
