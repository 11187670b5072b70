"""Where Scrapy finds the crawl's spiders (``SPIDER_MODULES``); ``releases`` is the only one."""
