"""Expected files written by iomcrawl: from the chain's records, for `check --update` and captured fixtures.

An expected file is meant to be written by a person reading the page; when iomcrawl writes one, it keeps
the person's own keys (``url``, ``notes``, ``reviewed``) and, per record, only the fields the old file
stated, so that updating a fixture never starts comparing something nobody asked to compare.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from iomcrawl.codes import reason_code
from iomcrawl.qa.fixtures import parse_json, read_capped_text

RECORD_KEYS = ("headline", "date", "dateline", "language", "body", "people", "phones", "emails", "fixes")
_REVIEWED_FALSE = re.compile(r'("reviewed"\s*:\s*)false\b')


def expected_record(record: dict[str, Any], like: dict[str, Any] | None = None) -> dict[str, Any]:
    """The expected-file form of one record; `like` (the record it replaces) decides which keys appear."""
    with_raw = like is not None and any("raw" in p for p in like.get("phones", []))
    phones = []
    for phone in record.get("phones", []):
        entry = {"e164": phone["e164"], "kind": phone.get("kind"), "extension": phone.get("extension")}
        if with_raw:
            entry["raw"] = phone.get("raw")
        phones.append(entry)
    full = {
        "headline": record.get("headline"),
        "date": record.get("date"),
        "dateline": record.get("dateline"),
        "language": record.get("language"),
        "body": record.get("body"),
        "people": [
            {k: p.get(k) for k in ("name", "role", "office", "phones", "emails")}
            for p in record.get("people", [])
        ],
        "phones": phones,
        "emails": [e["address"] for e in record.get("emails", [])],
        "fixes": list(record.get("fixes", [])),
    }
    if like is None:
        return {k: v for k, v in full.items() if k != "fixes" or v}
    return {k: full[k] for k in RECORD_KEYS if k in like}


def expected_document(
    records: list[dict[str, Any]], reason: str | None, old: dict[str, Any] | None, url: str
) -> dict[str, Any]:
    """A whole expected file: the old file's own keys kept, its records and no-release reason replaced."""
    doc = dict(old or {"url": url})
    old_records = (old or {}).get("records") or []
    doc["records"] = [
        expected_record(rec, old_records[i] if i < len(old_records) else None)
        for i, rec in enumerate(records)
    ]
    doc["no_release"] = None if records else ((old or {}).get("no_release") or reason_code(reason))
    return doc


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def mark_reviewed(path: Path) -> bool:
    """Flip ``"reviewed": false`` to true in place (the person's formatting stays); False if it was not false."""
    text = read_capped_text(path)
    data = parse_json(text)
    if not isinstance(data, dict) or data.get("reviewed") is not False:
        return False
    new = _REVIEWED_FALSE.sub(r"\1true", text, count=1)
    if json.loads(new).get("reviewed") is True:
        path.write_text(new, encoding="utf-8")
    else:  # the flag is written in a way the pattern missed: rewrite the whole file
        data["reviewed"] = True
        write_json(path, data)
    return True
