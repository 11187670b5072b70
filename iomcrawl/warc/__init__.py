"""Web archives, without Scrapy: written by a live crawl, read by replay and by QA.

* :mod:`iomcrawl.warc.writer`: WARC 1.1 files as a crawl writes them, and repair after a kill;
* :mod:`iomcrawl.warc.records`: the one reader of WARC and ARC records (fields, HTTP head, capped payload);
* :mod:`iomcrawl.warc.payloads`: revisits resolved, through an index of every stored payload;
* :mod:`iomcrawl.warc.replay`: archived captures as pages for the chain, or skips with their reasons;
* :mod:`iomcrawl.warc.gunzip`: gzip bodies sent without Content-Encoding, undone as the live crawl does;
* :mod:`iomcrawl.warc.compat`: warcio reading brotli payloads (capped), and ``warcio check`` with that fix.
"""
