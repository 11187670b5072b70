"""One input of a batch through the chain: its records and its pages-log line.

:func:`process` runs in a worker process (or in the command's own, for a single page); the parent only
builds the lines of a page whose worker ran out of time or died (:func:`failed`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from iomcrawl import extraction
from iomcrawl.batch.inputs import Missing, PageFile
from iomcrawl.batch.pagelog import page_line
from iomcrawl.codes import Outcome, PageError, Reason, Skip
from iomcrawl.extraction.records import Source, WarcRef
from iomcrawl.warc.records import payload_digest_of
from iomcrawl.warc.replay import Capture, Corrupt, Event, Skipped

Input = PageFile | Missing | Event


@dataclass
class Done:
    """What came of one input: its records (possibly none) and its line in the pages log."""

    line: dict[str, Any]
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        return str(self.line["outcome"])


def file_url(path: str | Path) -> str:
    return Path(path).resolve().as_uri()


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def process(item: Input) -> Done:
    """Read and extract a page, or describe an input that is no page (never raises for bad input)."""
    if isinstance(item, PageFile):
        return _page_file(item)
    if isinstance(item, Capture):
        return _capture(item)
    if isinstance(item, Skipped):
        return Done(_skipped_line(item))
    if isinstance(item, Corrupt):
        detail = f"at offset {item.offset}, after {item.records_read} records: {item.error}"
        return Done(_error_line(item, str(Reason(PageError.ARCHIVE_CORRUPT, detail))))
    return Done(_error_line(item, str(Reason(Skip.PAYLOAD_UNREADABLE, "no such file"))))


def failed(item: Input, reason: str) -> Done:
    """The line of an input whose extraction never came back (its worker overran or died)."""
    return Done(_error_line(item, reason))


def _page_file(item: PageFile) -> Done:
    path = Path(item.path)
    try:
        body = path.read_bytes()
        fetched_at = iso(datetime.fromtimestamp(path.stat().st_mtime, tz=UTC))
    except OSError as exc:
        reason = Reason(Skip.PAYLOAD_UNREADABLE, f"cannot read: {exc.strerror or exc}")
        return Done(_error_line(item, str(reason)))
    content_type = "text/plain" if path.suffix.lower() == ".txt" else None
    return _extract(
        body,
        item.url or "",
        path=item.path,
        fallback_url=file_url(path),
        content_type=content_type,
        source=Source(kind="file", fetched_at=fetched_at),
        bytes=len(body),
        digest=payload_digest_of(iter([body])),
    )


def _capture(item: Capture) -> Done:
    warc = WarcRef(item.archive, item.offset, item.record_id, item.date or None)
    return _extract(
        item.body,
        item.url,
        content_type=item.content_type,
        source=Source(kind="warc", fetched_at=item.date or None, warc=warc),
        bytes=item.payload_bytes,
        annotations=item.annotations,
        **_archived(item),
    )


def _extract(
    body: bytes,
    url: str,
    *,
    content_type: str | None,
    source: Source,
    fallback_url: str = "",
    **line: Any,
) -> Done:
    started = time.monotonic()
    result = extraction.extract_page(
        body, url, content_type=content_type, source=source, fallback_url=fallback_url
    )
    return Done(
        page_line(
            url=result.url,
            outcome=str(result.status),
            records=len(result.records),
            reason=result.reason,
            record_ids=[record["id"] for record in result.records],
            fetched_at=source.fetched_at,
            content_type=content_type,
            duration=round(time.monotonic() - started, 4),
            fixes=result.fixes,
            **line,
        ),
        result.records,
    )


def _archived(item: Capture | Skipped) -> dict[str, Any]:
    """The pages-log fields an archive record gives, whatever became of it."""
    return {
        "path": item.archive,
        "status": item.status,
        "digest": item.digest,
        "warc_file": item.archive,
        "warc_offset": item.offset,
        "warc_record_id": item.record_id,
        "capture_date": item.date or None,
    }


def _skipped_line(item: Skipped) -> dict[str, Any]:
    return page_line(
        url=item.url,
        outcome=str(Outcome.SKIPPED),
        reason=item.reason,
        fetched_at=item.date or None,
        content_type=item.content_type,
        **_archived(item),
    )


def _error_line(item: Input, reason: str) -> dict[str, Any]:
    """An error line for any input, with what is known of it without reading it again."""
    if isinstance(item, Capture | Skipped):
        return page_line(
            url=item.url,
            outcome=str(Outcome.ERROR),
            reason=reason,
            fetched_at=item.date or None,
            content_type=item.content_type,
            **_archived(item),
        )
    if isinstance(item, Corrupt):
        return page_line(
            path=item.archive,
            url=file_url(item.archive),
            outcome=str(Outcome.ERROR),
            reason=reason,
            warc_file=item.archive,
            warc_offset=item.offset,
        )
    url = item.url if isinstance(item, PageFile) and item.url else file_url(item.path)
    return page_line(path=item.path, url=url, outcome=str(Outcome.ERROR), reason=reason)
