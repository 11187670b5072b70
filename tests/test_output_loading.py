"""releases.jsonl as data teams load it: pandas and DuckDB must give the intended column types.

Reads the file written by the session's sample crawl (see conftest), plus exporter unit tests.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
import pytest
from support.jsonl import parse_jsonl

from iomcrawl.crawl.items import PageItem
from iomcrawl.crawl.outputs.exporters import PAGE_FIELDS, PageLinesExporter, ReleaseLinesExporter, page_line
from iomcrawl.schema import release_schema

if TYPE_CHECKING:
    from conftest import CrawlOutput

SOURCE_TYPE = (
    "STRUCT(kind VARCHAR, fetched_at TIMESTAMP WITH TIME ZONE, "
    'warc STRUCT(file VARCHAR, "offset" BIGINT, record_id VARCHAR, capture_date TIMESTAMP WITH TIME ZONE))'
)
# The consumer's contract for DuckDB; test_columns_cover_the_schema keeps it in step with the schema.
DUCKDB_COLUMNS = {
    "schema_version": "INTEGER",
    "id": "VARCHAR",
    "url": "VARCHAR",
    "source": (
        "STRUCT(kind VARCHAR, fetched_at TIMESTAMPTZ, "
        'warc STRUCT(file VARCHAR, "offset" BIGINT, record_id VARCHAR, capture_date TIMESTAMPTZ))'
    ),
    "headline": "VARCHAR",
    "date": "DATE",
    "date_source": "VARCHAR",
    "dateline": "VARCHAR",
    "language": "VARCHAR",
    "body": "VARCHAR",
    "people": "STRUCT(name VARCHAR, role VARCHAR, office VARCHAR, phones VARCHAR[], emails VARCHAR[])[]",
    "phones": "STRUCT(e164 VARCHAR, raw VARCHAR, kind VARCHAR, extension VARCHAR, valid BOOLEAN)[]",
    "emails": "STRUCT(address VARCHAR, raw VARCHAR)[]",
    "rejected": "STRUCT(field VARCHAR, raw VARCHAR, reason VARCHAR)[]",
    "fixes": "VARCHAR[]",
}
STRING_COLUMNS = ["id", "url", "headline", "body", "dateline", "language"]


def _fetched_at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    return connection


def test_columns_cover_the_schema() -> None:
    assert list(DUCKDB_COLUMNS) == list(release_schema()["properties"])


@pytest.mark.crawl
@pytest.mark.slow
def test_releases_jsonl_is_strict_utf8_json_lines(sample_crawl: CrawlOutput) -> None:
    raw = sample_crawl.releases_path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert parse_jsonl(raw, str(sample_crawl.releases_path)) == sample_crawl.releases  # lines, strictly
    assert b"\\u00" not in raw  # non-ASCII written as UTF-8, not escaped


@pytest.mark.crawl
@pytest.mark.slow
def test_duckdb_with_explicit_columns(sample_crawl: CrawlOutput, con: duckdb.DuckDBPyConnection) -> None:
    relation = con.read_json(
        str(sample_crawl.releases_path), format="newline_delimited", columns=DUCKDB_COLUMNS
    )
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert types["date"] == "DATE"
    assert types["source"] == SOURCE_TYPE
    for column in STRING_COLUMNS:
        assert types[column] == "VARCHAR"
    for column in ("people", "phones", "emails"):
        assert types[column].startswith("STRUCT(") and types[column].endswith("[]")
    rows = relation.fetchall()
    assert len(rows) == len(sample_crawl.releases)
    for row, record in zip(rows, sample_crawl.releases, strict=True):
        loaded = dict(zip(relation.columns, row, strict=True))
        assert loaded["id"] == record["id"]
        assert loaded["date"] == (date.fromisoformat(record["date"]) if record["date"] else None)
        assert loaded["source"]["fetched_at"] == _fetched_at(record["source"]["fetched_at"])
        assert loaded["source"]["fetched_at"].utcoffset().total_seconds() == 0
        assert [person["name"] for person in loaded["people"]] == [
            person["name"] for person in record["people"]
        ]
        assert [email["address"] for email in loaded["emails"]] == [
            email["address"] for email in record["emails"]
        ]


@pytest.mark.crawl
@pytest.mark.slow
def test_duckdb_infers_the_same_types(sample_crawl: CrawlOutput, con: duckdb.DuckDBPyConnection) -> None:
    relation = con.read_json(str(sample_crawl.releases_path), format="newline_delimited")
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    for column in ("id", "url", "headline", "body"):
        assert types[column] == "VARCHAR"
    assert types["source"] == SOURCE_TYPE
    if any(record["date"] for record in sample_crawl.releases):
        assert types["date"] == "DATE"
    for column in ("people", "phones", "emails"):
        if any(record[column] for record in sample_crawl.releases):
            assert types[column].startswith("STRUCT(") and types[column].endswith("[]"), column


@pytest.mark.crawl
@pytest.mark.slow
def test_pandas_read_json(sample_crawl: CrawlOutput) -> None:
    frame = pd.read_json(
        sample_crawl.releases_path, lines=True, dtype=dict.fromkeys(STRING_COLUMNS, "string")
    )
    assert len(frame) == len(sample_crawl.releases)
    for column in STRING_COLUMNS:
        assert pd.api.types.is_string_dtype(frame[column]), column
    ids = [record["id"] for record in sample_crawl.releases]
    assert frame["id"].tolist() == ids  # hex ids that look numeric are never coerced to numbers
    assert pd.api.types.is_datetime64_dtype(frame["date"])
    assert pd.api.types.is_datetime64_dtype(pd.to_datetime(frame["date"], format="%Y-%m-%d"))
    fetched = pd.to_datetime(frame["source"].str.get("fetched_at"), utc=True)
    assert str(fetched.dt.tz) == "UTC"
    people_keys = set(release_schema()["properties"]["people"]["items"]["required"])
    for column in ("people", "phones", "emails"):
        assert all(isinstance(cell, list) for cell in frame[column]), column
    assert all(set(person) == people_keys for cell in frame["people"] for person in cell)


@pytest.mark.crawl
@pytest.mark.slow
def test_pandas_pyarrow_backend_gives_lists_of_structs(sample_crawl: CrawlOutput) -> None:
    frame = pd.read_json(sample_crawl.releases_path, lines=True, engine="pyarrow", dtype_backend="pyarrow")
    for column in ("people", "phones", "emails"):
        if any(record[column] for record in sample_crawl.releases):
            assert str(frame[column].dtype).startswith("list<item: struct<"), column
    assert str(frame["source"].dtype).startswith("struct<kind: string, fetched_at: timestamp")
    assert str(frame["id"].dtype) == "string[pyarrow]"


# --- exporters ------------------------------------------------------------------------------------------


def _page(records: list[dict[str, Any]], **fields: Any) -> PageItem:
    page = PageItem(
        url="http://example.org/a", status=200, body=b"<p>x</p>", fetched_at="2026-01-02T03:04:05Z"
    )
    page.records = records
    for name, value in fields.items():
        setattr(page, name, value)
    return page


def test_release_exporter_writes_one_utf8_line_per_record_in_record_key_order() -> None:
    records = [{"id": "b", "headline": "L’OIM à Agadez", "a": 1}, {"id": "c", "headline": "Two"}]
    out = io.BytesIO()
    exporter = ReleaseLinesExporter(out, encoding="utf-8", fields_to_export=None, indent=None)
    exporter.start_exporting()
    exporter.export_item(_page(records, outcome="records"))
    exporter.export_item(_page([], outcome="no-release", reason="empty: nothing"))
    exporter.finish_exporting()
    lines = out.getvalue().decode("utf-8").splitlines()
    assert lines == [
        '{"id": "b", "headline": "L’OIM à Agadez", "a": 1}',
        '{"id": "c", "headline": "Two"}',
    ]


def test_release_exporter_refuses_nan_rather_than_writing_invalid_json() -> None:
    out = io.BytesIO()
    with pytest.raises(ValueError, match="JSON"):
        ReleaseLinesExporter(out).export_item(_page([{"id": "a", "x": float("nan")}]))
    assert out.getvalue() == b""


def test_page_exporter_writes_the_accounting_fields_only() -> None:
    out = io.BytesIO()
    page = _page([{"id": "a1"}, {"id": "a2"}], outcome="records", content_type="text/html")
    PageLinesExporter(out).export_item(page)
    [line] = parse_jsonl(out.getvalue())
    assert tuple(line) == PAGE_FIELDS
    assert line == {
        "url": "http://example.org/a",
        "status": 200,
        "outcome": "records",
        "records": 2,
        "reason": None,
        "record_ids": ["a1", "a2"],
        "fetched_at": "2026-01-02T03:04:05Z",
        "bytes": 8,
        "content_type": "text/html",
        "digest": None,
        "duration": None,
        "retries": 0,
        "depth": None,
        "referer": None,
        "redirects": [],
        "duplicate_of": None,
        "fixes": [],
        "annotations": [],
        "warc_file": None,
        "warc_offset": None,
        "warc_record_id": None,
        "capture_date": None,
    }
    assert page_line(PageItem(url="u", outcome="error", reason="timeout: x"))["bytes"] == 0


def test_private_stage_values_are_not_item_fields() -> None:
    from itemadapter import ItemAdapter

    page = _page([])
    assert "_work" not in ItemAdapter(page).field_names()
    assert "_work" not in ItemAdapter(page).asdict()
