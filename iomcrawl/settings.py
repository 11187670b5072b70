"""Scrapy settings for iomcrawl: the single source of configuration (components read it in ``from_crawler``).

Defaults are polite and identifying because the crawl targets a real organisation's legacy servers.
Override per run with ``-s NAME=VALUE``; the ``IOMCRAWL_*`` names are this project's own settings.
https://docs.scrapy.org/en/latest/topics/settings.html
"""

from __future__ import annotations

from iomcrawl import __version__

BOT_NAME = "iomcrawl"
SPIDER_MODULES = ["iomcrawl.spiders"]
NEWSPIDER_MODULE = "iomcrawl.spiders"
ADDONS: dict[str, int] = {}

# Politeness: say who we are, obey robots.txt, one request at a time per site, adapt to the server.
USER_AGENT = f"iomcrawl/{__version__} (+https://github.com/iomcrawl/iomcrawl)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False

# Bounds: press-release pages are small; a bigger body (or decompression bomb) is not one.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DEPTH_LIMIT = 10

# Nothing listening on the network besides the crawl itself.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "iomcrawl.pipelines.decode.DecodePipeline": 100,
    "iomcrawl.pipelines.blocks.BlocksPipeline": 200,
    "iomcrawl.pipelines.releases.ReleasesPipeline": 300,
    "iomcrawl.pipelines.validate.ValidatePipeline": 400,
}

EXTENSIONS = {
    "iomcrawl.crawl.CrawlStats": 900,
}

# Output: both files are replaced on every run; their folder is IOMCRAWL_OUTPUT_DIR (see exporters.py).
IOMCRAWL_OUTPUT_DIR = "output"
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {
    "iomcrawl-releases": "iomcrawl.exporters.ReleaseLinesExporter",
    "iomcrawl-pages": "iomcrawl.exporters.PageLinesExporter",
}
FEED_URI_PARAMS = "iomcrawl.exporters.feed_uri_params"
FEEDS = {
    "%(output_dir)s/releases.jsonl": {
        "format": "iomcrawl-releases",
        "encoding": "utf-8",
        "overwrite": True,
        "store_empty": True,
    },
    "%(output_dir)s/pages.jsonl": {
        "format": "iomcrawl-pages",
        "encoding": "utf-8",
        "overwrite": True,
        "store_empty": True,
    },
}

# Scope of a live crawl (-a start_url=URL): the start URL's host plus these domains and their subdomains.
# The offline sample crawl (no start_url) never leaves its loopback server, whatever this says.
IOMCRAWL_SCOPE_DOMAINS = ["iom.int"]

# When set, the final crawl stats are written there as JSON (used by tests and wrappers; see crawl.py).
IOMCRAWL_STATS_FILE = ""
