"""Feed files published atomically: written under a temporary name, renamed when complete.

Also the feed layout (date partitions, gzip) and where a run's side files go: beside its feed.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any, Self
from urllib.parse import unquote, urlsplit

from scrapy import signals
from scrapy.extensions.feedexport import FeedExporter, FileFeedStorage

from newsbot.partial import discard, open_partial, partial_path, publish, sweep, tidy
from newsbot.state.extension import CrawlState

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings


logger = logging.getLogger(__name__)

GZIP_PLUGIN = "scrapy.extensions.postprocessing.GzipPlugin"
FEED_SUFFIXES = (".gz", ".jsonl", ".jl", ".json", ".csv", ".xml", ".parquet")
FORMAT_SUFFIXES = {"jsonlines": ".jsonl", "parquet": ".parquet", "csv": ".csv"}
"""``NEWSBOT_FEED_FORMAT`` values and the suffix each gives the default feed's files."""
PARTITIONS_OPTION = "newsbot_partitions"
"""Feed option: the folder under which the feed's day partitions (``YYYY/MM/DD``) are."""


def default_feeds(settings: BaseSettings) -> dict[str, dict[str, Any]]:
    """``NEWSBOT_DEFAULT_FEEDS`` laid out as the settings ask.

    ``NEWSBOT_FEED_PARTITION = "day"`` puts each file under ``<dir>/YYYY/MM/DD/`` (the run's
    UTC start day); ``NEWSBOT_FEED_FORMAT`` (``jsonlines``, ``parquet`` or ``csv``) sets the
    format and the file suffix; ``NEWSBOT_FEED_GZIP = True`` writes ``.jsonl.gz`` (gzip, level
    ``NEWSBOT_FEED_GZIP_LEVEL``, default 6), Parquet being compressed already.
    """
    partition = settings.get("NEWSBOT_FEED_PARTITION") or ""
    if partition not in ("", "day"):
        raise ValueError(f"NEWSBOT_FEED_PARTITION={partition!r}: use 'day' or leave it empty")
    feed_format = settings.get("NEWSBOT_FEED_FORMAT") or ""
    if feed_format and feed_format not in FORMAT_SUFFIXES:
        raise ValueError(
            f"NEWSBOT_FEED_FORMAT={feed_format!r}: use one of {', '.join(FORMAT_SUFFIXES)}"
        )
    feeds = {}
    for uri, options in settings.getdict("NEWSBOT_DEFAULT_FEEDS").items():
        options = dict(options)
        if feed_format:
            uri = _with_suffix(uri, FORMAT_SUFFIXES[feed_format])
            options["format"] = feed_format
        gzip = settings.getbool("NEWSBOT_FEED_GZIP") and options.get("format") != "parquet"
        if partition:
            head, sep, name = uri.rpartition("/")
            uri = f"{head}{sep}%(year)s/%(month)s/%(day)s/{name}"
            options.setdefault("uri_params", "newsbot.feedexport.uri_params")
            options.setdefault(PARTITIONS_OPTION, head or ".")
        if gzip:
            uri += ".gz"
            options["postprocessing"] = [*options.get("postprocessing", []), GZIP_PLUGIN]
            options.setdefault("gzip_compresslevel", settings.getint("NEWSBOT_FEED_GZIP_LEVEL", 6))
        feeds[uri] = options
    return feeds


def _with_suffix(uri: str, suffix: str) -> str:
    head, sep, name = uri.rpartition("/")
    return f"{head}{sep}{run_stem(Path(name)).name}{suffix}"


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Feed URI parameters ``year``, ``month``, ``day``: the UTC day of ``%(time)s``."""
    year, month, day = params["time"][:10].split("-")
    return {**params, "year": year, "month": month, "day": day}


def feed_files(crawler: Crawler) -> list[Path]:
    """The local files the crawl's feeds write to (after URI parameters), in ``FEEDS`` order.

    Known once the feed exporter has opened its slots (``spider_opened``).
    """
    exporter = crawler.get_extension(FeedExporter)
    paths = []
    if exporter is not None:
        for slot in exporter.slots:
            parts = urlsplit(slot.uri)
            if parts.scheme == "file":
                paths.append(Path(unquote(parts.path)))
            elif not parts.scheme or len(parts.scheme) == 1:  # a relative path or C:\
                paths.append(Path(slot.uri))
    return paths


def run_stem(feed: Path) -> Path:
    """The feed file's path without its format suffixes: ``a/articles-T.jsonl.gz`` ->
    ``a/articles-T``, to which a run's report (``.report.json``) and capture are added."""
    name = feed.name
    while (suffix := PurePosixPath(name).suffix) in FEED_SUFFIXES and suffix:
        name = name[: -len(suffix)]
    return feed.with_name(name)


