"""Scrapy settings for iomcrawl: the single source of configuration (components read it in ``from_crawler``).

Defaults are polite and identifying because the crawl targets a real organisation's legacy servers.
Override per run with ``-s NAME=VALUE``; the ``IOMCRAWL_*`` names are this project's own settings.
https://docs.scrapy.org/en/latest/topics/settings.html
"""

from __future__ import annotations

from iomcrawl import __version__

BOT_NAME = "iomcrawl"
SPIDER_MODULES = ["iomcrawl.crawl.spiders"]
NEWSPIDER_MODULE = "iomcrawl.crawl.spiders"
ADDONS: dict[str, int] = {}

# Politeness: say who we are (with a contact URL: config.py refuses a User-Agent without one), obey
# robots.txt (a robots.txt answering 5xx means "disallow all", RFC 9309), honour Crawl-delay up to a cap,
# one request at a time per site, adapt to the server.
USER_AGENT = f"iomcrawl/{__version__} (+https://github.com/iomcrawl/iomcrawl)"
ROBOTSTXT_OBEY = True
IOMCRAWL_CRAWL_DELAY_MAX = 30.0  # seconds: a longer Crawl-delay is honoured as this
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOADER = "iomcrawl.crawl.downloader.PoliteDownloader"  # makes the line above hold (see downloader.py)
DOWNLOAD_DELAY = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False

# Bounds: press-release pages are small; a bigger body (or decompression bomb) is not one.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # config.py keeps it within 10-32 MiB
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DEPTH_LIMIT = 10
# Breadth-first, as archive crawlers go: shallow pages first, and a URL is met first at (about) its
# smallest depth, so a URL dropped for depth is not reached later by a shorter path.
DEPTH_PRIORITY = 1
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
REDIRECT_MAX_TIMES = 10
# Limits that stop a crawl (exit code 3, the limit named in the log and in crawl-summary.json; resumable
# with JOBDIR after raising the limit; see iomcrawl/crawl/limits.py). 0 turns a limit off.
# Pages fetched from one host: a spider trap (every page linking to new URLs) ends here, not in DEPTH_LIMIT's
# links-per-page ** 10.
IOMCRAWL_MAX_PAGES_PER_HOST = 100_000
# Memory (peak resident set size, MiB), checked after every response: the frontier, the duplicate filter and
# the crawl log's indexes all grow with the crawl.
IOMCRAWL_MAX_MEMORY_MB = 2048
# Links taken from one page (the rest are not followed, and the page is logged as capped): a generated index
# with 600,000 links would otherwise fill the queue, and memory, on its own.
IOMCRAWL_MAX_LINKS_PER_PAGE = 5000
# A truncated body reaches the middlewares flagged 'dataloss' (so the WARC keeps it, marked
# WARC-Truncated), is retried, and is logged as 'truncated' if it stays so (middlewares/retry.py).
DOWNLOAD_FAIL_ON_DATALOSS = False

# Duplicates are refused by the gate on canonical URLs (and logged: middlewares/gate.py), not by Scrapy's
# fingerprint filter, which would also swallow a redirect loop's repeats and drop requests without a trace.
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"

# Only http(s) is fetched: no local files, data:, ftp or s3 (a file:// crawl under an explicit
# -a file_root=DIR turns the file handler back on for that crawl only).
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

# Nothing listening on the network besides the crawl itself.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    # Acts when a request is scheduled (before it is queued), as Scrapy's OffsiteMiddleware (50) does:
    # admits each URL once, journals it, logs refusals and redirects. It has no process_* method, so its
    # number only orders it among the request_scheduled handlers: first.
    "iomcrawl.crawl.middlewares.gate.GateMiddleware": 40,
    # -a site_dir=DIR: requests for IOMCRAWL_SITE_DIR_ORIGIN go to the folder's loopback server, through
    # HttpProxyMiddleware (750).
    "iomcrawl.crawl.site_dir.FolderSiteRouting": 740,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "iomcrawl.crawl.middlewares.robots.PoliteRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "iomcrawl.crawl.middlewares.compression.TolerantCompressionMiddleware": 590,
    # Redirects to javascript:/mailto: are refused (logged), credentials in a Location are not sent on.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "iomcrawl.crawl.middlewares.redirect.SafeRedirectMiddleware": 600,
    # Its process_response sees a response before RedirectMiddleware (600) and RetryMiddleware (550) do.
    "iomcrawl.crawl.middlewares.retry.DataLossRetryMiddleware": 610,
    # Between DownloaderStats (850) and HttpCache (900): sees raw bytes, every attempt, no cache hits.
    "iomcrawl.crawl.middlewares.capture.WarcCaptureMiddleware": 880,
}

SPIDER_MIDDLEWARES = {
    # On the spider's side of UrlLengthMiddleware (800) and DepthMiddleware (900), which would drop too
    # long and too deep links silently: this one drops them first, each with its line in the crawl log.
    "iomcrawl.crawl.middlewares.scope.ScopeMiddleware": 950,
}

