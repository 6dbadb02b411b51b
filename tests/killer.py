"""A test-only extension that SIGKILLs its own crawl at a chosen moment.

Setting ``NEWSBOT_TEST_KILL_AT``: ``item:N`` (the Nth exported item), ``after_prepare`` (state
batch prepared, feed not yet renamed), ``before_confirm`` (feed renamed, state not committed),
``during_commit`` (feed renamed, inside the state's open commit transaction),
``after_confirm`` (state committed, crawl still closing).
"""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals

from newsbot.state.extension import CrawlState

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class KillAt:
    def __init__(self, crawler: Crawler, at: str) -> None:
        self.crawler = crawler
        self.at = at
        self.items = 0
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)

    def engine_started(self) -> None:
        crawler, at = self.crawler, self.at
        state = crawler.get_extension(CrawlState)
        assert state is not None, "KillAt needs CrawlState"
        before, after = state.before_publish, state.after_publish
        if at == "after_prepare":
            state.before_publish = lambda path: (before(path), die())  # type: ignore[method-assign]
        elif at == "before_confirm":
            state.after_publish = lambda path: (die(), after(path))  # type: ignore[method-assign]
        elif at == "during_commit":
            # Dies after the first step of entries is written, inside the transaction.
            apply = state.state._apply_entries  # type: ignore[attr-defined]
            state.state._apply_entries = lambda entries: (apply(entries), die())  # type: ignore[attr-defined]
        elif at == "after_confirm":
            state.after_publish = lambda path: (after(path), die())  # type: ignore[method-assign]
        elif at.startswith("item:"):
            crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        else:
            raise ValueError(f"NEWSBOT_TEST_KILL_AT={at!r}")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.get("NEWSBOT_TEST_KILL_AT", ""))

    def item_scraped(self, item: Any) -> None:
        self.items += 1
        if self.items >= int(self.at.split(":")[1]):
            die()
