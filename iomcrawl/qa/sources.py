"""A response as it was served: from a live URL, a saved file or a WARC record, for fixtures and the report.

The body is kept as the bytes a crawl's chain would see (content-encoding such as gzip undone, as Scrapy's
HttpCompressionMiddleware does, charset untouched: a lying charset is exactly what fixtures must keep).
Headers, status and URL travel in a sidecar shaped like Scrapy 2.19's ``Response.to_dict()``, so
``scrapy.utils.response.response_from_dict`` rebuilds the response from it and the page's bytes.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.response import response_from_dict
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader

from iomcrawl.crawl.settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT, USER_AGENT

MAX_BYTES = DOWNLOAD_MAXSIZE  # the crawl's own cap: a page bigger than this is not a press release
WARC_SUFFIXES = (".warc", ".warc.gz")


class SourceError(Exception):
    """A page that cannot be captured: unreachable, too big, disallowed, not a response record."""


@dataclass
class RawResponse:
    url: str
    body: bytes
    status: int | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    fetched_at: str | None = None
    origin: dict[str, Any] = field(default_factory=dict)  # how it was obtained: kind http|file|warc, ...
    protocol: str | None = None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")

    def to_scrapy(self) -> Response:
        headers: dict[str, list[str]] = {}
        for name, value in self.headers:
            headers.setdefault(name, []).append(value)
        cls = responsetypes.from_args(headers=headers, url=self.url, body=self.body)
        return cls(
            url=self.url, status=self.status or 200, headers=headers, body=self.body, protocol=self.protocol
        )

    def sidecar(self) -> dict[str, Any]:
        """``Response.to_dict()`` without the body (it is the fixture's page file), made JSON-safe."""
        data = self.to_scrapy().to_dict()
        data.pop("body", None)
        data.pop("encoding", None)  # Scrapy's guess; the chain sniffs the bytes itself
        data["headers"] = {
            _text(name): [_text(v) for v in values] for name, values in (data.get("headers") or {}).items()
        }
        data["status"] = self.status
        data["fetched_at"] = self.fetched_at
        data["origin"] = self.origin
        return data


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def response_from_sidecar(sidecar: dict[str, Any], body: bytes) -> Response:
    """The Scrapy response a fixture was captured from, rebuilt from its sidecar and page bytes."""
    keep = {k: v for k, v in sidecar.items() if k not in ("fetched_at", "origin")}
    keep["status"] = keep.get("status") or 200
    return response_from_dict({**keep, "body": body})


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _undo_content_encoding(
    body: bytes, headers: list[tuple[str, str]]
) -> tuple[bytes, list[tuple[str, str]]]:
    """gzip/deflate bodies decoded (capped), and the header that described them dropped, as Scrapy does."""
    coding = next((v.strip().lower() for k, v in headers if k.lower() == "content-encoding"), "")
    if coding not in ("gzip", "x-gzip", "deflate"):
        return body, headers
    # zlib with a cap rather than gzip.decompress: a small body must not inflate into gigabytes
    wbits = (zlib.MAX_WBITS | 16,) if coding != "deflate" else (zlib.MAX_WBITS, -zlib.MAX_WBITS)
    data = b""
    for bits in wbits:
        try:
            data = zlib.decompressobj(bits).decompress(body, MAX_BYTES + 1)
            break
        except zlib.error as exc:
            if bits == wbits[-1]:
                raise SourceError(f"the {coding} body does not decompress: {exc}") from exc
    if len(data) > MAX_BYTES:
        raise SourceError(f"the body decompresses to more than {MAX_BYTES} bytes")
    return data, [(k, v) for k, v in headers if k.lower() != "content-encoding"]


def _get(url: str, timeout: float) -> tuple[int, str, list[tuple[str, str]], bytes, str]:
    """One GET with the crawl's User-Agent; HTTP error answers are responses too (a 404 page is a fixture)."""
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # callers check the scheme
    except urllib.error.HTTPError as exc:
        response = exc
    except (urllib.error.URLError, OSError) as exc:
        raise SourceError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from exc
    with response:
        body = response.read(MAX_BYTES + 1)
        version = getattr(response, "version", 11)
        return (
            response.status,
            response.geturl(),
            list(response.headers.items()),
            body,
            "HTTP/1.0" if version == 10 else "HTTP/1.1",
        )


def robots_allow(url: str, timeout: float = DOWNLOAD_TIMEOUT) -> bool:
    """robots.txt, read with the same User-Agent; an unreachable or missing file allows, as in Scrapy."""
    robots_url = urljoin(url, "/robots.txt")
    try:
        status, _, _, body, _ = _get(robots_url, timeout)
    except SourceError:
        return True
    if status >= 400:
        return True
    parser = urllib.robotparser.RobotFileParser(robots_url)
    parser.parse(body.decode("utf-8", "replace").splitlines())
    return parser.can_fetch(USER_AGENT, url)


def fetch_url(url: str, *, obey_robots: bool = True, timeout: float = DOWNLOAD_TIMEOUT) -> RawResponse:
    """A live page, politely: robots.txt obeyed, the crawl's User-Agent, the crawl's size cap."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceError(f"not an http(s) URL: {url}")
    if obey_robots and not robots_allow(url, timeout):
        raise SourceError(f"robots.txt disallows {url} for {USER_AGENT}")
    fetched_at = now_iso()
    status, final_url, headers, body, protocol = _get(url, timeout)
    if len(body) > MAX_BYTES:
        raise SourceError(f"{url} is larger than {MAX_BYTES} bytes")
    body, headers = _undo_content_encoding(body, headers)
    origin = {"kind": "http", "requested": url}
    return RawResponse(final_url, body, status, headers, fetched_at, origin, protocol)


def read_file(path: Path, url: str | None = None) -> RawResponse:
    """A page saved by hand: its bytes as they are, its URL as the person states it (else the file's)."""
    try:
        body = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(body) > MAX_BYTES:
        raise SourceError(f"{path} is larger than {MAX_BYTES} bytes")
    ctype = "text/plain" if path.suffix.lower() == ".txt" else None
    headers = [("Content-Type", ctype)] if ctype else []
    fetched = mtime.isoformat(timespec="seconds").replace("+00:00", "Z")
    return RawResponse(
        url or path.resolve().as_uri(), body, None, headers, fetched, {"kind": "file", "path": str(path)}
    )


def split_warc_ref(ref: str) -> tuple[Path, int] | None:
    """`archive.warc.gz#1234` -> (path, offset); None when `ref` is not that."""
    path, sep, offset = ref.rpartition("#")
    if not sep or not offset.isdigit() or not path.endswith(WARC_SUFFIXES):
        return None
    return Path(path), int(offset)


def _from_record(record: Any, warc_file: Path, offset: int) -> RawResponse:
    headers_obj = record.http_headers
    headers = [(k, v) for k, v in headers_obj.headers] if headers_obj else []
    stream = record.content_stream()
    body = stream.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise SourceError(f"the record at {warc_file}#{offset} is larger than {MAX_BYTES} bytes")
    coding = (headers_obj.get_header("content-encoding") or "").lower() if headers_obj else ""
    if coding in BufferedReader.get_supported_decompressors():  # content_stream() has undone it
        headers = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
    status = int(headers_obj.get_statuscode()) if headers_obj and headers_obj.get_statuscode() else None
    protocol = headers_obj.protocol if headers_obj else None
    return RawResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        body=body,
        status=status,
        headers=headers,
        fetched_at=record.rec_headers.get_header("WARC-Date"),
        origin={
            "kind": "warc",
            "file": warc_file.name,
            "offset": offset,
            "record_id": record.rec_headers.get_header("WARC-Record-ID"),
        },
        protocol=protocol,
    )


def read_warc_record(warc_file: Path, offset: int) -> RawResponse:
    """The response (or resource) record starting at `offset` in a WARC file."""
    try:
        with warc_file.open("rb") as fh:
            fh.seek(offset)
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "resource"):
                    raise SourceError(f"{warc_file}#{offset} is a {record.rec_type} record, not a response")
                return _from_record(record, warc_file, offset)
    except OSError as exc:
        raise SourceError(f"cannot read {warc_file}: {exc.strerror or exc}") from exc
    except Exception as exc:  # warcio raises plain exceptions for a bad offset or a damaged file
        if isinstance(exc, SourceError):
            raise
        raise SourceError(f"no WARC record at {warc_file}#{offset}: {exc}") from exc
    raise SourceError(f"no WARC record at {warc_file}#{offset}")


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
    """Every response/resource record in these WARC files; a damaged file is skipped."""
    for path in paths:
        try:
            with path.open("rb") as fh:
                records = ArchiveIterator(fh)
                for record in records:
                    if record.rec_type not in ("response", "resource"):
                        continue
                    http = record.http_headers
                    status = http.get_statuscode() if http else None
                    yield WarcEntry(
                        url=record.rec_headers.get_header("WARC-Target-URI") or "",
                        file=path,
                        offset=records.get_record_offset(),
                        status=int(status) if status and status.isdigit() else None,
                    )
        except Exception:  # a truncated archive must not cost the whole report
            continue
