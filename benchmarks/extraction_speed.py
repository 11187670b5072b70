"""Pages per second of iomcrawl's whole extraction chain, of trafilatura's extract, and of lxml parsing
alone, on the same generated pages in the same run, reported as ratios (machines here are shared and
noisy, so only ratios measured together mean anything).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/extraction_speed.py --pages 1000
"""

from __future__ import annotations

import argparse
import functools
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lxml.html
from corpus import corpus

from iomcrawl.extraction import extract_page


def _clear_text_caches() -> None:
    """Forget per-text memos, so a second pass over the same pages is not served from them."""
    for obj in gc.get_objects():
        if (
            isinstance(obj, functools._lru_cache_wrapper)
            and getattr(obj, "__module__", "").startswith("iomcrawl.extraction.")
            and obj.cache_info().maxsize not in (None, 1)  # keep loaded models and tables
        ):
            obj.cache_clear()


def _rate(fn: Callable[[str, bytes], object], pages: list[tuple[str, bytes]], rounds: int) -> float:
    """Median pages per CPU-second over `rounds` passes (one warm-up page first); text memos are
    cleared before each."""
    fn(*pages[0])
    rates = []
    for _ in range(rounds):
        _clear_text_caches()
        start = time.process_time()  # CPU time of this process: what another tenant's load disturbs least
        for url, body in pages:
            fn(url, body)
        rates.append(len(pages) / (time.process_time() - start))
    return statistics.median(rates)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    pages = corpus(args.pages)
    size = sum(len(b) for _, b in pages) / len(pages) / 1024
    records = sum(len(extract_page(b, u).records) for u, b in pages)
    print(f"{len(pages)} pages, mean {size:.1f} KiB, {records} records extracted")

    def lxml_only(url: str, body: bytes) -> None:
        lxml.html.document_fromstring(body)

    def iomcrawl(url: str, body: bytes) -> None:
        extract_page(body, url)

    def trafilatura_extract(url: str, body: bytes) -> None:
        trafilatura.extract(body.decode("utf-8"), url=url)

    rates = {
        "lxml parse only": _rate(lxml_only, pages, args.rounds),
        "iomcrawl chain": _rate(iomcrawl, pages, args.rounds),
        "trafilatura.extract": _rate(trafilatura_extract, pages, args.rounds),
    }
    base = rates["trafilatura.extract"]
    print(f"{'':22} {'pages/s':>9} {'× trafilatura':>14} {'× lxml':>8}")
    for name, rate in rates.items():
        print(f"{name:22} {rate:9.1f} {rate / base:14.2f} {rate / rates['lxml parse only']:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
