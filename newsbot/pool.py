"""Extraction off the reactor thread: a pool of worker processes, one per core.

Scrapy's reactor runs on one core; extraction is most of a crawl's CPU. The spider hands each
page to this pool and awaits the article, so downloading and extraction overlap and both cores
work. In-flight pages are bounded, so memory stays flat and back-pressure reaches the
downloader through Scrapy's scraper slot.

A worker builds the article (:func:`newsbot.build.build_article`), runs the item pipelines
the setting ``NEWSBOT_POOL_PIPELINES`` lists on it, and fingerprints its text for
de-duplication: the largest per-item costs left in the crawling process otherwise
(``benchmarks/crawl.py``, issue 9). It returns both, an :class:`Extraction`; the crawling
process keeps the fingerprint for :class:`newsbot.pipelines.dedupe.Deduplicate`
(:data:`FINGERPRINTS`) and hands the article on to ``ITEM_PIPELINES``.

The workers end with the crawl however it ends: each watches the crawling process and exits
when it is gone, and the fork server and multiprocessing's resource tracker exit once no
process of the pool is left (issue 13: a SIGKILLed crawl left ~430 MB of them running).
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import multiprocessing
import os
import select
import sys
import threading
import time
import types
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsbot.extract.encoding import decode_page
from newsbot.similarity.sketch import Fingerprint, fingerprint

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from newsbot.items import Article

PRELOAD = "newsbot.warm"
"""Imported by the fork server before it forks the workers, which then share its memory."""


def _warm_up() -> None:
    """Load the extractors in a worker, if the fork server could not (a no-op if it did)."""
    importlib.import_module(PRELOAD)  # by name, as the fork server preloads it


def _start_worker(crawl_pid: int) -> None:
    """A worker's initializer: end with the crawl, then warm up."""
    exit_with(crawl_pid)
    _warm_up()


def exit_with(pid: int) -> None:
    """End this process (at once, ``os._exit``) when process ``pid`` ends, however it ends.

    A SIGKILLed crawl cannot stop its pool, and an idle worker waits for work forever: the
    worker's parent is the fork server, not the crawl, so ``PR_SET_PDEATHSIG`` would not
    do. A thread waits on a pidfd (Linux 5.3+), else polls once a second.
    """
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)  # the crawl died before this worker started
    except (AttributeError, OSError):
        pidfd = None

    def wait() -> None:
        if pidfd is not None:
            select.select([pidfd], [], [])
        else:
            while _alive(pid):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=wait, name="newsbot-exit-with-crawl", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """Start workers that do not re-run the main script.

    multiprocessing runs the parent's ``__main__`` file again in every new worker, for
    functions defined there. Ours live in this module, and the script is ``scrapy``, which
    would load all of Scrapy into every worker (tens of MB each, for nothing).
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


@dataclass(frozen=True)
class Extraction:
    """What a worker made of one page."""

    article: Article
    """The article built from the page, after the pool's pipelines (``NEWSBOT_POOL_PIPELINES``)."""

    fingerprint: Fingerprint | None
    """The fingerprint of that article's body and headline, the one de-duplication compares
    (None unless the pool was asked for fingerprints)."""


def extract_in_worker(
    page: str | bytes,
    url: str,
    *,
    pipelines: tuple[str, ...] = (),
    fingerprints: bool = False,
    encoding: str = "utf-8",
    content_type: str | None = None,
    **facts: Any,
) -> Extraction:
    """:func:`newsbot.build.build_article` of one page, then the item pipelines ``pipelines``
    (:func:`pool_pipelines`) on the article, in order; with ``fingerprints`` its fingerprint.

    ``page`` may be the response's bytes, with Scrapy's ``response.encoding`` and the
    ``Content-Type``: decoded here (:func:`decode_page`), off the crawling process.
    """
    from newsbot.build import build_article  # here: the crawling process never loads extractors

    html = page if isinstance(page, str) else decode_page(page, content_type, encoding)
    article = build_article(html, url, **facts)
    for pipeline in pool_pipelines(pipelines):
        article = pipeline.process_item(article)
    if not fingerprints:
        return Extraction(article, None)
    return Extraction(article, fingerprint(article.articleBody or "", article.headline))


