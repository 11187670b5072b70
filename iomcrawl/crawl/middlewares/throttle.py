"""AutoThrottle that never goes below a host's robots.txt ``Crawl-delay``.

Stock AutoThrottle lowers a slot's delay when the server answers fast, which would undo the Crawl-delay
the robots middleware set; :class:`PoliteAutoThrottle` (``EXTENSIONS``, replacing AutoThrottle) keeps the
delay at or above that floor.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from scrapy.extensions.throttle import AutoThrottle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

_floors: weakref.WeakKeyDictionary[Crawler, dict[str, float]] = weakref.WeakKeyDictionary()


def delay_floors(crawler: Crawler) -> dict[str, float]:
    """Download-slot key -> minimum delay from that host's Crawl-delay (set by robots, kept by throttle)."""
    return _floors.setdefault(crawler, {})


class PoliteAutoThrottle(AutoThrottle):
    def _response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        floor = delay_floors(self.crawler).get(key or "", 0.0)
        if slot is not None and slot.delay < floor:
            slot.delay = floor
