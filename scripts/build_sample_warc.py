"""Build fixtures/sample-site.warc.gz, the archive the default crawl replays, from fixtures/sample-site/.

    python scripts/build_sample_warc.py            # (re)write it
    python scripts/build_sample_warc.py --check    # exit 1 if the committed archive is out of date

Deterministic: the same site gives the same records (see iomcrawl/warc/sample.py).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from pathlib import Path

from iomcrawl.warc.sample import SAMPLE_BASE, build_sample_warc

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "sample-site"
OUT = ROOT / "fixtures" / "sample-site.warc.gz"


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
