"""The report's numbers: what a reviewer scans first to decide which pages to open.

Counts by layout family, year and language; records that lack a date, people or any contact (phone or
e-mail), since those are the fields users filter on; pages with no release grouped by the chain's reason
code; and how many records carry each field at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from iomcrawl.codes import Outcome
from iomcrawl.qa.families import FAMILIES
from iomcrawl.qa.pages import BROKEN, PageView, ReportData

COVERAGE_FIELDS = ("headline", "date", "dateline", "language", "body", "people", "phones", "emails", "fixes")
NO_DATE = "no date"
UNKNOWN_REASON = "unknown"  # a page without a release whose reason has no code
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


def _families(pages: list[PageView], refs: list[RecordRef]) -> dict[str, tuple[int, int]]:
    """Pages and records per layout family: the known families in their order, then any others."""
    fam_pages = Counter(p.family for p in pages)
    fam_records = Counter(p.family for p, _, _ in refs)
    order = [f for f in FAMILIES if fam_pages[f]] + sorted(set(fam_pages) - set(FAMILIES))
    return {f: (fam_pages[f], fam_records[f]) for f in order}


def _years(refs: list[RecordRef]) -> list[tuple[str, int]]:
    """Records per year, every year of the span listed so gaps show as gaps; undated ones last."""
    years = Counter(str(r.get("date") or "")[:4] or NO_DATE for _, _, r in refs)
    dated = sorted(y for y in years if y != NO_DATE)
    if dated and all(y.isdigit() for y in dated):
        dated = [str(y) for y in range(int(dated[0]), int(dated[-1]) + 1)]
    return [(y, years[y]) for y in dated] + ([(NO_DATE, years[NO_DATE])] if years[NO_DATE] else [])


def _missing(refs: list[RecordRef]) -> dict[str, list[RecordRef]]:
    return {
        "date": [ref for ref in refs if not _has(ref[2], "date")],
        "people": [ref for ref in refs if not _has(ref[2], "people")],
        "contacts": [ref for ref in refs if not (_has(ref[2], "phones") or _has(ref[2], "emails"))],
    }


def _no_release(pages: list[PageView]) -> dict[str, list[PageView]]:
    """Pages without a release by the chain's reason code, the most common reason first."""
    by_reason: dict[str, list[PageView]] = {}
    for page in pages:
        if page.outcome == Outcome.NO_RELEASE:
            by_reason.setdefault(page.reason_code or UNKNOWN_REASON, []).append(page)
    return dict(sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def summarize(data: ReportData) -> Summary:
    refs: list[RecordRef] = [(p, i, r) for p in data.pages for i, r in enumerate(p.records)]
    return Summary(
        pages=len(data.pages),
        records=len(refs),
        families=_families(data.pages, refs),
        years=_years(refs),
        languages=Counter(str(r.get("language") or "unknown") for _, _, r in refs),
        outcomes=data.outcomes.copy() if data.outcomes else Counter(p.outcome for p in data.pages),
        missing=_missing(refs),
        no_release=_no_release(data.pages),
        errors=[page for page in data.pages if page.outcome in (Outcome.ERROR, BROKEN)],
        coverage=[(name, sum(_has(r, name) for _, _, r in refs), len(refs)) for name in COVERAGE_FIELDS],
    )
