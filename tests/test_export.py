"""`iomcrawl export`: typed tables that pandas, polars and DuckDB read with the same types and values.

Every export goes through the real command (``iomcrawl.cli.main`` or a subprocess). The expected rows
are written out here from the input records, not computed by the code under test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from iomcrawl.cli import main
from iomcrawl.crawl.outputs.exporters import PAGE_FIELDS
from iomcrawl.export.tables import PAGES, RECORD_TABLES, RELEASES, Table
from iomcrawl.schema import release_schema, schema_errors

pl = pytest.importorskip("polars")

TABLES = [*RECORD_TABLES, PAGES]
BY_NAME = {table.name: table for table in TABLES}
FILES = {"parquet": "{table}.parquet", "csv": "{table}.csv", "duckdb": "iomcrawl.duckdb"}


# --- input: hand-made records (valid under the schema) and crawl-log lines -------------------------------


def record(rid: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema_version": 2,
        "id": rid,
        "url": f"https://www.iom.int/news/{rid}",
        "source": {"kind": "http", "fetched_at": "2026-01-02T03:04:05Z", "warc": None},
        "headline": f"Headline {rid}",
        "date": None,
        "date_source": None,
        "dateline": None,
        "language": None,
        "body": "Body.",
        "people": [],
        "phones": [],
        "emails": [],
        "rejected": [],
        "fixes": [],
    }
    base.update(fields)
    assert schema_errors(base) == [], schema_errors(base)
    return base


FULL = record(
    "a1b2c3d4e5f60718",
    source={
        "kind": "warc",
        "fetched_at": "2019-03-14T10:00:00Z",
        "warc": {
            "file": "crawl.warc.gz",
            "offset": 4182,
            "record_id": "<urn:uuid:1>",
            "capture_date": "2019-03-14T10:00:00.250000Z",
        },
    },
    headline="L’OIM à Agadez : « un centre » — ١٢ مهاجر",
    date="2019-03-14",
    date_source="posted",
    dateline="Agadez, Niger",
    language="fr",
    body='Premier "paragraphe", avec virgule.\n\nSecond ; 日本語 😀',
    people=[
        {
            "name": "Aïssata Koné",
            "role": "cheffe de mission",
            "office": "OIM Niger",
            "phones": ["+22790000001", "+22790000002"],
            "emails": ["akone@iom.int"],
        },
        {"name": "Рустам", "role": None, "office": None, "phones": [], "emails": []},
    ],
    phones=[
        {
            "e164": "+22790000001",
            "raw": "+227 90 00 00 01 ext. 7",
            "kind": "tel",
            "extension": "7",
            "valid": True,
        },
        {"e164": "+22790000002", "raw": "90 00 00 02", "kind": None, "extension": None, "valid": False},
    ],
    emails=[{"address": "akone@iom.int", "raw": "akone [at] iom.int"}],
    rejected=[{"field": "email", "raw": "x@@iom", "reason": "invalid: two @"}],
    fixes=["mailto-repaired", "mojibake-fixed"],
)
# no date, every list empty, no WARC record; an id of digits and one 'e' that CSV readers take for a number
BARE = record("0000000000001e10", source={"kind": "file", "fetched_at": None, "warc": None}, headline="NA")
SECOND = record("fedcba9876543210", date="2001-12-31", date_source="dateline", language="ar")

PAGE_LINES = [
    {
        "url": "https://www.iom.int/news/a",
        "status": 200,
        "outcome": "records",
        "records": 2,
        "reason": None,
        "record_ids": ["a1b2c3d4e5f60718", "fedcba9876543210"],
        "fetched_at": "2026-01-02T03:04:05Z",
        "bytes": 8236,
        "content_type": "text/html",
        "digest": "sha1:TPDHOBA5IOSTX7ZY77WY2ASJORYTJ4LH",
        "duration": 0.25,
        "retries": 1,
        "depth": 2,
        "referer": "https://www.iom.int/news",
        "redirects": ["http://iom.int/a", "https://iom.int/a"],
        "duplicate_of": None,
        "fixes": ["charset-corrected"],
        "annotations": ["revisit"],
        "warc_file": "crawl.warc.gz",
        "warc_offset": 0,
        "warc_record_id": "<urn:uuid:2>",
        "capture_date": "2026-01-02T03:04:05Z",
    },
    dict.fromkeys(PAGE_FIELDS)
    | {
        "url": "https://example.org/",
        "outcome": "dropped",
        "records": 0,
        "reason": "offsite: example.org",
        "record_ids": [],
        "retries": 0,
        "redirects": [],
        "fixes": [],
        "annotations": [],
    },
]


def write_jsonl(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def crawl_dir(tmp_path: Path, records: list[dict[str, Any]], pages: list[dict[str, Any]]) -> Path:
    folder = tmp_path / "crawl"
    folder.mkdir()
    write_jsonl(folder / "releases.jsonl", records)
    write_jsonl(folder / "pages.jsonl", pages)
    return folder


# --- the rows a person expects from that input --------------------------------------------------------


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


EXPECTED: dict[str, list[dict[str, Any]]] = {
    "releases": [
        {
            "id": "a1b2c3d4e5f60718", "schema_version": 2, "url": "https://www.iom.int/news/a1b2c3d4e5f60718",
            "source_kind": "warc", "fetched_at": ts("2019-03-14T10:00:00Z"), "warc_file": "crawl.warc.gz",
            "warc_offset": 4182, "warc_record_id": "<urn:uuid:1>",
            "warc_capture_date": ts("2019-03-14T10:00:00.250000Z"),
            "headline": "L’OIM à Agadez : « un centre » — ١٢ مهاجر", "date": date(2019, 3, 14),
            "date_source": "posted", "dateline": "Agadez, Niger", "language": "fr",
            "body": 'Premier "paragraphe", avec virgule.\n\nSecond ; 日本語 😀',
            "fixes": ["mailto-repaired", "mojibake-fixed"],
            "people_count": 2, "phones_count": 2, "emails_count": 1, "rejected_count": 1,
        },
        {
            "id": "0000000000001e10", "schema_version": 2, "url": "https://www.iom.int/news/0000000000001e10",
            "source_kind": "file", "fetched_at": None, "warc_file": None, "warc_offset": None,
            "warc_record_id": None, "warc_capture_date": None, "headline": "NA", "date": None,
            "date_source": None, "dateline": None, "language": None, "body": "Body.", "fixes": [],
            "people_count": 0, "phones_count": 0, "emails_count": 0, "rejected_count": 0,
        },
        {
            "id": "fedcba9876543210", "schema_version": 2, "url": "https://www.iom.int/news/fedcba9876543210",
            "source_kind": "http", "fetched_at": ts("2026-01-02T03:04:05Z"), "warc_file": None,
            "warc_offset": None, "warc_record_id": None, "warc_capture_date": None,
            "headline": "Headline fedcba9876543210", "date": date(2001, 12, 31), "date_source": "dateline",
            "dateline": None, "language": "ar", "body": "Body.", "fixes": [],
            "people_count": 0, "phones_count": 0, "emails_count": 0, "rejected_count": 0,
        },
    ],
    "people": [
        {"record_id": "a1b2c3d4e5f60718", "person": 0, "name": "Aïssata Koné", "role": "cheffe de mission",
         "office": "OIM Niger", "phones": ["+22790000001", "+22790000002"], "emails": ["akone@iom.int"]},
        {"record_id": "a1b2c3d4e5f60718", "person": 1, "name": "Рустам", "role": None, "office": None,
         "phones": [], "emails": []},
    ],
    "phones": [
        {"record_id": "a1b2c3d4e5f60718", "phone": 0, "e164": "+22790000001", "raw": "+227 90 00 00 01 ext. 7",
         "kind": "tel", "extension": "7", "valid": True},
        {"record_id": "a1b2c3d4e5f60718", "phone": 1, "e164": "+22790000002", "raw": "90 00 00 02",
         "kind": None, "extension": None, "valid": False},
    ],
    "emails": [{"record_id": "a1b2c3d4e5f60718", "email": 0, "address": "akone@iom.int",
                "raw": "akone [at] iom.int"}],
    "rejected": [{"record_id": "a1b2c3d4e5f60718", "candidate": 0, "field": "email", "raw": "x@@iom",
                  "reason": "invalid: two @"}],
    "pages": [
        {**PAGE_LINES[0], "fetched_at": ts("2026-01-02T03:04:05Z"), "capture_date": ts("2026-01-02T03:04:05Z")},
        {**PAGE_LINES[1]},
    ],
}  # fmt: skip


# --- the three readers: each library's view of a table, as its types and as plain Python rows ----------


def duckdb_type(kind: pa.DataType) -> str:
    if pa.types.is_list(kind):
        return duckdb_type(kind.value_type) + "[]"
    if pa.types.is_timestamp(kind):
        return "TIMESTAMP WITH TIME ZONE"
    return {
        pa.string(): "VARCHAR",
        pa.int32(): "INTEGER",
        pa.int64(): "BIGINT",
        pa.float64(): "DOUBLE",
        pa.bool_(): "BOOLEAN",
        pa.date32(): "DATE",
    }[kind]


def polars_type(kind: pa.DataType) -> Any:
    if pa.types.is_list(kind):
        return pl.List(polars_type(kind.value_type))
    if pa.types.is_timestamp(kind):
        return pl.Datetime("us", "UTC")
    return {
        pa.string(): pl.String,
        pa.int32(): pl.Int32,
        pa.int64(): pl.Int64,
        pa.float64(): pl.Float64,
        pa.bool_(): pl.Boolean,
        pa.date32(): pl.Date,
    }[kind]


def pandas_type(kind: pa.DataType) -> str:
    """pandas with the pyarrow backend: the Arrow type itself (list item names aside)."""
    if pa.types.is_list(kind):
        return f"list<{pandas_type(kind.value_type)}>"
    return str(kind)


def pandas_types(frame: pd.DataFrame) -> dict[str, str]:
    types = {}
    for name, dtype in frame.dtypes.items():
        assert isinstance(dtype, pd.ArrowDtype), (name, dtype)
        kind = dtype.pyarrow_dtype
        kind = pa.string() if kind in (pa.large_string(), pa.string_view()) else kind
        if pa.types.is_list(kind) or pa.types.is_large_list(kind):
            kind = pa.list_(pa.string() if pa.types.is_large_string(kind.value_type) else kind.value_type)
        types[str(name)] = pandas_type(kind)
    return types


def csv_lists(rows: list[dict[str, Any]], table: Table) -> list[dict[str, Any]]:
    """CSV joins a list of strings with one space: split it back (an empty cell is the empty list)."""
    lists = [f.name for f in table.schema if pa.types.is_list(f.type)]
    return [{**row, **{n: row[n].split(" ") if row[n] else [] for n in lists}} for row in rows]


def csv_types(table: Table, mapping: Callable[[pa.DataType], Any]) -> dict[str, Any]:
    return {f.name: mapping(pa.string() if pa.types.is_list(f.type) else f.type) for f in table.schema}


Loaded = tuple[dict[str, Any], list[dict[str, Any]]]


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """DuckDB gives a TIMESTAMPTZ in the session's time zone (here it may be Etc/UTC): ask for UTC."""
    con = duckdb.connect(str(path or ":memory:"), read_only=path is not None)
    con.execute("SET TimeZone = 'UTC'")
    return con