# What a failed fetch becomes (outcome, reason code); a subclass of FaultMap maps faults differently.
IOMCRAWL_FAULTS_CLASS = "iomcrawl.crawl.faults.FaultMap"

ITEM_PIPELINES = {
    "iomcrawl.crawl.pipelines.decode.DecodePipeline": 100,
    "iomcrawl.crawl.pipelines.blocks.BlocksPipeline": 200,
    "iomcrawl.crawl.pipelines.releases.ReleasesPipeline": 300,
    "iomcrawl.crawl.pipelines.validate.ValidatePipeline": 400,
}

EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    # One progress voice: iomcrawl's status line (a terminal) or INFO lines (a log), not Scrapy's LogStats.
    "scrapy.extensions.logstats.LogStats": None,
    "iomcrawl.crawl.status.CrawlProgress": 850,
    "iomcrawl.crawl.middlewares.throttle.PoliteAutoThrottle": 0,
    "iomcrawl.crawl.limits.CrawlLimits": 700,
    "iomcrawl.crawl.outputs.pagelog.CrawlLog": 800,
    "iomcrawl.crawl.runner.CrawlStats": 900,
}

# Output, all under IOMCRAWL_OUTPUT_DIR: releases.jsonl and pages.jsonl (the crawl log), replaced on
# every run (appended to when a JOBDIR job resumes), crawl-summary.json, and the WARC files in warc/.
# They are written by iomcrawl.crawl.outputs.pagelog.CrawlLog, not by FEEDS (one writer keeps records and
# log lines in step, which resume relies on); -o/-O still work for extra feeds.
IOMCRAWL_OUTPUT_DIR = "output"
FEED_EXPORT_ENCODING = "utf-8"
FEEDS: dict[str, dict[str, object]] = {}
FEED_EXPORTERS = {
    "iomcrawl-releases": "iomcrawl.crawl.outputs.exporters.ReleaseLinesExporter",
    "iomcrawl-pages": "iomcrawl.crawl.outputs.exporters.PageLinesExporter",
}

# WARC capture of a live crawl (middlewares/capture.py, writing with iomcrawl/warc/): WARC 1.1, one gzip
# member per record, a new file per run and at every IOMCRAWL_WARC_MAX_SIZE bytes, in IOMCRAWL_WARC_DIR
# (default: IOMCRAWL_OUTPUT_DIR/warc).
IOMCRAWL_WARC_ENABLED = True
IOMCRAWL_WARC_DIR = ""
IOMCRAWL_WARC_MAX_SIZE = 1_000_000_000
IOMCRAWL_WARC_PREFIX = "iomcrawl"
IOMCRAWL_OPERATOR = "iomcrawl operator (see the User-Agent's contact URL)"
IOMCRAWL_COLLECTION = "iom-press-releases"

# Scope of a live crawl (-a start_url=URL): the start URL's host plus these domains and their subdomains.
# The offline sample crawl (no start_url) never leaves its loopback server, whatever this says.
IOMCRAWL_SCOPE_DOMAINS = ["iom.int"]
# URL patterns (regular expressions, searched in the whole URL; comma-separated with -s): a URL matching
# a DENY pattern, or (when ALLOW is not empty) matching no ALLOW pattern, is not fetched. Start URLs are
# always fetched. -a allow=RE / -a deny=RE add one pattern each.
IOMCRAWL_ALLOW: list[str] = []
IOMCRAWL_DENY: list[str] = []

# The origin a -a site_dir=DIR crawl gives the folder's pages (http://HOST[:PORT]): a stable name, where the
# loopback server's port changes every run, so URLs and record ids are the same in every run and a JOBDIR
# job resumes. Say http://www.iom.int for a mirror of iom.int to get the ids of a live crawl.
IOMCRAWL_SITE_DIR_ORIGIN = "http://site-dir.localhost"

# Progress (iomcrawl/crawl/status.py): seconds between the INFO progress lines when stderr is not a terminal
# (a terminal gets one status line redrawn in place instead); 0: none.
IOMCRAWL_PROGRESS_INTERVAL = 30.0

# When set, the final crawl stats are written there as JSON (used by tests and wrappers; see runner.py).
IOMCRAWL_STATS_FILE = ""

# Extraction off the reactor (pipelines/workers.py): the stage pipelines run the chain on worker threads,
# so one page that is slow to extract does not stop the downloads or the other pages. A page may spend
# IOMCRAWL_EXTRACTION_TIMEOUT seconds in its stages in all (0: no deadline); past that it is logged as
# 'error', reason 'extraction-timeout', with no records, and the crawl goes on (the abandoned stage ends
# on its own thread, its result dropped). IOMCRAWL_EXTRACTION_THREADS=0 runs the stages on the reactor
# thread, without a deadline (for debugging).
IOMCRAWL_EXTRACTION_TIMEOUT = 60.0
IOMCRAWL_EXTRACTION_THREADS = 4
