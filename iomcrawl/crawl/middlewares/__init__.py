"""The crawl's policy and fault tolerance, one concern per module, each enabled in ``settings.py``.

Downloader middlewares (``DOWNLOADER_MIDDLEWARES``), engine side first:

* :mod:`.gate`: each URL admitted once, journaled, every refusal and redirect logged (at scheduling);
* :mod:`.robots` (100): robots.txt as RFC 9309 reads it, Crawl-delay honoured, each fetch logged;
* :mod:`.compression` (590): a body whose Content-Encoding lies is kept, not lost;
* :mod:`.retry` (610): a truncated body is retried like a 5xx;
* :mod:`.capture` (880): every exchange archived as WARC records, as it came off the wire.

Spider middleware (``SPIDER_MIDDLEWARES``): :mod:`.scope` (950), the links a page may lead to.
Extension (``EXTENSIONS``): :mod:`.throttle`, AutoThrottle that keeps to a host's Crawl-delay.
"""
