"""Quality assurance around the extraction chain: people compare it with fixtures, capture new pages, read a report.

* :mod:`iomcrawl.qa.check`: every fixture through the chain, field-level diffs and per-field accuracy;
* :mod:`iomcrawl.qa.expected`: writing expected files from records (``--update``, captured fixtures);
* :mod:`iomcrawl.qa.json_edit`: a JSON file changed in place, only where values differ (``--update``, review);
* :mod:`iomcrawl.qa.folders`: where fixtures live, and the exact ``fixture review`` command for one;
* :mod:`iomcrawl.qa.sources`: a response as served, from a URL or a saved file;
* :mod:`iomcrawl.qa.archive`: a response read from a WARC record (revisits resolved), as replay reads it;
* :mod:`iomcrawl.qa.sidecar`: a fixture's ``NAME.response.json``, shaped like Scrapy's ``Response.to_dict()``;
* :mod:`iomcrawl.qa.capture`: ``iomcrawl fixture add`` / ``review``;
* :mod:`iomcrawl.qa.report`: one self-contained HTML report over fixtures or a crawl's output, with
  :mod:`iomcrawl.qa.charts` (inline SVG) and :mod:`iomcrawl.qa.crawlrun` (a crawl's duration, rate, drops);
* :mod:`iomcrawl.qa.sanitize` and :mod:`iomcrawl.qa.css`: a page's HTML and CSS cut down to what cannot
  run or load anything, for the report's page views.
"""
