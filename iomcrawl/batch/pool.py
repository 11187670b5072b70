"""Worker processes that run one function over many tasks: results in input order, a deadline per task.

Processes, not threads: the chain is pure Python, so threads would share one core, and a thread that
overruns cannot be stopped. Here a worker that runs past its deadline is killed and replaced, and its
task ends as :class:`Overran`; one that dies (a crash, the kernel's OOM killer) ends its task as
:class:`Died`; either way the other tasks go on. At most ``window`` tasks are in flight or waiting to be
given back in order, so a slow task does not make the results of the fast ones pile up in memory.

Workers are forked where the platform allows it: they start with the chain already imported.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Finished(Generic[R]):
    value: R


@dataclass(frozen=True)
class Raised:
    error: str  # "ExceptionType: message"


@dataclass(frozen=True)
class Overran:
    seconds: float


@dataclass(frozen=True)
class Died:
    exitcode: int | None


Result = Finished[R] | Raised | Overran | Died


def _context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _serve(conn: Connection, work: Callable[[Any], Any]) -> None:
    """A worker's loop: a task in, its result out, until told to stop (None) or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        try:
            reply: tuple[bool, Any] = (True, work(message))
        except Exception as exc:  # the task's failure, not the worker's
            reply = (False, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, KeyboardInterrupt):
            return


class _Worker:
    def __init__(self, context: BaseContext, work: Callable[[Any], Any]) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, work), daemon=True, name="iomcrawl-worker"
        )
        self.process.start()
        child.close()
        self.task: int | None = None  # the index of the task it holds
        self.started = 0.0

    def give(self, index: int, task: Any) -> None:
        self.task, self.started = index, time.monotonic()
        self.conn.send(task)

    def take(self) -> Result[Any]:
        """The reply of the task it holds (it must be ready); Died when the worker is gone."""
        self.task = None
        try:
            ok, value = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            return Died(self.process.exitcode)
        return Finished(value) if ok else Raised(value)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        if self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(1)
        if self.process.is_alive():
            self.kill()
        self.conn.close()


def run_ordered(
    work: Callable[[T], R],
    tasks: Iterable[T],
    *,
    jobs: int,
    deadline: float = 0,
    window: int | None = None,
) -> Iterator[tuple[T, Result[R]]]:
    """Each task with its result, in the order of *tasks*; *deadline* seconds per task (0: none)."""
    context = _context()
    window = window or jobs * 4
    workers = [_Worker(context, work) for _ in range(jobs)]
    pending = iter(enumerate(tasks))
    exhausted = False
    held: dict[int, T] = {}  # index -> task, from when it is given out until it is yielded
    results: dict[int, Result[R]] = {}
    next_out = 0
    try:
        while True:
            for number, worker in enumerate(workers):
                if worker.task is None and not worker.process.is_alive():  # it died: a new one
                    worker.conn.close()
                    workers[number] = worker = _Worker(context, work)
                if worker.task is None and not exhausted and len(held) < window:
                    try:
                        index, task = next(pending)
                    except StopIteration:
                        exhausted = True
                        continue
                    held[index] = task
                    worker.give(index, task)
            while next_out in results:
                yield held.pop(next_out), results.pop(next_out)
                next_out += 1
            busy = [worker for worker in workers if worker.task is not None]
            if not busy:
                if exhausted:
                    return
                continue
            now = time.monotonic()
            timeout: float | None = None
            if deadline > 0:
                timeout = max(0.0, min(worker.started + deadline for worker in busy) - now)
            ready = wait([worker.conn for worker in busy], timeout)
            now = time.monotonic()
            for number, worker in enumerate(workers):
                held_index = worker.task
                if held_index is None:
                    continue
                if worker.conn in ready:
                    results[held_index] = worker.take()
                elif deadline > 0 and now - worker.started >= deadline:
                    worker.kill()
                    results[held_index] = Overran(deadline)
                    workers[number] = _Worker(context, work)
    finally:
        for worker in workers:
            worker.stop()
