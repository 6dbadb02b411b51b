"""The crawl's hold on the state: lock, recovery, and commit when the feed file is published.

Settings: ``NEWSBOT_STATE`` (state URL, default ``sqlite:///.newsbot/state.sqlite3``; empty
turns the state off), ``NEWSBOT_STATE_MAX_FAILURES`` (attempts at a page that gives no
article, default 3), ``NEWSBOT_STATE_RETRY_DAYS`` (a page given up on is tried once more after
this many days, default 7; 0: never).
"""

from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.utils.spider import DefaultSpider

from newsbot.distributed import shown_url
from newsbot.exceptions import Duplicate, NotAnArticle, StateError
from newsbot.extensions.publish import FeedPublication
from newsbot.state import (
    DEFAULT_STATE_URL,
    Entry,
    State,
    Status,
    open_state,
)
from newsbot.urls import article_id

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

    from newsbot.state import UrlRecord

logger = logging.getLogger(__name__)

DEFAULT_MAX_FAILURES = 3
DEFAULT_RETRY_DAYS = 7.0


class CrawlState:
    """Open the state for one crawl and commit what the crawl learnt once it is safe.

    The run lock is taken first, so a crawl that overlaps another on the same state stops
    before doing anything. Batches a killed crawl left prepared are resolved next. Entries
    are committed when the feed file holding their items is published: the feed storage
    calls :meth:`before_publish` with its temporary file, renames it, then calls
    :meth:`after_publish`. Without feeds, they are committed when the spider closes.
    """

    def __init__(
        self, state: State, crawler: Crawler, max_failures: int, retry_days: float = 0
    ) -> None:
        self.state = state
        self.crawler = crawler
        self.max_failures = max_failures
        self.retry_days = retry_days
        self.published: list[str] = []
        self.failures = 0
        self.redirects: dict[str, set[str]] = {}
        """URL key of a redirect's target -> keys of the URLs that redirected to it."""
        self._validators: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("NEWSBOT_STATE", DEFAULT_STATE_URL)
        if not url:
            raise NotConfigured("NEWSBOT_STATE is empty: crawling without a state")
        if crawler.spidercls is DefaultSpider:
            # scrapy fetch/shell/view: no crawl to remember, and the lock must stay free.
            raise NotConfigured("not a crawl")
        try:
            state = open_state(url, lock=True, settings=crawler.settings)
        except StateError as exc:
            logger.error("%(error)s", {"error": exc})
            raise
        recovery = state.recover(_published)
        if recovery.applied or recovery.discarded:
            logger.info(
                "State %(url)s: applied %(applied)d batch(es) whose feed file was published "
                "before a crash, discarded %(discarded)d whose feed file was not",
                {
                    "url": shown_url(url),
                    "applied": recovery.applied,
                    "discarded": recovery.discarded,
                },
            )
        max_failures = crawler.settings.getint("NEWSBOT_STATE_MAX_FAILURES", DEFAULT_MAX_FAILURES)
        retry_days = crawler.settings.getfloat("NEWSBOT_STATE_RETRY_DAYS", DEFAULT_RETRY_DAYS)
        ext = cls(state, crawler, max_failures, retry_days)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    # -- queries for the spider and the middlewares ------------------------------------------

    def lacks(self, urls: Iterable[str], recheck_hours: float | None = None) -> dict[str, int]:
        """The ``urls`` whose article the state does not have (nor gave up on), each with the
        failed attempts at it so far: what a listing, feed or sitemap offers that is new (or
        worth another try). With ``recheck_hours``, an article exported that long ago is
        offered again. An empty result ends a pagination walk."""
        urls = list(urls)
        records = self.state.records(article_id(u) for u in urls)
        now = time.time()
        wanted = {}
        for url in urls:
            record = records.get(article_id(url))
            if record is None:
                wanted[url] = 0
            elif record.status == Status.FAILED:
                if not self.gave_up(record):
                    wanted[url] = record.failures
            elif recheck_hours is not None and now - record.seen_at >= recheck_hours * 3600:
                wanted[url] = 0
        return wanted

    def gave_up(self, record: UrlRecord) -> bool:
        """Whether a failed page is not to be fetched now: it failed
        ``NEWSBOT_STATE_MAX_FAILURES`` times, the last less than ``NEWSBOT_STATE_RETRY_DAYS``
        ago. A page is never given up for good: an article may appear at its URL later."""
        if record.failures < self.max_failures:
            return False
        return not self.retry_days or time.time() - record.seen_at < self.retry_days * 86400

    # -- recording ---------------------------------------------------------------------------

    def record_failure(self, url: str, count: int = 1) -> None:
        """Count a failed attempt at the article at ``url`` (committed with the batch), or
        ``count`` of them."""
        self.state.record_failure(article_id(url), int(time.time()), count)
        self.failures += 1
        self._inc("failures_recorded")

    def add_redirect(self, url: str, redirected_from: Iterable[str]) -> None:
        """Remember that ``redirected_from`` (short links, old URLs) led to ``url``. If its
        article is exported (or known), they are recorded with it, so the next run does not
        request them either."""
        target = article_id(url)
        keys = {article_id(u) for u in redirected_from} - {target}
        if keys:
            self.redirects.setdefault(target, set()).update(keys)

    def request_dropped(self, request: Request) -> None:
        """A redirect to an article this run already requested is dropped by the dupefilter:
        the redirecting URL is still worth remembering."""
        if request.meta.get("newsbot_kind") == "article" and request.meta.get("redirect_urls"):
            self.add_redirect(request.url, request.meta["redirect_urls"])

    def _stage_redirects(self) -> None:
        now = int(time.time())
        records = self.state.records(self.redirects)
        for target, keys in self.redirects.items():
            record = records.get(target)
            if record is not None and record.status != Status.FAILED and record.doc:
                self.state.add(Entry(tuple(sorted(keys)), Status.DUPLICATE, now, target=record.doc))
        self.redirects.clear()

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """``(ETag, Last-Modified)`` of the feed or sitemap at ``url`` from the last run."""
        return self.state.validators(article_id(url))

    def remember_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Keep a feed's validators for the next run; they are stored with the batch only if
        the crawl finished with no failed article, else an unchanged feed (304) would hide
        an article that still has to be fetched."""
        if etag or last_modified:
            self._validators[article_id(url)] = (etag, last_modified)

    def forget_validators(self, url: str) -> None:
        """Keep no validators for the feed or sitemap at ``url`` from this run (a sitemap index:
        its sitemaps change while it does not)."""
        self._validators.pop(article_id(url), None)

    def _stage_validators(self) -> None:
        stats = self.crawler.stats
        finished = stats is not None and stats.get_value("finish_reason") == "finished"
        if finished and not self.failures:
            for key, (etag, last_modified) in self._validators.items():
                self.state.set_validators(key, etag, last_modified)
        self._validators.clear()

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        """An article page that gave no article (not a duplicate) is retried later; a listing
        page is given up on at once (it will be a listing next time too), so it is fetched
        again only after ``NEWSBOT_STATE_RETRY_DAYS``. Neither is remembered as seen."""
        if isinstance(exception, DropItem) and not isinstance(exception, Duplicate):
            url = getattr(item, "url", None)
            if url:
                listing = type(exception) is NotAnArticle
                self.record_failure(url, self.max_failures if listing else 1)

    # -- publishing --------------------------------------------------------------------------

    def before_publish(self, temp_path: str | os.PathLike[str]) -> None:
        """Durably store the pending entries, waiting for ``temp_path`` to be renamed.

        Call right before renaming the finished temporary feed file. If it raises, do not
        publish: the entries are not committed and the articles come again next run.
        """
        self._stage_redirects()
        self._stage_validators()
        count = self.state.prepare(os.path.abspath(temp_path))
        self._inc("prepared", count)

    def waits_for(self, temp_path: str | os.PathLike[str]) -> bool:
        """Whether a batch of entries waits for ``temp_path`` to be published (one a live
        worker prepared, or one of a dead worker that recovery has not resolved yet)."""
        return self.state.has_batch(os.path.abspath(temp_path))

    def after_publish(self, temp_path: str | os.PathLike[str]) -> None:
        """Commit the entries prepared for ``temp_path``, now renamed to its final name."""
        self.state.confirm(os.path.abspath(temp_path))
        self.published.append(os.path.abspath(temp_path))
        self._inc("feeds_published")

    def commits_with_feed(self) -> bool:
        """Whether a feed file commits the entries as it is renamed (:meth:`before_publish`,
        :meth:`after_publish`): when it is the crawl's only feed file and no feed failed.
        Otherwise they are committed once every feed is stored, or not at all."""
        exporter = self.crawler.get_extension(FeedExporter)
        if exporter is None or len(exporter.feeds) != 1 or self._feed_failed():
            return False
        [options] = exporter.feeds.values()
        return not options.get("batch_item_count")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.crawler.get_extension(FeedExporter) is None:
            if self._feed_failed():  # FEEDS asked for, but Scrapy disabled its exporter
                self._discard()
            else:
                self._commit_rest("no feeds")

    def feed_exporter_closed(self) -> None:
        if self._feed_failed():
            self._discard()
        else:
            self._commit_rest("feeds stored")

    def _feed_failed(self) -> bool:
        publication = self.crawler.get_extension(FeedPublication)
        if publication is not None:
            return bool(publication.failures)
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        return any(k.startswith("feedexport/failed_count/") for k in stats)

    def _discard(self) -> None:
        count = self.state.pending()
        self._inc("discarded", count)
        if count:
            logger.error(
                "A feed was not published: %(count)d entries not marked as seen, its articles "
                "come again next run",
                {"count": count},
            )
        self.state.discard()
        self.redirects.clear()
        self._validators.clear()

    def engine_stopped(self) -> None:
        self.state.close()

    def _commit_rest(self, why: str) -> None:
        # Entries no atomic feed file claimed: with feeds, failures and drops only (or a
        # storage without the publish hooks, whose store has finished by now).
        self._stage_redirects()
        self._stage_validators()
        count = self.state.commit()
        if count:
            self._inc("committed", count)
            logger.debug(
                "State: committed %(count)d entries (%(why)s)", {"count": count, "why": why}
            )

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(f"newsbot/state/{key}", count)


def _published(token: str) -> bool:
    """A batch's feed file was published when its temporary file is gone (renamed)."""
    return not os.path.exists(token)
