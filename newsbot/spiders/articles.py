"""The ``articles`` spider: sources file -> listings, feeds, sitemaps -> article pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.httperror import HttpError

from newsbot.extract.feeds import parse_xml
from newsbot.extract.html import parse_html
from newsbot.extract.links import (
    article_links,
    is_article_url,
    is_non_article_url,
    next_page_url,
)
from newsbot.extract.overrides import FieldReport, field_report
from newsbot.feedexport import default_feeds
from newsbot.middlewares.warc import WARC_META
from newsbot.pool import ExtractionPool
from newsbot.sources import Source, Sources, SourcesError, load_sources
from newsbot.state.extension import CrawlState
from newsbot.urls import SameSite, site_key, strip_tracking
from newsbot.warc import Damaged, Record, expand, scan

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from newsbot.items import Article

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3


class ArticlesSpider(Spider):
    """Crawl every source of the sources file and yield one :class:`Article` per article page.

    Arguments: ``-a sources=PATH`` (else the setting ``NEWSBOT_SOURCES``), ``-a source=NAME``
    to crawl one source only, ``-a warc=PATH[,PATH...]`` (files, glob patterns) to read the
    article pages of WARC files instead of the sources' sites: each response record takes the
    path of a downloaded page. There the sources file is optional: a record belongs to the
    source of its site (records of other sites are skipped); without one (``-a sources=``, or
    no such file) each site is a source of its own, named by its registered domain.
    """

    name = "articles"
    pool: ExtractionPool
    backfill: bool

    def __init__(
        self,
        *args: Any,
        sources: str | None = None,
        source: str | None = None,
        warc: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sources_path = sources
        self.only_source = source
        self.sources = Sources()
        """The crawl's sources, published for the components (``Sources.of(spider)``)."""
        self.entry_failures: dict[str, dict[str, str]] = {}
        """Source -> entry point URL -> why it gave nothing (see :meth:`fetch_failed`)."""
        self.warc = warc
        self.warc_files: list[str] = []
        self._site_sources: dict[str, list[str]] = {}
        """Site key -> names of the sources file's sources on it (archive records)."""

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # `-O file` adds to FEEDS instead of replacing them: apply our default feed only
        # when nobody asked for another one.
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", default_feeds(settings), priority="project")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = spider.sources_path or crawler.settings.get("NEWSBOT_SOURCES", "sources.toml")
        try:
            if spider.warc is not None:
                sources = spider._archive_setup(crawler, path)
            else:
                sources = load_sources(path)
        except SourcesError as exc:
            raise UsageError(str(exc)) from None
        if spider.only_source and (sources or spider.warc is None):
            sources = [s for s in sources if s.name == spider.only_source]
            if not sources:
                raise UsageError(f"{path}: no source named {spider.only_source!r}")
        spider.sources = Sources(
            sources, extra_sites=crawler.settings.getlist("STAY_ON_SOURCE_EXTRA_SITES")
        )
        spider.backfill = crawler.settings.getbool("NEWSBOT_BACKFILL")
        workers = crawler.settings.get("NEWSBOT_EXTRACT_WORKERS")
        in_pool = crawler.settings.getlist("NEWSBOT_POOL_PIPELINES")
        in_crawl = crawler.settings.getwithbase("ITEM_PIPELINES")
        if twice := [path for path in in_pool if in_crawl.get(path) is not None]:
            raise UsageError(
                f"{', '.join(twice)}: in both NEWSBOT_POOL_PIPELINES and ITEM_PIPELINES, so it "
                "would run twice on every article; list it in one of them"
            )
        spider.pool = ExtractionPool(
            ExtractionPool.default_size() if workers in (None, "") else int(workers),
            pipelines=in_pool,
        )
        crawler.signals.connect(spider.pool.close, signal=signals.spider_closed)
        return spider

    def _archive_setup(self, crawler: Crawler, path: str) -> list[Source]:
        """Check ``-a warc=``; the sources file's sources, if there is one."""
        try:
            self.warc_files = expand(self.warc or "")
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        # A backfill is not a cron run: the drift flags would compare unlike things.
        crawler.settings.set("RUN_REPORT_HISTORY", "", priority="spider")
        # Only the default sources.toml may be missing: a file the user named must be there.
        named = self.sources_path or (
            crawler.settings.getpriority("NEWSBOT_SOURCES") != SETTINGS_PRIORITIES["project"]
        )
        if self.sources_path == "" or (not named and not Path(path).exists()):
            return []
        sources = load_sources(path)
        for source in sources:
            for site in source.home_sites:
                self._site_sources.setdefault(site, []).append(source.name)
        return sources

    async def start(self) -> AsyncIterator[Request]:
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newsbot/extract/workers", self.pool.workers)
        if self.warc is not None:
            async for request in self._archived_requests():
                yield request
            return
        for source in self.sources.values():
            for url in source.listings:
                yield self._listing_request(url, source.name, page=1)
            for url in source.feeds:
                yield Request(
                    url,
                    self.parse_feed,
                    cb_kwargs={"source": source.name},
                    meta={"newsbot_kind": "feed", "newsbot_entry": True},
                    dont_filter=True,
                    errback=self.fetch_failed,
                )
            for url in source.sitemaps:
                yield self._sitemap_request(url, source.name, depth=0)

    # -- listing pages -----------------------------------------------------------------------

    def parse_listing(self, response: Response, source: str, page: int) -> Iterator[Request]:
        tree = parse_html(response.text) if isinstance(response, TextResponse) else None
        if tree is None:
            self._count(source, "listing_unreadable")
            self._entry_failed(response.request, "not an HTML page")
            return
        same_site = self._same_site(source)
        links = [
            u
            for u in article_links(tree, response.url, same_site)
            if self.sources[source].url_allowed(u)
        ]
        if not links:
            logger.warning("No article links on %(url)s", {"url": response.url})
        new = self._lacking(links, source)
        for url in links:
            if url in new:
                discovery = {"via": "listing", "sourceUrl": response.url}
                yield self._article_request(url, source, discovery, new[url])
            else:
                self._count(source, "discovered/listing")
                self._count(source, "known")
        # Incremental crawls stop walking a listing at the first page with nothing new.
        if (new or self.backfill) and page < self.sources[source].max_listing_pages:
            next_url = next_page_url(tree, response.url, same_site)
            if next_url:
                yield self._listing_request(next_url, source, page=page + 1)

    def _listing_request(self, url: str, source: str, page: int) -> Request:
        return Request(
            url,
            self.parse_listing,
            cb_kwargs={"source": source, "page": page},
            meta={"newsbot_kind": "listing", "newsbot_entry": page == 1},
            dont_filter=True,
            errback=self.fetch_failed,
        )

    # -- feeds and sitemaps ------------------------------------------------------------------

    def parse_feed(self, response: Response, source: str) -> Iterator[Request]:
        parsed = parse_xml(response.body, response.url)
        if parsed.kind not in ("rss", "atom"):
            self._count(source, "feed_unreadable")
            self._entry_failed(response.request, "not an RSS or Atom feed")
            logger.warning("Not an RSS or Atom feed: %(url)s", {"url": response.url})
            return
        yield from self._entry_requests(parsed.entries, source, "feed", response.url)

    def parse_sitemap(self, response: Response, source: str, depth: int) -> Iterator[Request]:
        parsed = parse_xml(_maybe_gunzip(response), response.url)
        if parsed.kind == "sitemapindex":
            # Its sitemaps may change while it does not: always ask for it whole.
            if state := self.crawler.get_extension(CrawlState):
                state.forget_validators(response.url)
            if depth >= MAX_SITEMAP_DEPTH:
                logger.warning("Sitemap index nested too deep: %(url)s", {"url": response.url})
                return
            for url in parsed.sitemaps:
                if self._same_site(source)(url):
                    yield self._sitemap_request(url, source, depth + 1)
        elif parsed.kind == "urlset":
            yield from self._entry_requests(parsed.entries, source, "sitemap", response.url)
        else:
            self._count(source, "sitemap_unreadable")
            self._entry_failed(response.request, "not a sitemap")
            logger.warning("Not a sitemap: %(url)s", {"url": response.url})

    def _sitemap_request(self, url: str, source: str, depth: int) -> Request:
        return Request(
            url,
            self.parse_sitemap,
            cb_kwargs={"source": source, "depth": depth},
            meta={"newsbot_kind": "sitemap", "newsbot_entry": depth == 0},
            dont_filter=True,
            errback=self.fetch_failed,
        )

    def _entry_requests(
        self, entries: list[Any], source: str, via: str, feed_url: str
    ) -> Iterator[Request]:
        same_site = self._same_site(source)
        articles = []
        for entry in entries:
            if not same_site(entry.url):
                self._count(source, "offsite_entry")
                continue
            # A feed or news-sitemap entry is an article unless its URL says otherwise; a plain
            # sitemap lists every page of a site, so there the URL must look like an article.
            looks_wrong = is_non_article_url if entry.news else lambda u: not is_article_url(u)
            if looks_wrong(entry.url):
                self._count(source, f"not_article/{via}")
                continue
            if self.sources[source].url_allowed(entry.url):
                articles.append(entry)
        new = self._lacking([entry.url for entry in articles], source)
        for entry in articles:
            if entry.url not in new:
                self._count(source, f"discovered/{via}")
                self._count(source, "known")
                continue
            discovery = {
                "via": via,
                "sourceUrl": feed_url,
                "sourceTitle": entry.title,
                "sourceDate": entry.date,
            }
            yield self._article_request(entry.url, source, discovery, new[entry.url])

    # -- WARC files --------------------------------------------------------------------------

    async def _archived_requests(self) -> AsyncIterator[Request]:
        """A request per article response record of the WARC files, answered from the file by
        :class:`newsbot.middlewares.warc.ArchivedResponses`; one at a time while the engine
        has work waiting, so memory stays flat whatever the files' size."""
        assert self.crawler.engine is not None
        for path in self.warc_files:
            self._inc("warc/files")
            records = requested = 0
            elsewhere = self._stat("warc/skipped/no_source")
            for record in scan(path):
                records += 1
                request = self._record_request(record)
                if request is None:
                    continue
                requested += 1
                yield request
                if self.crawler.engine.needs_backout():
                    await self.crawler.signals.wait_for(signals.scheduler_empty)
            elsewhere = self._stat("warc/skipped/no_source") - elsewhere
            hint = (
                f", {elsewhere} pages of sites not in the sources file skipped "
                "(-a sources= takes every site)"
            )
            logger.info(
                "Read %(path)s: %(requested)d article pages in %(records)d records%(hint)s",
                {"path": path, "requested": requested, "records": records,
                 "hint": hint if elsewhere else ""},
            )  # fmt: skip

    def _record_request(self, record: Record | Damaged) -> Request | None:
        """The request for an archived article page; anything else is counted, by reason,
        as ``newsbot/warc/skipped/<reason>``."""
        if isinstance(record, Damaged):
            self._inc("warc/skipped/damaged")
            logger.warning(
                "Damaged WARC record at %(path)s@%(offset)d skipped: %(reason)s",
                {"path": record.path, "offset": record.offset, "reason": record.reason},
            )
            return None
        self._inc("warc/records")
        if record.type != "response":
            self._inc(f"warc/skipped/{record.type}")
            return None
        if record.url is None or not record.url.startswith(("http://", "https://")):
            self._inc("warc/skipped/not_http")
            return None
        if record.status is None or not 200 <= record.status < 300:
            self._inc(f"warc/skipped/http_{record.status}")
            return None
        source = self._record_source(record.url)
        if source is None:
            return None
        if not is_html_type(record.content_type):
            self._count(source, "not_html")
            return None
        if is_non_article_url(record.url) or not self.sources[source].url_allowed(record.url):
            self._count(source, "not_article/warc")
            return None
        discovery = {"via": "warc", "sourceUrl": record.path}
        request = self._article_request(record.url, source, discovery)
        request.meta[WARC_META] = (record.path, record.offset)
        request.meta["newsbot_downloaded"] = record.date
        # Reading a file asks no site anything; its crawler obeyed robots.txt when it fetched.
        request.meta["dont_obey_robotstxt"] = True
        return request

    def _record_source(self, url: str) -> str | None:
        """The source an archived page belongs to (None: counted as skipped)."""
        site = site_key(url)
        if self._site_sources:
            names = self._site_sources.get(site)
            if not names:
                self._inc("warc/skipped/no_source")
                return None
            if not self.only_source:
                return next((n for n in names if self.sources[n].url_allowed(url)), names[0])
            if self.only_source in names:
                return self.only_source
        elif not self.only_source or site == self.only_source:
            return self._source(site).name  # no sources file: every site is a source
        self._inc("warc/skipped/other_source")
        return None

    # -- articles ----------------------------------------------------------------------------

    def _article_request(
        self, url: str, source: str, discovery: dict[str, Any], failures: int = 0
    ) -> Request:
        """A request for the article at ``url``; ``failures``: attempts at it that failed in
        earlier runs (``meta["newsbot_failures"]``, so a retry is told from a new article)."""
        self._count(source, f"discovered/{discovery['via']}")
        meta: dict[str, Any] = {"newsbot_kind": "article"}
        if failures:
            meta["newsbot_failures"] = failures
        return Request(
            strip_tracking(url),
            self.parse_article,
            cb_kwargs={"source": source, "discovery": discovery},
            meta=meta,
            errback=self.fetch_failed,
        )

    async def parse_article(
        self, response: Response, source: str, discovery: dict[str, Any]
    ) -> AsyncIterator[Article]:
        if not isinstance(response, TextResponse) or not _is_html(response):
            self._count(source, "not_html")
            logger.info("Not an HTML page: %(url)s", {"url": response.url})
            return
        overrides = self._source(source)
        article = await self.pool.build(
            response.body,  # decoded in the worker: the text is never built here
            response.url,
            encoding=response.encoding,
            content_type=content_type(response),
            source=source,
            # An archived page's download time is its record's.
            downloaded=response.meta.get("newsbot_downloaded")
            or datetime.now(UTC).isoformat(timespec="seconds"),
            spider=self.name,
            discovery=discovery,
            same_site=self._same_site(source),
            selectors=dict(overrides.fields),
            page_object=overrides.page,
        )
        if report := field_report(article):
            self._count_fields(source, report, response.url)
        yield article

    def fetch_failed(self, failure: Failure) -> None:
        """Count a request that could not be fetched (after retries) as
        ``newsbot/failed/<reason>``, in one log line: without an errback Scrapy logs each
        failure at ERROR with a traceback."""
        error = failure.value
        if isinstance(error, IgnoreRequest) and type(error) not in (IgnoreRequest, HttpError):
            return  # a newsbot component's decision (seen article, refused URL), counted there
        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure)
        source = request.cb_kwargs.get("source")
        if source in self.sources:
            self._count(source, f"failed/{reason}")
        self._entry_failed(request, reason)
        logger.info("Could not fetch %(url)s: %(reason)s", {"url": request.url, "reason": reason})

    def _entry_failed(self, request: Request | None, reason: str) -> None:
        """Remember that an entry point (first listing page, feed, top sitemap) gave nothing:
        :attr:`entry_failures`, source -> URL -> reason, for the exit status."""
        if request is None or not request.meta.get("newsbot_entry"):
            return
        source = request.cb_kwargs.get("source")
        if isinstance(source, str) and source in self.sources:
            url = (request.meta.get("redirect_urls") or [request.url])[0]  # as in the sources
            self.entry_failures.setdefault(source, {})[url] = reason

    # -- helpers -----------------------------------------------------------------------------

    def _lacking(self, urls: list[str], source: str) -> dict[str, int]:
        """The ``urls`` whose article the state lacks (all of them without a state), each with
        its failed attempts so far."""
        state = self.crawler.get_extension(CrawlState)
        if state is None:
            return dict.fromkeys(urls, 0)
        return state.lacks(urls, self.sources[source].recheck_hours)

    def _source(self, name: str) -> Source:
        """The source ``name``. Without a sources file, an archived page's source is its site,
        met for the first time here, or by another worker of a distributed crawl."""
        if name not in self.sources:
            self.sources.add(Source(name=name))
        return self.sources[name]

    def _same_site(self, source: str) -> SameSite:
        return SameSite(self.sources.sites(source))

    def _count_fields(self, source: str, report: FieldReport, url: str) -> None:
        """Count what the source's overrides did: ``newsbot/fields/<source>/<field>/override``
        or ``.../missed``, and ``newsbot/fields/<source>/page_error``."""
        assert self.crawler.stats is not None
        for outcome, names in (("override", report.overridden), ("missed", report.missed)):
            for name in names:
                self.crawler.stats.inc_value(f"newsbot/fields/{source}/{name}/{outcome}")
        if report.page_error:
            key = f"newsbot/fields/{source}/page_error"
            first = not self.crawler.stats.get_value(key)
            self.crawler.stats.inc_value(key)
            logger.log(
                logging.WARNING if first else logging.DEBUG,
                "Page object of %(source)s failed on %(url)s, generic values kept: %(error)s",
                {"source": source, "url": url, "error": report.page_error},
            )

    def _count(self, source: str, key: str) -> None:
        self._inc(key)
        self._inc(f"source/{source}/{key}")

    def _inc(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newsbot/{key}")

    def _stat(self, key: str) -> int:
        assert self.crawler.stats is not None
        return int(self.crawler.stats.get_value(f"newsbot/{key}", 0))


def failure_reason(failure: Failure) -> str:
    """A short name for why a download failed: ``http_503``, ``timeout``, ``too_large``, ..."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    name = type(error).__name__
    if "Timeout" in name:
        return "timeout"
    # Scrapy cancels a download only when it outgrows DOWNLOAD_MAXSIZE; decompression past
    # it is an IgnoreRequest that says so.
    if name == "DownloadCancelledError" or "DOWNLOAD_MAXSIZE" in str(error):
        return "too_large"
    if "DataLoss" in name:
        return "data_loss"
    if isinstance(error, IgnoreRequest):
        return "robots_txt" if "robots.txt" in str(error) else "ignored"
    if name in ("ResponseFailed", "ConnectionLost", "ConnectionDone", "ConnectionResetError"):
        return "connection_lost"
    if name in ("DNSLookupError", "CannotResolveHostError"):  # Twisted's, Scrapy 2.14+'s
        return "dns"
    if "ConnectionRefused" in name:
        return "connection_refused"
    return name


def _is_html(response: Response) -> bool:
    """Whether the response says it is HTML (or says nothing): Scrapy picks the response
    class by the URL's extension too, so a PDF at ``/story.html`` is an HtmlResponse."""
    return is_html_type(content_type(response))


def is_html_type(value: str | None) -> bool:
    """Whether a ``Content-Type`` value says HTML, or says nothing."""
    mime = (value or "").split(";", 1)[0].strip().lower()
    return mime in ("", "text/html", "application/xhtml+xml")


def content_type(response: Response) -> str | None:
    """The response's ``Content-Type`` header as text, if it has one."""
    value = response.headers.get("Content-Type")
    return value.decode("latin-1") if value else None


def _maybe_gunzip(response: Response) -> bytes:
    body = response.body
    if body[:2] == b"\x1f\x8b":
        from scrapy.utils.gz import gunzip

        return gunzip(body, max_size=response.meta.get("download_maxsize", 50 * 1024 * 1024))
    return body
