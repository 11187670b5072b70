"""WARC 1.1 files with warcio: one gzip member per record, a warcinfo record per file, size rollover.

Every record is built in memory and written with a single ``write`` + ``flush``, so a file cut short by a
kill ends at a record boundary or inside the last record, never elsewhere; a file being written is
named ``….warc.gz.open`` (as Heritrix does) and renamed when closed, and :func:`recover_open_files`
repairs or sets aside what a killed run left.

Records are written from the bytes Scrapy received (still content-encoded), with the header values as
received (Scrapy re-cases the names; the README says exactly what it keeps); see
:mod:`iomcrawl.crawl.middlewares.capture` for why the capture point matters.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import re
import socket
import uuid
import zlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from iomcrawl.warc.records import cut_short, iter_records

logger = logging.getLogger(__name__)

WARC_VERSION = "1.1"
CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
OPEN_SUFFIX = ".open"
SET_ASIDE_DIR = "set-aside"
DEFAULT_MAX_SIZE = 1_000_000_000  # Heritrix's default rollover size

Header = tuple[str, str]


def payload_digest(data: bytes) -> str:
    """The WARC form of a payload digest: ``sha1:`` + base32, as warcio, wget and CDX indexes write it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_date(moment: datetime) -> str:
    """WARC 1.1 date: UTC, ISO 8601, microseconds."""
    return datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None), use_micros=True)


def header_str(value: bytes | str) -> str:
    """A header name or value as text that encodes back to the same bytes (latin-1 is byte-transparent)."""
    return value.decode("latin-1") if isinstance(value, bytes) else value


def status_line(status: int, reason: str | None = None) -> str:
    if reason is None:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"{status} {reason}".rstrip()


class RawHeaders(StatusAndHeaders):
    """HTTP headers written byte for byte (warcio would %-encode non-ASCII values instead)."""

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.to_str(header_filter).encode("latin-1", "replace") + b"\r\n"


@dataclass(frozen=True)
class WrittenRecord:
    """Where one response (or revisit, or resource) record went: the fields the crawl log and the items carry."""

    warc_file: str
    warc_offset: int
    warc_record_id: str
    warc_type: str
    digest: str | None
    capture_date: str
    length: int  # of the record in the file (compressed)
    payload_length: int  # of the HTTP payload, as received

    def as_meta(self) -> dict[str, Any]:
        return asdict(self)


