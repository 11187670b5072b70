"""Stage 3: blocks to release records (:func:`find_releases` + :func:`build_records`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iomcrawl.codes import Outcome
from iomcrawl.crawl.pipelines.stage import StagePipeline
from iomcrawl.extraction import build_records, find_releases
from iomcrawl.extraction.records import Source, WarcRef

if TYPE_CHECKING:
    from iomcrawl.crawl.items import PageItem, SourceKind


class ReleasesPipeline(StagePipeline):
    stage = "releases"

    def run(self, item: PageItem) -> None:
        page, blocks = item._work.page, item._work.blocks
        if page is None or blocks is None:
            raise RuntimeError(
                "no blocks: are DecodePipeline and BlocksPipeline enabled before ReleasesPipeline?"
            )
        releases = find_releases(blocks, page)
        kind: SourceKind = item.source_kind if item.source_kind in ("http", "file", "warc") else "http"
        warc = (
            WarcRef(item.warc_file, item.warc_offset, item.warc_record_id, item.capture_date)
            if item.warc_file
            else None
        )
        source = Source(kind=kind, fetched_at=item.fetched_at, warc=warc)
        item.records = build_records(releases, page, source)
        item.settle(Outcome.RECORDS)
