"""Extraction off the reactor thread: a pool of worker processes, one per core.

Scrapy's reactor runs on one core; extraction is most of a crawl's CPU. The spider hands each
page to this pool and awaits the article, so downloading and extraction overlap and both cores
work. In-flight pages are bounded, so memory stays flat and back-pressure reaches the
downloader through Scrapy's scraper slot.

A worker also cleans the article's text and computes its fingerprint (what de-duplication
compares): the largest per-item costs left in the crawling process otherwise
(``benchmarks/crawl.py``, issue 9).

The workers end with the crawl however it ends: each watches the crawling process and exits
when it is gone, and the fork server and multiprocessing's resource tracker exit once no
process of the pool is left (issue 13: a SIGKILLed crawl left ~430 MB of them running).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import select
import sys
import threading
import time
import types
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from newsbot.extract.encoding import decode_page
from newsbot.items import Article
from newsbot.pipelines.clean import CleanText, mark_cleaned
from newsbot.similarity.sketch import Fingerprint, fingerprint

_FINGERPRINT = "_newsbot_fingerprint"


PRELOAD = "newsbot.warm"
"""Imported by the fork server before it forks the workers, which then share its memory."""


def _warm_up() -> None:
    """Load the extractors in a worker, if the fork server could not (a no-op if it did)."""
    import newsbot.warm  # noqa: F401


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


def build_in_worker(
    page: str | bytes,
    url: str,
    *,
    fingerprints: bool,
    encoding: str = "utf-8",
    content_type: str | None = None,
    **kwargs: Any,
) -> Article:
    """:func:`build_article`, its text cleaned (:class:`CleanText` then passes it by), and
    with ``fingerprints`` the fingerprint de-duplication will want attached.

    ``page`` may be the response's bytes, with Scrapy's ``response.encoding`` and the
    ``Content-Type``: decoded here (:func:`decode_page`), off the crawling process.
    """
    from newsbot.article import build_article  # here: the crawling process never loads it

    html = page if isinstance(page, str) else decode_page(page, content_type, encoding)
    article = mark_cleaned(CleanText().process_item(build_article(html, url, **kwargs)))
    if fingerprints:
        body, headline = article.articleBody or "", article.headline
        setattr(article, _FINGERPRINT, (body, headline, fingerprint(body, headline)))
    return article


def take_fingerprint(item: Any) -> Fingerprint | None:
    """The fingerprint a worker attached to ``item``, if its text has not changed since.

    Not a field: it is never exported, and an item from elsewhere simply has none.
    """
    attached = getattr(item, "__dict__", {}).pop(_FINGERPRINT, None)
    if attached is None:
        return None
    body, headline, fp = attached
    return fp if body == (item.articleBody or "") and headline == item.headline else None


class ExtractionPool:
    """Run :func:`build_in_worker` in worker processes (or inline with 0 workers).

    With ``fingerprints``, workers also fingerprint the text for
    :class:`newsbot.pipelines.dedupe.Deduplicate` (see :func:`take_fingerprint`).
    """

    def __init__(
        self, workers: int, max_in_flight: int | None = None, *, fingerprints: bool = True
    ) -> None:
        self.workers = workers
        self.fingerprints = fingerprints
        self._executor: ProcessPoolExecutor | None = None
        self._slots = asyncio.Semaphore(max_in_flight or max(2, workers * 4))

    @staticmethod
    def default_size() -> int:
        """One worker per core the process may use."""
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1

    async def build(self, page: str | bytes, url: str, **kwargs: Any) -> Article:
        """The article of one page (see :func:`build_in_worker`), built in a worker process."""
        if self.workers == 0:
            return build_in_worker(page, url, fingerprints=self.fingerprints, **kwargs)
        if self._executor is None:  # on the first page: a re-crawl that finds none starts none
            self._executor = self._start()
        async with self._slots:
            future = self._executor.submit(
                build_in_worker, page, url, fingerprints=self.fingerprints, **kwargs
            )
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
