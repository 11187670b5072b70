"""Quality assurance around the extraction chain: people compare it with fixtures, capture new pages, read a report.

* :mod:`iomcrawl.qa.check`: every fixture through the chain, field-level diffs and per-field accuracy;
* :mod:`iomcrawl.qa.expected`: writing expected files from records (``--update``, captured fixtures);
* :mod:`iomcrawl.qa.sources`: a response as served, from a URL, a saved file or a WARC record;
* :mod:`iomcrawl.qa.capture`: ``iomcrawl fixture add`` / ``review``;
* :mod:`iomcrawl.qa.report`: one self-contained HTML report over fixtures or a crawl's output.
"""
