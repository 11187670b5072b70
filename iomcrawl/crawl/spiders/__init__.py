"""iomcrawl spiders; ``releases`` is the only one (``scrapy crawl releases``)."""
