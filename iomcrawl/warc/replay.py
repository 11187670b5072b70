"""Read archived captures (WARC 1.0/1.1, ARC; gzipped or not) for the chain, with no network.

(It uses Scrapy's size-capped gunzip, for gzip bytes served without Content-Encoding, as the live crawl
does; nothing else of Scrapy.)

Two passes over the files given:

1. an index of every stored payload (digest -> file, offset), so that a ``revisit`` record can be
   resolved to the payload it refers to, whichever file holds it (ARC records have no digest: it is
   computed, streaming);
2. the captures in file order: ``response`` (and ``resource``) records, and revisits resolved through
   the index. A capture that is not a 200, not HTML, or larger than the cap is *skipped* with a reason;
   request, warcinfo and metadata records are counted only. Payloads are read through warcio's
   ``content_stream()`` (chunking and Content-Encoding undone) and never past ``max_bytes`` + 1.

A file that cannot be read (bad gzip, a record that does not parse, a whole-file-gzipped WARC) is
reported with the offset where reading stopped; the captures read before that point are kept and the
other files go on.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip
from warcio.archiveiterator import ArchiveIterator

from iomcrawl.warc import compat

logger = logging.getLogger(__name__)

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)[\s>]", re.I)


@dataclass
class Capture:
    """One archived HTTP response, ready to become a page of the crawl."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    content_type: str | None
    archive: str
    offset: int
    record_id: str
    date: str
    digest: str | None
    payload_bytes: int | None = None
    annotations: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """An archived capture not handed to the chain, and why (``status-404``, ``not-html``, ...)."""

    url: str
    reason: str
    archive: str
    offset: int
    record_id: str | None
    date: str | None
    status: int | None = None
    content_type: str | None = None
    digest: str | None = None


@dataclass
class Corrupt:
    """A file that stopped being readable at *offset*."""

    archive: str
    offset: int
    error: str
    records_read: int


Event = Capture | Skipped | Corrupt


def archive_files(path: str | Path) -> list[Path]:
    """The archives at *path*: the file itself, or the archives in a folder (recursively, sorted)."""
    root = Path(path)
    if root.is_file():
        return [root]
    if root.is_dir():
        return sorted(p for p in root.rglob("*") if p.is_file() and p.name.lower().endswith(ARCHIVE_SUFFIXES))
    raise FileNotFoundError(f"no archive at {root}")


def b32_sha1(data: bytes | None = None) -> Any:
    digester = hashlib.sha1()
    if data:
        digester.update(data)
    return digester


def _digest_str(digester: Any) -> str:
    return "sha1:" + base64.b32encode(digester.digest()).decode("ascii")


def _http(record: Any) -> tuple[int | None, list[tuple[str, str]], str | None]:
    headers = record.http_headers
    if headers is None:
        return None, [], None
    try:
        status = int(headers.get_statuscode())
    except (TypeError, ValueError):
        status = None
    pairs = [(str(k), str(v)) for k, v in headers.headers]
    content_type = headers.get_header("Content-Type")
    return status, pairs, content_type


def _has_header(pairs: list[tuple[str, str]], name: str) -> bool:
    return any(key.lower() == name.lower() for key, _ in pairs)


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


