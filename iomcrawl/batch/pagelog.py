"""The pages log of `iomcrawl extract`: one line for every input, with the crawl log's field names.

A batch's pages log says of each input what the crawl's ``pages.jsonl`` says of each URL, under the same
names (``url``, ``outcome``, ``reason``, ``records``, ``record_ids``, ...; ``outcome`` is ``records``,
``no-release``, ``error`` or, for an archived capture that is no page, ``skipped``), plus ``path``: the
file the input was read from. Fields of the crawl that have no meaning here (retries, depth, referer,
redirects, duplicate_of) are left out; every line has every key below, ``null`` where it does not apply.
"""

from __future__ import annotations

import json
from typing import Any

FIELDS = (
    "path",
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
    "fixes",
    "annotations",
    "warc_file",
    "warc_offset",
    "warc_record_id",
    "capture_date",
)
_LISTS = ("record_ids", "fixes", "annotations")


def page_line(**fields: Any) -> dict[str, Any]:
    """A line with every key of :data:`FIELDS`, in that order (unknown keys are a bug: TypeError)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not pages-log fields: {sorted(unknown)}")
    line = {name: fields.get(name) for name in FIELDS}
    for name in _LISTS:
        line[name] = list(line[name] or [])
    line["records"] = line["records"] or 0
    return line


def encode(line: dict[str, Any]) -> str:
    return json.dumps(line, ensure_ascii=False, allow_nan=False, default=str) + "\n"
