"""The crawl's one item: a fetched page (or archived capture), and what the extraction chain made of it.

A page, not a release, is the unit of the crawl so that every URL fetched can be accounted for in
``pages.jsonl`` (records, no release, or error and why); ``releases.jsonl`` is written from the records
the pipelines attach to it. Where the bytes came from travels with the item: the WARC record a live
crawl wrote them to, or the archive record a replay read them from (``warc_*``, ``capture_date``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from iomcrawl.codes import Outcome
from iomcrawl.extraction.model import Block, DecodedPage

# How a page was fetched, as its records' ``source.kind`` says: "warc" is replayed from an archive.
SourceKind = Literal["http", "file", "warc"]


def utc_now() -> str:
    """Fetch time as the records carry it: UTC, ISO 8601, seconds, 'Z'."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class StageState:
    """Values passed between stage pipelines; kept off the item's fields so no exporter sees them."""

    page: DecodedPage | None = None
    blocks: list[Block] | None = None


@dataclass
class PageItem:
    """One fetched URL (or failed fetch) and its extraction outcome."""

    url: str = ""
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    body: bytes = field(default=b"", repr=False)
    fetched_at: str | None = None
    content_type: str | None = None
    source_kind: SourceKind = "http"
    # accounting for the crawl log
    depth: int | None = None
    referer: str | None = None
    redirects: list[str] = field(default_factory=list)
    retries: int = 0
    duration: float | None = None
    wire_bytes: int | None = None  # payload bytes as received, before content decoding
    digest: str | None = None  # sha1 of those bytes, as WARC-Payload-Digest writes it
    annotations: list[str] = field(default_factory=list)
    # provenance: the WARC record holding the bytes (written by this crawl, or read in a replay)
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None
    capture_date: str | None = None
    # filled by the pipelines
    records: list[dict[str, Any]] = field(default_factory=list, repr=False)
    outcome: Outcome | None = None
    reason: str | None = None
    duplicate_of: str | None = None
    fixes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A plain attribute, not a dataclass field: itemadapter (and so every exporter) ignores it.
        self._work: StageState = StageState()
        # Seconds the extraction stages have run on this page: its deadline is for all of them together.
        self._extraction_seconds: float = 0.0

    def settle(self, outcome: Outcome, reason: str | None = None) -> None:
        """Record the final outcome; later stages skip a settled item."""
        self.outcome = outcome
        self.reason = reason
        self._work = StageState()
