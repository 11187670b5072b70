"""Build iomcrawl/data/sample-site.warc.gz, the archive the default crawl replays, from fixtures/sample-site/.

    python scripts/build_sample_warc.py            # (re)write it
    python scripts/build_sample_warc.py --check    # exit 1 if the committed archive is out of date

The sample site as a polite crawler would have captured it; the default crawl (``scrapy crawl releases``,
``make crawl``) replays it. The walk is what the live spider does against a static file server: robots.txt
first, ``<a href>`` links from ``index.html`` within the site, robots.txt obeyed, a folder without its trailing
slash answered with a 301, a missing file with a 404. The output is deterministic: fixed dates (one second
apart from 2026-01-01), record ids derived from the URL order, no host names or file times.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit
from urllib.robotparser import RobotFileParser

from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from iomcrawl.warc.writer import CONFORMS_TO, DeterministicIds, WarcWriter

SAMPLE_BASE = "http://sample.iomcrawl.invalid/"
SAMPLE_START = datetime(2026, 1, 1, tzinfo=UTC)
USER_AGENT = "iomcrawl-sample-builder (+https://github.com/iomcrawl/iomcrawl)"
_SKIP = {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".doc", ".docx", ".css", ".js", ".ico", ".svg"}


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start - timedelta(seconds=1)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def _answer(root: Path, url: str) -> tuple[int, list[tuple[str, str]], bytes, str | None]:
    """(status, headers, body, URL to follow) as a plain static file server answers *url*."""
    path = unquote(urlsplit(url).path)
    file = (root / path.lstrip("/")).resolve()
    if root not in (file, *file.parents):
        return 404, [("Content-Type", "text/html")], b"<h1>404 Not Found</h1>", None
    if file.is_dir():
        if not path.endswith("/"):
            location = url + "/"
            return 301, [("Location", location), ("Content-Length", "0")], b"", location
        file = file / "index.html"
    if not file.is_file():
        body = b"<h1>404 Not Found</h1>"
        return 404, [("Content-Type", "text/html"), ("Content-Length", str(len(body)))], body, None
    body = file.read_bytes()
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return 200, [("Content-Type", content_type), ("Content-Length", str(len(body)))], body, None


def _links(url: str, body: bytes, base: str) -> Iterator[str]:
    extractor = LinkExtractor(tags=("a",), attrs=("href",))
    for link in extractor.extract_links(HtmlResponse(url, body=body)):
        target = urldefrag(link.url).url
        if target.startswith(base) and Path(urlsplit(target).path).suffix.lower() not in _SKIP:
            yield target


def build_sample_warc(site_dir: str | Path, out: str | Path, base: str = SAMPLE_BASE) -> list[str]:
    """Write the capture of *site_dir* (served at *base*) to *out*; returns the URLs captured, in order."""
    root = Path(site_dir).resolve()
    out = Path(out)
    clock = _Clock(SAMPLE_START)
    writer = WarcWriter(
        out.parent,
        info={
            "software": "iomcrawl sample builder (scripts/build_sample_warc.py)",
            "format": "WARC File Format 1.1",
            "conformsTo": CONFORMS_TO,
            "isPartOf": "iomcrawl-sample-site",
            "description": f"fixtures/sample-site captured as if served at {base}",
            "robots": "obey",
            "http-header-user-agent": USER_AGENT,
        },
        dedupe=True,
        clock=clock,
        make_id=DeterministicIds("iomcrawl-sample-site"),
        filename=out.name,
    )
    out.unlink(missing_ok=True)
    robots = RobotFileParser()
    captured: list[str] = []

    def capture(url: str) -> tuple[int, bytes, str | None]:
        status, headers, body, location = _answer(root, url)
        date = clock()
        writer.write_http(
            url=url,
            status=status,
            headers=[("Server", "iomcrawl-sample"), ("Date", format_datetime(date, usegmt=True)), *headers],
            body=body,
            request_line=f"GET {urlsplit(url).path or '/'} HTTP/1.1",
            request_headers=[("Host", urlsplit(url).netloc), ("User-Agent", USER_AGENT), ("Accept", "*/*")],
            date=date,
        )
        captured.append(url)
        return status, body, location

    status, body, _ = capture(base + "robots.txt")
    robots.parse(body.decode("utf-8", "replace").splitlines() if status == 200 else [])
    queue = deque([base + "index.html"])
    seen = set(queue)
    while queue:
        url = queue.popleft()
        status, body, location = capture(url)
        found = [location] if location else []
        if status == 200 and url.endswith((".html", ".htm", "/")):
            found += list(_links(url, body, base))
        for target in found:
            if target not in seen and robots.can_fetch(USER_AGENT, target):
                seen.add(target)
                queue.append(target)
    writer.close()
    return captured


ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "sample-site"
OUT = ROOT / "iomcrawl" / "data" / "sample-site.warc.gz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, default=SITE, help="the site folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="the WARC to write (default: %(default)s)")
    parser.add_argument("--base", default=SAMPLE_BASE, help="the URL the site is captured at")
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / args.out.name
            build_sample_warc(args.site, fresh, args.base)
            # Compare records, not gzip bytes: another zlib build may compress the same records differently.
            same = args.out.is_file() and gzip.decompress(fresh.read_bytes()) == gzip.decompress(
                args.out.read_bytes()
            )
        print(f"{args.out}: {'up to date' if same else 'OUT OF DATE: run scripts/build_sample_warc.py'}")
        return 0 if same else 1
    urls = build_sample_warc(args.site, args.out, args.base)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {len(urls)} captures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