@functools.cache
def pool_pipelines(paths: tuple[str, ...]) -> list[Any]:
    """The item pipelines at ``paths`` (``module.Class``), as a worker runs them: built once per
    process, with no arguments (a worker has no crawler: no settings, no stats, no spider)."""
    pipelines = []
    for path in paths:
        module, _, name = path.rpartition(".")
        pipelines.append(getattr(importlib.import_module(module), name)())
    return pipelines


class Fingerprints:
    """The fingerprints the workers computed, by the text they are of, until de-duplication
    takes them (:meth:`take`).

    A cache, not a channel: :meth:`take` answers ``fingerprint(body, headline)`` whether a worker
    computed it or not (then it computes it), so nothing depends on it but the time it saves.
    Bounded: the fingerprint of an item that never reaches de-duplication (dropped before it)
    is forgotten after ``size`` more.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._known: OrderedDict[tuple[str, str | None], Fingerprint] = OrderedDict()

    def add(self, article: Article, fp: Fingerprint) -> None:
        """Keep ``fp``, the fingerprint of ``article``'s body and headline as they are now."""
        self._known[article.articleBody or "", article.headline] = fp
        while len(self._known) > self.size:
            self._known.popitem(last=False)

    def take(self, body: str, headline: str | None) -> Fingerprint:
        """``fingerprint(body, headline)``: the one a worker computed, else computed here."""
        fp = self._known.pop((body, headline), None)
        return fp if fp is not None else fingerprint(body, headline)


FINGERPRINTS = Fingerprints()
"""The crawling process's: :class:`ExtractionPool` adds, ``Deduplicate`` takes."""


class ExtractionPool:
    """Run :func:`extract_in_worker` in worker processes (or inline with 0 workers).

    ``pipelines``: the item pipelines workers run on each article (``NEWSBOT_POOL_PIPELINES``);
    with ``fingerprints``, workers also fingerprint its text, kept in :data:`FINGERPRINTS`.
    """

    def __init__(
        self,
        workers: int,
        max_in_flight: int | None = None,
        *,
        pipelines: Iterable[str] = (),
        fingerprints: bool = True,
    ) -> None:
        self.workers = workers
        self.pipelines = tuple(pipelines)
        self.fingerprints = fingerprints
        self._executor: ProcessPoolExecutor | None = None
        self._slots = asyncio.Semaphore(max_in_flight or max(2, workers * 4))

    @staticmethod
    def default_size() -> int:
        """One worker per core the process may use."""
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1

    async def build(self, page: str | bytes, url: str, **kwargs: Any) -> Article:
        """The article of one page, built in a worker process (:meth:`extract`); its
        fingerprint kept in :data:`FINGERPRINTS`."""
        extraction = await self.extract(page, url, **kwargs)
        if extraction.fingerprint is not None:
            FINGERPRINTS.add(extraction.article, extraction.fingerprint)
        return extraction.article

    async def extract(self, page: str | bytes, url: str, **kwargs: Any) -> Extraction:
        """What a worker process makes of one page (see :func:`extract_in_worker`)."""
        kwargs.update(pipelines=self.pipelines, fingerprints=self.fingerprints)
        if self.workers == 0:
            return extract_in_worker(page, url, **kwargs)
        if self._executor is None:  # on the first page: a re-crawl that finds none starts none
            self._executor = self._start()
        async with self._slots:
            future = self._executor.submit(extract_in_worker, page, url, **kwargs)
            return await asyncio.wrap_future(future)

    def _start(self) -> ProcessPoolExecutor:
        """The worker processes, started and warmed up (about a second)."""
        # forkserver, not fork: the crawling process has threads (reactor, DNS resolver).
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([PRELOAD])
        executor = ProcessPoolExecutor(
            self.workers, context, initializer=_start_worker, initargs=(os.getpid(),)
        )
        with _main_script_hidden():  # each submit starts a worker while none is idle
            for started in [executor.submit(_warm_up) for _ in range(self.workers)]:
                started.result()
        return executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
