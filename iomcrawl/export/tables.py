"""Release records and crawl-log lines as flat rows of fixed-type tables.

JSON Lines leaves every reader to guess the types: a date is a string, an empty list has no item type
(polars reads an all-empty ``rejected`` as ``List(Null)``, and two files then fail to concatenate), and a
column that is null in every row has no type at all. Here each table has one Arrow schema, fixed in
advance and following the published JSON Schema (``iomcrawl/schema/release.schema.json``), so every
export, whatever it holds, has the same columns and types, and pandas, polars and DuckDB agree on them.

The record id is the key: the releases table has one row per record, and each list of objects in a
record (people, phones, e-mails, rejected candidates) is a child table of ``(record_id, index, fields)``,
the index being the item's place in the record's list (``person``, ``phone``, ``email``, ``candidate``).
Lists of plain strings (``fixes``, a person's phones and e-mails, the crawl log's lists) stay list
columns of strings, empty when empty and never null.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
TEXTS = pa.list_(pa.string())

Row = dict[str, Any]


class ExportError(Exception):
    """Input that cannot be exported: the message is one line, naming the file and line."""


@dataclass(frozen=True)
class Table:
    """One output table: its name (the file's stem) and its fixed schema."""

    name: str
    schema: pa.Schema

    @property
    def columns(self) -> list[str]:
        return list(self.schema.names)


def _field(name: str, kind: pa.DataType, nullable: bool = True) -> pa.Field:
    return pa.field(name, kind, nullable=nullable)


RELEASES = Table(
    "releases",
    pa.schema(
        [
            _field("id", pa.string(), False),
            _field("schema_version", pa.int32(), False),
            _field("url", pa.string(), False),
            _field("source_kind", pa.string(), False),
            _field("fetched_at", TIMESTAMP),
            _field("warc_file", pa.string()),
            _field("warc_offset", pa.int64()),
            _field("warc_record_id", pa.string()),
            _field("warc_capture_date", TIMESTAMP),
            _field("headline", pa.string(), False),
            _field("date", pa.date32()),
            _field("date_source", pa.string()),
            _field("dateline", pa.string()),
            _field("language", pa.string()),
            _field("body", pa.string(), False),
            _field("fixes", TEXTS, False),
            _field("people_count", pa.int32(), False),  # the record's rows in each child table
            _field("phones_count", pa.int32(), False),
            _field("emails_count", pa.int32(), False),
            _field("rejected_count", pa.int32(), False),
        ]
    ),
)
PEOPLE = Table(
    "people",
    pa.schema(
        [
            _field("record_id", pa.string(), False),
            _field("person", pa.int32(), False),
            _field("name", pa.string(), False),
            _field("role", pa.string()),
            _field("office", pa.string()),
            _field("phones", TEXTS, False),
            _field("emails", TEXTS, False),
        ]
    ),
)
PHONES = Table(
    "phones",
    pa.schema(
        [
            _field("record_id", pa.string(), False),
            _field("phone", pa.int32(), False),
            _field("e164", pa.string(), False),
            _field("raw", pa.string(), False),
            _field("kind", pa.string()),
            _field("extension", pa.string()),
            _field("valid", pa.bool_(), False),
        ]
    ),
)
EMAILS = Table(
    "emails",
    pa.schema(
        [
            _field("record_id", pa.string(), False),
            _field("email", pa.int32(), False),
            _field("address", pa.string(), False),
            _field("raw", pa.string(), False),
        ]
    ),
)
REJECTED = Table(
    "rejected",
    pa.schema(
        [
            _field("record_id", pa.string(), False),
            _field("candidate", pa.int32(), False),
            _field("field", pa.string(), False),
            _field("raw", pa.string(), False),
            _field("reason", pa.string(), False),
        ]
    ),
)
RECORD_TABLES = (RELEASES, PEOPLE, PHONES, EMAILS, REJECTED)

# The crawl log (pages.jsonl): one row per line, every URL the crawl met, in the log's order.
PAGES = Table(
    "pages",
    pa.schema(
        [
            _field("url", pa.string(), False),
            _field("status", pa.int32()),
            _field("outcome", pa.string(), False),
            _field("records", pa.int32(), False),
            _field("reason", pa.string()),
            _field("record_ids", TEXTS, False),
            _field("fetched_at", TIMESTAMP),
            _field("bytes", pa.int64()),
            _field("content_type", pa.string()),
            _field("digest", pa.string()),
            _field("duration", pa.float64()),
            _field("retries", pa.int32(), False),
            _field("depth", pa.int32()),
            _field("referer", pa.string()),
            _field("redirects", TEXTS, False),
            _field("duplicate_of", pa.string()),
            _field("fixes", TEXTS, False),
            _field("annotations", TEXTS, False),
            _field("warc_file", pa.string()),
            _field("warc_offset", pa.int64()),
            _field("warc_record_id", pa.string()),
            _field("capture_date", TIMESTAMP),
        ]
    ),
)


# --- reading values strictly: a wrong type is an error naming the key, never a silent null -------------


class _Bad(ValueError):
    """A value of the wrong type; the reader adds the file and line."""


def _get(obj: dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise _Bad(f"{where}{key}: missing")
    return obj[key]


def _text(value: Any, key: str, nullable: bool = True) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise _Bad(f"{key}: expected a string, got {json.dumps(value, ensure_ascii=False)[:60]}")
    return value


def _int(value: Any, key: str, nullable: bool = True) -> int | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"{key}: expected an integer, got {json.dumps(value)[:60]}")
    return value


def _number(value: Any, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"{key}: expected a number, got {json.dumps(value)[:60]}")
    return float(value)


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"{key}: expected true or false, got {json.dumps(value)[:60]}")
    return value