class AtomicFileFeedStorage(FileFeedStorage):
    """A local feed file that readers see only whole: written in ``.partial/`` beside it
    (:mod:`newsbot.partial`) and renamed when the crawl ends.

    A crawl killed mid-way leaves a partial file behind and never a truncated feed; the next
    crawl writing to that folder removes it (with day partitions, in every day's folder). In
    append mode the existing file is copied into the partial one first. :attr:`published`
    says whether the file was renamed into place, :attr:`error` why not.
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.target = Path(self.path)
        self.temp_path = partial_path(self.target)
        partitions = (feed_options or {}).get(PARTITIONS_OPTION)
        self.partitions = Path(partitions) if partitions else None
        self.crawler: Crawler | None = None
        self.published = False
        self.error: str | None = None
        self._file: IO[bytes] | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        crawler.signals.connect(storage.engine_stopped, signal=signals.engine_stopped)
        return storage

    def check(self) -> str | None:
        """Why the file cannot be written, or ``None``: its folder is created and a file is
        tried in it, before the crawl downloads anything."""
        target = Path(self.path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            return f"its folder {target.parent} cannot be created: a file is in the way"
        except OSError as exc:
            return f"its folder {target.parent} cannot be created: {exc.strerror}"
        if target.is_dir():
            return f"{target} is a folder"
        try:
            with tempfile.TemporaryFile(dir=target.parent):
                pass
        except OSError as exc:
            return f"no file can be created in {target.parent}: {exc.strerror}"
        return None

    def open(self, spider: Spider) -> IO[bytes]:
        try:
            self._sweep()
            self._file = open_partial(self.target, append=self.write_mode == "ab")
        except OSError as exc:
            # Raising would fail every item with a traceback; the items go nowhere instead,
            # and store() publishes nothing.
            self.error = _describe(exc)
            return open(os.devnull, "wb")
        return self._file

    def store(self, file: IO[bytes]) -> None:
        if self.error is not None:
            file.close()
            return
        # The state commits the feed's articles in two steps around the rename, so that
        # it never says "seen" for an article that is not in a published feed file.
        state = self._crawl_state()
        if state is not None and not state.commits_with_feed():
            state = None
        try:
            file.flush()
            if state is not None:
                state.before_publish(self.temp_path)
            publish(file, self.target)
        except OSError as exc:
            self.error = _describe(exc)
            return
        self._file = None
        self.published = True
        if state is not None:
            state.after_publish(self.temp_path)

    def engine_stopped(self) -> None:
        """An unpublished file (no item to store, or storing failed) goes: nothing is left
        behind in ``.partial/``."""
        if self._file is not None:
            discard(self._file, self.target)
            self._file = None
        tidy(self.target)

    def _sweep(self) -> None:
        """Remove the partial files killed crawls left where this feed goes."""
        folders = [self.target.parent]
        if self.partitions is not None:
            folders += self.partitions.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]")
        state = self._crawl_state()
        removed = sweep(folders, keep=state.waits_for if state is not None else lambda p: False)
        if removed:
            logger.info(
                "Removed %(count)d unfinished feed file(s) of killed crawls from %(where)s",
                {"count": removed, "where": self.target.parent},
            )

    def _crawl_state(self) -> CrawlState | None:
        if self.crawler is None or not hasattr(self.crawler, "extensions"):
            return None
        return self.crawler.get_extension(CrawlState)


def _describe(error: OSError) -> str:
    """``Permission denied: /srv/feeds`` rather than ``[Errno 13] ...``."""
    what = error.strerror or type(error).__name__
    return f"{what}: {error.filename}" if error.filename else what
