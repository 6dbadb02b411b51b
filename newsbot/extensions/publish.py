"""Whether the crawl's feeds were written, so that nothing unpublished is marked as seen.

Scrapy's feed exporter disables itself when a feed's storage is disabled (``-O s3://...``
without boto3: "Disabled feed storage scheme"), counts a ``store()`` that raised as
``feedexport/failed_count/<storage>`` and goes on, and sends ``feed_slot_closed`` after each
attempt. :class:`FeedPublication` turns all of these into :attr:`~FeedPublication.failures`:
the state commits nothing then, and ``scrapy crawl`` exits with status 6.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlparse

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.utils.conf import feed_complete_default_values_from_settings
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.python import without_none_values

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.extensions.feedexport import FeedSlot

logger = logging.getLogger(__name__)

FEED_UNWRITABLE = "feed_unwritable"
"""Finish reason of a crawl stopped because a feed cannot be written."""


@dataclass(frozen=True)
class FeedFailure:
    """A feed that was not (or cannot be) stored."""

    uri: str
    reason: str

    def __str__(self) -> str:
        return f"feed {self.uri} could not be written: {self.reason}"


class FeedPublication:
    """Check every feed before the first request, and record whether each was stored.

    A feed that cannot be written (its storage disabled, its folder not writable or a file)
    stops the crawl at once with finish reason ``feed_unwritable``. A feed whose storage failed
    when the crawl ended is a failure too: a newsbot storage says so itself (``published``),
    one of Scrapy's by the ``feedexport/failed_count/<storage>`` stat growing.
    Stats: ``newsbot/feeds/stored``, ``newsbot/feeds/failed``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.failures: list[FeedFailure] = []
        self.stored: list[str] = []
        self._failed_counts: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.feed_slot_closed, signal=signals.feed_slot_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        exporter = self.crawler.get_extension(FeedExporter)
        if exporter is None:
            for uri, options in self.crawler.settings.getdict("FEEDS").items():
                self.fail(str(uri), disabled_reason(self.crawler, str(uri), options))
        else:
            for slot in exporter.slots:
                check = getattr(slot.storage, "check", None)
                if check is not None and (reason := check()):
                    self.fail(slot.uri, reason)
        if self.failures:
            raise CloseSpider(FEED_UNWRITABLE)

    def feed_slot_closed(self, slot: FeedSlot) -> None:
        storage = slot.storage
        published = getattr(storage, "published", None)
        if published is None:
            # Scrapy counts the failure just before sending the signal, with no await between.
            kind = type(storage).__name__
            stats = self.crawler.stats
            failed = stats.get_value(f"feedexport/failed_count/{kind}", 0) if stats else 0
            published = failed <= self._failed_counts[kind]
            self._failed_counts[kind] = failed
        if published:
            self.stored.append(slot.uri)
            self._inc("stored")
        else:
            reason = getattr(storage, "error", None) or "its storage failed (see the log above)"
            self.fail(slot.uri, reason)

    def fail(self, uri: str, reason: str) -> None:
        """Record that the feed at ``uri`` is not published, and why."""
        failure = FeedFailure(uri, reason)
        self.failures.append(failure)
        self._inc("failed")
        logger.error("%(failure)s", {"failure": failure})

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newsbot/feeds/{key}")


def disabled_reason(crawler: Crawler, uri: str, options: dict[str, Any]) -> str:
    """Why Scrapy's feed exporter refused the feed at ``uri`` (it logged it, in other words)."""
    settings = crawler.settings
    scheme = urlparse(uri).scheme
    storages = without_none_values(settings.getwithbase("FEED_STORAGES"))
    if scheme not in storages and not PureWindowsPath(uri).drive:
        return f"no feed storage for {scheme!r} URIs"
    try:
        storage = load_object(storages.get(scheme, storages["file"]))
        feed_options = feed_complete_default_values_from_settings(dict(options), settings, uri)
        build_from_crawler(storage, crawler, uri, feed_options=feed_options)
    except NotConfigured as exc:
        return f"the {scheme or 'file'} feed storage is disabled: {exc or 'not configured'}"
    exporters = without_none_values(settings.getwithbase("FEED_EXPORTERS"))
    if options.get("format") not in exporters:
        return f"unknown feed format {options.get('format')!r}"
    return "Scrapy's feed exporter is disabled (see the log above)"