def _texts(value: Any, key: str) -> list[str]:
    """A list of strings; null reads as the empty list (the crawl log writes [] but older lines may not)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad(f"{key}: expected a list of strings, got {json.dumps(value, ensure_ascii=False)[:60]}")
    return value


def _objects(value: Any, key: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _Bad(f"{key}: expected a list of objects, got {json.dumps(value, ensure_ascii=False)[:60]}")
    return value


def _date(value: Any, key: str) -> date | None:
    text = _text(value, key)
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or len(text) != len("YYYY-MM-DD"):
        raise _Bad(f"{key}: expected a YYYY-MM-DD date, got {text[:40]!r}")
    return day


def _timestamp(value: Any, key: str) -> datetime | None:
    text = _text(value, key)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _Bad(f"{key}: expected an ISO 8601 date-time with its UTC offset, got {text[:40]!r}")
    return moment


# --- rows ----------------------------------------------------------------------------------------------


def record_rows(record: dict[str, Any]) -> dict[str, list[Row]]:
    """The rows one release record gives each table of :data:`RECORD_TABLES`, by table name."""
    rid = _text(_get(record, "id", ""), "id", nullable=False)
    version = _int(_get(record, "schema_version", ""), "schema_version", nullable=False)
    # a v1 record has no date_source: read it as null (README, "From v1 to v2")
    date_source = record.get("date_source") if version == 1 else _get(record, "date_source", "")
    source = _get(record, "source", "")
    if not isinstance(source, dict):
        raise _Bad("source: expected an object")
    warc = _get(source, "warc", "source.")
    if warc is not None and not isinstance(warc, dict):
        raise _Bad("source.warc: expected an object or null")
    warc = warc or {}
    people = _objects(_get(record, "people", ""), "people")
    phones = _objects(_get(record, "phones", ""), "phones")
    emails = _objects(_get(record, "emails", ""), "emails")
    rejected = _objects(_get(record, "rejected", ""), "rejected")
    release = {
        "id": rid,
        "schema_version": version,
        "url": _text(_get(record, "url", ""), "url", nullable=False),
        "source_kind": _text(_get(source, "kind", "source."), "source.kind", nullable=False),
        "fetched_at": _timestamp(_get(source, "fetched_at", "source."), "source.fetched_at"),
        "warc_file": _text(warc.get("file"), "source.warc.file"),
        "warc_offset": _int(warc.get("offset"), "source.warc.offset"),
        "warc_record_id": _text(warc.get("record_id"), "source.warc.record_id"),
        "warc_capture_date": _timestamp(warc.get("capture_date"), "source.warc.capture_date"),
        "headline": _text(_get(record, "headline", ""), "headline", nullable=False),
        "date": _date(_get(record, "date", ""), "date"),
        "date_source": _text(date_source, "date_source"),
        "dateline": _text(_get(record, "dateline", ""), "dateline"),
        "language": _text(_get(record, "language", ""), "language"),
        "body": _text(_get(record, "body", ""), "body", nullable=False),
        "fixes": _texts(_get(record, "fixes", ""), "fixes"),
        "people_count": len(people),
        "phones_count": len(phones),
        "emails_count": len(emails),
        "rejected_count": len(rejected),
    }
    return {
        RELEASES.name: [release],
        PEOPLE.name: [
            {
                "record_id": rid,
                "person": n,
                "name": _text(_get(p, "name", f"people[{n}]."), f"people[{n}].name", nullable=False),
                "role": _text(_get(p, "role", f"people[{n}]."), f"people[{n}].role"),
                "office": _text(_get(p, "office", f"people[{n}]."), f"people[{n}].office"),
                "phones": _texts(_get(p, "phones", f"people[{n}]."), f"people[{n}].phones"),
                "emails": _texts(_get(p, "emails", f"people[{n}]."), f"people[{n}].emails"),
            }
            for n, p in enumerate(people)
        ],
        PHONES.name: [
            {
                "record_id": rid,
                "phone": n,
                "e164": _text(_get(p, "e164", f"phones[{n}]."), f"phones[{n}].e164", nullable=False),
                "raw": _text(_get(p, "raw", f"phones[{n}]."), f"phones[{n}].raw", nullable=False),
                "kind": _text(_get(p, "kind", f"phones[{n}]."), f"phones[{n}].kind"),
                "extension": _text(_get(p, "extension", f"phones[{n}]."), f"phones[{n}].extension"),
                "valid": _bool(_get(p, "valid", f"phones[{n}]."), f"phones[{n}].valid"),
            }
            for n, p in enumerate(phones)
        ],
        EMAILS.name: [
            {
                "record_id": rid,
                "email": n,
                "address": _text(_get(e, "address", f"emails[{n}]."), f"emails[{n}].address", nullable=False),
                "raw": _text(_get(e, "raw", f"emails[{n}]."), f"emails[{n}].raw", nullable=False),
            }
            for n, e in enumerate(emails)
        ],
        REJECTED.name: [
            {
                "record_id": rid,
                "candidate": n,
                "field": _text(_get(r, "field", f"rejected[{n}]."), f"rejected[{n}].field", nullable=False),
                "raw": _text(_get(r, "raw", f"rejected[{n}]."), f"rejected[{n}].raw", nullable=False),
                "reason": _text(
                    _get(r, "reason", f"rejected[{n}]."), f"rejected[{n}].reason", nullable=False
                ),
            }
            for n, r in enumerate(rejected)
        ],
    }


def page_rows(line: dict[str, Any]) -> dict[str, list[Row]]:
    """The row one crawl-log line gives the pages table."""
    row = {
        "url": _text(_get(line, "url", ""), "url", nullable=False),
        "status": _int(line.get("status"), "status"),
        "outcome": _text(_get(line, "outcome", ""), "outcome", nullable=False),
        "records": _int(line.get("records") or 0, "records"),
        "reason": _text(line.get("reason"), "reason"),
        "record_ids": _texts(line.get("record_ids"), "record_ids"),
        "fetched_at": _timestamp(line.get("fetched_at"), "fetched_at"),
        "bytes": _int(line.get("bytes"), "bytes"),
        "content_type": _text(line.get("content_type"), "content_type"),
        "digest": _text(line.get("digest"), "digest"),
        "duration": _number(line.get("duration"), "duration"),
        "retries": _int(line.get("retries") or 0, "retries"),
        "depth": _int(line.get("depth"), "depth"),
        "referer": _text(line.get("referer"), "referer"),
        "redirects": _texts(line.get("redirects"), "redirects"),
        "duplicate_of": _text(line.get("duplicate_of"), "duplicate_of"),
        "fixes": _texts(line.get("fixes"), "fixes"),
        "annotations": _texts(line.get("annotations"), "annotations"),
        "warc_file": _text(line.get("warc_file"), "warc_file"),
        "warc_offset": _int(line.get("warc_offset"), "warc_offset"),
        "warc_record_id": _text(line.get("warc_record_id"), "warc_record_id"),
        "capture_date": _timestamp(line.get("capture_date"), "capture_date"),
    }
    return {PAGES.name: [row]}


# --- input ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One JSON Lines file and the tables its lines become."""

    path: Path
    tables: tuple[Table, ...]
    rows: Callable[[dict[str, Any]], dict[str, list[Row]]]


