"""Where the extraction stages of a crawl run: worker threads off the reactor, each page within a deadline.

On the reactor thread, one page that took 30 s to extract stopped every download and every other page
of the crawl for 30 s. Here each stage's work runs on one of ``IOMCRAWL_EXTRACTION_THREADS`` worker
threads, and a page may spend ``IOMCRAWL_EXTRACTION_TIMEOUT`` seconds in its stages in all (its clock runs
only while one of its stages runs, not while it waits for a worker); past that it ends as
``extraction-timeout`` and the crawl goes on.

A thread cannot be killed. A stage that overruns is abandoned: the page is settled at once, the stage's
result is thrown away when it comes, and a new worker takes the abandoned one's place, so that up to
``threads`` overrunning stages never starve the others (beyond that, pages wait for an abandoned stage to
end). What bounds an abandoned stage's cost is its input, capped at ``DOWNLOAD_MAXSIZE``, and the chain's
linear-time rules: it ends, late. Until it does it shares the interpreter with the reactor, which it slows
but does not stop, as long as no single C call holds the GIL for long (a backtracking regex would).
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from twisted.internet.defer import Deferred, succeed
from twisted.python.failure import Failure

from iomcrawl.crawl.config import ConfigError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

R = TypeVar("R")

TIMEOUT_SETTING = "IOMCRAWL_EXTRACTION_TIMEOUT"
THREADS_SETTING = "IOMCRAWL_EXTRACTION_THREADS"


class ExtractionTimeout(Exception):
    """A page's stages ran past its deadline."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"extraction took more than {timeout:g} s; the page was given up")
        self.timeout = timeout


@dataclass
class _Job(Generic[R]):
    """One stage's work for one page, and where its result goes."""

    work: Callable[[], R]
    allowance: float | None  # seconds it may run; None: no deadline
    done: Deferred[tuple[R, float]] = field(default_factory=Deferred)
    worker: _Worker | None = None
    timer: Any = None  # the reactor's IDelayedCall that gives the job up
    ended: bool = False  # set by the worker, under the pool's lock, when the work returned


class _Worker(threading.Thread):
    """Takes jobs until told to stop, or until a job it ran was abandoned (a new worker took its place)."""

    def __init__(self, pool: ExtractionWorkers, number: int) -> None:
        super().__init__(name=f"iomcrawl-extraction-{number}", daemon=True)
        self.pool = pool
        self.abandoned = False

    def run(self) -> None:
        while (job := self.pool.jobs.get()) is not None:
            if self.pool.run_job(job, self):  # abandoned: a new worker has taken this one's place
                self.pool.reactor.callFromThread(self.pool.retired)
                return


class ArrivalOrder:
    """Pages leave the last stage in the order they entered the first, as when the stages ran inline, so
    what is written does not depend on which page took longer to extract: of two copies of a release, the
    one fetched first is written, and pages.jsonl keeps its order. A page that is slow to extract holds
    back the pages after it for at most its deadline; it holds back neither their fetching nor their
    extraction.

    Tickets are kept by ``id(item)``: an item is alive from its first stage to its last.
    """

    def __init__(self) -> None:
        self._tickets: dict[int, int] = {}
        self._issued = 0
        self._next = 0  # the ticket whose turn it is: every earlier one has left
        self._left_early: set[int] = set()
        self._waiting: dict[int, Deferred[None]] = {}

    def enter(self, item: object) -> None:
        """Give *item* its place, the first time a stage sees it."""
        if id(item) not in self._tickets:
            self._tickets[id(item)] = self._issued
            self._issued += 1

    def turn(self, item: object) -> Deferred[None]:
        """Fires once every page that entered before *item* has left."""
        ticket = self._tickets.get(id(item))
        if ticket is None or ticket == self._next:
            return succeed(None)
        waiter: Deferred[None] = Deferred()
        self._waiting[ticket] = waiter
        return waiter

    def leave(self, item: object, **_signal_args: Any) -> None:
        """*item* is done (or was dropped on the way): the pages after it may go."""
        ticket = self._tickets.pop(id(item), None)
        if ticket is None:
            return
        self._left_early.add(ticket)
        while self._next in self._left_early:
            self._left_early.discard(self._next)
            self._next += 1
        waiter = self._waiting.pop(self._next, None)
        if waiter is not None:
            waiter.callback(None)


