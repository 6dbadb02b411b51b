"""Progress lines while the crawl runs: articles exported so far, per source."""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from newsbot.console import ON_TERMINAL
from newsbot.sources import Sources

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class Progress:
    """Log ``Exported N articles so far: a 10, b 3, c 0`` every ``PROGRESS_INTERVAL`` seconds
    (default: ``LOGSTATS_INTERVAL``, beside whose line it appears; 0 turns it off)."""

    def __init__(self, interval: float, sources: list[str] | None = None) -> None:
        self.interval = interval
        self.exported: Counter[str] = Counter({name: 0 for name in sources or ()})
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat(
            "PROGRESS_INTERVAL", crawler.settings.getfloat("LOGSTATS_INTERVAL")
        )
        if interval <= 0:
            raise NotConfigured
        progress = cls(interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(progress.item_scraped, signal=signals.item_scraped)
        return progress

    def spider_opened(self, spider: Any) -> None:
        for name in Sources.of(spider):
            self.exported.setdefault(name, 0)
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

    def item_scraped(self, item: Any) -> None:
        self.exported[ItemAdapter(item).get("source") or "?"] += 1

    def line(self) -> str:
        """The progress line: total, then sources by count (most first), silent ones last."""
        by_source = ", ".join(
            f"{name} {n}" for name, n in sorted(self.exported.items(), key=lambda kv: -kv[1])
        )
        return f"Exported {self.exported.total()} articles so far: {by_source or 'no sources'}"

    def log(self) -> None:
        logger.info(self.line(), extra=ON_TERMINAL)
