"""Retry a truncated body like a 5xx, instead of extracting from half a page.

With ``DOWNLOAD_FAIL_ON_DATALOSS`` off a truncated body arrives flagged ``dataloss`` (so the WARC can keep
it, marked ``WARC-Truncated``). :class:`DataLossRetryMiddleware` (610: it sees a response
before RedirectMiddleware and RetryMiddleware do) retries it; after the last retry it reaches the spider,
which logs the page as ``truncated``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares.retry import get_retry_request

from iomcrawl.codes import Annotation, PageError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response


class DataLossRetryMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def should_retry(self, request: Request, response: Response) -> bool:
        """Whether *response* to *request* is a truncated body worth another attempt."""
        return Annotation.DATALOSS in response.flags and not request.meta.get("dont_retry")

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not self.should_retry(request, response):
            return response
        self.crawler.stats.inc_value("iomcrawl/dataloss_responses")
        assert self.crawler.spider is not None  # responses only flow while a spider is open
        retry = get_retry_request(request, spider=self.crawler.spider, reason=PageError.DATA_LOSS)
        return retry if retry is not None else response
