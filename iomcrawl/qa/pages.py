"""What the report shows for each page, gathered from fixtures or from a crawl's output directory.

For every page: its records, its layout family, and (when the bytes are at hand) the decoded markup and
the chain's blocks with their ``chrome`` flags, so the report can show what was kept and what was stripped.
Fixtures always have their bytes. A crawl has them only if it wrote WARC files (``DIR/warc/``); the
crawl log's ``warc_file``/``warc_offset`` point at the record, else the URL is looked up in the archives.
Without a WARC the report still shows every record, and says why the page itself is missing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from iomcrawl.codes import Outcome, reason_code
from iomcrawl.extraction import Block, decode_page, page_blocks, strip_boilerplate
from iomcrawl.extraction.model import PageRejected
from iomcrawl.qa.archive import WarcEntry, iter_warc_entries, read_warc_record, warc_files
from iomcrawl.qa.check import CheckRun, FixtureCheck, run_check
from iomcrawl.qa.crawlrun import CrawlRun, crawl_run
from iomcrawl.qa.families import layout_family
from iomcrawl.qa.fixtures import MAX_DEPTH, nests_deeper_than
from iomcrawl.qa.sources import SourceError
from iomcrawl.warc.payloads import PayloadIndex

VIEWED_OUTCOMES = (Outcome.RECORDS, Outcome.NO_RELEASE, Outcome.ERROR)
BROKEN = "broken"  # the outcome shown for a fixture that cannot be checked (its check's status)
UNKNOWN_OUTCOME = "unknown"  # a crawl-log line without an outcome
DEEP = object()  # a JSON line too deeply nested to parse
NO_BYTES_NOTE = "the page's bytes are not in this output (no WARC record for this URL)"


@dataclass
class PageView:
    key: str
    title: str
    url: str
    outcome: str
    reason: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    family: str = "other"
    markup: str | None = None  # the decoded page (HTML or text), for the rendered view
    is_html: bool = True
    blocks: list[Block] | None = None
    encoding: str | None = None
    page_fixes: list[str] = field(default_factory=list)
    note: str | None = None  # why the page itself is not shown
    check: FixtureCheck | None = None
    status: int | None = None

    @property
    def reason_code(self) -> str | None:
        return reason_code(self.reason)


@dataclass
class ReportData:
    mode: str  # "fixtures" or "crawl"
    source: Path
    pages: list[PageView]
    run: CheckRun | None = None
    outcomes: Counter[str] = field(default_factory=Counter)  # crawl log: every line's outcome
    crawl: CrawlRun | None = None  # a crawl's duration, rate and dropped URLs
    notes: list[str] = field(default_factory=list)
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    )


def chain_view(view: PageView, body: bytes, content_type: str | None) -> None:
    """Decode the page and find its blocks, as the chain does; a rejected page keeps only its reason."""
    try:
        page = decode_page(body, view.url, content_type=content_type)
    except PageRejected as exc:
        view.note = f"the chain rejected the page before reading it: {exc}"
        view.family = layout_family(view.url)
        return
    view.markup, view.is_html, view.encoding, view.page_fixes = (
        page.text,
        page.is_html,
        page.encoding,
        page.fixes,
    )
    view.family = layout_family(view.url, page.text, is_html=page.is_html)
    try:
        view.blocks = strip_boilerplate(page_blocks(page))
    except PageRejected as exc:
        view.note = f"no blocks: {exc}"


def from_fixtures(root: Path) -> ReportData:
    run = run_check(root)
    pages = []
    for i, check in enumerate(run.checks):
        view = PageView(key=f"p{i + 1}", title=check.name, url="", outcome=BROKEN, check=check)
        fixture = check.fixture
        if check.result is not None and fixture is not None:
            result = check.result
            view.url = fixture.url()
            view.outcome, view.reason, view.records = result.status, result.reason, result.records
            chain_view(view, fixture.page.read_bytes(), fixture.content_type())
        elif fixture is not None and fixture.page.is_file():  # broken expected file: still show the page
            view.reason = check.problem
            chain_view(
                view, fixture.page.read_bytes(), "text/plain" if fixture.page.suffix == ".txt" else None
            )
        else:
            view.reason = view.note = check.problem
        pages.append(view)
    return ReportData(mode="fixtures", source=root, pages=pages, run=run)


def read_jsonl(path: Path, notes: list[str]) -> list[dict[str, Any]]:
    """Lines of a JSON Lines file; a bad line is reported in the notes, not fatal (a crawl may be cut short)."""
    if not path.exists():
        notes.append(f"{path.name} is missing")
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            notes.append(f"{path.name} line {n} is not JSON ({exc.msg})")
            continue
        except RecursionError:
            item = DEEP
        if item is DEEP or nests_deeper_than(item, MAX_DEPTH):
            notes.append(f"{path.name} line {n} nests arrays or objects deeper than {MAX_DEPTH} levels")
            continue
        if isinstance(item, dict):
            out.append(item)
    return out


class _Archive:
    """The WARC records of a crawl, found by (file, offset) or by URL.

    The files are those under ``DIR/warc/`` plus any the crawl log names (a replay of an existing
    archive logs that archive's path, which may lie outside the output directory).
    """

    def __init__(self, directory: Path, log: list[dict[str, Any]]) -> None:
        self.directory = directory
        files = warc_files(directory / "warc")
        for line in log:
            path = self.locate(line.get("warc_file"))
            if path is not None and path not in files:
                files.append(path)
        self.files = files
        self.payloads = PayloadIndex(files)  # read the first time a revisit needs it
        self.by_url: dict[str, WarcEntry] = {}
        for entry in iter_warc_entries(files):
            if entry.status is None or entry.status < 300 or entry.url not in self.by_url:
                self.by_url[entry.url] = entry  # the last successful capture of a URL wins

    def locate(self, name: Any) -> Path | None:
        if not name:
            return None
        path = Path(str(name))
        for candidate in (path, self.directory / path, self.directory / "warc" / path.name):
            if candidate.is_file():
                return candidate
        return None

    def body(self, view: PageView, line: dict[str, Any]) -> tuple[bytes, str | None] | None:
        path = self.locate(line.get("warc_file"))
        offset = line.get("warc_offset")
        entry = self.by_url.get(view.url)
        try:
            if path is not None and isinstance(offset, int):
                response = read_warc_record(path, offset, self.payloads)
            elif entry is not None:
                response = read_warc_record(entry.file, entry.offset, self.payloads)
            else:
                return None
        except SourceError as exc:
            view.note = str(exc)
            return None
        return response.body, response.content_type


def _records_by_url(releases: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_url: dict[str, list[dict[str, Any]]] = {}
    for record in releases:
        by_url.setdefault(str(record.get("url")), []).append(record)
    return by_url


def _show_page(view: PageView, archive: _Archive, line: dict[str, Any], missing_note: str | None) -> None:
    """The page's own bytes through the chain when an archive holds them; else its family from the URL."""
    found = archive.body(view, line)
    if found is not None:
        chain_view(view, *found)
        return
    if missing_note:
        view.note = view.note or missing_note
    view.family = layout_family(view.url)


class _CrawlPages:
    """The report's pages of one crawl: a view per crawl-log line the report shows, then orphan records."""

    def __init__(self, data: ReportData, releases: list[dict[str, Any]], archive: _Archive) -> None:
        self.data = data
        self.releases = releases
        self.archive = archive
        self.by_id = {r.get("id"): r for r in releases}
        self.by_url = _records_by_url(releases)
        self.claimed: set[str] = set()

    def _next_key(self) -> str:
        return f"p{len(self.data.pages) + 1}"

    def add_line(self, line: dict[str, Any]) -> None:
        outcome = str(line.get("outcome") or UNKNOWN_OUTCOME)
        self.data.outcomes[outcome] += 1
        if outcome not in VIEWED_OUTCOMES:
            return
        url = str(line.get("url") or "")
        ids = line.get("record_ids") or []
        records = [self.by_id[i] for i in ids if i in self.by_id] if ids else list(self.by_url.get(url, []))
        self.claimed.update(str(r.get("id")) for r in records)
        view = PageView(
            key=self._next_key(), title=url, url=url, outcome=outcome, reason=line.get("reason"),
            records=records, status=line.get("status"),
        )  # fmt: skip
        self.data.pages.append(view)
        _show_page(view, self.archive, line, NO_BYTES_NOTE)

    def add_orphans(self) -> None:
        """Records no crawl-log line claims (a log cut short, or written by another run): one view per URL."""
        orphans = [r for r in self.releases if str(r.get("id")) not in self.claimed]
        for url in dict.fromkeys(str(r.get("url")) for r in orphans):
            records = [r for r in orphans if str(r.get("url")) == url]
            view = PageView(
                key=self._next_key(), title=url, url=url, outcome=Outcome.RECORDS, records=records
            )
            view.note = "in releases.jsonl but not in pages.jsonl"
            _show_page(view, self.archive, {}, None)
            self.data.pages.append(view)


def from_crawl(directory: Path) -> ReportData:
    data = ReportData(mode="crawl", source=directory, pages=[])
    log = read_jsonl(directory / "pages.jsonl", data.notes)
    releases = read_jsonl(directory / "releases.jsonl", data.notes)
    data.crawl = crawl_run(directory, log, data.notes)
    archive = _Archive(directory, log)
    if not archive.files:
        data.notes.append(
            f"no WARC files under {directory / 'warc'} and none named in the crawl log: pages are shown "
            "by their records only, without the page itself or its stripped boilerplate"
        )
    pages = _CrawlPages(data, releases, archive)
    for line in log:
        pages.add_line(line)
    pages.add_orphans()
    return data
