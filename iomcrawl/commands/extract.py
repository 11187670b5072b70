"""`iomcrawl extract PATH…`: the release records of saved pages and web archives, as JSON lines.

One saved page is extracted in the command's own process, as it always was. More (folders, archives, a
list on stdin) go to ``--jobs`` worker processes (:mod:`iomcrawl.batch.pool`); the records still come out
in input order, and each input gets one line in the pages log (:mod:`iomcrawl.batch.pagelog`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from iomcrawl.batch.inputs import DEFAULT_GLOBS, STDIN, InputError, Missing, PageFile, check_paths, expand
from iomcrawl.codes import Outcome, PageError, Reason
from iomcrawl.commands.arguments import deadline, whole_number
from iomcrawl.crawl.config import EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_PARTIAL, EXIT_SUCCESS
from iomcrawl.progress import ProgressLine

if TYPE_CHECKING:
    from iomcrawl.batch.pages import Done

T = TypeVar("T")
Found = PageFile | Missing | Path

PAGES_LOG_SUFFIX = ".pages.jsonl"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from iomcrawl.crawl.settings import IOMCRAWL_EXTRACTION_TIMEOUT

    extract = sub.add_parser(
        "extract",
        help="print the release records of saved pages (files, folders, WARC files) as JSON lines",
        description="Extract release records from saved pages: files, folders (recursive), WARC/ARC files, "
        "or - (a list of paths on stdin). Records come out in input order.",
    )
    extract.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a saved page (HTML bytes as served, or a .txt text rendering), a folder, a .warc[.gz] or "
        ".arc[.gz] file, or - to read paths from stdin, one a line",
    )
    extract.add_argument("--url", help="the page's original URL (used for ids and context; one page only)")
    extract.add_argument(
        "--timeout",
        type=deadline,
        default=IOMCRAWL_EXTRACTION_TIMEOUT,
        metavar="SECONDS",
        help="give up on a page (error, extraction-timeout) when it is not extracted after this many "
        f"seconds; 0: no limit (default: {IOMCRAWL_EXTRACTION_TIMEOUT:g})",
    )
    extract.add_argument(
        "-j",
        "--jobs",
        type=whole_number("workers"),
        default=cores(),
        metavar="N",
        help=f"worker processes for more than one page (default: the machine's cores, {cores()})",
    )
    extract.add_argument(
        "--glob",
        action="append",
        metavar="PATTERN",
        help="in folders, read only files whose name matches (a pattern with / matches the path under the "
        f"folder); repeatable (default: {' '.join(DEFAULT_GLOBS)})",
    )
    extract.add_argument("-o", "--output", metavar="FILE", help="write the records to FILE (default: stdout)")
    extract.add_argument(
        "--pages-log",
        metavar="FILE",
        help="write one line per input (outcome, reason, record ids) to FILE "
        f"(default: beside -o FILE as FILE's name with {PAGES_LOG_SUFFIX}; none with stdout)",
    )
    extract.set_defaults(func=run)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def pages_log_path(args: argparse.Namespace) -> Path | None:
    if args.pages_log:
        return Path(args.pages_log)
    if args.output:
        output = Path(args.output)
        return output.with_name(output.name.removesuffix(".jsonl") + PAGES_LOG_SUFFIX)
    return None


def run(args: argparse.Namespace) -> int:
    globs = tuple(args.glob or DEFAULT_GLOBS)
    try:
        check_paths(args.paths, globs)
        found = list(expand(args.paths, globs, sys.stdin if STDIN in args.paths else None, args.url))
        first = found[0] if len(found) == 1 and STDIN not in args.paths else None
        single = first if isinstance(first, PageFile) else None
        if args.url and single is None:
            raise InputError("--url names one page: give exactly one saved page with it")
        log_path = pages_log_path(args)
        if log_path and args.output and log_path.resolve() == Path(args.output).resolve():
            raise InputError("--pages-log and -o name the same file")
    except InputError as exc:
        print(f"iomcrawl: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    started = time.monotonic()
    progress = ProgressLine(sys.stderr)
    try:
        with ExitStack() as stack:
            out = stack.enter_context(_published(Path(args.output))) if args.output else sys.stdout
            log = stack.enter_context(_published(log_path)) if log_path else None
            results = _in_process(single, args.timeout) if single else _pooled(found, args.jobs, args.timeout)
            counts = _write(results, out, log, progress, total=_known_total(found), started=started)
    except KeyboardInterrupt:  # the workers are stopped; -o and the pages log stay NAME.part, unpublished
        progress.close("iomcrawl: interrupted")
        return EXIT_INTERRUPTED
    if log_path or counts["shown"]:
        elapsed = time.monotonic() - started
        summary = _summary(counts, elapsed)
        print(f"iomcrawl: {summary}" + (f"; pages log: {log_path}" if log_path else ""), file=sys.stderr)
    return EXIT_PARTIAL if counts[Outcome.ERROR] else EXIT_SUCCESS


def _in_process(item: PageFile, timeout: float) -> Iterator[Done]:
    from iomcrawl.batch.pages import failed, process

    done = within(timeout, lambda: process(item))
    yield done or failed(item, _timeout_reason(timeout))


def _pooled(found: list[Found], jobs: int, timeout: float) -> Iterator[Done]:
    from iomcrawl.batch.inputs import items
    from iomcrawl.batch.pages import failed, process
    from iomcrawl.batch.pool import Finished, Overran, Raised, run_ordered
    from iomcrawl.crawl.settings import DOWNLOAD_MAXSIZE

    inputs = items(found, max_bytes=DOWNLOAD_MAXSIZE)
    for item, result in run_ordered(process, inputs, jobs=jobs, deadline=timeout):
        if isinstance(result, Finished):
            yield result.value
        elif isinstance(result, Overran):
            yield failed(item, _timeout_reason(result.seconds))
        elif isinstance(result, Raised):
            yield failed(item, str(Reason(PageError.EXTRACTION_ERROR, result.error)))
        else:
            detail = f"the worker process ended (exit code {result.exitcode})"
            yield failed(item, str(Reason(PageError.EXTRACTION_ERROR, detail)))


def _timeout_reason(seconds: float) -> str:
    return str(Reason(PageError.EXTRACTION_TIMEOUT, f"no result after {seconds:g} s"))


def _known_total(found: list[Found]) -> int | None:
    """How many pages there are, when no archive is among the inputs (its captures are not counted yet)."""
    return None if any(isinstance(item, Path) for item in found) else len(found)


def _write(
    results: Iterator[Done],
    out: TextIO,
    log: TextIO | None,
    progress: ProgressLine,
    *,
    total: int | None,
    started: float,
) -> Counter[str]:
    """Write each input's records and line as it comes; without a pages log, say on stderr what came of
    a page without records. The progress line is drawn only on a terminal."""
    from iomcrawl.batch.pagelog import encode

    counts: Counter[str] = Counter()
    shared_terminal = progress.live and out.isatty()  # records and the progress line on one screen
    for done in results:
        if shared_terminal and done.records:
            progress.close()
        for record in done.records:
            out.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
        counts[done.outcome] += 1
        counts["pages"] += 1
        counts["written"] += len(done.records)
        if log is not None:
            log.write(encode(done.line))
        elif done.outcome in (Outcome.NO_RELEASE, Outcome.ERROR, Outcome.SKIPPED):
            progress.close()
            print(_page_message(done), file=sys.stderr)
        if progress.live:
            counts["shown"] = 1
            progress.update(_progress_text(counts, total, time.monotonic() - started))
    progress.close()
    return counts


def _page_message(done: Done) -> str:
    line = done.line
    where = line["path"] or line["url"]
    if line["warc_file"]:
        where = f"{line['url']} ({line['warc_file']}#{line['warc_offset']})"
    if done.outcome == Outcome.NO_RELEASE:
        return f"iomcrawl: no release in {where}: {line['reason']}"
    if done.outcome == Outcome.SKIPPED:
        return f"iomcrawl: skipped {where}: {line['reason']}"
    return f"iomcrawl: {where}: {line['reason']}"


def _progress_text(counts: Counter[str], total: int | None, elapsed: float) -> str:
    pages = counts["pages"]
    rate = f"{pages / elapsed:.1f} pages/s" if elapsed > 0 else ""
    if total:
        filled = round(20 * pages / total)
        head = f"[{'#' * filled}{'-' * (20 - filled)}] {pages}/{total} pages"
    else:
        head = f"{pages} pages"
    tail = [f"{counts['written']} records"]
    tail += [f"{counts[o]} {o}" for o in (Outcome.NO_RELEASE, Outcome.ERROR, Outcome.SKIPPED) if counts[o]]
    return "  ".join([head, rate, ", ".join(tail)])


def _summary(counts: Counter[str], elapsed: float) -> str:
    parts = [f"{counts[Outcome.RECORDS]} with records ({counts['written']} records)"]
    parts += [f"{counts[o]} {o}" for o in (Outcome.NO_RELEASE, Outcome.ERROR, Outcome.SKIPPED) if counts[o]]
    rate = counts["pages"] / elapsed if elapsed > 0 else 0.0
    pages = f"{counts['pages']} page" + ("" if counts["pages"] == 1 else "s")
    return f"{pages}: {', '.join(parts)} in {elapsed:.1f} s ({rate:.1f} pages/s)"


@contextmanager
def _published(path: Path) -> Iterator[TextIO]:
    """A JSON Lines output written as PATH.part and renamed to PATH when the command ends without
    being interrupted, so a published file never holds a partial line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    with part.open("w", encoding="utf-8", newline="\n") as stream:
        yield stream
    part.replace(path)


def within(seconds: float, work: Callable[[], T]) -> T | None:
    """*work*'s result, or None when it has not come after *seconds* (0: no limit). The work runs on a
    daemon thread, which cannot be killed: the command exits without waiting for it."""
    if seconds <= 0:
        return work()
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # raised again on the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=run, name="iomcrawl-extract", daemon=True)
    thread.start()
    thread.join(seconds)
    if errors:
        raise errors[0]
    return results[0] if results else None
