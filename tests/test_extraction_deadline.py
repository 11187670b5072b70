"""Extraction off the reactor thread, with a deadline per page: a page that is slow to extract ends as
'extraction-timeout' while the crawl goes on fetching and extracting the others.

The slow page is made slow by blocking on an event, never by a long computation, and the worker pool is
driven by a manual reactor (a Twisted ``Clock`` and a queue of cross-thread calls), so nothing here races
the wall clock.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from support.crawls import FAST, crawl_subprocess
from support.jsonl import read_jsonl
from support.servers import LoopbackServer
from support.sites import release_page
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock
from twisted.python.failure import Failure

from iomcrawl.crawl.config import EXIT_PARTIAL, ConfigError
from iomcrawl.crawl.pipelines.workers import (
    ArrivalOrder,
    ExtractionTimeout,
    ExtractionWorkers,
    extraction_settings,
)
from iomcrawl.crawl.settings import ITEM_PIPELINES
from iomcrawl.extraction import extract_page

TESTS = Path(__file__).resolve().parent
WAIT = 60.0  # a bound on waiting for a worker's call, so a broken pool fails the test instead of hanging


class ManualReactor:
    """What the workers need of a reactor: calls from threads queue up until pumped; time is a Clock."""

    def __init__(self) -> None:
        self.clock = Clock()
        self.calls: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]]] = queue.SimpleQueue()

    def callFromThread(self, f: Callable[..., Any], *args: Any) -> None:
        self.calls.put((f, args))

    def callLater(self, delay: float, f: Callable[..., Any], *args: Any) -> Any:
        return self.clock.callLater(delay, f, *args)

    def pump(self, until: Callable[[], bool]) -> None:
        while not until():
            f, args = self.calls.get(timeout=WAIT)
            f(*args)


def outcome(deferred: Deferred[Any]) -> list[Any]:
    results: list[Any] = []
    deferred.addBoth(results.append)
    return results


def blocking(started: threading.Event, release: threading.Event, value: str) -> Callable[[], str]:
    def work() -> str:
        started.set()
        release.wait(WAIT)
        return value

    return work


def test_a_stage_past_its_allowance_is_given_up_and_the_others_go_on() -> None:
    reactor = ManualReactor()
    workers = ExtractionWorkers(threads=1, timeout=5, reactor=reactor)
    started, release = threading.Event(), threading.Event()
    slow = outcome(workers.submit(blocking(started, release, "late"), allowance=5))
    reactor.pump(started.is_set)
    reactor.pump(lambda: bool(reactor.clock.getDelayedCalls()))  # its clock runs from when it started
    reactor.clock.advance(5)
    [failure] = slow
    assert isinstance(failure, Failure) and failure.check(ExtractionTimeout)
    fast = outcome(workers.submit(lambda: "fast", allowance=5))  # the only worker is stuck: a new one runs it
    reactor.pump(lambda: bool(fast))
    assert fast[0][0] == "fast"
    release.set()
    reactor.pump(lambda: workers._abandoned == 0)  # the abandoned stage ended; its result was dropped
    assert slow == [failure]
    workers.stop()


def test_the_clock_runs_only_while_a_stage_runs() -> None:
    reactor = ManualReactor()
    workers = ExtractionWorkers(threads=1, timeout=5, reactor=reactor)
    reactor.clock.advance(100)  # time passing before the work starts costs the page nothing
    done = outcome(workers.submit(lambda: "ok", allowance=5))
    reactor.pump(lambda: bool(done))
    result, seconds = done[0]
    assert result == "ok" and seconds >= 0
    assert workers.allowance(1.5) == 3.5 and workers.allowance(7) == 0
    [spent] = outcome(workers.submit(lambda: "never run", allowance=0))
    assert isinstance(spent, Failure) and spent.check(ExtractionTimeout)
    workers.stop()


def test_without_a_timeout_a_stage_may_run_as_long_as_it_takes() -> None:
    reactor = ManualReactor()
    workers = ExtractionWorkers(threads=1, timeout=0, reactor=reactor)
    started, release = threading.Event(), threading.Event()
    done = outcome(workers.submit(blocking(started, release, "done"), allowance=workers.allowance(0)))
    reactor.pump(started.is_set)
    reactor.clock.advance(10_000)
    assert done == [] and not reactor.clock.getDelayedCalls()
    release.set()
    reactor.pump(lambda: bool(done))
    assert done[0][0] == "done"
    workers.stop()


def test_a_stage_that_raises_fails_its_page_only() -> None:
    reactor = ManualReactor()
    workers = ExtractionWorkers(threads=2, timeout=5, reactor=reactor)

    def broken() -> None:
        raise ValueError("boom")

    failed = outcome(workers.submit(broken, allowance=5))
    reactor.pump(lambda: bool(failed))
    assert isinstance(failed[0], Failure) and failed[0].check(ValueError)
    fine = outcome(workers.submit(lambda: 1, allowance=5))
    reactor.pump(lambda: bool(fine))
    assert fine[0][0] == 1
    workers.stop()


def test_abandoned_stages_are_replaced_up_to_the_pool_size_then_pages_wait() -> None:
    reactor = ManualReactor()
    workers = ExtractionWorkers(threads=1, timeout=1, reactor=reactor)
    releases = [threading.Event(), threading.Event()]
    for release in releases:  # two stuck stages, both given up
        started = threading.Event()
        stuck = outcome(workers.submit(blocking(started, release, "late"), allowance=1))
        reactor.pump(started.is_set)
        reactor.pump(lambda: bool(reactor.clock.getDelayedCalls()))
        reactor.clock.advance(1)
        assert isinstance(stuck[0], Failure)
    assert workers._abandoned == 2 and not workers._workers  # one replacement only: the pool's size
    waiting = outcome(workers.submit(lambda: "waited", allowance=1))
    assert waiting == []  # no worker can take it until an abandoned stage ends
    releases[0].set()
    reactor.pump(lambda: bool(waiting))
    assert waiting[0][0] == "waited"
    releases[1].set()
    reactor.pump(lambda: workers._abandoned == 0)
    workers.stop()


@pytest.mark.parametrize(
    ("name", "value"), [("IOMCRAWL_EXTRACTION_TIMEOUT", -1), ("IOMCRAWL_EXTRACTION_THREADS", -2)]
)
def test_negative_extraction_settings_are_refused(name: str, value: int) -> None:
    with pytest.raises(ConfigError, match=name):
        extraction_settings(Settings({name: value}))


# --- a real crawl ----------------------------------------------------------------------------------------


class SlowAndFastSite(LoopbackServer):
    """/news/slow (a release, slow to extract by the crawl's test pipeline) links to /news/fast."""

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        pages = {
            "/news/slow": release_page(1, links=["/news/fast"]),
            "/news/fast": release_page(2),
            "/robots.txt": b"User-agent: *\nAllow: /\n",
        }
        body = pages.get(handler.path)
        handler.send_response(200 if body is not None else 404)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body or b"")))
        handler.end_headers()
        handler.wfile.write(body or b"")


