"""The export's three formats: a Parquet file per table, a CSV file per table, or one DuckDB database.

Rows go out in batches of :data:`BATCH_ROWS`, so memory holds one batch per table, never the whole
input. Every file is written under a ``.part`` name and renamed only when the whole export has
succeeded: a failed export leaves the files of an earlier one as they were.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from iomcrawl.export import FORMATS
from iomcrawl.export.tables import ExportError, Input, Row, Table, inputs, read_rows

BATCH_ROWS = 10_000
DUCKDB_FILE = "iomcrawl.duckdb"
LIST_SEPARATOR = " "  # joins a list of strings in a CSV cell; no value it joins holds a space


class TableWriter(Protocol):
    def write(self, rows: list[Row]) -> None: ...

    def close(self) -> None: ...


def batch(table: Table, rows: list[Row]) -> pa.RecordBatch:
    """*rows* as one record batch of *table*'s schema (a value of another type is an error, not a cast)."""
    return pa.RecordBatch.from_pylist(rows, schema=table.schema)


class ParquetWriter:
    def __init__(self, table: Table, path: Path) -> None:
        import pyarrow.parquet as pq

        self.table = table
        self.writer = pq.ParquetWriter(path, table.schema, compression="zstd")

    def write(self, rows: list[Row]) -> None:
        self.writer.write_batch(batch(self.table, rows))

    def close(self) -> None:
        self.writer.close()


class CsvWriter:
    """RFC 4180 with a header line, UTF-8, ``\\n`` line ends. Nulls (and empty strings) are empty cells;
    dates are ``YYYY-MM-DD``, date-times ISO 8601 in UTC with ``Z``, booleans ``true``/``false``, and a
    list of strings is its items joined by one space (E.164 numbers, addresses, codes, ids and URLs as
    the crawl writes them hold none; a value that does is refused rather than split wrongly later)."""

    def __init__(self, table: Table, path: Path) -> None:
        self.table = table
        self.stream = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow(table.columns)

    def write(self, rows: list[Row]) -> None:
        batch(self.table, rows)  # the same type checks as the other formats
        columns = self.table.columns
        self.writer.writerows([[csv_cell(row[name], name) for name in columns] for row in rows])

    def close(self) -> None:
        self.stream.close()


def csv_cell(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        for item in value:
            if not item or any(char.isspace() for char in item):
                raise ExportError(
                    f"{column}: cannot join {json.dumps(item, ensure_ascii=False)} into a CSV cell "
                    "(it is empty or holds a space); export to parquet or duckdb instead"
                )
        return LIST_SEPARATOR.join(value)
    return str(value)


class DuckdbWriter:
    """One table of the database: created from the empty schema (so an empty table is typed too), with
    NOT NULL where the schema says so, then filled batch by batch."""

    def __init__(self, table: Table, connection: Any) -> None:
        self.table = table
        self.connection = connection
        empty = table.schema.empty_table()
        connection.register("export_batch", empty)
        connection.execute(f'CREATE TABLE "{table.name}" AS SELECT * FROM export_batch')
        connection.unregister("export_batch")
        for field in table.schema:
            if not field.nullable:
                connection.execute(f'ALTER TABLE "{table.name}" ALTER COLUMN "{field.name}" SET NOT NULL')

    def write(self, rows: list[Row]) -> None:
        self.connection.register("export_batch", pa.Table.from_batches([batch(self.table, rows)]))
        self.connection.execute(f'INSERT INTO "{self.table.name}" SELECT * FROM export_batch')
        self.connection.unregister("export_batch")

    def close(self) -> None:
        pass


def export(source: Path, out_dir: Path, fmt: str) -> list[tuple[Path, Table, int]]:
    """Export *source* (a crawl output folder or a JSONL file of records) to *out_dir* in *fmt*:
    each file written, its table and its number of rows."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    todo = inputs(source)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create {out_dir}: {error.strerror or error}") from None
    parts: list[Path] = []
    try:
        if fmt == "duckdb":
            return _export_duckdb(todo, out_dir, parts)
        written = []
        for item in todo:
            writers: dict[str, TableWriter] = {}
            for table in item.tables:
                part = out_dir / f"{table.name}.{fmt}.part"
                parts.append(part)
                writers[table.name] = (
                    ParquetWriter(table, part) if fmt == "parquet" else CsvWriter(table, part)
                )
            counts = _fill(item, writers)
            written += [(out_dir / f"{t.name}.{fmt}", t, counts[t.name]) for t in item.tables]
        for part in parts:
            part.replace(part.with_suffix(""))
        return written
    except OSError as error:
        raise ExportError(f"cannot write to {out_dir}: {error.strerror or error}") from None
    finally:
        for part in parts:
            part.unlink(missing_ok=True)


def _export_duckdb(todo: list[Input], out_dir: Path, parts: list[Path]) -> list[tuple[Path, Table, int]]:
    import duckdb

    path = out_dir / DUCKDB_FILE
    part = path.with_name(path.name + ".part")
    parts += [part, part.with_name(part.name + ".wal")]
    part.unlink(missing_ok=True)
    written = []
    connection = duckdb.connect(str(part))
    try:
        for item in todo:
            counts = _fill(item, {t.name: DuckdbWriter(t, connection) for t in item.tables})
            written += [(path, t, counts[t.name]) for t in item.tables]
        connection.execute("CHECKPOINT")
    finally:
        connection.close()
    part.replace(path)
    return written


def _fill(item: Input, writers: dict[str, TableWriter]) -> dict[str, int]:
    """Stream *item*'s rows into *writers*, a batch at a time; the rows written, by table."""
    pending: dict[str, list[Row]] = {name: [] for name in writers}
    counts = dict.fromkeys(writers, 0)
    try:
        for rows in read_rows(item):
            for name, new in rows.items():
                pending[name] += new
                counts[name] += len(new)
                if len(pending[name]) >= BATCH_ROWS:
                    _flush(writers[name], pending[name], name, item)
        for name, rest in pending.items():
            _flush(writers[name], rest, name, item)
    finally:
        for writer in writers.values():
            writer.close()
    return counts


def _flush(writer: TableWriter, rows: list[Row], name: str, item: Input) -> None:
    if not rows:
        return
    try:
        writer.write(rows)
    except (pa.ArrowException, ValueError, ExportError) as error:  # a value the table refuses
        raise ExportError(f"{item.path}: table {name}: {_first_line(error)}") from None
    rows.clear()


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def written_summary(written: Iterable[tuple[Path, Table, int]]) -> str:
    out = io.StringIO()
    for path, table, count in written:
        out.write(f"{table.name}: {count} row{'' if count == 1 else 's'} -> {path}\n")
    return out.getvalue()
