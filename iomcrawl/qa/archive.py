"""Responses read from WARC files, for ``iomcrawl fixture add FILE.warc.gz#OFFSET`` and the crawl report.

Records are read by :mod:`iomcrawl.warc.records`, the reader replay uses, so QA sees what a replay sees: a
``revisit`` record gives the payload it refers to (found by digest in the same file or the archives
beside it), with the revisit's own URL, date and HTTP headers where it has them.
"""

from __future__ import annotations

import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from iomcrawl.qa.sources import MAX_BYTES, RawResponse, SourceError
from iomcrawl.warc.payloads import PayloadIndex, read_original
from iomcrawl.warc.records import (
    ARCHIVE_SUFFIXES,
    CAPTURE_KINDS,
    PAYLOAD_KINDS,
    ArchiveRecord,
    Header,
    HttpHead,
    NoRecordAt,
    Payload,
    cap_decompression,
    iter_records,
    record_at,
)

WARC_SUFFIXES = (".warc", ".warc.gz")
WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 4096  # enough for a gzip member's header and the start of its first record


def _starts_like_warc(head: bytes) -> bool:
    """Whether the first bytes of a file are a WARC version line, plain or in a gzip member."""
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, len(WARC_MAGIC))
        except zlib.error:
            return False
    return head.startswith(WARC_MAGIC)


def is_warc_file(path: Path) -> bool:
    """A regular file (links followed) that begins like a WARC. Nothing else is read further: a link
    named ``x.warc`` may point at any file, and its content must not end up in a message or a report."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as stream:
            return _starts_like_warc(stream.read(_SNIFF_BYTES))
    except OSError:
        return False


def _ensure_warc_file(path: Path) -> None:
    """Refuse a missing, unreadable or non-WARC file with a message that names only its path."""
    try:
        path.stat()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not is_warc_file(path):
        raise SourceError(f"not a WARC file: {path}")


def split_warc_ref(ref: str) -> tuple[Path, int] | None:
    """`archive.warc.gz#1234` -> (path, offset); None when `ref` is not that."""
    path, sep, offset = ref.rpartition("#")
    if not sep or not offset.isdigit() or not path.endswith(WARC_SUFFIXES):
        return None
    return Path(path), int(offset)


def payloads_beside(warc_file: Path) -> PayloadIndex:
    """The payloads a revisit in *warc_file* may refer to: its own file's first, then its folder's."""
    others = [
        path
        for path in sorted(warc_file.parent.iterdir())
        if path.is_file() and path.name.lower().endswith(ARCHIVE_SUFFIXES) and path != warc_file
    ]
    return PayloadIndex([warc_file, *others])


def _without_content_encoding(headers: list[Header]) -> list[Header]:
    return [(k, v) for k, v in headers if k.lower() != "content-encoding"]


def _response(record: ArchiveRecord, http: HttpHead, payload: Payload, stored_http: HttpHead) -> RawResponse:
    """*payload* as served with *http*; *stored_http* is the head stored with the payload (it says whether
    reading undid a Content-Encoding, whose header then no longer describes the body)."""
    if payload.too_big:
        raise SourceError(f"the record at {record.file}#{record.offset} is larger than {MAX_BYTES} bytes")
    headers = _without_content_encoding(http.headers) if stored_http.content_decoded else http.headers
    return RawResponse(
        url=record.url,
        body=payload.body,
        status=http.status,
        headers=headers,
        fetched_at=record.warc_header("WARC-Date"),
        origin={
            "kind": "warc",
            "file": record.file.name,
            "offset": record.offset,
            "record_id": record.warc_header("WARC-Record-ID"),
        },
        protocol=http.protocol,
    )


def _revisited(record: ArchiveRecord, payloads: PayloadIndex) -> RawResponse:
    """A revisit: the payload stored under its digest, under the revisit's own head where it has one."""
    where = payloads.locate(record.digest)
    if where is None:
        raise SourceError(
            f"{record.file}#{record.offset} is a revisit of a payload not found beside it (digest {record.digest})"
        )
    original = read_original(where, MAX_BYTES)
    if original is None:
        raise SourceError(
            f"{record.file}#{record.offset} is a revisit of {where.file}#{where.offset}, which is unreadable"
        )
    own, stored = record.http(), original.http
    http = HttpHead(
        own.status if own.status is not None else stored.status,
        own.headers or stored.headers,
        own.protocol or stored.protocol,
    )
    return _response(record, http, original.payload, stored)


def _read(record: ArchiveRecord, payloads: PayloadIndex | None) -> RawResponse:
    if record.kind == "revisit":
        return _revisited(record, payloads or payloads_beside(record.file))
    if record.kind not in PAYLOAD_KINDS:
        raise SourceError(f"{record.file}#{record.offset} is a {record.kind} record, not a response")
    http = record.http()
    return _response(record, http, record.read_payload(MAX_BYTES), http)


def read_warc_record(warc_file: Path, offset: int, payloads: PayloadIndex | None = None) -> RawResponse:
    """The response, resource or revisit record starting at `offset` in a WARC file; a revisit is resolved
    through `payloads` (by default those of the archives beside the file, indexed only when needed)."""
    cap_decompression(MAX_BYTES)
    _ensure_warc_file(warc_file)
    try:
        with record_at(warc_file, offset) as record:
            return _read(record, payloads)
    except OSError as exc:
        raise SourceError(f"cannot read {warc_file}: {exc.strerror or exc}") from exc
    except NoRecordAt as exc:
        raise SourceError(f"no WARC record at {warc_file}#{offset}") from exc
    except SourceError:
        raise
    except Exception as exc:  # warcio raises plain exceptions for a bad offset or a damaged file
        # only the exception's type: warcio's messages quote the bytes it found there
        raise SourceError(f"no WARC record at {warc_file}#{offset} ({type(exc).__name__})") from exc


@dataclass(frozen=True)
class WarcEntry:
    """Where one captured response sits, without its body (read it with :func:`read_warc_record`)."""

    url: str
    file: Path
    offset: int
    status: int | None


def warc_files(directory: Path) -> list[Path]:
    """Finished WARC files under `directory` (``.open`` ones are still being written and are skipped)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.name.endswith(WARC_SUFFIXES))


def iter_warc_entries(paths: list[Path]) -> Iterator[WarcEntry]:
    """Every response, resource and revisit record in these files; a damaged file is skipped from there."""
    for path in paths:
        if not is_warc_file(path):
            continue
        try:
            for record in iter_records(path):
                if record.kind in CAPTURE_KINDS:
                    yield WarcEntry(
                        url=record.url, file=path, offset=record.offset, status=record.http().status
                    )
        except Exception:  # a truncated archive must not cost the whole report
            continue