def inputs(path: Path) -> list[Input]:
    """What to export from *path*: a crawl output folder (releases.jsonl, and pages.jsonl when there)
    or one JSON Lines file of release records."""
    if path.is_dir():
        releases = path / "releases.jsonl"
        if not releases.is_file():
            raise ExportError(f"{path} holds no releases.jsonl (is it a crawl output folder?)")
        found = [Input(releases, RECORD_TABLES, record_rows)]
        if (path / "pages.jsonl").is_file():
            found.append(Input(path / "pages.jsonl", (PAGES,), page_rows))
        return found
    if path.is_file():
        return [Input(path, RECORD_TABLES, record_rows)]
    raise ExportError(f"no such file or folder: {path}")


def read_rows(source: Input) -> Iterator[dict[str, list[Row]]]:
    """The rows of each line of *source*, line by line (the file is never read whole). Blank lines are
    passed over; anything else that is not a JSON object of the expected shape stops the export."""
    try:
        with source.path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                if not raw.strip():
                    continue
                where = f"{source.path} line {number}"
                try:
                    value = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    raise ExportError(f"{where}: not UTF-8") from None
                except json.JSONDecodeError as error:
                    raise ExportError(f"{where}: not JSON ({error.msg})") from None
                if not isinstance(value, dict):
                    raise ExportError(f"{where}: a JSON {type(value).__name__}, not an object")
                try:
                    yield source.rows(value)
                except _Bad as error:
                    raise ExportError(f"{where}: {error}") from None
    except OSError as error:
        raise ExportError(f"cannot read {source.path}: {error.strerror or error}") from None
