"""Scrapy settings: the project's choices. Components keep their own defaults beside their code."""

BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"
COMMANDS_MODULE = "newsbot.commands"

# Where the crawl starts (sources file) and where it remembers what it has seen.
NEWSBOT_SOURCES = "sources.toml"
NEWSBOT_STATE = "sqlite:///.newsbot/state.sqlite3"

# A Redis state (NEWSBOT_STATE=redis://host:port/db) makes this crawl one worker of many:
# shared queue and dupefilter (scrapy-redis), per-worker feed files (newsbot.distributed).
ADDONS = {
    "newsbot.distributed.addon.Distributed": 0,
    # USER_AGENT: newsbot/<version> (+NEWSBOT_CONTACT), the operator's contact URL or address.
    "newsbot.identity.UserAgent": 0,
}

# Feed: JSON Lines, one file per run, published atomically. Applied only when no FEEDS are
# given, so `-O file.jsonl` writes that file and only that file.
NEWSBOT_DEFAULT_FEEDS = {
    "feeds/articles-%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORE_EMPTY = False
FEED_STORAGES = {
    "": "newsbot.feedexport.AtomicFileFeedStorage",
    "file": "newsbot.feedexport.AtomicFileFeedStorage",
}
# Parquet with typed columns (`-O x.parquet`); CSV with nested fields as JSON text.
FEED_EXPORTERS = {
    "parquet": "newsbot.exporters.ParquetItemExporter",
    "csv": "newsbot.exporters.CsvItemExporter",
}

# Feed layout (newsbot.feedexport.default_feeds): "day" puts files under feeds/YYYY/MM/DD/.
NEWSBOT_FEED_PARTITION = ""
NEWSBOT_FEED_FORMAT = ""  # "parquet" or "csv" instead of the JSON Lines above
NEWSBOT_FEED_GZIP = False
# Keep every article page fetched beside the feed, as WARC (<run>.warc.gz): `newsbot reextract`.
CAPTURE_ENABLED = False

# Where each item pipeline runs. An article is built from its page in the extraction pool's
# worker processes (newsbot.pool, NEWSBOT_EXTRACT_WORKERS below), which run these pipelines on
# it there, in order, and fingerprint its text for Deduplicate: off the crawling process, whose
# largest per-item costs they were (issue 9). Built with no arguments: a worker has no crawler.
NEWSBOT_POOL_PIPELINES = ["newsbot.pipelines.clean.CleanText"]
# Then these, in the crawling process.
ITEM_PIPELINES = {
    "newsbot.pipelines.dates.ParseDates": 200,
    "newsbot.pipelines.validate.RequireFields": 300,
    # Last, so an item dropped for another reason never marks its story as seen.
    "newsbot.pipelines.dedupe.Deduplicate": 900,
}

# Same article under http/https, www., tracking parameters: one request.
REQUEST_FINGERPRINTER_CLASS = "newsbot.request_fingerprint.ArticleFingerprinter"

# Politeness a site owner would accept.
NEWSBOT_CONTACT = ""  # or the environment variable of that name; see newsbot.identity
ROBOTSTXT_OBEY = True
# robots.txt Crawl-delay is honoured per site, up to this many seconds.
NEWSBOT_MAX_CRAWL_DELAY = 30.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 3 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A page still failing after its retries is the web, not a newsbot error: counted as
# newsbot/failed/<reason> in the stats (the spider's errback).
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
COOKIES_ENABLED = False

# Every request stays on its source's sites, over HTTP(S) (issue 8); newsbot.middlewares.offsite
# sits before RedirectMiddleware (600) so it judges a redirect before it is followed.
DOWNLOADER_MIDDLEWARES = {
    # Incremental crawls: an article the state has is not requested again, a failed one is
    # counted; feeds and sitemaps are asked with the validators of the last run. First, so a
    # skipped request costs nothing (not even a robots.txt look-up).
    "newsbot.middlewares.state.SkipSeenArticles": 50,
    "newsbot.middlewares.state.ConditionalFeeds": 60,
    # -a warc=: article pages read from WARC files; before StayOnSource, as nothing leaves.
    "newsbot.middlewares.warc.ArchivedResponses": 640,
    "newsbot.middlewares.offsite.StayOnSource": 650,
    # A 429/503 with Retry-After waits before RetryMiddleware (550) retries it.
    "newsbot.middlewares.retry_after.RetryAfter": 560,
}
# Only HTTP(S) can be downloaded at all, whatever a page or redirect says.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "data": None, "s3": None}
REDIRECT_MAX_TIMES = 5

# Scrapy 2.19 starts up to CONCURRENT_ITEMS item tasks per response; fewer is faster here
# (MEASUREMENTS.md: 10-16 made the crawl 1.7-2.1x faster than the default 100).
CONCURRENT_ITEMS = 16
# Responses waiting for an extraction worker count here; past 1 MB (20 typical article
# pages, more than the pool has in flight) the engine stops downloading until they drain.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000

# A crawl logs to this file (appended, relative to where it runs) unless LOG_FILE is set; the
# terminal shows progress, the run report and failures (newsbot.console). Other Scrapy commands
# (fetch, shell) log to stderr as usual.
NEWSBOT_LOG_FILE = "logs/newsbot.log"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "newsbot.logs.ShortItems"  # a dropped item is its URL, not its whole repr
LOGSTATS_INTERVAL = 60.0
# No server in the crawling process: Scrapy's telnet console and its remote-control extension
# (2.19+: an HTTP server on localhost that runs Python code sent with the token of its job file)
# are off. Turn one on for a session of your own with -s REMOTE_CONTROL_ENABLED=True.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

EXTENSIONS = {
    # The state: run lock, recovery, commit once the feed file is published (issue 5).
    "newsbot.state.extension.CrawlState": 100,
    # Whether each feed was written: an unwritable one stops the crawl before its first request.
    "newsbot.extensions.publish.FeedPublication": 110,
    # The run report (log + <feed>.report.json; history .newsbot/runs.jsonl) and progress lines.
    "newsbot.extensions.report.RunReport": 500,
    "newsbot.extensions.progress.Progress": 500,
    "newsbot.capture.WarcCapture": 500,  # on with CAPTURE_ENABLED
    # robots.txt Crawl-delay, up to NEWSBOT_MAX_CRAWL_DELAY s; after AutoThrottle (0).
    "newsbot.extensions.crawl_delay.CrawlDelay": 500,
    "newsbot.extensions.stats_dump.StatsDump": 900,
}

# Walk every listing page up to max_listing_pages even when a page offers nothing new.
NEWSBOT_BACKFILL = False

# Extraction runs in this many worker processes; empty = one per core, 0 = inline.
NEWSBOT_EXTRACT_WORKERS = None
