"""The two JSON Lines formats a crawl writes: release records, and the crawl log (one line per URL).

``releases.jsonl`` is the published format: one record per line, written exactly as ``iomcrawl extract``
prints it (UTF-8, non-ASCII kept, keys in the record's order). ``pages.jsonl`` is the crawl's accounting,
a Heritrix ``crawl.log`` in JSON: one line for every URL the crawl fetched, tried to fetch, or decided not
to fetch, every line with the same keys (:data:`PAGE_FIELDS`), ``null`` where a value does not apply.
The files themselves are written by :class:`iomcrawl.crawl.outputs.pagelog.CrawlLog`; the two exporters
below give the same lines to ``-o`` feeds (``FEED_EXPORTERS``).
"""

from __future__ import annotations

import json
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from iomcrawl.codes import Outcome
from iomcrawl.crawl.urls import without_userinfo

PAGE_FIELDS = (
    "url",
    "status",
    "outcome",
    "records",
    "reason",
    "record_ids",
    "fetched_at",
    "bytes",
    "content_type",
    "digest",
    "duration",
    "retries",
    "depth",
    "referer",
    "redirects",
    "duplicate_of",
    "fixes",
    "annotations",
    "warc_file",
    "warc_offset",
    "warc_record_id",
    "capture_date",
)

# outcome: what came of the URL (iomcrawl.codes.Outcome).
#   records | no-release | error      fetched (or read from an archive) and run through the chain, or failed
#   dropped                           not fetched, by policy: robots, offsite, duplicate, depth, pattern...
#   redirect                          fetched, answered with a redirect that was followed (the target has
#                                     its own line)
#   prerequisite                      robots.txt, fetched for the politeness policy
#   skipped                           an archived capture not run through the chain (non-200, not HTML...)
OUTCOMES = tuple(Outcome)


def record_line(record: dict[str, Any]) -> bytes:
    """One release record as a JSON line; ``allow_nan=False`` because NaN is not JSON for most readers."""
    return (json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def log_line(fields: dict[str, Any]) -> bytes:
    """One crawl-log line: every key of :data:`PAGE_FIELDS`, in that order; no URL in it carries
    ``user:password@`` (whatever a page or a server put there)."""
    line = {name: fields.get(name) for name in PAGE_FIELDS}
    for name in ("record_ids", "redirects", "fixes", "annotations"):
        line[name] = list(line[name] or [])
    for name in ("url", "referer", "duplicate_of"):
        value = line[name]
        if isinstance(value, str):
            line[name] = without_userinfo(value)
    line["redirects"] = [without_userinfo(str(url)) for url in line["redirects"] or []]
    line["records"] = line["records"] or 0
    line["retries"] = line["retries"] or 0
    return (json.dumps(line, ensure_ascii=False, allow_nan=False, default=str) + "\n").encode("utf-8")


def page_line(item: Any) -> dict[str, Any]:
    """The accounting view of a page item: what was fetched and what came of it, never the body."""
    page = ItemAdapter(item)
    records = page.get("records") or []
    wire_bytes = page.get("wire_bytes")
    duration = page.get("duration")
    return {
        "url": page.get("url"),
        "status": page.get("status"),
        "outcome": page.get("outcome"),
        "records": len(records),
        "reason": page.get("reason"),
        "record_ids": [record.get("id") for record in records],
        "fetched_at": page.get("fetched_at"),
        "bytes": wire_bytes if wire_bytes is not None else len(page.get("body") or b""),
        "content_type": page.get("content_type"),
        "digest": page.get("digest"),
        "duration": round(duration, 3) if duration is not None else None,
        "retries": page.get("retries") or 0,
        "depth": page.get("depth"),
        "referer": page.get("referer"),
        "redirects": list(page.get("redirects") or []),
        "duplicate_of": page.get("duplicate_of"),
        "fixes": list(page.get("fixes") or []),
        "annotations": list(page.get("annotations") or []),
        "warc_file": page.get("warc_file"),
        "warc_offset": page.get("warc_offset"),
        "warc_record_id": page.get("warc_record_id"),
        "capture_date": page.get("capture_date"),
    }


class _LinesExporter(BaseItemExporter):
    """JSON lines in UTF-8 whatever the feed says (``-o`` feeds of page items; the crawl's own two files
    are written by :class:`iomcrawl.crawl.outputs.pagelog.CrawlLog`)."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file


class ReleaseLinesExporter(_LinesExporter):
    """Each record of a page item as one line; a page without records writes nothing."""

    def export_item(self, item: Any) -> None:
        records = ItemAdapter(item).get("records") or []
        # Serialise every record before writing any, so a bad record cannot leave half a page behind.
        self.file.write(b"".join(record_line(record) for record in records))


class PageLinesExporter(_LinesExporter):
    """One crawl-log line per page item, fields in :data:`PAGE_FIELDS` order."""

    def export_item(self, item: Any) -> None:
        self.file.write(log_line(page_line(item)))
