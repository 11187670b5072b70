"""Archived captures (WARC 1.0/1.1, ARC; gzipped or not) as pages for the chain, with no network.

Two passes over the files given, both through :mod:`iomcrawl.warc.records`:

1. an index of every stored payload (:class:`~iomcrawl.warc.payloads.PayloadIndex`), so that a
   ``revisit`` record can be resolved to the payload it refers to, whichever file holds it;
2. the captures in file order: ``response`` (and ``resource``) records, and revisits resolved through
   the index. A capture that is not a 200, not HTML, cut short, or larger than the cap is *skipped* with
   a reason; request, warcinfo and metadata records are counted only.

A revisit takes its status and headers from its own HTTP head, or from the original's when its block is
empty; its ``WARC-Truncated`` (Heritrix writes ``length`` on every revisit) is about that block, which
holds no payload by design, so it does not make the capture truncated.

A file that cannot be read (bad gzip, a record that does not parse or is cut short, a whole-file-gzipped
WARC) is reported with the offset of the record where reading stopped; the captures read before that
point are kept and the other files go on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from iomcrawl.codes import Annotation, Reason, Skip, status_skip
from iomcrawl.warc.gunzip import GunzipTooLarge, gunzip
from iomcrawl.warc.payloads import PayloadIndex, read_original
from iomcrawl.warc.records import (
    CAPTURE_KINDS,
    ArchiveRecord,
    Header,
    Payload,
    UnreadableAt,
    archive_files,
    cap_decompression,
    cut_short,
    iter_records,
)

__all__ = ["ArchiveReader", "Capture", "Corrupt", "Event", "Skipped", "archive_files"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)[\s>]", re.I)


@dataclass
class Capture:
    """One archived HTTP response, ready to become a page of the crawl."""

    url: str
    status: int
    headers: list[Header]
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


@dataclass
class _Draft:
    """A capture being read: what its record says so far, filled in step by step."""

    record: ArchiveRecord
    status: int | None
    headers: list[Header]
    content_type: str | None
    digest: str | None
    body: bytes = b""
    too_big: bool = False
    payload_bytes: int | None = None
    annotations: list[str] = field(default_factory=list)


def _has_header(pairs: list[Header], name: str) -> bool:
    return any(key.lower() == name.lower() for key, _ in pairs)


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _draft(record: ArchiveRecord) -> _Draft:
    """A resource record is a 200 with its own Content-Type; the others say it in their HTTP head."""
    if record.kind == "resource":
        return _Draft(record, 200, [], record.warc_header("Content-Type"), record.digest)
    http = record.http()
    return _Draft(record, http.status, http.headers, http.content_type, record.digest)


def _status_refusal(draft: _Draft) -> Reason | None:
    """Only a complete 200 is a page: other statuses, and records cut short by the crawler, are not."""
    if draft.status != 200:
        return Reason(status_skip(draft.status) if draft.status is not None else Skip.NO_HTTP_RESPONSE)
    truncated = draft.record.warc_header("WARC-Truncated")
    if truncated and draft.record.kind != "revisit":  # a revisit's block is meant to hold no payload
        return Reason(Skip.TRUNCATED, f"WARC-Truncated {truncated}")
    return None


def _cut_refusal(payload: Payload, record: ArchiveRecord) -> Reason | None:
    """A record the file holds only part of (a cut copy, a Content-Length past the end) is no page."""
    if payload.missing:
        return Reason(Skip.TRUNCATED, cut_short(payload.missing, record.declared_length))
    return None


def _html_refusal(draft: _Draft) -> Reason | None:
    """HTML by its Content-Type, or by its first bytes when it has none; anything else is not a page."""
    mime = _mime(draft.content_type)
    if mime in HTML_TYPES or (not mime and _HTML_SNIFF.search(draft.body[:2048])):
        return None
    return Reason(Skip.NOT_HTML, mime or "no content type")


def _capture(draft: _Draft) -> Capture:
    record = draft.record
    return Capture(
        url=record.url,
        status=200,
        headers=draft.headers,
        body=draft.body,
        content_type=draft.content_type,
        archive=str(record.file),
        offset=record.offset,
        record_id=record.record_id,
        date=record.date,
        digest=draft.digest,
        payload_bytes=draft.payload_bytes,
        annotations=draft.annotations,
    )


class ArchiveReader:
    """The events of replaying *paths*: captures for the chain, skips with reasons, corrupt files."""

    def __init__(self, paths: list[Path], max_bytes: int) -> None:
        cap_decompression(max_bytes)  # brotli output past the cap is not needed: it is skipped as too large
        self.paths = paths
        self.max_bytes = max_bytes
        self.payloads = PayloadIndex(paths)
        self.counts: Counter[str] = Counter()

    # -- pass 1 -----------------------------------------------------------------------------------------

    def build_index(self) -> None:
        self.payloads.build()

    # -- pass 2 -----------------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Event]:
        self.build_index()
        for path in self.paths:
            yield from self._read_file(path)

    def _read_file(self, path: Path) -> Iterator[Event]:
        read = 0
        try:
            for record in iter_records(path):
                read += 1
                event = self._event(record)
                if event is not None:
                    yield event
        except UnreadableAt as exc:
            self.counts["corrupt-files"] += 1
            yield Corrupt(str(path), exc.offset, exc.reason, read)
        except OSError as exc:  # the file itself (permissions, I/O error), not a record in it
            self.counts["corrupt-files"] += 1
            yield Corrupt(str(path), 0, f"{type(exc).__name__}: {exc}".strip(), read)

    def _event(self, record: ArchiveRecord) -> Event | None:
        """The capture a record stands for, or why it is skipped; None for records that are no capture."""
        self.counts[f"records/{record.kind}"] += 1
        if record.kind not in CAPTURE_KINDS:
            return None
        draft = _draft(record)
        payload_then_status = (
            self._load_payload,
            _status_refusal,
        )  # a revisit's status may be the original's
        status_then_payload = (_status_refusal, self._load_payload)
        for step in (
            *(payload_then_status if record.kind == "revisit" else status_then_payload),
            self._size_refusal,
            self._unwrap_gzip,
            _html_refusal,
        ):
            reason = step(draft)
            if reason is not None:
                return self._skip(draft, reason)
        self.counts["captures"] += 1
        return _capture(draft)

    def _skip(self, draft: _Draft, reason: Reason) -> Skipped:
        self.counts[f"skipped/{reason.code}"] += 1
        record = draft.record
        return Skipped(
            record.url,
            str(reason),
            str(record.file),
            record.offset,
            record.record_id,
            record.date,
            draft.status,
            draft.content_type,
            draft.digest,
        )

    def _load_payload(self, draft: _Draft) -> Reason | None:
        if draft.record.kind == "revisit":
            return self._load_original(draft)
        return self._load_own(draft)

    def _load_own(self, draft: _Draft) -> Reason | None:
        try:
            payload = draft.record.read_payload(self.max_bytes)
        except Exception as exc:  # a payload that does not decode: this record, not the file
            return Reason(Skip.PAYLOAD_UNREADABLE, f"{type(exc).__name__}: {exc}")
        cut = _cut_refusal(payload, draft.record)
        if cut is not None:
            return cut
        draft.body, draft.too_big, draft.payload_bytes = payload.body, payload.too_big, payload.stored_length
        if draft.digest is None:  # ARC, or a writer that left it out: computed by the index pass
            draft.digest = self.payloads.digest_at(draft.record.file, draft.record.offset)
        return None

    def _load_original(self, draft: _Draft) -> Reason | None:
        """A revisit's payload is the one stored under its digest; its own headers win where it has any."""
        where = self.payloads.locate(draft.digest)
        if where is None:
            return Reason(Skip.REVISIT_UNRESOLVED, f"no stored payload with digest {draft.digest}")
        original = read_original(where, self.max_bytes)
        if original is None or original.payload.missing:
            state = "unreadable" if original is None else "cut short"
            return Reason(Skip.REVISIT_UNRESOLVED, f"the payload at {where.file}:{where.offset} is {state}")
        payload = original.payload
        draft.body, draft.too_big, draft.payload_bytes = payload.body, payload.too_big, payload.stored_length
        if draft.status is None:  # an empty-block revisit: the original's head stands for it
            draft.status = 200 if original.http.status is None else original.http.status
        draft.headers = draft.headers or original.http.headers
        draft.content_type = draft.content_type or original.content_type
        draft.annotations += [
            str(Annotation.REVISIT),
            str(Reason(Annotation.REFERS_TO, f"{where.url} {where.date}")),
        ]
        return None

    def _size_refusal(self, draft: _Draft) -> Reason | None:
        if draft.too_big:
            return Reason(Skip.TOO_LARGE, f"payload over {self.max_bytes} bytes")
        return None

    def _unwrap_gzip(self, draft: _Draft) -> Reason | None:
        """Gzip bytes sent without Content-Encoding: what the live crawl gunzips too (same cap)."""
        if draft.body[:2] != b"\x1f\x8b" or _has_header(draft.headers, "Content-Encoding"):
            return None
        try:
            draft.body = gunzip(draft.body, max_size=self.max_bytes)
        except GunzipTooLarge:
            return Reason(Skip.TOO_LARGE, f"gzip payload over {self.max_bytes} bytes")
        except Exception:  # not gzip after all: the bytes go on as they are
            return None
        draft.annotations.append(str(Annotation.GZIP_WITHOUT_CONTENT_ENCODING))
        return None
