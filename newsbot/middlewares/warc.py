"""Archived responses: a crawl with ``-a warc=`` reads its article pages from WARC files."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from newsbot.warc import Archive, TooLarge, WarcError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

WARC_META = "newsbot_warc"
"""``Request.meta`` key: ``(path, offset)`` of the WARC response record that answers it."""


class UnreadableRecord(IgnoreRequest):
    """The WARC record behind a request cannot be read back whole."""


class ArchivedResponses:
    """Answer a request carrying ``meta["newsbot_warc"] = (path, offset)`` with the WARC
    response record at that offset, read again from the file: its status, headers and body,
    still in its ``Content-Encoding``. Nothing goes to the network.

    Placed after the state's middlewares (an article already exported is never read again)
    and before the offsite and address checks, which guard requests that leave: the
    response then takes every response middleware (decompression, size limits, the state's
    bookkeeping) like a download. Requests without the key pass. ``DOWNLOAD_MAXSIZE``
    applies. Stats: ``newsbot/warc/skipped/damaged``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.archive = Archive()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.archive.close, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> Response | None:
        where = request.meta.get(WARC_META)
        if where is None:
            return None
        path, offset = where
        max_size = request.meta.get("download_maxsize", self.max_size)
        try:
            archived = self.archive.response(path, offset, max_size)
        except TooLarge as exc:
            # Worded like Scrapy's own cancellation, so the spider counts it as too_large.
            raise IgnoreRequest(f"{exc}: exceeded DOWNLOAD_MAXSIZE") from None
        except WarcError as exc:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newsbot/warc/skipped/damaged")
            logger.warning("Skipped a damaged WARC record: %(error)s", {"error": exc})
            raise UnreadableRecord(str(exc)) from None
        headers = Headers()
        for name, value in archived.headers:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=archived.body)
        return cls(
            url=request.url,
            status=archived.status,
            headers=headers,
            body=archived.body,
            request=request,
            flags=["warc"],
        )
