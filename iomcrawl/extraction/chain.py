"""Run every extraction stage on one page and say what came of it."""

from __future__ import annotations

import logging

from iomcrawl.codes import Outcome, PageError, Reason
from iomcrawl.extraction.blocks import page_blocks
from iomcrawl.extraction.boilerplate import strip_boilerplate
from iomcrawl.extraction.decoding import decode_page
from iomcrawl.extraction.model import PageRejected, PageResult
from iomcrawl.extraction.records import Source, build_records
from iomcrawl.extraction.releases import find_releases

logger = logging.getLogger(__name__)


def extract_page(
    body: bytes,
    url: str = "",
    *,
    content_type: str | None = None,
    source: Source | None = None,
    fallback_url: str = "",
) -> PageResult:
    """Turn one page into records; never raises for bad input, it reports it instead.

    Without *url* the page is named by its own canonical link or og:url, else by *fallback_url* (where
    it was saved), so the ids of a saved page do not depend on where it was saved."""
    source = source or Source(kind="file", fetched_at=None)
    named = bool(url)
    url = url or fallback_url
    try:
        page = decode_page(body, url, content_type=content_type)
        if not named:
            page.url = url = page.meta.own_url or url
        blocks = strip_boilerplate(page_blocks(page))
        releases = find_releases(blocks, page)
    except PageRejected as exc:
        return PageResult(url=url, status=Outcome.NO_RELEASE, reason=str(exc))
    except Exception as exc:  # a bug must cost one page, not the crawl
        logger.exception("extraction failed on %s", url)
        reason = Reason(PageError.EXTRACTION_ERROR, f"{type(exc).__name__}: {exc}")
        return PageResult(url=url, status=Outcome.ERROR, reason=str(reason))
    records = build_records(releases, page, source)
    return PageResult(
        url=url, status=Outcome.RECORDS, records=records, encoding=page.encoding, fixes=page.fixes
    )
