"""Assemble release records in the published format (schema_version 2)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

from iomcrawl.extraction.model import DecodedPage
from iomcrawl.extraction.urls import canonical_url

SCHEMA_VERSION = 2  # 2: `date_source` added (where the date was read); see README, "Record format"


@dataclass(frozen=True)
class WarcRef:
    """Where the page's bytes are kept: a record this crawl wrote, or the archive record a replay read."""

    file: str
    offset: int | None
    record_id: str | None
    capture_date: str | None


@dataclass(frozen=True)
class Source:
    kind: Literal["http", "file", "warc"]
    fetched_at: str | None
    warc: WarcRef | None = None

    def as_dict(self) -> dict:
        warc = self.warc
        return {
            "kind": self.kind,
            "fetched_at": self.fetched_at,
            "warc": None
            if warc is None
            else {
                "file": warc.file,
                "offset": warc.offset,
                "record_id": warc.record_id,
                "capture_date": warc.capture_date,
            },
        }


@dataclass
class Release:
    """One release found on a page, before it is turned into a record."""

    headline: str
    date: str | None = None
    date_source: str | None = None  # a codes.DateSource value; None exactly when date is None
    dateline: str | None = None
    language: str | None = None
    body: str = ""
    people: list[dict] = field(default_factory=list)
    phones: list[dict] = field(default_factory=list)
    emails: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)


def content_key(record: dict) -> str:
    """The same release under two URLs (a migrated page, a print view, a mirror) has the same key: its
    headline and opening words, case and punctuation folded. The page's rendering does not enter it."""
    words = re.findall(r"\w+", f"{record.get('headline') or ''} | {record.get('body') or ''}".casefold())
    return hashlib.sha1(" ".join(words[:80]).encode()).hexdigest()[:16]


def record_id(url: str, position: int) -> str:
    """Stable id: the canonical URL and the release's place on the page, hashed."""
    return hashlib.sha1(f"{canonical_url(url)}#{position}".encode()).hexdigest()[:16]


def build_records(releases: list[Release], page: DecodedPage, source: Source) -> list[dict]:
    records = []
    for position, release in enumerate(releases):
        fixes = list(dict.fromkeys([*page.fixes, *release.fixes]))
        records.append(
            {
                "schema_version": SCHEMA_VERSION,
                "id": record_id(page.url, position),
                "url": page.url,
                "source": source.as_dict(),
                "headline": release.headline,
                "date": release.date,
                "date_source": release.date_source if release.date else None,
                "dateline": release.dateline,
                "language": release.language,
                "body": release.body,
                "people": release.people,
                "phones": release.phones,
                "emails": release.emails,
                "rejected": release.rejected,
                "fixes": fixes,
            }
        )
    return records
