"""Scrapy's downloader with the per-slot concurrency limit actually enforced.

In Scrapy 2.19 ``Downloader._process_queue`` dequeues requests ``while slot.free_transfer_slots() > 0``
but only *schedules* each download (``_schedule_coro``): the request is added to ``slot.transferring``
when the coroutine starts, after the loop. With no download delay every request waiting in the slot is
sent at once, so ``CONCURRENT_REQUESTS_PER_DOMAIN = 1`` lets up to ``CONCURRENT_REQUESTS`` requests hit
one host together (seen: 15 against a local server; compare scrapy/scrapy issue #6982). A delay hides
it (the loop breaks after one request), a zero delay or a short Crawl-delay does not.

:class:`PoliteDownloader` (``DOWNLOADER`` setting) reserves the transfer slot before scheduling.
``tests/test_crawl_policy.py`` checks that one host never sees two requests at once.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING

from scrapy.core.downloader import Downloader
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro

if TYPE_CHECKING:
    from scrapy.core.downloader import Slot


class PoliteDownloader(Downloader):
    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:
            return  # processing waits for the delayed call
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # reserved now: the download coroutine starts later
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:  # one request per delay
                self._process_queue(slot)
                break
