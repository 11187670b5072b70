"""The ``request.meta`` keys that the spider, the middlewares and the crawl log pass between them, and the
readers of what they hold: a key written by one component is read by another, so it is named once, here.
"""

from __future__ import annotations

import time
from typing import Any

from iomcrawl.codes import Annotation

# Written by the WARC capture middleware (middlewares/capture.py).
CAPTURE = "iomcrawl_capture"  # where the last response for this request went (WrittenRecord.as_meta)
STARTED = "iomcrawl_started"  # time.time() when the request was handed to the downloader
HEADERS_AT = "iomcrawl_headers_at"  # time.time() when the response headers arrived
FETCH_SECONDS = "iomcrawl_fetch_seconds"  # request sent -> body received, for the crawl log
SENT_AT = "iomcrawl_sent_at"  # UTC ISO time of the same moment (the WARC-Date)

# Written by the spider (REFERER) and the gate (GATE).
REFERER = "iomcrawl_referer"  # the page whose link this request follows
GATE = "iomcrawl_gate"  # the URL this request was admitted to the crawl as

# Written by the robots middleware (middlewares/robots.py) on the robots.txt requests it sends.
ROBOTS_OF = "iomcrawl_robots_of"  # the host (netloc) whose rules the request fetches

# Written by the fault map (faults.py).
RECEIVED = "iomcrawl_received"  # body bytes received so far (to tell a size cut from other cancels)


def elapsed(meta: dict[str, Any]) -> float | None:
    """Seconds since the request was handed to the downloader (None if it never was)."""
    started = meta.get(STARTED)
    return None if started is None else max(0.0, time.time() - started)


def fetch_seconds(meta: dict[str, Any]) -> float | None:
    """Request sent -> body received as the capture middleware measured it, else :func:`elapsed`."""
    return meta[FETCH_SECONDS] if FETCH_SECONDS in meta else elapsed(meta)


def capture_fields(meta: dict[str, Any]) -> dict[str, Any]:
    """The crawl-log fields of the WARC record a response went to (none if not captured)."""
    capture = meta.get(CAPTURE) or {}
    fields = {
        "warc_file": capture.get("warc_file"),
        "warc_offset": capture.get("warc_offset"),
        "warc_record_id": capture.get("warc_record_id"),
        "capture_date": capture.get("capture_date"),
        "digest": capture.get("digest"),
    }
    annotations: list[str] = []
    if capture.get("warc_type") == "revisit":
        annotations.append(Annotation.REVISIT)
    if capture.get("cached"):
        annotations.append(Annotation.CACHED)
    if capture.get("error"):
        annotations.append(capture["error"])
    fields["annotations"] = annotations
    return fields
