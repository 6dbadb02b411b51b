"""Write the crawl's final stats to a JSON file, for tests and tooling."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def peak_rss() -> int | None:
    """This process's peak resident memory in bytes (Linux), or None.

    Scrapy's ``memusage/max`` comes from ``ru_maxrss``, which on Linux a process started with
    fork/vfork + exec inherits from its parent: a crawl started from a 300 MB test runner
    reports 300 MB. ``VmHWM`` belongs to the process's own address space.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmHWM"].split()[0]) * 1024 if "VmHWM" in fields else None


class StatsDump:
    """Dump ``crawler.stats`` as JSON when the spider closes. Setting: ``NEWSBOT_STATS_DUMP``."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("NEWSBOT_STATS_DUMP")
        if not path:
            raise NotConfigured
        extension = cls(crawler, Path(path))
        # engine_stopped comes after spider_closed: finish_reason and every closer's stats are in.
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self) -> None:
        # A crawl closed before its engine started (a feed that cannot be written) sends no
        # engine_stopped.
        if self.crawler.engine is not None and self.crawler.engine.start_time is None:
            self.engine_stopped()

    def engine_stopped(self) -> None:
        assert self.crawler.stats is not None
        if (peak := peak_rss()) is not None:
            self.crawler.stats.set_value("newsbot/peak_rss", peak)
        stats = self.crawler.stats.get_stats()
        self.path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True))