class ArchiveReader:
    def __init__(self, paths: list[Path], max_bytes: int) -> None:
        compat.install()
        compat.limit = max_bytes + 1  # brotli output past the cap is not needed: it is skipped as too large
        self.paths = paths
        self.max_bytes = max_bytes
        self.index: dict[str, tuple[Path, int, str, str]] = {}  # digest -> (file, offset, uri, date)
        self.digests: dict[tuple[Path, int], str] = {}  # (file, offset) -> payload digest
        self.counts: Counter[str] = Counter()

    # -- pass 1 -----------------------------------------------------------------------------------------

    def build_index(self) -> None:
        for path in self.paths:
            try:
                with path.open("rb") as stream:
                    iterator = ArchiveIterator(stream, arc2warc=True)
                    for record in iterator:
                        where = iterator.offset  # the record's start (get_record_offset() reads it)
                        if record.rec_type not in ("response", "resource"):
                            continue
                        digest = record.rec_headers.get_header("WARC-Payload-Digest")
                        if not digest:  # ARC: compute it from the stored payload, streaming
                            digester = b32_sha1()
                            while chunk := record.raw_stream.read(65536):
                                digester.update(chunk)
                            digest = _digest_str(digester)
                        self.digests[(path, where)] = digest
                        self.index.setdefault(
                            digest,
                            (
                                path,
                                where,
                                record.rec_headers.get_header("WARC-Target-URI") or "",
                                record.rec_headers.get_header("WARC-Date") or "",
                            ),
                        )
            except Exception:  # reported in pass 2, with the offset
                continue

    # -- pass 2 -----------------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Event]:
        self.build_index()
        for path in self.paths:
            yield from self._read_file(path)

    def _read_file(self, path: Path) -> Iterator[Event]:
        offset = 0
        read = 0
        try:
            with path.open("rb") as stream:
                iterator = ArchiveIterator(stream, arc2warc=True)
                for record in iterator:
                    offset = iterator.offset  # the record's start (get_record_offset() would read it)
                    read += 1
                    event = self._event(path, record, offset)
                    if event is not None:
                        yield event
        except Exception as exc:
            self.counts["corrupt-files"] += 1
            yield Corrupt(str(path), offset, f"{type(exc).__name__}: {exc}".strip(), read)

    def _event(self, path: Path, record: Any, offset: int) -> Event | None:
        kind = record.rec_type
        self.counts[f"records/{kind}"] += 1
        if kind not in ("response", "resource", "revisit"):
            return None
        headers = record.rec_headers
        url = headers.get_header("WARC-Target-URI") or ""
        record_id = headers.get_header("WARC-Record-ID") or ""
        date = headers.get_header("WARC-Date") or ""
        digest = headers.get_header("WARC-Payload-Digest")
        if kind == "resource":
            status, pairs, content_type = 200, [], headers.get_header("Content-Type")
        else:
            status, pairs, content_type = _http(record)

        def skip(reason: str) -> Skipped:
            self.counts[f"skipped/{reason.split(':')[0]}"] += 1
            return Skipped(url, reason, str(path), offset, record_id, date, status, content_type, digest)

        if status != 200:
            return skip(f"status-{status}" if status is not None else "no-http-response")
        if headers.get_header("WARC-Truncated"):
            return skip(f"truncated: WARC-Truncated {headers.get_header('WARC-Truncated')}")
        annotations: list[str] = []
        if kind == "revisit":
            original = self.index.get(digest or "")
            if original is None:
                return skip(f"revisit-unresolved: no stored payload with digest {digest}")
            body, too_big, raw_len, orig_pairs, orig_type = self._read_original(*original[:2])
            if body is None:
                return skip(f"revisit-unresolved: the payload at {original[0]}:{original[1]} is unreadable")
            pairs = pairs or orig_pairs
            content_type = content_type or orig_type
            annotations += ["revisit", f"refers-to: {original[2]} {original[3]}"]
        else:
            try:
                body, too_big, raw_len = self._read_payload(record)
            except Exception as exc:  # a payload that does not decode: this record, not the file
                return skip(f"payload-unreadable: {type(exc).__name__}: {exc}")
            if digest is None:  # ARC, or a writer that left it out
                digest = self._raw_digest(path, offset)
        if too_big:
            return skip(f"too-large: payload over {self.max_bytes} bytes")
        if body[:2] == b"\x1f\x8b" and not _has_header(pairs, "Content-Encoding"):
            # gzip bytes sent without Content-Encoding: what the live crawl gunzips too (same cap)
            try:
                body = gunzip(body, max_size=self.max_bytes)
            except _DecompressionMaxSizeExceeded:
                return skip(f"too-large: gzip payload over {self.max_bytes} bytes")
            except Exception:
                pass
            else:
                annotations.append("gzip-without-content-encoding")
        mime = _mime(content_type)
        if mime not in HTML_TYPES and not (not mime and _HTML_SNIFF.search(body[:2048])):
            return skip(f"not-html: {mime or 'no content type'}")
        self.counts["captures"] += 1
        return Capture(
            url=url,
            status=200,
            headers=pairs,
            body=body,
            content_type=content_type,
            archive=str(path),
            offset=offset,
            record_id=record_id,
            date=date,
            digest=digest,
            payload_bytes=raw_len,
            annotations=annotations,
        )

    def _read_payload(self, record: Any) -> tuple[bytes, bool, int | None]:
        """(body with transfer/content encodings undone, over the cap?, raw payload length if known)."""
        raw_len = record.payload_length if getattr(record, "payload_length", -1) >= 0 else None
        body = record.content_stream().read(self.max_bytes + 1)
        return body[: self.max_bytes], len(body) > self.max_bytes, raw_len

    def _read_original(
        self, path: Path, offset: int
    ) -> tuple[bytes | None, bool, int | None, list[tuple[str, str]], str | None]:
        try:
            with path.open("rb") as stream:
                stream.seek(offset)
                record = next(iter(ArchiveIterator(stream, arc2warc=True)))
                _, pairs, content_type = _http(record)
                if record.rec_type == "resource":
                    content_type = record.rec_headers.get_header("Content-Type")
                body, too_big, raw_len = self._read_payload(record)
                return body, too_big, raw_len, pairs, content_type
        except Exception as exc:
            logger.warning("cannot read the record a revisit refers to (%s:%d): %s", path, offset, exc)
            return None, False, None, [], None

    def _raw_digest(self, path: Path, offset: int) -> str | None:
        return self.digests.get((path, offset))
