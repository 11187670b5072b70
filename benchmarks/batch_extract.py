"""Pages per second of `iomcrawl extract` over a folder of saved pages: one process per page (the old
way), `--jobs 1` and `--jobs 2`, measured in the same run on the same corpus and reported as ratios.

The corpus is N copies (default 1000 pages) of the saved pages under fixtures/pages/ and, when it is
there, the labelled development set beside the project (../shared/eval/dev/pages). One process per page
is timed on a sample (default 20 pages) and extrapolated to N: running it on all of them would take a
quarter of an hour and tell nothing more. The two batch runs alternate for --rounds rounds (default 3)
and the best of each counts: it is wall-clock time, and other work on a shared machine only slows a run.

    .venv/bin/python benchmarks/batch_extract.py --pages 1000
    .venv/bin/python benchmarks/batch_extract.py --corpus DIR      # a folder of saved pages of your own
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "fixtures" / "pages", ROOT.parent / "shared" / "eval" / "dev" / "pages"]
COMMAND = [sys.executable, "-m", "iomcrawl.cli", "extract"]
PAGE_SUFFIXES = (".html", ".htm", ".txt")


def saved_pages() -> list[Path]:
    return [
        page
        for source in SOURCES
        if source.is_dir()
        for page in sorted(source.iterdir())
        if page.suffix in PAGE_SUFFIXES and page.is_file()
    ]


def build_corpus(directory: Path, pages: int) -> list[Path]:
    """*pages* copies of the saved pages, cycled, each under its own name."""
    built = []
    for number, page in zip(range(pages), itertools.cycle(saved_pages()), strict=False):
        target = directory / f"{number:05}-{page.name}"
        shutil.copyfile(page, target)
        built.append(target)
    return built


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def one_process_per_page(pages: list[Path]) -> float:
    """Pages/s of `iomcrawl extract FILE`, one process for each page of *pages*."""
    return len(pages) / sum(timed([*COMMAND, str(page)]) for page in pages)


def batch(corpus: Path, pages: int, jobs: int, scratch: Path) -> float:
    output = scratch / f"jobs{jobs}.jsonl"
    seconds = timed([*COMMAND, str(corpus), "--jobs", str(jobs), "-o", str(output)])
    lines = output.with_name(output.stem + ".pages.jsonl").read_text(encoding="utf-8").count("\n")
    if lines != pages:
        raise SystemExit(f"--jobs {jobs} logged {lines} pages, not {pages}")
    return pages / seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, default=1000, help="pages in the generated corpus (default 1000)"
    )
    parser.add_argument("--sample", type=int, default=20, help="pages timed one process each (default 20)")
    parser.add_argument("--corpus", type=Path, help="a folder of saved pages to use instead")
    parser.add_argument(
        "--rounds", type=int, default=3, help="batch runs of each kind, best counts (default 3)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iomcrawl-batch-") as scratch_name:
        scratch = Path(scratch_name)
        if args.corpus:
            corpus = args.corpus
            files = sorted(p for p in corpus.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file())
        else:
            corpus = scratch / "corpus"
            corpus.mkdir()
            files = build_corpus(corpus, args.pages)
        pages = len(files)
        print(f"corpus: {pages} pages ({len(saved_pages())} distinct saved pages, cycled)")
        step = max(1, pages // args.sample)
        sample = files[::step][: args.sample]
        old = one_process_per_page(sample)
        rates: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.rounds):
            for jobs, seen in rates.items():
                seen.append(batch(corpus, pages, jobs, scratch))
        jobs1, jobs2 = max(rates[1]), max(rates[2])
    print(f"one process per page: {old:7.1f} pages/s  (timed on {len(sample)} pages, extrapolated:")
    print(f"                                        {pages / old:7.1f} s for {pages} pages)")
    for jobs, best in ((1, jobs1), (2, jobs2)):
        runs = ", ".join(f"{rate:.1f}" for rate in rates[jobs])
        print(f"extract DIR --jobs {jobs}: {best:7.1f} pages/s  {pages / best:7.1f} s  (best of {runs})")
    print(f"--jobs 1 / one process per page: {jobs1 / old:5.1f}x")
    print(f"--jobs 2 / one process per page: {jobs2 / old:5.1f}x")
    print(f"--jobs 2 / --jobs 1 (scaling):   {jobs2 / jobs1:5.2f}x")


if __name__ == "__main__":
    main()
