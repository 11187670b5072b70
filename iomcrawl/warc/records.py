"""The one way iomcrawl reads archive files (WARC 1.0/1.1, ARC; gzipped or not): replay and QA both use it.

A record is read where it stands (while a file is iterated, or at a known offset) and gives its WARC
fields, its HTTP head and its payload through warcio's ``content_stream()`` (chunking and
Content-Encoding undone), never more than the cap + 1 bytes. ARC records are read as WARC
(``arc2warc``), so one code path serves both. Revisits are resolved by :mod:`iomcrawl.warc.payloads`.

warcio hands back a record cut short (a ``.warc.gz`` cut inside a gzip member, a Content-Length running
past the end of the file) as if it were whole; here such a record says how many bytes it lacks
(:attr:`Payload.missing`), and iterating past it raises :class:`UnreadableAt`, as does any other
failure, with the offset of the record where reading stopped.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader

from iomcrawl.warc import compat

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
PAYLOAD_KINDS = ("response", "resource")  # records that store a payload of their own
CAPTURE_KINDS = (*PAYLOAD_KINDS, "revisit")  # records that stand for a capture

Header = tuple[str, str]

CHUNK_SIZE = 64 * 1024  # bytes read at a time from a record's stored block


# What a record starts with: a gzip member, a WARC version line, or an ARC header line (a URL, or filedesc:).
_RECORD_START = re.compile(rb"\x1f\x8b|WARC/|[a-z][a-z0-9+.-]*:", re.I)


class NoRecordAt(LookupError):
    """Nothing but the end of the file at the offset asked for."""


class UnreadableAt(Exception):
    """A file that stopped being readable: *offset* is where the record that failed starts."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


def cut_short(missing: int, declared: int | None) -> str:
    """Why a record is incomplete, in words."""
    if declared is None:
        return f"record cut short: {missing} bytes missing"
    return f"record cut short: {declared - missing} of {declared} bytes"


def archive_files(path: str | Path) -> list[Path]:
    """The archives at *path*: the file itself, or the archives in a folder (recursively, sorted)."""
    root = Path(path)
    if root.is_file():
        return [root]
    if root.is_dir():
        return sorted(p for p in root.rglob("*") if p.is_file() and p.name.lower().endswith(ARCHIVE_SUFFIXES))
    raise FileNotFoundError(f"no archive at {root}")


def cap_decompression(max_bytes: int) -> None:
    """Make warcio read brotli payloads (and stop inflating them past the cap: beyond it they are skipped)."""
    compat.install()
    compat.limit = max_bytes + 1


def payload_digest_of(chunks: Iterator[bytes]) -> str:
    """``sha1:`` + base32 of a payload read in chunks (ARC records carry no digest of their own)."""
    digester = hashlib.sha1()
    for chunk in chunks:
        digester.update(chunk)
    return "sha1:" + base64.b32encode(digester.digest()).decode("ascii")


@dataclass(frozen=True)
class HttpHead:
    """The HTTP status line and headers stored with a record (empty for a record without HTTP)."""

    status: int | None = None
    headers: list[Header] = field(default_factory=list)
    protocol: str | None = None

    def header(self, name: str) -> str | None:
        """The first value of header *name*, whatever its case."""
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")

    @property
    def content_decoded(self) -> bool:
        """Whether reading the payload undoes its Content-Encoding (warcio does, for the codings it knows)."""
        coding = (self.header("Content-Encoding") or "").lower()
        return coding in BufferedReader.get_supported_decompressors()


@dataclass(frozen=True)
class Payload:
    """A payload as the chain would see it: the body up to the cap, and whether there was more."""

    body: bytes
    too_big: bool
    stored_length: int | None  # of the payload as stored (still content-encoded), when the record says
    missing: int = 0  # bytes the record declares but the file does not hold (a cut record)


