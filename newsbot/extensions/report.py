"""The run report: per-source numbers at the end of every crawl, compared with earlier runs."""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot.console import ON_TERMINAL
from newsbot.exceptions import Duplicate
from newsbot.feedexport import feed_files, run_stem
from newsbot.partial import open_partial, publish
from newsbot.sources import Sources
from newsbot.tally import Flag, SourceTally, drift, format_table

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

DEFAULT_HISTORY = ".newsbot/runs.jsonl"
HISTORY_LINES = 500
"""Runs read back from the history file (the newest); older lines are never rewritten."""
TERMINAL_SOURCES = 25  # rows of the table logged at the end; the report file has them all


class RunReport:
    """Log the run report when the crawl ends and write it as ``<feed>.report.json`` beside
    the first local feed file; flag sources whose numbers fell off a cliff.

    Settings: ``RUN_REPORT_ENABLED`` (default True); ``RUN_REPORT_HISTORY``, a JSON Lines file
    with one line per finished run, the baseline of the drift flags (default ``runs.jsonl``
    beside the SQLite state file, else ``.newsbot/runs.jsonl``; empty keeps no history).
    :attr:`flags` holds the flags after the crawl, for the exit status.
    """

    def __init__(self, crawler: Crawler, history: Path | None) -> None:
        self.crawler = crawler
        self.history = history
        self.tallies: dict[str, SourceTally] = defaultdict(SourceTally)
        self.started = datetime.now(UTC)
        self.feeds: list[Path] = []
        self.flags: list[Flag] = []
        self.report: dict[str, Any] | None = None
        self.path: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("RUN_REPORT_ENABLED", True):
            raise NotConfigured
        history = crawler.settings.get("RUN_REPORT_HISTORY")
        if history is None:
            history = default_history(crawler.settings.get("NEWSBOT_STATE", ""))
        report = cls(crawler, Path(history) if history else None)
        for handler, signal in (
            (report.spider_opened, signals.spider_opened),
            (report.request_left_downloader, signals.request_left_downloader),
            (report.response_received, signals.response_received),
            (report.item_scraped, signals.item_scraped),
            (report.item_dropped, signals.item_dropped),
            (report.item_error, signals.item_error),
            (report.spider_error, signals.spider_error),
            (report.spider_closed, signals.spider_closed),
        ):
            crawler.signals.connect(handler, signal=signal)
        return report

    # -- counting ----------------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        self.started = datetime.now(UTC)
        for name in Sources.of(spider):
            _ = self.tallies[name]
        self.feeds = feed_files(self.crawler)

    def request_left_downloader(self, request: Request) -> None:
        if source := _source(request):
            self.tallies[source].requests += 1
            if request.meta.get("newsbot_kind") == "article":
                self.tallies[source].requested += 1
                if request.meta.get("newsbot_failures"):
                    self.tallies[source].retried += 1

    def response_received(self, response: Response, request: Request) -> None:
        source = _source(request)
        if not source:
            return
        if request.meta.get("newsbot_kind") == "article":
            self.tallies[source].fetched += 1
        if response.status >= 400:
            self.tallies[source].http_errors[response.status] += 1

    def item_scraped(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        self.tallies[adapter.get("source") or "?"].add_item(adapter)

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        tally = self.tallies[ItemAdapter(item).get("source") or "?"]
        reason = type(exception).__name__
        tally.dropped[reason] += 1
        if isinstance(exception, Duplicate):
            tally.duplicate_reasons.add(reason)

    def item_error(self, item: Any, failure: Failure) -> None:
        reason = f"error/{type(failure.value).__name__}"
        self.tallies[ItemAdapter(item).get("source") or "?"].dropped[reason] += 1

    def spider_error(self, failure: Failure, response: Response) -> None:
        if response.request is not None and (source := _source(response.request)):
            self.tallies[source].dropped[f"error/{type(failure.value).__name__}"] += 1

    # -- the report --------------------------------------------------------------------------

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        for key, value in stats.items():
            parts = key.split("/")
            if len(parts) == 5 and parts[:2] == ["newsbot", "source"] and parts[3] == "discovered":
                self.tallies[parts[2]].discovered[parts[4]] = value
            elif parts[:2] == ["newsbot", "source"] and parts[3:] == ["not_modified"]:
                self.tallies[parts[2]].not_modified = value
            elif parts[:2] == ["newsbot", "fields"] and parts[3:] == ["page_error"]:
                self.tallies[parts[2]].missed["page object failed"] = value
            elif len(parts) == 5 and parts[:2] == ["newsbot", "fields"] and parts[4] == "missed":
                self.tallies[parts[2]].missed[parts[3]] = value
        rows = [self.tallies[name].row(name) for name in sorted(self.tallies)]
        # Only a whole crawl is compared with earlier ones (and remembered): a crawl cut short
        # by a shutdown or a CLOSESPIDER_* limit says little about its sources.
        whole = reason == "finished"
        previous = read_history(self.history) if self.history and whole else []
        self.flags = [
            flag for row in rows for flag in drift(row, _rows_of(row["source"], previous))
        ]
        finished = datetime.now(UTC)
        self.report = {
            "run": run_stem(self.feeds[0]).name if self.feeds else None,
            "feeds": [str(p) for p in self.feeds],
            "started": self.started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
            "finish_reason": reason,
            "sources": rows,
            "flags": [
                {"source": f.source, "kind": f.kind, "message": f.message, "alert": f.alert}
                for f in self.flags
            ],
        }
        if self.feeds:
            stem = run_stem(self.feeds[0])
            path = stem.with_name(f"{stem.name}.report.json")
            try:
                write_atomically(path, json.dumps(self.report, ensure_ascii=False, indent=1))
                self.path = path
            except OSError as exc:  # the feed's folder: its failure is reported with the feed
                logger.warning("Run report not written to %(path)s: %(error)s",
                               {"path": path, "error": exc})  # fmt: skip
        logger.info(
            "Run report%(where)s:\n%(table)s",
            {
                "where": f" ({self.path})" if self.path else "",
                "table": format_table(rows, limit=TERMINAL_SOURCES),
            },
            extra=ON_TERMINAL,
        )
        for flag in self.flags:
            log = logger.error if flag.alert else logger.warning
            log(
                "Source %(source)s: %(message)s",
                {"source": flag.source, "message": flag.message},
                extra=ON_TERMINAL,
            )
        if self.history and whole:
            append_history(self.history, self.report)


def default_history(state_url: str) -> str:
    """``runs.jsonl`` in the directory of the SQLite state, else in ``.newsbot/``."""
    scheme, sep, rest = state_url.partition(":///")
    if scheme == "sqlite" and sep and rest:
        return str(Path(rest).parent / "runs.jsonl")
    return DEFAULT_HISTORY


def _rows_of(source: str, runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [run["sources"][source] for run in runs if source in run["sources"]]


def _source(request: Request) -> str | None:
    source = request.cb_kwargs.get("source")
    return source if isinstance(source, str) else None


def read_history(path: Path) -> list[dict[str, Any]]:
    """Finished runs, oldest first, as ``{"run", "finished", "sources": {name: row}}``.

    A half-written last line (a crawl killed while appending) is skipped.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()[-HISTORY_LINES:]
    except FileNotFoundError:
        return []
    runs = []
    for line in lines:
        try:
            run = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(run, dict) and isinstance(run.get("sources"), dict):
            runs.append(run)
    return runs


def append_history(path: Path, report: dict[str, Any]) -> None:
    """Add one finished run to the history file, in one ``write`` of one line."""
    sources = {
        row["source"]: {k: v for k, v in row.items() if k != "days"} for row in report["sources"]
    }
    line = {"run": report["run"], "finished": report["finished"], "sources": sources}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
    finally:
        os.close(fd)


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` under a temporary name, then rename it: readers see it whole or not at all."""
    file = open_partial(path)
    file.write((text + "\n").encode("utf-8"))
    publish(file, path)
