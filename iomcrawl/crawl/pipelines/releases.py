"""Stage 3: blocks to release records (:func:`find_releases` + :func:`build_records`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from iomcrawl.codes import Outcome
from iomcrawl.crawl.pipelines.stage import StagePipeline
from iomcrawl.extraction import build_records, find_releases
from iomcrawl.extraction.model import Block, DecodedPage
from iomcrawl.extraction.records import Source, WarcRef

if TYPE_CHECKING:
    from iomcrawl.crawl.items import PageItem, SourceKind

Records = list[dict[str, Any]]


def release_records(blocks: list[Block], page: DecodedPage, source: Source) -> Records:
    return build_records(find_releases(blocks, page), page, source)


def record_source(item: PageItem) -> Source:
    """Where the page's bytes came from, as its records say."""
    kind: SourceKind = item.source_kind if item.source_kind in ("http", "file", "warc") else "http"
    warc = (
        WarcRef(item.warc_file, item.warc_offset, item.warc_record_id, item.capture_date)
        if item.warc_file
        else None
    )
    return Source(kind=kind, fetched_at=item.fetched_at, warc=warc)


class ReleasesPipeline(StagePipeline[Records]):
    stage = "releases"

    def work(self, item: PageItem) -> Callable[[], Records]:
        page, blocks = item._work.page, item._work.blocks
        if page is None or blocks is None:
            raise RuntimeError(
                "no blocks: are DecodePipeline and BlocksPipeline enabled before ReleasesPipeline?"
            )
        source = record_source(item)
        return lambda: release_records(blocks, page, source)

    def keep(self, item: PageItem, result: Records) -> None:
        item.records = result
        item.settle(Outcome.RECORDS)