def with_duckdb(fmt: str, path: Path, table: Table) -> Loaded:
    con = connect(path if fmt == "duckdb" else None)
    if fmt == "duckdb":
        relation = con.table(table.name)
    elif fmt == "parquet":
        relation = con.read_parquet(str(path))
    else:
        relation = con.read_csv(str(path), header=True, columns=csv_types(table, duckdb_type))
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
    con.close()
    if fmt == "csv":
        rows, types = csv_lists(rows, table), {**types, **lists_of(table, duckdb_type)}
    return types, rows


def with_polars(fmt: str, path: Path, table: Table) -> Loaded:
    if fmt == "duckdb":
        with connect(path) as con:
            frame = con.table(table.name).pl()
    elif fmt == "parquet":
        frame = pl.read_parquet(path)
    else:
        frame = pl.read_csv(path, schema=csv_types(table, polars_type))
    types = dict(frame.schema.items())
    rows = frame.to_dicts()
    if fmt == "csv":
        rows, types = csv_lists(rows, table), {**types, **lists_of(table, polars_type)}
    return types, rows


def with_pandas(fmt: str, path: Path, table: Table) -> Loaded:
    if fmt == "duckdb":
        with connect(path) as con:
            frame = con.table(table.name).arrow().read_all().to_pandas(types_mapper=pd.ArrowDtype)
    elif fmt == "parquet":
        frame = pd.read_parquet(path, dtype_backend="pyarrow")
    else:  # only an empty cell is missing: "NA", "null" and "nan" are text
        dtypes = {
            f.name: pd.ArrowDtype(pa.string() if pa.types.is_list(f.type) else f.type) for f in table.schema
        }
        frame = pd.read_csv(
            path,
            engine="pyarrow",
            dtype=dtypes,
            keep_default_na=False,
            na_values=[""],
            dtype_backend="pyarrow",
        )
    types = pandas_types(frame)
    rows = pa.Table.from_pandas(frame, preserve_index=False).to_pylist()
    if fmt == "csv":
        rows, types = csv_lists(rows, table), {**types, **lists_of(table, pandas_type)}
    return types, rows


