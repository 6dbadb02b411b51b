"""Incremental crawls: an article the state already has is not downloaded again."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest, NotConfigured

from newsbot.sources import Sources
from newsbot.state import Status
from newsbot.state.extension import CrawlState
from newsbot.urls import article_id

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class SkippedArticle(IgnoreRequest):
    """An article request the state says not to send (an errback should not count it as a
    failure)."""


class SeenArticle(SkippedArticle):
    """The article at this URL is already in a finished feed file."""


class GaveUpArticle(SkippedArticle):
    """The page at this URL failed ``NEWSBOT_STATE_MAX_FAILURES`` times, the last less than
    ``NEWSBOT_STATE_RETRY_DAYS`` ago."""


class NotModified(IgnoreRequest):
    """The feed or sitemap answered 304: nothing new since the last run."""


class SkipSeenArticles:
    """Drop article requests (``meta["newsbot_kind"] == "article"``) whose URL the state has,
    before they leave; count failed article downloads so they are retried a bounded number
    of times. A source's ``recheck_hours`` lets an old enough article through again.

    Stats: ``newsbot/state/skipped_seen``, ``newsbot/state/skipped_failed``,
    ``newsbot/state/recheck``, ``newsbot/state/article_downloads``.
    """

    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        self.crawler = crawler
        self.ext = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = crawler.get_extension(CrawlState)
        if ext is None:
            raise NotConfigured(
                "no state: NEWSBOT_STATE is empty, or the extension "
                "newsbot.state.extension.CrawlState is not in EXTENSIONS"
            )
        return cls(crawler, ext)

    def process_request(self, request: Request) -> None:
        if request.meta.get("newsbot_kind") != "article":
            return
        record = self.ext.state.records([article_id(request.url)]).get(article_id(request.url))
        if record is None:
            return
        if record.status == Status.FAILED:
            if self.ext.gave_up(record):
                self._inc("skipped_failed")
                raise GaveUpArticle(f"Gave up on {request.url} after {record.failures} failures")
            return
        hours = self._recheck_hours(request)
        if hours is not None and time.time() - record.seen_at >= hours * 3600:
            self._inc("recheck")
            return
        self._inc("skipped_seen")
        raise SeenArticle(f"Already exported: {request.url}")

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("newsbot_kind") == "article":
            self._inc("article_downloads")
            if response.status >= 400:
                self.ext.record_failure(request.url)
            elif redirected_from := request.meta.get("redirect_urls"):
                self.ext.add_redirect(response.url, redirected_from)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if request.meta.get("newsbot_kind") == "article" and not isinstance(
            exception, IgnoreRequest
        ):
            self.ext.record_failure(request.url)

    def _recheck_hours(self, request: Request) -> float | None:
        name = request.cb_kwargs.get("source") or request.meta.get("source")
        source = Sources.of(self.crawler.spider).get(name) if isinstance(name, str) else None
        return source.recheck_hours if source is not None else None

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newsbot/state/{key}")


class ConditionalFeeds:
    """Ask feeds and sitemaps (``meta["newsbot_kind"]``) only for what changed: send
    ``If-None-Match``/``If-Modified-Since`` with the validators of the last run; a 304 means
    no new entries (:class:`NotModified`, not a failure). Stats: ``newsbot/state/not_modified``,
    ``newsbot/source/<source>/not_modified``."""

    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        self.crawler = crawler
        self.ext = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = crawler.get_extension(CrawlState)
        if ext is None:
            raise NotConfigured(
                "no state: NEWSBOT_STATE is empty, or the extension "
                "newsbot.state.extension.CrawlState is not in EXTENSIONS"
            )
        return cls(crawler, ext)

    def process_request(self, request: Request) -> None:
        if request.meta.get("newsbot_kind") not in ("feed", "sitemap"):
            return
        etag, last_modified = self.ext.validators(request.url)
        if etag:
            request.headers.setdefault("If-None-Match", etag)
        if last_modified:
            request.headers.setdefault("If-Modified-Since", last_modified)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("newsbot_kind") not in ("feed", "sitemap"):
            return response
        if response.status == 304:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newsbot/state/not_modified")
                if source := request.cb_kwargs.get("source"):
                    self.crawler.stats.inc_value(f"newsbot/source/{source}/not_modified")
            raise NotModified(f"Not modified since the last run: {request.url}")
        if response.status == 200:
            self.ext.remember_validators(
                request.url, _header(response, "ETag"), _header(response, "Last-Modified")
            )
        return response


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
