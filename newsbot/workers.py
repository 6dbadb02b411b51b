"""Extraction off the reactor thread: a pool of worker processes, one per core.

Scrapy's reactor runs on one core; extraction is most of a crawl's CPU. The spider hands each
page to this pool and awaits the article, so downloading and extraction overlap and both cores
work. In-flight pages are bounded, so memory stays flat and back-pressure reaches the
downloader through Scrapy's scraper slot.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from newsbot.article import build_article
from newsbot.items import Article


def _warm_up() -> None:
    """Import the extractors once per worker, before the first page arrives."""
    import newsbot.extract  # noqa: F401


class ExtractionPool:
    """Run :func:`newsbot.article.build_article` in worker processes (or inline with 0 workers)."""

    def __init__(self, workers: int, max_in_flight: int | None = None) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._slots = asyncio.Semaphore(max_in_flight or max(2, workers * 4))
        if workers > 0:
            # forkserver, not fork: the crawling process has threads (reactor, DNS resolver).
            context = multiprocessing.get_context("forkserver")
            self._executor = ProcessPoolExecutor(workers, context, initializer=_warm_up)

    @staticmethod
    def default_size() -> int:
        """One worker per core the process may use."""
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1

    async def build(self, html: str, url: str, **kwargs: Any) -> Article:
        """The article of one page, built in a worker process."""
        if self._executor is None:
            return build_article(html, url, **kwargs)
        async with self._slots:
            future = self._executor.submit(build_article, html, url, **kwargs)
            return await asyncio.wrap_future(future)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
