"""Everything that imports Scrapy: the crawl of live sites, local mirrors and web archives.

The extraction chain (:mod:`iomcrawl.extraction`) knows nothing of this package; the item pipelines here
only wrap its stages, so a crawl yields what ``iomcrawl extract`` yields.
"""