class ArchiveRecord:
    """One record of an archive, readable while its file is open at it."""

    def __init__(self, record: Any, file: Path, offset: int) -> None:
        self._record = record
        self.file = file
        self.offset = offset

    @property
    def kind(self) -> str:
        return str(self._record.rec_type)

    def warc_header(self, name: str) -> str | None:
        """A WARC header of the record (``WARC-Date``, ``WARC-Truncated``, ...), or None."""
        value = self._record.rec_headers.get_header(name)
        return None if value is None else str(value)

    @property
    def url(self) -> str:
        return self.warc_header("WARC-Target-URI") or ""

    @property
    def record_id(self) -> str:
        return self.warc_header("WARC-Record-ID") or ""

    @property
    def date(self) -> str:
        return self.warc_header("WARC-Date") or ""

    @property
    def digest(self) -> str | None:
        return self.warc_header("WARC-Payload-Digest")

    def http(self) -> HttpHead:
        headers = self._record.http_headers
        if headers is None:
            return HttpHead()
        try:
            status: int | None = int(headers.get_statuscode())
        except (TypeError, ValueError):
            status = None
        pairs = [(str(key), str(value)) for key, value in headers.headers]
        return HttpHead(status, pairs, headers.protocol)

    @property
    def declared_length(self) -> int | None:
        """The record's Content-Length (of its block), when it states one."""
        length = getattr(self._record, "length", None)
        return length if isinstance(length, int) and length >= 0 else None

    def head_problem(self) -> str | None:
        """Why the record's WARC head cannot delimit it (a head cut short, or never whole), or None."""
        if self._record.format != "warc":  # ARC heads are read as WARC ones, with a length of their own
            return None
        missing = [name for name in ("WARC-Type", "Content-Length") if self.warc_header(name) is None]
        return f"record head without {' or '.join(missing)}: cut short or malformed" if missing else None

    def read_payload(self, max_bytes: int) -> Payload:
        """The payload with transfer and content encodings undone, read no further than the cap + 1;
        the rest of the record is read through (not decoded) to tell whether the file holds all of it."""
        length = getattr(self._record, "payload_length", -1)
        body = self._record.content_stream().read(max_bytes + 1)
        return Payload(
            body[:max_bytes], len(body) > max_bytes, length if length >= 0 else None, self.bytes_missing()
        )

    def bytes_missing(self) -> int:
        """Bytes the record declares but the file ends (or its gzip member ends) before; 0 for a whole
        record. Reads what is left of the record as stored, in bounded chunks, without decoding it."""
        stream = self._record.raw_stream
        while stream.read(CHUNK_SIZE):
            pass
        remaining = getattr(stream, "limit", 0)  # a LimitReader counts down the declared length
        return remaining if isinstance(remaining, int) and remaining > 0 else 0

    def digests_failed(self) -> bool:
        """Whether a digest the record states did not match its bytes (once read through, when the
        file was iterated with ``check_digests``)."""
        checker = getattr(self._record, "digest_checker", None)
        return checker is not None and checker.passed is False

    def stored_digest(self) -> str:
        """The payload digest the record states, else computed from the stored payload (streaming)."""
        stated = self.digest
        if stated:
            return stated
        stream = self._record.raw_stream
        return payload_digest_of(iter(lambda: stream.read(CHUNK_SIZE), b""))


def iter_records(path: Path, *, check_digests: bool = False) -> Iterator[ArchiveRecord]:
    """Every record of the file, in order. Raises :class:`UnreadableAt` where reading stopped: at a
    record cut short (after yielding it, so its reader can say so too), or at one that does not parse.
    With *check_digests*, each record's stored bytes are checked against its digests as they are read
    (see :meth:`ArchiveRecord.digests_failed`)."""
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream, arc2warc=True, check_digests=check_digests)
        current: ArchiveRecord | None = None
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                return
            except Exception as exc:
                raise UnreadableAt(_failed_at(iterator, current), _describe(exc)) from exc
            current = ArchiveRecord(record, path, iterator.offset)  # the record's start
            problem = current.head_problem()
            if problem:
                raise UnreadableAt(current.offset, problem)
            yield current
            missing = current.bytes_missing()
            if missing:
                raise UnreadableAt(current.offset, cut_short(missing, current.declared_length))


def _failed_at(iterator: ArchiveIterator, current: ArchiveRecord | None) -> int:
    """Where the record that failed starts: the one being read through, or the next one if the
    iterator had finished the current record (``member_info`` set) before failing."""
    if current is None or iterator.member_info:
        return int(iterator.offset)
    return current.offset


def _describe(exc: Exception) -> str:
    """Why reading failed, in words that never quote the file: warcio's messages can hold its first line,
    and an archive path may be a link to any file on the machine."""
    message = " ".join(str(exc).split())
    quoted = message.find("first line")
    if quoted >= 0:  # 'Unknown archive format, first line: [...]'
        return f"{type(exc).__name__}: not a WARC or ARC record"
    return f"{type(exc).__name__}: {message[:600]}".strip()


@contextmanager
def record_at(path: Path, offset: int) -> Iterator[ArchiveRecord]:
    """The record starting at *offset*, readable inside the ``with`` block; raises if there is none."""
    with path.open("rb") as stream:
        stream.seek(offset)
        if not _RECORD_START.match(stream.read(32)):  # else warcio may read junk inside a record as one
            raise NoRecordAt(f"no record starts at {path}#{offset}")
        stream.seek(offset)
        for record in ArchiveIterator(stream, arc2warc=True):
            yield ArchiveRecord(record, path, offset)
            return
    raise NoRecordAt(f"no record at {path}#{offset}")