def lists_of(table: Table, mapping: Callable[[pa.DataType], Any]) -> dict[str, Any]:
    return {f.name: mapping(f.type) for f in table.schema if pa.types.is_list(f.type)}


READERS = {"duckdb": with_duckdb, "polars": with_polars, "pandas": with_pandas}
TYPE_OF = {"duckdb": duckdb_type, "polars": polars_type, "pandas": pandas_type}


def export(source: Path, out: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["export", str(source), "--format", fmt, "-o", str(out)])
    stdout, stderr = capsys.readouterr()
    assert code == 0, stderr
    assert stderr == ""
    return stdout


# --- tests ---------------------------------------------------------------------------------------------


def test_help_names_the_formats_and_the_tables(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["export", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "{parquet,csv,duckdb}" in out
    assert "-o DIR, --output DIR" in out
    for name in ("releases", "people", "phones", "emails", "rejected", "pages"):
        assert name in out
    with pytest.raises(SystemExit):  # the subcommand is listed by the top-level help too
        main(["--help"])
    assert "export" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["parquet", "csv", "duckdb"])
def test_pandas_polars_and_duckdb_read_the_same_types_and_values(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = crawl_dir(tmp_path, [FULL, BARE, SECOND], PAGE_LINES)
    out = export(source, tmp_path / "tables", fmt, capsys)
    assert (
        out.splitlines()[0]
        == f"releases: 3 rows -> {tmp_path / 'tables' / FILES[fmt].format(table='releases')}"
    )
    for table in TABLES:
        path = tmp_path / "tables" / FILES[fmt].format(table=table.name)
        for library, read in READERS.items():
            types, rows = read(fmt, path, table)
            expected_types = {f.name: TYPE_OF[library](f.type) for f in table.schema}
            assert types == expected_types, (library, table.name)
            assert rows == EXPECTED[table.name], (library, table.name)


def test_duckdb_tables_say_which_columns_are_never_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export(crawl_dir(tmp_path, [FULL, BARE], PAGE_LINES), tmp_path / "db", "duckdb", capsys)
    with connect(tmp_path / "db" / "iomcrawl.duckdb") as con:
        for table in TABLES:
            described = con.sql(f"describe {table.name}").fetchall()
            assert [(row[0], row[2]) for row in described] == [
                (f.name, "YES" if f.nullable else "NO") for f in table.schema
            ]


def test_two_exports_concatenate_even_when_one_has_only_empty_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The polars List(Null) case: JSON Lines whose `rejected` is always [] gives an untyped column."""
    write_jsonl(tmp_path / "empty.jsonl", [BARE, SECOND])  # no list holds anything
    write_jsonl(tmp_path / "full.jsonl", [FULL])
    write_jsonl(tmp_path / "none.jsonl", [])
    for name in ("empty", "full", "none"):
        export(tmp_path / f"{name}.jsonl", tmp_path / name, "parquet", capsys)
    for table in RECORD_TABLES:
        files = [tmp_path / name / f"{table.name}.parquet" for name in ("empty", "full", "none")]
        for file in files:
            assert pq.read_schema(file).equals(table.schema), file
        joined = pl.concat([pl.read_parquet(file) for file in files])
        assert dict(joined.schema.items()) == {f.name: polars_type(f.type) for f in table.schema}
        assert joined.height == len(EXPECTED[table.name])
        duck = duckdb.read_parquet([str(file) for file in files])
        assert len(duck.fetchall()) == len(EXPECTED[table.name])
        frames = [pd.read_parquet(file, dtype_backend="pyarrow") for file in files]
        assert len({tuple(map(str, frame.dtypes)) for frame in frames}) == 1
    assert pl.read_parquet(tmp_path / "empty" / "releases.parquet").schema["fixes"] == pl.List(pl.String)


def test_the_same_input_gives_the_same_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = crawl_dir(tmp_path, [FULL, BARE, SECOND], PAGE_LINES)
    for fmt in ("parquet", "csv", "duckdb"):
        export(source, tmp_path / "one", fmt, capsys)
        export(source, tmp_path / "two", fmt, capsys)
    for file in sorted((tmp_path / "one").iterdir()):
        if file.suffix != ".duckdb":  # DuckDB's own header differs between runs: compare the tables
            assert file.read_bytes() == (tmp_path / "two" / file.name).read_bytes(), file.name
    tables = []
    for run in ("one", "two"):
        with connect(tmp_path / run / "iomcrawl.duckdb") as con:
            tables.append([con.table(t.name).fetchall() for t in TABLES])
    assert tables[0] == tables[1]
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == sorted(
        [f"{t.name}.{fmt}" for t in TABLES for fmt in ("parquet", "csv")] + ["iomcrawl.duckdb"]
    )  # no .part or .wal file is left behind


def test_rows_go_out_in_batches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory holds a batch per table, not the input: each batch is one Parquet row group."""
    monkeypatch.setattr("iomcrawl.export.writers.BATCH_ROWS", 2)
    source = write_jsonl(tmp_path / "r.jsonl", [record(f"{n:016x}") for n in range(5)])
    export(source, tmp_path / "out", "parquet", capsys)
    releases = pq.ParquetFile(tmp_path / "out" / "releases.parquet")
    assert releases.metadata.num_row_groups == 3
    assert releases.read().column("id").to_pylist() == [f"{n:016x}" for n in range(5)]


def test_a_v1_record_reads_date_source_as_null(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v1 = {key: value for key, value in SECOND.items() if key != "date_source"} | {"schema_version": 1}
    export(write_jsonl(tmp_path / "v1.jsonl", [v1]), tmp_path / "out", "parquet", capsys)
    row = pq.read_table(tmp_path / "out" / "releases.parquet").to_pylist()[0]
    assert (row["schema_version"], row["date"], row["date_source"]) == (1, date(2001, 12, 31), None)


# --- bad input: one line on stderr, exit 2, nothing half-written ---------------------------------------


def broken(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda tmp: tmp / "missing", "no such file or folder: {tmp}/missing"),
        (lambda tmp: tmp, "{tmp} holds no releases.jsonl"),
        (lambda tmp: broken(tmp, json.dumps(FULL) + "\n{oops\n"), "{tmp}/bad.jsonl line 2: not JSON"),
        (lambda tmp: broken(tmp, "[1, 2]\n"), "{tmp}/bad.jsonl line 1: a JSON list, not an object"),
        (
            lambda tmp: broken(tmp, json.dumps({**FULL, "date": "14/03/2019"})),
            "{tmp}/bad.jsonl line 1: date: expected a YYYY-MM-DD date, got '14/03/2019'",
        ),
        (
            lambda tmp: broken(tmp, json.dumps({k: v for k, v in FULL.items() if k != "body"})),
            "{tmp}/bad.jsonl line 1: body: missing",
        ),
        (
            lambda tmp: broken(tmp, json.dumps({**FULL, "phones": [{**FULL["phones"][0], "valid": "yes"}]})),
            "{tmp}/bad.jsonl line 1: phones[0].valid: expected true or false",
        ),
        (
            lambda tmp: broken(
                tmp, json.dumps({**FULL, "source": {**FULL["source"], "fetched_at": "2019-03-14"}})
            ),
            "{tmp}/bad.jsonl line 1: source.fetched_at: expected an ISO 8601 date-time with its UTC offset",
        ),
    ],
    ids=["missing", "no-releases", "not-json", "not-object", "bad-date", "no-body", "bad-bool", "naive-time"],
)
def test_bad_input_is_one_line_and_exit_2(
    make_input: Callable[[Path], Path], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = make_input(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "releases.parquet").write_bytes(b"an earlier export")
    assert main(["export", str(source), "-o", str(out)]) == 2
    stdout, stderr = capsys.readouterr()
    assert stdout == ""
    assert stderr.startswith("iomcrawl: " + message.format(tmp=tmp_path)), stderr
    assert len(stderr.splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == ["releases.parquet"]  # no .part, nothing replaced
    assert (out / "releases.parquet").read_bytes() == b"an earlier export"


def test_a_list_value_csv_cannot_join_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = [{**PAGE_LINES[0], "redirects": ["http://x.invalid/a b"]}]
    source = crawl_dir(tmp_path, [FULL], pages)
    assert main(["export", str(source), "--format", "csv", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "pages.jsonl: table pages: redirects: cannot join" in err and len(err.splitlines()) == 1
    assert main(["export", str(source), "--format", "parquet", "-o", str(tmp_path / "out")]) == 0
    [row] = pq.read_table(tmp_path / "out" / "pages.parquet").to_pylist()
    assert row["redirects"] == ["http://x.invalid/a b"]


def test_a_malformed_file_gives_no_traceback_through_the_console_command(tmp_path: Path) -> None:
    source = broken(tmp_path, "not json\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "iomcrawl.cli",
            "export",
            str(source),
            "--format",
            "csv",
            "-o",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"iomcrawl: {source} line 1: not JSON (Expecting value)\n"


# --- the tables follow the published schema and the crawl log ------------------------------------------


def test_the_pages_table_has_every_crawl_log_field_in_order() -> None:
    assert PAGES.columns == list(PAGE_FIELDS)


def arrow_type_for(prop: dict[str, Any]) -> pa.DataType:
    """The column type a JSON Schema property asks for."""
    kinds = prop.get("type", "string")  # an enum of strings (and null)
    kinds = [kinds] if isinstance(kinds, str) else kinds
    kind = next(k for k in kinds if k != "null")
    if kind == "array":
        return pa.list_(arrow_type_for(prop["items"]))
    if kind == "string" and prop.get("format") == "date":
        return pa.date32()
    if kind == "string" and prop.get("format") == "date-time":
        return pa.timestamp("us", tz="UTC")
    return {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_()}[kind]


def nullable(prop: dict[str, Any]) -> bool:
    kinds = prop.get("type")
    return (isinstance(kinds, list) and "null" in kinds) or None in prop.get("enum", [])


def assert_column(table: Table, column: str, prop: dict[str, Any]) -> None:
    field = table.schema.field(column)
    wanted = arrow_type_for(prop)
    if pa.types.is_integer(wanted):
        assert pa.types.is_integer(field.type), (table.name, column)
    else:
        assert field.type == wanted, (table.name, column, field.type, wanted)
    assert field.nullable == nullable(prop), (table.name, column)


def test_every_schema_property_has_a_column_of_its_type() -> None:
    properties = release_schema()["properties"]
    children = {"people": "people", "phones": "phones", "emails": "emails", "rejected": "rejected"}
    for key, prop in properties.items():
        if key in children:
            table = BY_NAME[children[key]]
            assert table.columns[0] == "record_id"
            assert table.columns[2:] == list(prop["items"]["properties"]), key
            for column, item in prop["items"]["properties"].items():
                assert_column(table, column, item)
            assert_column(RELEASES, f"{key}_count", {"type": "integer"})
        elif key == "source":
            assert_column(RELEASES, "source_kind", prop["properties"]["kind"])
            assert_column(RELEASES, "fetched_at", prop["properties"]["fetched_at"])
            warc = prop["properties"]["warc"]["properties"]
            for column, item in warc.items():  # warc may be null: then every warc_ column is
                kinds = item["type"] if isinstance(item["type"], list) else [item["type"]]
                assert_column(RELEASES, f"warc_{column}", {**item, "type": [*kinds, "null"]})
        elif key == "schema_version":
            assert_column(RELEASES, key, {"type": "integer"})
        else:
            assert_column(RELEASES, key, prop)


# --- the sample crawl, exported ------------------------------------------------------------------------


@pytest.mark.crawl
@pytest.mark.slow
def test_the_sample_crawl_exports_every_record_and_every_log_line(
    sample_crawl: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    releases, pages = sample_crawl.releases, sample_crawl.pages
    counts = {
        "releases": len(releases),
        "people": sum(len(r["people"]) for r in releases),
        "phones": sum(len(r["phones"]) for r in releases),
        "emails": sum(len(r["emails"]) for r in releases),
        "rejected": sum(len(r["rejected"]) for r in releases),
        "pages": len(pages),
    }
    for fmt in ("parquet", "csv", "duckdb"):
        out = export(sample_crawl.output_dir, tmp_path / fmt, fmt, capsys)
        assert [line.split(" ->")[0] for line in out.splitlines()] == [
            f"{name}: {n} row{'' if n == 1 else 's'}" for name, n in counts.items()
        ]
        for table in TABLES:
            path = tmp_path / fmt / FILES[fmt].format(table=table.name)
            views = [read(fmt, path, table) for read in READERS.values()]
            assert all(len(rows) == counts[table.name] for _, rows in views)
            assert views[0][1] == views[1][1] == views[2][1], (fmt, table.name)
        _, rows = with_duckdb(fmt, tmp_path / fmt / FILES[fmt].format(table="releases"), RELEASES)
        assert [row["id"] for row in rows] == [r["id"] for r in releases]
        assert [row["date"] for row in rows] == [
            r["date"] and date.fromisoformat(r["date"]) for r in releases
        ]
        _, log = with_duckdb(fmt, tmp_path / fmt / FILES[fmt].format(table="pages"), PAGES)
        assert [(row["url"], row["outcome"], row["reason"]) for row in log] == [
            (p["url"], p["outcome"], p["reason"]) for p in pages
        ]
