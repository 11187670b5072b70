"""Revisit records resolved: an index of every stored payload, and the payload a revisit refers to.

A ``revisit`` record stores no payload, only the digest of one stored earlier, possibly in another file;
the index maps each digest to the first record holding it, across the files given, so any reader of
archives (replay, the QA report, ``fixture add``) gets the same bytes for the same revisit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from iomcrawl.warc.records import PAYLOAD_KINDS, HttpHead, Payload, iter_records, record_at

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredPayload:
    """Where a payload is stored: the record holding it, and that record's URL and date."""

    file: Path
    offset: int
    url: str
    date: str


@dataclass(frozen=True)
class Original:
    """The payload a revisit refers to, with the HTTP head it was served with."""

    where: StoredPayload
    payload: Payload
    http: HttpHead
    content_type: str | None  # the HTTP Content-Type, or a resource record's own


class PayloadIndex:
    """Payload digest -> the first record that stores it, over a list of archive files (read when first asked)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self._by_digest: dict[str, StoredPayload] = {}
        self._digests: dict[tuple[Path, int], str] = {}  # (file, offset) -> payload digest
        self._built = False

    def build(self) -> None:
        """Read every file once (the first time only)."""
        if self._built:
            return
        self._built = True
        for path in self.paths:
            self._add_file(path)

    def _add_file(self, path: Path) -> None:
        """Index the payloads of *path*; a file that stops being readable keeps what was indexed before."""
        try:
            for record in iter_records(path):
                if record.kind in PAYLOAD_KINDS:
                    self._add(
                        record.stored_digest(), StoredPayload(path, record.offset, record.url, record.date)
                    )
        except Exception:  # whoever reads the file for its captures reports where it broke
            return

    def _add(self, digest: str, where: StoredPayload) -> None:
        self._digests[(where.file, where.offset)] = digest
        self._by_digest.setdefault(digest, where)

    def locate(self, digest: str | None) -> StoredPayload | None:
        self.build()
        return self._by_digest.get(digest or "")

    def digest_at(self, path: Path, offset: int) -> str | None:
        """The digest indexed for the record at (path, offset): computed there when the record had none."""
        self.build()
        return self._digests.get((path, offset))


def read_original(where: StoredPayload, max_bytes: int) -> Original | None:
    """The stored payload at *where* and its HTTP head; None (logged) when it cannot be read."""
    try:
        with record_at(where.file, where.offset) as record:
            http = record.http()
            content_type = (
                record.warc_header("Content-Type") if record.kind == "resource" else http.content_type
            )
            return Original(where, record.read_payload(max_bytes), http, content_type)
    except Exception as exc:
        logger.warning(
            "cannot read the record a revisit refers to (%s:%d): %s", where.file, where.offset, exc
        )
        return None
