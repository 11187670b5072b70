"""`iomcrawl fixture add` and `fixture review`: capture a page as a fixture, and sign its expected file off.

A captured fixture is three files: ``NAME.html`` (or ``.txt``) with the body bytes as served,
``NAME.response.json`` with URL, status and headers, and ``NAME.expected.json`` with what the chain made
of the page *today*, marked ``"reviewed": false``. That expected file is a draft: `iomcrawl check` lists
the fixture as unreviewed until a person has read the page, corrected the file and run `fixture review`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from iomcrawl.crawl.settings import DOWNLOAD_TIMEOUT
from iomcrawl.extraction import PageResult, decode_page, extract_page
from iomcrawl.extraction.model import PageRejected
from iomcrawl.qa.archive import read_warc_record, split_warc_ref
from iomcrawl.qa.expected import expected_document, mark_reviewed, write_json
from iomcrawl.qa.families import layout_family
from iomcrawl.qa.fixtures import EXPECTED_SUFFIX, INPUT_SUFFIXES, RESPONSE_SUFFIX, FixtureFileError
from iomcrawl.qa.folders import review_command
from iomcrawl.qa.sources import RawResponse, SourceError, fetch_url, read_file

NAME_MAX = 80


@dataclass
class Captured:
    name: str
    page: Path
    expected_file: Path
    response_file: Path
    result: PageResult


def load_source(
    ref: str, *, url: str | None = None, obey_robots: bool = True, timeout: float = DOWNLOAD_TIMEOUT
) -> RawResponse:
    """`ref` is an http(s) URL (fetched within `timeout` seconds in all), `FILE.warc.gz#OFFSET`, or a
    saved page (whose original URL is `url`)."""
    if re.match(r"https?://", ref, re.I):
        return fetch_url(ref, obey_robots=obey_robots, timeout=timeout)
    warc = split_warc_ref(ref)
    if warc is not None:
        return read_warc_record(*warc)
    return read_file(Path(ref), url)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def fixture_name(response: RawResponse, family: str) -> str:
    """`<family>-<last path words>[-<query>]`, the naming the hand-made fixtures use (drupal7-…, jahia-…)."""
    parts = urlsplit(response.url)
    if parts.scheme == "file":
        words = Path(parts.path).stem
    else:
        segments = [re.sub(r"\.(?:html?|php|aspx?|shtml)$", "", s) for s in parts.path.split("/")]
        segments = [s for s in segments if s and s != "index"]
        # a short last segment (`node/51384`, `newsdesk/20170725`) needs its parent to say anything
        words = segments[-1] if segments and len(segments[-1]) >= 12 else "-".join(segments[-2:])
        words = f"{words}-{parts.query}" if parts.query else words
        words = words or parts.hostname or "page"
    return f"{family}-{_slug(words)}"[:NAME_MAX].rstrip("-")


def _is_text(response: RawResponse) -> bool:
    ctype = (response.content_type or "").lower()
    return ctype.startswith("text/plain") or response.url.lower().endswith(".txt")


def capture(
    response: RawResponse, directory: Path, name: str | None = None, *, force: bool = False
) -> Captured:
    """Write the three files of a new fixture; an existing fixture of that name is kept unless `force`."""
    try:
        decoded = decode_page(response.body, response.url, content_type=response.content_type)
        family = layout_family(response.url, decoded.text, is_html=decoded.is_html)
    except PageRejected:
        family = "other"
    name = _slug(name) if name else fixture_name(response, family)
    if not name:
        raise SourceError("the fixture needs a name (--name)")
    directory.mkdir(parents=True, exist_ok=True)
    page = directory / (name + (".txt" if _is_text(response) else ".html"))
    expected_file = directory / (name + EXPECTED_SUFFIX)
    response_file = directory / (name + RESPONSE_SUFFIX)
    taken = [p for p in (expected_file, *(directory / (name + s) for s in INPUT_SUFFIXES)) if p.exists()]
    if taken and not force:
        raise SourceError(f"a fixture named {name} exists ({taken[0]}); choose --name or pass --force")
    result = extract_page(response.body, response.url, content_type=response.content_type)
    if result.status == "error":
        raise SourceError(f"the chain failed on the page: {result.reason}")
    page.write_bytes(response.body)
    write_json(response_file, response.sidecar())
    doc = expected_document(result.records, result.reason, None, response.url)
    origin = response.origin.get("kind", "?")
    write_json(
        expected_file,
        {
            "url": response.url,
            "reviewed": False,
            "records": doc["records"],
            "no_release": doc["no_release"],
            "notes": (
                f"Captured by `iomcrawl fixture add` from {origin} on {response.fetched_at}. The records are "
                "the chain's output at capture time, NOT a reading of the page: read the page, correct every "
                f"field, then run `{review_command(name, directory)}`."
            ),
        },
    )
    return Captured(name, page, expected_file, response_file, result)


def _is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, lies under the resolved `root`."""
    return path.resolve().is_relative_to(root)


def _outside(name: str, root: Path) -> SourceError:
    return SourceError(f"fixture name {name} resolves outside the fixtures folder {root}")


def find_expected(root: Path, name: str) -> Path | None:
    """The expected file of fixture `name` (full relative name, with or without suffix, or a unique stem).

    Whatever the name, the file must lie inside `root` once `..` and links are followed: review writes
    to it, and a name like ``../x`` must not reach a file elsewhere."""
    stem = name
    for suffix in (EXPECTED_SUFFIX, RESPONSE_SUFFIX, *INPUT_SUFFIXES):
        stem = stem.removesuffix(suffix)
    root_dir = root.resolve()
    candidates = [p for p in (Path(stem + EXPECTED_SUFFIX), root / (stem + EXPECTED_SUFFIX)) if p.is_file()]
    inside = [p for p in candidates if _is_inside(p, root_dir)]
    if inside:
        return inside[0]
    if candidates or not _is_inside(root / stem, root_dir):
        raise _outside(name, root)
    matches = sorted(root.rglob(Path(stem).name + EXPECTED_SUFFIX))
    if len(matches) != 1:
        return None
    if not _is_inside(matches[0], root_dir):
        raise _outside(name, root)
    return matches[0]


def review(root: Path, name: str) -> tuple[Path, bool]:
    """Mark a fixture reviewed; (its expected file, whether the flag changed)."""
    path = find_expected(root, name)
    if path is None:
        raise SourceError(f"no fixture named {name} under {root}")
    try:
        return path, mark_reviewed(path)
    except FixtureFileError as exc:
        raise SourceError(f"cannot review {path}: the expected file {exc}") from exc
