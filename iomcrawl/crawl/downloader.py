"""Scrapy's downloader with the per-slot concurrency limit actually enforced.

In Scrapy 2.19 ``Downloader._process_queue`` dequeues requests ``while slot.free_transfer_slots() > 0``
but only *schedules* each download (``_schedule_coro``): the request is added to ``slot.transferring``
when the coroutine starts, after the loop. With no download delay every request waiting in the slot is
sent at once, so ``CONCURRENT_REQUESTS_PER_DOMAIN = 1`` lets up to ``CONCURRENT_REQUESTS`` requests hit
one host together (seen: 15 against a local server; compare scrapy/scrapy issue #6982). A delay hides
it (the loop breaks after one request), a zero delay or a short Crawl-delay does not.

:class:`PoliteDownloader` (``DOWNLOADER`` setting) reserves the transfer slot before scheduling.
``tests/test_crawl_policy.py`` checks that one host never sees two requests at once.

It also stops sending when the crawl stops. On Ctrl-C, SIGTERM or a limit, Scrapy's engine waits for every
request it has handed to the downloader, and those include the ones waiting in a slot's queue for their
turn (up to ``CONCURRENT_REQUESTS``, each behind the host's delay): a polite crawl went on fetching for
tens of seconds after being told to stop. Once the engine is closing, a queued request fails with
:class:`CrawlStopping` instead of being sent; the spider writes no line for it, so a resumed job
(JOBDIR) fetches it.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING

from scrapy.core.downloader import Downloader
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro
from twisted.python.failure import Failure

if TYPE_CHECKING:
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler


# The longest a slot waiting out its delay goes without checking whether the crawl is stopping.
STOP_CHECK_SECONDS = 0.5


class CrawlStopping(IgnoreRequest):
    """A request not sent because the crawl is stopping."""


class PoliteDownloader(Downloader):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._ready_at: dict[int, float] = {}  # id(slot) -> when its next request may go (Slot has __slots__)

    def stopping(self) -> bool:
        """Whether the engine is closing the spider (a signal, a limit, or the end of the crawl)."""
        engine = self.crawler.engine
        if engine is None:
            return False
        slot = getattr(engine, "_slot", None)  # Scrapy's engine says so only on its private slot
        return not engine.running or (slot is not None and slot.closing is not None)

    def _process_queue(self, slot: Slot) -> None:
        if slot.queue and self.stopping():
            self._drop_queue(slot)
            return
        if slot.latercall or not slot.queue:
            return  # processing waits for the delayed call, or there is nothing to send
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            # The delay is drawn once per request (it may be randomised) and waited out in short steps,
            # so that a stop is seen within one.
            ready_at = self._ready_at.setdefault(id(slot), slot.lastseen + delay)
            if ready_at > now:
                slot.latercall = call_later(min(ready_at - now, STOP_CHECK_SECONDS), self._latercall, slot)
                return
            del self._ready_at[id(slot)]
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # reserved now: the download coroutine starts later
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:  # one request per delay
                self._process_queue(slot)
                break

    def _drop_queue(self, slot: Slot) -> None:
        """Fail every request still waiting in *slot* with :class:`CrawlStopping`."""
        while slot.queue:
            request, queue_dfd = slot.queue.popleft()
            queue_dfd.errback(Failure(CrawlStopping(f"not sent, the crawl is stopping: {request.url}")))
