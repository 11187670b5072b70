"""Stage 4: every record checked against the published schema before it can reach releases.jsonl.

A record that fails is left out, logged at ERROR with its errors (so ``iomcrawl crawl`` exits non-zero),
and the page's outcome becomes 'error' saying how many were left out: nothing disappears silently.
A record whose id was already written in this crawl (the same release reached through a second URL
with the same canonical form, or, in a resumed job, written by an earlier run), or whose content was
(the same release under an unrelated URL: a migrated copy, a mirror), is left out too, at INFO, and the
page's reason and ``duplicate_of`` say where it was written from.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self

from iomcrawl.codes import Drop, Outcome, PageError, Reason
from iomcrawl.crawl.pipelines.stage import StagePipeline
from iomcrawl.extraction.records import content_key
from iomcrawl.schema import schema_errors

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from iomcrawl.crawl.items import PageItem

logger = logging.getLogger(__name__)


def record_errors(record: dict[str, Any]) -> list[str]:
    """Schema errors, plus anything that would stop the record being written as strict UTF-8 JSON."""
    errors = schema_errors(record)
    try:
        json.dumps(record, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError (lone surrogate) is a ValueError
        errors.append(f"<record>: not writable as UTF-8 JSON: {exc}")
    return errors


class ValidatePipeline(StagePipeline[list[list[str]]]):
    stage = "validate"
    failure_code = PageError.VALIDATION_ERROR  # the validator itself broke: keep nothing unchecked
    in_arrival_order = True  # the first copy of a release fetched is the one written

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._written: dict[str, str] = {}  # record id -> URL it was first written from
        self._contents: dict[str, str] = {}  # content key -> URL it was first written from
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = super().from_crawler(crawler)
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        """In a resumed job, the records earlier runs wrote count as written, by id and by content."""
        if self.crawler is None:
            return
        from iomcrawl.crawl.outputs.pagelog import (
            CrawlLog,  # the crawl side; the stage pipelines do not need it
        )

        log = CrawlLog.of(self.crawler)
        log.open()
        for record_id in log.written_ids:
            self._written.setdefault(record_id, "an earlier run of this job")
        for key, url in log.written_contents.items():  # a mirror fetched after a resume is still one
            self._contents.setdefault(key, url)

    def applies(self, item: PageItem) -> bool:
        return item.outcome == Outcome.RECORDS

    def work(self, item: PageItem) -> Callable[[], list[list[str]]]:
        """The schema check, record by record: the slow part (a page of 10,000 releases takes seconds)."""
        records = list(item.records)
        return lambda: [record_errors(record) for record in records]

    def finish(self, item: PageItem) -> PageItem:
        if item.outcome is None:  # a stage pipeline is missing from ITEM_PIPELINES
            logger.error("no stage gave %s an outcome; check ITEM_PIPELINES", item.url)
            item.settle(
                Outcome.ERROR,
                str(Reason(PageError.UNFINISHED, "no extraction stage gave this page an outcome")),
            )
        self.inc(f"iomcrawl/pages/{item.outcome}")
        self.inc("iomcrawl/records", len(item.records))
        return item

    def keep(self, item: PageItem, result: list[list[str]]) -> None:
        """Leave out the records that fail the schema, and those already written (by id or content)."""
        valid: list[dict[str, Any]] = []
        invalid: list[str] = []
        duplicates: list[str] = []
        for position, (record, errors) in enumerate(zip(item.records, result, strict=True)):
            record_id = str(record.get("id", f"#{position}"))
            if errors:
                logger.error(
                    "record %s from %s fails the schema and is left out: %s",
                    record_id,
                    item.url,
                    "; ".join(errors),
                )
                invalid.append(f"{record_id}: {errors[0]}")
            elif (
                first := self._written.get(record_id) or self._contents.get(content_key(record))
            ) is not None:
                logger.info("record %s from %s was already written from %s", record_id, item.url, first)
                duplicates.append(first)
            else:
                self._written[record_id] = item.url
                self._contents[content_key(record)] = item.url
                valid.append(record)
        total = len(item.records)
        item.records = valid
        if invalid:
            self.inc("iomcrawl/records_invalid", len(invalid))
            item.settle(
                Outcome.ERROR,
                str(Reason(PageError.INVALID_RECORD, f"{len(invalid)} of {total} left out ({invalid[0]})")),
            )
        elif duplicates:
            self.inc("iomcrawl/records_duplicate", len(duplicates))
            reason = Reason(
                Drop.DUPLICATE, f"{len(duplicates)} of {total} already written from {duplicates[0]}"
            )
            item.duplicate_of = duplicates[0]
            item.settle(Outcome.RECORDS if valid else Outcome.NO_RELEASE, str(reason))