@pytest.mark.crawl
@pytest.mark.slow
def test_a_page_slow_to_extract_times_out_while_the_crawl_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(TESTS))  # the crawl subprocess imports support.slow_extraction
    pipelines = {"support.slow_extraction.SlowPagesBlock": 10, **ITEM_PIPELINES}
    output = tmp_path / "out"
    with SlowAndFastSite(lifetime=300) as site:
        args = [
            "-a", f"start_url={site.url('/news/slow')}",
            "-s", f"IOMCRAWL_OUTPUT_DIR={output}",
            "-s", "IOMCRAWL_EXTRACTION_TIMEOUT=1",
            "-s", f"ITEM_PIPELINES={json.dumps(pipelines)}",
            *FAST,
        ]  # fmt: skip
        run = crawl_subprocess(args, cwd=tmp_path, timeout=120, via="iomcrawl")
        fast_url = site.url("/news/fast")
    pages = {line["url"]: line for line in read_jsonl(output / "pages.jsonl")}
    slow = pages[site.url("/news/slow")]
    assert (slow["outcome"], slow["records"], slow["record_ids"]) == ("error", 0, []), run.log[-3000:]
    assert slow["reason"].startswith("extraction-timeout: ")
    # The slow page's stage was still blocked (it is let go when the crawl closes) while the page it links
    # to was fetched and extracted, with the records `extract_page` gives.
    fast = pages[fast_url]
    assert fast["outcome"] == "records" and fast["records"] == 1
    [record] = read_jsonl(output / "releases.jsonl")
    assert record["url"] == fast_url
    expected = extract_page(release_page(2), fast_url, content_type="text/html; charset=utf-8")
    assert {k: v for k, v in record.items() if k != "source"} == {
        k: v for k, v in expected.records[0].items() if k != "source"
    }
    assert run.returncode == EXIT_PARTIAL
    assert "given up" in run.log


def test_pages_leave_in_the_order_they_came_whatever_took_longer() -> None:
    order = ArrivalOrder()
    first, second, third, dropped = object(), object(), object(), object()
    for item in (first, second, dropped, third):
        order.enter(item)
    left: list[str] = []
    order.turn(third).addCallback(lambda _: left.append("third"))
    order.turn(second).addCallback(lambda _: left.append("second"))
    assert left == []  # the first page is still being extracted
    order.leave(first)
    assert left == ["second"]
    order.leave(second)
    assert left == ["second"]  # a page dropped on the way still holds its place...
    order.leave(dropped, signal="item_dropped")  # ...until the crawl's signal says it is gone
    assert left == ["second", "third"]
    order.leave(third)
    assert order.turn(object()).called  # a page no stage gave a place to is never held back