class ExtractionWorkers:
    """The crawl's extraction threads; results and deadlines are handled on the reactor thread."""

    _instances: ClassVar[weakref.WeakKeyDictionary[Crawler, ExtractionWorkers | None]] = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self, threads: int, timeout: float, reactor: Any = None) -> None:
        if reactor is None:
            from twisted.internet import reactor as installed

            reactor = installed
        self.reactor: Any = reactor  # zope interfaces confuse mypy about callLater and callFromThread
        self.threads = threads
        self.timeout = timeout
        self.jobs: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()
        self._workers: set[_Worker] = set()
        self._abandoned = 0  # abandoned workers still running their stage
        self._owed = 0  # workers not replaced yet because too many were abandoned
        self._numbers = itertools.count(1)
        self._stopped = False
        self._lock = threading.Lock()  # a job ends and is given up one at a time
        self.order = ArrivalOrder()

    @classmethod
    def of(cls, crawler: Crawler) -> ExtractionWorkers | None:
        """The crawl's one set of workers (shared by every stage), or None to run the stages inline."""
        if crawler not in cls._instances:
            threads, timeout = extraction_settings(crawler.settings)
            workers = cls(threads, timeout) if threads else None
            if workers is not None:
                from scrapy import signals

                crawler.signals.connect(workers.stop, signal=signals.engine_stopped)
                # an item lost on the way (a pipeline of the user's dropped it) must not hold back the rest
                crawler.signals.connect(workers.order.leave, signal=signals.item_dropped)
                crawler.signals.connect(workers.order.leave, signal=signals.item_error)
            cls._instances[crawler] = workers
        return cls._instances[crawler]

    def allowance(self, spent: float) -> float | None:
        """Seconds a page that already spent *spent* in its stages may still run; None: no deadline."""
        return max(self.timeout - spent, 0.0) if self.timeout > 0 else None

    def submit(self, work: Callable[[], R], allowance: float | None) -> Deferred[tuple[R, float]]:
        """Run *work* on a worker; fires with (result, seconds it ran), or fails with its exception or
        with :class:`ExtractionTimeout` once it has run *allowance* seconds."""
        job: _Job[R] = _Job(work, allowance)
        if allowance is not None and allowance <= 0:
            job.done.errback(Failure(ExtractionTimeout(self.timeout)))
            return job.done
        if not self._workers and not self._stopped:
            for _ in range(self.threads):
                self._start_worker()
        self.jobs.put(job)
        return job.done

    def stop(self) -> None:
        """Let the idle workers end; a running stage finishes on its own (the threads are daemons)."""
        self._stopped = True
        for _ in self._workers:
            self.jobs.put(None)
        self._workers.clear()

    # -- on a worker thread -----------------------------------------------------------------------------

    def run_job(self, job: _Job[Any], worker: _Worker) -> bool:
        """Run one job and hand its outcome to the reactor; True if it was abandoned meanwhile."""
        self.reactor.callFromThread(self._started, job, worker)
        began = time.monotonic()
        outcome: Any
        try:
            outcome = job.work()
        except Exception:
            outcome = Failure()
        seconds = time.monotonic() - began
        with self._lock:
            job.ended = True
            abandoned = worker.abandoned
        self.reactor.callFromThread(self._finished, job, outcome, seconds)
        return abandoned

    # -- on the reactor thread --------------------------------------------------------------------------

    def _started(self, job: _Job[Any], worker: _Worker) -> None:
        job.worker = worker
        if job.allowance is not None and not job.done.called:
            job.timer = self.reactor.callLater(job.allowance, self._expired, job)

    def _finished(self, job: _Job[Any], result: Any, seconds: float) -> None:
        if job.timer is not None and job.timer.active():
            job.timer.cancel()
        if job.done.called:  # given up already: the late result is dropped
            return
        if isinstance(result, Failure):
            job.done.errback(result)
        else:
            job.done.callback((result, seconds))

    def _expired(self, job: _Job[Any]) -> None:
        if job.done.called or job.worker is None:
            return
        with self._lock:
            if job.ended:  # it made it: its result is on its way to _finished
                return
            job.worker.abandoned = True
        self._replace(job.worker)
        job.done.errback(Failure(ExtractionTimeout(self.timeout)))

    def _replace(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        self._abandoned += 1
        if self._abandoned <= self.threads:
            self._start_worker()
        else:
            self._owed += 1

    def retired(self) -> None:
        """An abandoned worker's stage ended at last: its place may be filled if it was not."""
        self._abandoned -= 1
        if self._owed:
            self._owed -= 1
            self._start_worker()

    def _start_worker(self) -> None:
        if self._stopped:
            return
        worker = _Worker(self, next(self._numbers))
        self._workers.add(worker)
        worker.start()


def extraction_settings(settings: BaseSettings) -> tuple[int, float]:
    """(threads, timeout) from the settings; refuses negative values (exit 2, as every bad setting)."""
    threads = settings.getint(THREADS_SETTING, 4)
    timeout = settings.getfloat(TIMEOUT_SETTING, 60.0)
    if threads < 0:
        raise ConfigError(f"{THREADS_SETTING} must be 0 (run on the reactor thread) or more, got {threads}")
    if not timeout >= 0:  # NaN too
        raise ConfigError(f"{TIMEOUT_SETTING} must be a number of seconds (0: no deadline), got {timeout}")
    return threads, timeout
