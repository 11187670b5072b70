"""The report's numbers: what a reviewer scans first to decide which pages to open.

Counts by layout family, year and language; records that lack a date, people or any contact (phone or
e-mail), since those are the fields users filter on; pages with no release grouped by the chain's reason
code; and how many records carry each field at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from iomcrawl.qa.families import FAMILIES
from iomcrawl.qa.pages import PageView, ReportData

COVERAGE_FIELDS = ("headline", "date", "dateline", "language", "body", "people", "phones", "emails", "fixes")
NO_DATE = "no date"
RecordRef = tuple[PageView, int, dict[str, Any]]


@dataclass
class Summary:
    pages: int = 0
    records: int = 0
    families: dict[str, tuple[int, int]] = field(default_factory=dict)  # family -> (pages, records)
    years: list[tuple[str, int]] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    missing: dict[str, list[RecordRef]] = field(default_factory=dict)  # date / people / contacts
    no_release: dict[str, list[PageView]] = field(default_factory=dict)  # reason code -> pages
    errors: list[PageView] = field(default_factory=list)
    coverage: list[tuple[str, int, int]] = field(default_factory=list)  # field, records having it, records


def _has(record: dict[str, Any], name: str) -> bool:
    value = record.get(name)
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def summarize(data: ReportData) -> Summary:
    out = Summary(pages=len(data.pages))
    refs: list[RecordRef] = [(p, i, r) for p in data.pages for i, r in enumerate(p.records)]
    out.records = len(refs)
    fam_pages = Counter(p.family for p in data.pages)
    fam_records = Counter(p.family for p, _, _ in refs)
    order = [f for f in FAMILIES if fam_pages[f]] + sorted(set(fam_pages) - set(FAMILIES))
    out.families = {f: (fam_pages[f], fam_records[f]) for f in order}
    years = Counter(str(r.get("date") or "")[:4] or NO_DATE for _, _, r in refs)
    dated = sorted(y for y in years if y != NO_DATE)
    if dated and all(y.isdigit() for y in dated):  # every year in the span, so gaps show as gaps
        dated = [str(y) for y in range(int(dated[0]), int(dated[-1]) + 1)]
    out.years = [(y, years[y]) for y in dated] + ([(NO_DATE, years[NO_DATE])] if years[NO_DATE] else [])
    out.languages = Counter(str(r.get("language") or "unknown") for _, _, r in refs)
    out.outcomes = data.outcomes.copy() if data.outcomes else Counter(p.outcome for p in data.pages)
    out.missing = {
        "date": [ref for ref in refs if not _has(ref[2], "date")],
        "people": [ref for ref in refs if not _has(ref[2], "people")],
        "contacts": [ref for ref in refs if not (_has(ref[2], "phones") or _has(ref[2], "emails"))],
    }
    for page in data.pages:
        if page.outcome == "no-release":
            out.no_release.setdefault(page.reason_code or "unknown", []).append(page)
        elif page.outcome in ("error", "broken"):
            out.errors.append(page)
    out.no_release = dict(sorted(out.no_release.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    out.coverage = [(name, sum(_has(r, name) for _, _, r in refs), len(refs)) for name in COVERAGE_FIELDS]
    return out