class DeterministicIds:
    """Record ids derived from a seed and a counter: the same input gives the same WARC (sample builds)."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{self.seed}#{self.count}')}>"


def random_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _safe_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip(".-") or "x"


class WarcWriter:
    """Writes captures into ``DIRECTORY/PREFIX-TIMESTAMP-SERIAL-PID~HOST.warc.gz`` files.

    A new file per writer (so per run), a new file when the current one passes ``max_size`` bytes.
    ``info`` is the warcinfo body (``key: value`` fields) written at the start of each file.
    """

    def __init__(
        self,
        directory: str | Path,
        *,
        info: dict[str, str],
        prefix: str = "iomcrawl",
        max_size: int = DEFAULT_MAX_SIZE,
        dedupe: bool = True,
        clock: Callable[[], datetime] | None = None,
        make_id: Callable[[], str] | None = None,
        filename: str | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.info = info
        self.prefix = _safe_part(prefix)
        self.max_size = max_size
        self.dedupe = dedupe
        self.clock = clock or (lambda: datetime.now(UTC))
        self.make_id = make_id or random_id
        self.fixed_name = filename  # one file with exactly this name (deterministic builds)
        self._builder = RecordBuilder(warc_version=WARC_VERSION)
        self._stamp = self.clock().strftime("%Y%m%d%H%M%S%f")[:17]
        self._serial = 0
        self._file: io.BufferedWriter | None = None
        self._path: Path | None = None
        self._size = 0
        self._warcinfo_id = ""
        self._seen: dict[str, tuple[str, str, str]] = {}  # payload digest -> (uri, date, record id)
        self.files: list[Path] = []
        self.records = 0

    # -- files ------------------------------------------------------------------------------------------

    @property
    def current_name(self) -> str | None:
        return self._final_path.name if self._path is not None else None

    @property
    def _final_path(self) -> Path:
        assert self._path is not None
        return self._path.with_name(self._path.name.removesuffix(OPEN_SUFFIX))

    def _next_name(self) -> str:
        if self.fixed_name:
            return self.fixed_name
        host = _safe_part(socket.gethostname())
        return f"{self.prefix}-{self._stamp}-{self._serial:05d}-{os.getpid()}~{host}.warc.gz"

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = self._next_name()
        self._serial += 1
        self._path = self.directory / (name + OPEN_SUFFIX)
        self._file = self._path.open("xb")
        self._size = 0
        self._warcinfo_id = self.make_id()
        body = "".join(f"{key}: {value}\r\n" for key, value in self.info.items() if value).encode()
        record = self._builder.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": self._warcinfo_id,
                "WARC-Date": warc_date(self.clock()),
                "WARC-Filename": name,
            },
        )
        self._write([record])
        logger.info("writing WARC %s", self._final_path)

    def close(self) -> None:
        """Close the current file and give it its final name."""
        if self._file is None or self._path is None:
            return
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        final = self._final_path
        self._path.rename(final)
        self.files.append(final)
        self._file = self._path = None

    def _write(self, records: list[Any]) -> list[tuple[int, int]]:
        """Serialise *records* (one gzip member each) and append them with one write; (offset, length) each."""
        assert self._file is not None
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION)
        spans = []
        for record in records:
            start = buffer.tell()
            writer.write_record(record)
            spans.append((self._size + start, buffer.tell() - start))
        self._file.write(buffer.getvalue())
        self._file.flush()
        self._size += buffer.tell()
        return spans

    def _ready(self) -> None:
        if self._file is not None and self._size >= self.max_size:
            self.close()
        if self._file is None:
            self._open()

    # -- records ----------------------------------------------------------------------------------------

    def _written(self, record: Any, span: tuple[int, int], digest: str | None, payload: int) -> WrittenRecord:
        headers = record.rec_headers
        self.records += 1
        return WrittenRecord(
            warc_file=self._final_path.name,
            warc_offset=span[0],
            warc_record_id=headers.get_header("WARC-Record-ID"),
            warc_type=headers.get_header("WARC-Type"),
            digest=digest,
            capture_date=headers.get_header("WARC-Date"),
            length=span[1],
            payload_length=payload,
        )

    def write_http(
        self,
        *,
        url: str,
        status: int,
        headers: Iterable[tuple[bytes | str, bytes | str]],
        body: bytes,
        request_line: str,
        request_headers: Iterable[tuple[bytes | str, bytes | str]],
        date: datetime | None = None,
        protocol: str | None = "HTTP/1.1",
        ip_address: str | None = None,
        truncated: str | None = None,
    ) -> WrittenRecord:
        """A response (or a revisit, for a payload already stored) followed by its request."""
        self._ready()
        when = warc_date(date or self.clock())
        digest = payload_digest(body)
        http_headers = RawHeaders(
            status_line(status),
            [(header_str(k), header_str(v)) for k, v in headers],
            protocol=protocol or "HTTP/1.1",
        )
        warc_headers = {
            "WARC-Record-ID": self.make_id(),
            "WARC-Date": when,
            "WARC-Warcinfo-ID": self._warcinfo_id,
        }
        if ip_address:
            warc_headers["WARC-IP-Address"] = ip_address
        original = self._seen.get(digest) if body and 200 <= status < 300 and not truncated else None
        if original is not None and self.dedupe:
            refers_uri, refers_date, refers_id = original
            warc_headers["WARC-Refers-To"] = refers_id
            response = self._builder.create_revisit_record(
                url,
                digest,
                refers_uri,
                refers_date,
                http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )
        else:
            if truncated:
                warc_headers["WARC-Truncated"] = truncated
            response = self._builder.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )
            if body and 200 <= status < 300 and not truncated:
                self._seen.setdefault(digest, (url, when, warc_headers["WARC-Record-ID"]))
        request = self._builder.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=RawHeaders(
                request_line, [(header_str(k), header_str(v)) for k, v in request_headers], protocol=""
            ),
            warc_headers_dict={
                "WARC-Record-ID": self.make_id(),
                "WARC-Date": when,
                "WARC-Warcinfo-ID": self._warcinfo_id,
                "WARC-Concurrent-To": warc_headers["WARC-Record-ID"],
                **({"WARC-IP-Address": ip_address} if ip_address else {}),
            },
        )
        spans = self._write([response, request])
        self.records += 1  # the request
        return self._written(response, spans[0], digest, len(body))

    def write_resource(
        self, *, url: str, body: bytes, content_type: str | None, date: datetime | None = None
    ) -> WrittenRecord:
        """A capture without HTTP (a ``file://`` page): a resource record."""
        self._ready()
        record = self._builder.create_warc_record(
            url,
            "resource",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type=content_type or "application/octet-stream",
            warc_headers_dict={
                "WARC-Record-ID": self.make_id(),
                "WARC-Date": warc_date(date or self.clock()),
                "WARC-Warcinfo-ID": self._warcinfo_id,
            },
        )
        [span] = self._write([record])
        return self._written(record, span, payload_digest(body), len(body))


# -- recovery after a kill ----------------------------------------------------------------------------


def complete_members(data: bytes) -> int:
    """Bytes of *data* made of whole gzip members (where a file cut mid-member is safe to cut)."""
    end = 0
    while end < len(data):
        inflater = zlib.decompressobj(wbits=31)
        try:
            inflater.decompress(data[end:])
        except zlib.error:
            break
        if not inflater.eof:
            break
        end = len(data) - len(inflater.unused_data)
    return end


def readable_records(path: Path) -> int:
    """Records warcio reads from *path*, each whole and with its digests checked; raises if any fails.

    Blocks are read as stored, in bounded chunks, never decoded: the digests are of the stored bytes, and
    decoding would inflate a gzip or brotli bomb the crawl itself refused, or fail on an encoding warcio
    cannot undo (a brotli page would cost the whole file).
    """
    count = 0
    for record in iter_records(path, check_digests=True):
        missing = record.bytes_missing()
        if missing:
            raise ValueError(f"record {count} of {path} is {cut_short(missing, record.declared_length)}")
        if record.digests_failed():
            raise ValueError(f"digest mismatch in {path} at record {count}")
        count += 1
    return count


def recover_open_files(directory: str | Path) -> list[tuple[Path, str]]:
    """Repair the ``.open`` WARCs a killed run left in *directory*: cut to the last whole record and rename,
    or move to ``set-aside/`` when nothing in them can be read. Returns (path, what was done) pairs."""
    done: list[tuple[Path, str]] = []
    folder = Path(directory)
    if not folder.is_dir():
        return done
    for path in sorted(folder.glob("*" + OPEN_SUFFIX)):
        data = path.read_bytes()
        keep = complete_members(data)
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        if keep:
            with path.open("r+b") as stream:
                stream.truncate(keep)
            try:
                records = readable_records(path)
            except Exception as exc:  # unreadable although whole: set aside below
                logger.warning("WARC %s left by a killed run is unreadable: %s", path, exc)
                keep = 0
            else:
                path.rename(final)
                cut = len(data) - keep
                done.append((final, f"recovered {records} records, cut {cut} bytes of an unfinished record"))
                logger.warning("WARC %s left by a killed run: %s", final, done[-1][1])
                continue
        aside = folder / SET_ASIDE_DIR
        aside.mkdir(exist_ok=True)
        target = aside / path.name
        path.rename(target)
        done.append((target, "set aside: no complete record"))
        logger.warning("WARC %s left by a killed run has no complete record: moved to %s", path, target)
    return done
