"""Feed exporters for the two outputs of a crawl, and the ``output_dir`` placeholder of their FEEDS URIs.

The crawl's items are pages, but ``releases.jsonl`` is the published format: one record per line, written
exactly as ``iomcrawl extract`` prints it (UTF-8, non-ASCII kept, keys in the record's order).
``pages.jsonl`` is the crawl's accounting: one line per URL fetched, with its outcome.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

if TYPE_CHECKING:
    from scrapy import Spider

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
)


def record_line(record: dict[str, Any]) -> bytes:
    """One release record as a JSON line; ``allow_nan=False`` because NaN is not JSON for most readers."""
    return (json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def page_line(item: Any) -> dict[str, Any]:
    """The accounting view of a page item: what was fetched and what came of it, never the body."""
    page = ItemAdapter(item)
    records = page.get("records") or []
    return {
        "url": page.get("url"),
        "status": page.get("status"),
        "outcome": page.get("outcome"),
        "records": len(records),
        "reason": page.get("reason"),
        "record_ids": [record.get("id") for record in records],
        "fetched_at": page.get("fetched_at"),
        "bytes": len(page.get("body") or b""),
        "content_type": page.get("content_type"),
    }


class _LinesExporter(BaseItemExporter):
    """JSON lines in UTF-8 whatever FEEDS says: both files are a published format, not a Scrapy default."""

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
    """One line per page item, fields in :data:`PAGE_FIELDS` order."""

    def export_item(self, item: Any) -> None:
        self.file.write((json.dumps(page_line(item), ensure_ascii=False) + "\n").encode("utf-8"))


def feed_uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """FEED_URI_PARAMS: ``%(output_dir)s`` is the ``IOMCRAWL_OUTPUT_DIR`` setting, as an absolute file URI."""
    output_dir = Path(spider.crawler.settings.get("IOMCRAWL_OUTPUT_DIR") or "output")
    return {**params, "output_dir": output_dir.resolve().as_uri()}
