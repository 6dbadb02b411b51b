"""``scrapy crawl``, with the sources file checked first and exit statuses cron can act on.

0: the crawl finished and every source that used to produce articles produced some.
1: the crawl failed or ended early (an unexpected error, a shutdown signal).
2: bad configuration: the sources file, an unknown source.
3: another crawl holds the state (a cron run that overlaps the previous one).
4: the state or Redis cannot be used (server down, corrupted or foreign state file).
5: the crawl finished, but a source that produced articles before produced none.
6: a feed could not be written (nothing was marked as seen: the next run exports it all).
7: every entry point of a source failed (dead host, DNS, a 404/5xx feed or sitemap).

The reason goes to stderr, one line each, prefixed ``newsbot:``.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newsbot import console
from newsbot.distributed import shown_url
from newsbot.exceptions import StateError, StateLocked
from newsbot.extensions.publish import FEED_UNWRITABLE, FeedPublication
from newsbot.extensions.report import RunReport
from newsbot.logs import shorten_scrapy_errors
from newsbot.sources import Sources, SourcesError, load_sources

if TYPE_CHECKING:
    import argparse

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_UNAVAILABLE = 4
EXIT_NO_ARTICLES = 5
EXIT_FEED_UNWRITTEN = 6
EXIT_SOURCE_DOWN = 7

HEALTHY_ENDS = ("finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout")
"""Finish reasons of a crawl that did what it was asked: all, or up to a limit the user set.
Too many errors (``closespider_errorcount``), no items for too long, a shutdown signal: not."""


class Command(ScrapyCrawl):
    """Scrapy's crawl command; the exit status says how the run went (see the module doc).
    The terminal shows what :mod:`newsbot.console` selects, the log file everything."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-v", "--verbose", action="store_true", help="show the whole log on the terminal too"
        )
        parser.add_argument(
            "-q", "--quiet", action="store_true", help="print only failures (for cron)"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        try:
            console.prepare_log_file(self.settings)
        except console.LogFileError as exc:
            console.fail([str(exc)])
            sys.exit(EXIT_USAGE)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args != ["articles"]:
            super().run(args, opts)
            return
        assert self.settings is not None
        assert self.crawler_process is not None
        if not opts.quiet:
            console.show_on_terminal(self.settings, verbose=opts.verbose)
        if "warc" not in opts.spargs:  # with WARC files the sources file is optional
            path = opts.spargs.get("sources") or self.settings.get("NEWSBOT_SOURCES")
            try:
                sources = load_sources(path)
            except SourcesError as exc:
                self._fail(EXIT_USAGE, str(exc))
                return
            only = opts.spargs.get("source")
            if only and only not in {s.name for s in sources}:
                self._fail(EXIT_USAGE, f"{path}: no source named {only!r}")
                return
        shorten_scrapy_errors()
        crawler = self._create_crawler(args[0])
        errors: list[BaseException] = []
        _collect_errors(self.crawler_process.crawl(crawler, **opts.spargs), errors)
        self.crawler_process.start()
        self.exitcode, reasons = exit_status(crawler, errors)
        say_where(crawler)
        console.fail(reasons, self.settings)

    def _fail(self, code: int, reason: str) -> None:
        console.fail([reason], self.settings)
        self.exitcode = code


def exit_status(crawler: Crawler, errors: list[BaseException]) -> tuple[int, list[str]]:
    """The exit status of a finished crawl and the reasons for a non-zero one."""
    if errors:
        return _error_status(errors[0], crawler)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = stats.get("finish_reason")
    if reason == "redis_lost":  # newsbot.distributed.worker.Worker.lose
        url = crawler.settings.get("REDIS_URL")
        return EXIT_UNAVAILABLE, [
            f"Redis lost at {shown_url(url)}: the worker stopped without publishing its feed; "
            "its requests go back to the queue for the other workers or the next run"
        ]
    extensions = hasattr(crawler, "extensions")
    publication = crawler.get_extension(FeedPublication) if extensions else None
    if publication is not None and publication.failures:
        then = (
            "the crawl stopped before its first request"
            if reason == FEED_UNWRITABLE
            else "no article was marked as seen: the next run exports them again"
        )
        return EXIT_FEED_UNWRITTEN, [f"{failure}; {then}" for failure in publication.failures]
    if reason not in HEALTHY_ENDS:
        return EXIT_FAILED, [f"the crawl ended early ({reason or 'it did not start'})"]
    down = _dead_sources(crawler)
    report = crawler.get_extension(RunReport) if extensions else None
    alerts = [flag for flag in report.flags if flag.alert] if report else []
    where = f"; report: {report.path}" if report and report.path else ""
    lines = down + [f"source {f.source!r}: {f.message}{where}" for f in alerts]
    if down:
        return EXIT_SOURCE_DOWN, lines
    if alerts:
        return EXIT_NO_ARTICLES, lines
    return 0, []


def _dead_sources(crawler: Crawler) -> list[str]:
    """One line per source whose every entry point failed (see the spider's ``entry_failures``)."""
    failures = getattr(crawler.spider, "entry_failures", None) or {}
    sources = Sources.of(crawler.spider)
    lines = []
    for source, failed in failures.items():
        if failed and len(failed) == len(set(sources.entry_urls(source))):
            why = ", ".join(f"{url} ({reason})" for url, reason in failed.items())
            lines.append(f"source {source!r}: every entry point failed: {why}")
    return lines


def _error_status(error: BaseException, crawler: Crawler) -> tuple[int, list[str]]:
    # Scrapy may fail again while closing what half-opened: the cause is down the chain.
    for cause in _chain(error):
        if isinstance(cause, StateLocked):
            return EXIT_LOCKED, [str(cause)]
        if isinstance(cause, StateError):
            return EXIT_UNAVAILABLE, [str(cause)]
        if _is_redis_down(cause):
            url = crawler.settings.get("REDIS_URL") or crawler.settings.get("NEWSBOT_STATE")
            return EXIT_UNAVAILABLE, [f"Redis is unreachable at {shown_url(url)}: {cause}"]
        if isinstance(cause, (UsageError, SourcesError)):
            return EXIT_USAGE, [str(cause)]
    logger.error("The crawl failed", exc_info=error, extra=console.LOG_ONLY)
    return EXIT_FAILED, [f"the crawl failed: {type(error).__name__}: {error}"]


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _is_redis_down(error: BaseException) -> bool:
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return False
    return isinstance(error, (RedisConnectionError, RedisTimeoutError))


def _collect_errors(result: Any, errors: list[BaseException]) -> None:
    """Keep the exception a crawl ended with: ``result`` is a Deferred or an asyncio Task."""
    if hasattr(result, "addErrback"):

        def keep(failure: Any) -> None:
            errors.append(failure.value)

        result.addErrback(keep)
    else:

        def done(task: Any) -> None:
            if not task.cancelled() and task.exception() is not None:
                errors.append(task.exception())

        result.add_done_callback(done)


def where(crawler: Crawler) -> list[str]:
    """Lines saying where the crawl's feeds, report and log are."""
    lines = []
    try:
        publication = crawler.get_extension(FeedPublication)
        report = crawler.get_extension(RunReport)
    except RuntimeError:  # the crawl failed before its extensions were made
        publication = report = None
    try:
        stats = crawler.stats.get_stats() if crawler.stats else {}
    except RuntimeError:  # nor its stats (Scrapy raises until the crawl starts)
        stats = {}
    if publication is not None and publication.stored:
        count = stats.get("item_scraped_count", 0)
        lines += [f"feed: {uri} ({count} articles)" for uri in publication.stored]
    elif publication is not None and not publication.failures and stats.get("finish_reason"):
        lines.append("feed: none written (no new articles)")
    if report is not None and report.path is not None:
        lines.append(f"report: {report.path}")
    if (path := console.log_file(crawler.settings)) is not None:
        counts = [
            f"{n} {kind.lower()}{'s' if n != 1 else ''}"
            for kind in ("ERROR", "WARNING")
            if (n := stats.get(f"log_count/{kind}", 0))
        ]
        lines.append(f"log: {path}" + (f" ({', '.join(counts)})" if counts else ""))
    return lines


def say_where(crawler: Crawler) -> None:
    """Log :func:`where` for the terminal (and the log file)."""
    for line in where(crawler):
        console.logger.info(line, extra=console.ON_TERMINAL)
