"""Each stage pipeline's ``process_item`` on page items built from bytes, without a crawl.

The pipelines must give exactly what ``extract_page`` gives, turn bad input into a 'no-release'
outcome with a reason, and turn a stage's exception into an 'error' outcome instead of a lost item.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from iomcrawl.crawl.items import PageItem
from iomcrawl.crawl.pipelines import (
    BlocksPipeline,
    DecodePipeline,
    ReleasesPipeline,
    StagePipeline,
    ValidatePipeline,
)
from iomcrawl.extraction import extract_page
from iomcrawl.extraction.records import Source

SAMPLE_SITE = Path(__file__).resolve().parent.parent / "fixtures" / "sample-site"
SAMPLE_PAGES = sorted(SAMPLE_SITE.rglob("*.html"))
FETCHED_AT = "2026-11-28T12:00:00Z"


def page_item(body: bytes, url: str = "https://www.iom.int/news/x.html", **fields: Any) -> PageItem:
    defaults: dict[str, Any] = {"status": 200, "fetched_at": FETCHED_AT, "content_type": "text/html"}
    return PageItem(url=url, body=body, **{**defaults, **fields})


def chain() -> list[StagePipeline]:
    return [DecodePipeline(), BlocksPipeline(), ReleasesPipeline(), ValidatePipeline()]


def run(item: PageItem, pipelines: list[StagePipeline] | None = None) -> PageItem:
    for pipeline in pipelines or chain():
        item = pipeline.process_item(item)
    return item


def site_url(path: Path) -> str:
    return "https://www.iom.int/" + path.relative_to(SAMPLE_SITE).as_posix()


@pytest.fixture
def release_page() -> Path:
    """A sample-site page that holds at least one release."""
    for path in SAMPLE_PAGES:
        if extract_page(path.read_bytes(), site_url(path), content_type="text/html").records:
            return path
    pytest.fail("no sample page yields a release: the extraction regressed")


@pytest.mark.parametrize("path", SAMPLE_PAGES, ids=lambda p: p.relative_to(SAMPLE_SITE).as_posix())
def test_pipelines_give_what_extract_page_gives(path: Path) -> None:
    body, url = path.read_bytes(), site_url(path)
    item = run(page_item(body, url))
    expected = extract_page(
        body, url, content_type="text/html", source=Source(kind="http", fetched_at=FETCHED_AT)
    )
    assert (item.outcome, item.reason, item.records) == (expected.status, expected.reason, expected.records)
    if item.outcome == "records":
        assert item.fixes == expected.fixes


def test_stages_hand_over_through_the_private_state(release_page: Path) -> None:
    item = page_item(release_page.read_bytes(), site_url(release_page))
    DecodePipeline().process_item(item)
    assert item.outcome is None and item._work.page is not None and item._work.page.text
    BlocksPipeline().process_item(item)
    assert item.outcome is None and item._work.blocks
    ReleasesPipeline().process_item(item)
    assert item.outcome == "records" and item.records
    assert item._work.page is None  # released once the records exist
    assert all(
        record["source"] == {"kind": "http", "fetched_at": FETCHED_AT, "warc": None}
        for record in item.records
    )
    records = copy.deepcopy(item.records)
    ValidatePipeline().process_item(item)
    assert (item.outcome, item.reason, item.records) == ("records", None, records)


@pytest.mark.parametrize("body", [b"", b"   \n\t  "], ids=["empty", "blank"])
def test_empty_body_is_no_release_with_a_reason(body: bytes) -> None:
    item = run(page_item(body))
    assert item.outcome == "no-release"
    assert item.reason is not None and item.reason.startswith("empty")
    assert item.records == []


def test_pdf_bytes_are_no_release_binary() -> None:
    item = run(
        page_item(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", content_type=None)
    )
    assert item.outcome == "no-release"
    assert item.reason is not None and item.reason.startswith("binary")


def test_exception_in_a_stage_is_an_error_outcome_not_a_crash(
    release_page: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("iomcrawl.crawl.pipelines.blocks.page_blocks", broken)
    item = page_item(release_page.read_bytes(), site_url(release_page))
    with caplog.at_level(logging.ERROR):
        item = run(item)
    assert item.outcome == "error"
    assert item.reason == "extraction-error: RuntimeError: boom"
    assert item.records == []
    [logged] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "blocks stage failed" in logged.getMessage() and logged.exc_info is not None


def test_settled_items_pass_through_untouched() -> None:
    item = page_item(b"<h1>Not found</h1>", status=404)
    item.settle("error", "http-404")
    assert run(item) is item
    assert (item.outcome, item.reason, item.records) == ("error", "http-404", [])
    assert item._work.page is None  # never decoded


def test_a_stage_without_its_input_is_an_error() -> None:
    item = BlocksPipeline().process_item(page_item(b"<p>x</p>"))
    assert item.outcome == "error"
    assert item.reason is not None and "DecodePipeline" in item.reason


def _record(record_id: str, **fields: Any) -> dict[str, Any]:
    record = {
        "schema_version": 2,
        "id": record_id,
        "url": "https://www.iom.int/news/x.html",
        "source": {"kind": "http", "fetched_at": FETCHED_AT, "warc": None},
        "headline": "IOM Opens a Centre",
        "date": "2020-01-02",
        "date_source": "date-line",
        "dateline": None,
        "language": "en",
        "body": "Text.",
        "people": [],
        "phones": [],
        "emails": [],
        "rejected": [],
        "fixes": [],
    }
    return {**record, **fields}


def _with_records(*records: dict[str, Any]) -> PageItem:
    item = page_item(b"<p>x</p>")
    item.records = list(records)
    item.outcome = "records"
    return item


def test_invalid_record_is_left_out_logged_and_said(caplog: pytest.LogCaptureFixture) -> None:
    good, bad = _record("0123456789abcdef"), _record("fedcba9876543210", date="22/03/2011", headline="")
    with caplog.at_level(logging.ERROR):
        item = ValidatePipeline().process_item(_with_records(good, bad))
    assert item.records == [good]
    assert item.outcome == "error"
    assert item.reason is not None and item.reason.startswith("invalid-record: 1 of 2 left out")
    [logged] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    message = logged.getMessage()
    assert "fedcba9876543210" in message and "date" in message and "headline" in message


def test_record_that_cannot_be_written_as_utf8_is_invalid() -> None:
    item = ValidatePipeline().process_item(_with_records(_record("0123456789abcdef", body="bad \udcff byte")))
    assert item.records == []
    assert item.outcome == "error"
    assert item.reason is not None and "UTF-8" in item.reason


def test_duplicate_record_id_is_written_once(caplog: pytest.LogCaptureFixture) -> None:
    validate = ValidatePipeline()
    first = validate.process_item(_with_records(_record("0123456789abcdef")))
    assert len(first.records) == 1
    with caplog.at_level(logging.INFO):
        second = validate.process_item(_with_records(_record("0123456789abcdef")))
    assert second.records == []
    assert second.outcome == "no-release"
    assert second.reason is not None and second.reason.startswith("duplicate: 1 of 1")
    assert "already written" in caplog.text


def test_same_release_under_another_url_is_written_once() -> None:
    validate = ValidatePipeline()
    first = validate.process_item(_with_records(_record("0123456789abcdef")))
    migrated = _record("fedcba9876543210", headline="IOM opens a centre", url="https://www.iom.int/node/123")
    second = validate.process_item(_with_records(migrated))
    assert len(first.records) == 1 and second.records == []
    assert second.duplicate_of == "https://www.iom.int/news/x.html"
    other = validate.process_item(_with_records(_record("1111111111111111", headline="IOM Closes a Camp")))
    assert len(other.records) == 1


def test_pipelines_are_built_from_the_crawler_and_count_outcomes() -> None:
    crawler = get_crawler(settings_dict={"IOMCRAWL_EXTRACTION_THREADS": 0})  # inline: no reactor here
    pipelines: list[StagePipeline] = [
        cls.from_crawler(crawler)
        for cls in (DecodePipeline, BlocksPipeline, ReleasesPipeline, ValidatePipeline)
    ]
    run(page_item(b""), pipelines)
    run(_with_records(_record("0123456789abcdef")), pipelines)
    stats = crawler.stats.get_stats()
    assert stats["iomcrawl/pages/no-release"] == 1
    assert stats["iomcrawl/pages/records"] == 1
    assert stats["iomcrawl/records"] == 1


def test_a_page_no_stage_settled_is_an_error_not_a_blank_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        item = ValidatePipeline().process_item(page_item(b"<p>x</p>"))  # e.g. ReleasesPipeline disabled
    assert item.outcome == "error"
    assert item.reason is not None and item.reason.startswith("unfinished")
    assert "ITEM_PIPELINES" in caplog.text


def test_a_crawl_runs_the_stages_on_one_shared_set_of_workers() -> None:
    crawler = get_crawler(settings_dict={"IOMCRAWL_EXTRACTION_TIMEOUT": 5})
    decode, validate = DecodePipeline.from_crawler(crawler), ValidatePipeline.from_crawler(crawler)
    assert decode.workers is not None and decode.workers is validate.workers
    assert (decode.workers.threads, decode.workers.timeout) == (4, 5)
    inline = DecodePipeline.from_crawler(get_crawler(settings_dict={"IOMCRAWL_EXTRACTION_THREADS": 0}))
    assert inline.workers is None


def test_a_stage_that_breaks_while_keeping_its_result_is_an_error(release_page: Path) -> None:
    class BrokenKeep(DecodePipeline):
        def keep(self, item: PageItem, result: Any) -> None:
            raise KeyError("lost")

    item = run(
        page_item(release_page.read_bytes(), site_url(release_page)), [BrokenKeep(), ValidatePipeline()]
    )
    assert (item.outcome, item.reason, item.records) == ("error", "extraction-error: KeyError: 'lost'", [])
