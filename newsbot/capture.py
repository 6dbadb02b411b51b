"""Raw capture: the HTML of every exported article, kept so a later extractor can redo the run.

One gzip JSON Lines file per run beside the feed, ``<feed stem>.capture.gz`` (not ``.jsonl.gz``:
a glob for feed files never picks it up), published atomically like the feed. Its first line
is a header with the crawl's sources file; each other line is one page as the spider parsed
it. ``newsbot reextract`` reads it back (:func:`read_capture`).
"""

from __future__ import annotations

import gzip
import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import TextResponse

from newsbot.extract.encoding import decode_page
from newsbot.feeds import feed_files, run_stem
from newsbot.partial import discard, open_partial, partial_path, publish
from newsbot.spiders.articles import content_type

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import Settings

    from newsbot.items import Article

logger = logging.getLogger(__name__)

CAPTURE_SUFFIX = ".capture.gz"
FORMAT = "newsbot-capture/1"
DEFAULT_SKIP_PIPELINES = ("newsbot.pipelines.dedupe.Deduplicate",)
KEPT_FIELDS = ("storyId", "duplicateOf", "version", "changeType", "contentHash")
"""Item fields the dedupe pipeline set from the crawl's state: a re-extraction keeps the
decisions and computes ``contentHash`` again for the new body (when the crawl had one)."""


@dataclass
class CapturedPage:
    """One exported article's page, and the crawl facts its item was built with."""

    url: str
    html: str
    source: str
    downloaded: str
    spider: str
    discovery: dict[str, Any]
    kept: dict[str, Any]
    """:data:`KEPT_FIELDS` of the exported item."""


class RawCapture:
    """Keep the HTML of exported articles in ``<feed stem>.capture.gz``.

    Settings: ``CAPTURE_ENABLED`` (default False), ``CAPTURE_GZIP_LEVEL`` (default 6).
    Needs a local feed file to sit beside; without one it logs a warning and keeps nothing.
    """

    def __init__(self, crawler: Crawler, level: int) -> None:
        self.crawler = crawler
        self.level = level
        self.path: Path | None = None
        self.temp: Path | None = None
        self.raw: IO[bytes] | None = None
        self.file: gzip.GzipFile | None = None
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("CAPTURE_ENABLED"):
            raise NotConfigured
        capture = cls(crawler, crawler.settings.getint("CAPTURE_GZIP_LEVEL", 6))
        crawler.signals.connect(capture.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(capture.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(capture.spider_closed, signal=signals.spider_closed)
        return capture

    def spider_opened(self, spider: Spider) -> None:
        feeds = feed_files(self.crawler)
        if not feeds:
            logger.warning("CAPTURE_ENABLED but no local feed file to keep the pages beside")
            return
        stem = run_stem(feeds[0])
        self.path = stem.with_name(stem.name + CAPTURE_SUFFIX)
        self.temp = partial_path(self.path)
        self.raw = open_partial(self.path)
        self.file = gzip.GzipFile(fileobj=self.raw, mode="wb", compresslevel=self.level, mtime=0)
        sources_path = getattr(spider, "sources_path", None) or self.crawler.settings.get(
            "NEWSBOT_SOURCES", "sources.toml"
        )
        header = {"format": FORMAT, "sources": Path(sources_path).read_text(encoding="utf-8")}
        self._write(header)

    def item_scraped(self, item: Any, response: Response) -> None:
        if self.file is None or not isinstance(response, TextResponse):
            return
        adapter = ItemAdapter(item)
        metadata = adapter.get("metadata") or {}
        self._write(
            {
                "url": response.url,
                "html": decode_page(response.body, content_type(response), response.encoding),
                "source": adapter.get("source"),
                "downloaded": metadata.get("dateDownloaded"),
                "spider": metadata.get("spider"),
                "discovery": adapter.get("discovery") or {},
                "kept": {name: adapter.get(name) for name in KEPT_FIELDS if name in adapter},
            }
        )
        self.count += 1

    def spider_closed(self) -> None:
        if self.file is None or self.raw is None or self.temp is None or self.path is None:
            return
        self.file.close()
        if self.count:
            publish(self.raw, self.path)
            logger.info(
                "Kept %(count)d article pages in %(path)s", {"count": self.count, "path": self.path}
            )
        else:
            discard(self.raw, self.path)

    def _write(self, record: dict[str, Any]) -> None:
        assert self.file is not None
        self.file.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")


def read_capture(path: Path) -> tuple[str, Iterator[CapturedPage]]:
    """The sources file text of a capture, and its pages in crawl order.

    A file that is not a capture raises ``OSError`` (not gzip), ``EOFError`` (cut short) or
    ``ValueError`` (anything else), here or while its pages are read.
    """
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        header = json.loads(stream.readline() or "{}")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError(f"{path} is not a newsbot capture (no {FORMAT!r} header)")
    if not isinstance(header.get("sources"), str):
        raise ValueError(f"{path} has no sources file in its header")
    return header["sources"], _pages(path)


def _pages(path: Path) -> Iterator[CapturedPage]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        stream.readline()
        for number, line in enumerate(stream, 2):
            if line.strip():
                try:
                    page = CapturedPage(**json.loads(line))
                except TypeError as exc:  # not an object, or other keys
                    raise ValueError(f"line {number} is not a captured page: {exc}") from None
                yield page


class Reextractor:
    """Rebuild items from captured pages with the current extractor, no network.

    Pages go through :func:`newsbot.article.build_article` and the project's
    ``ITEM_PIPELINES`` in order, as in the crawl, except those that need the crawl's state
    (``REEXTRACT_SKIP_PIPELINES``, default the dedupe pipeline); the fields that pipeline set
    are kept from the crawl (:data:`KEPT_FIELDS`), ``contentHash`` is computed again. The
    spider sees the capture's own sources file, so time zones and site checks are the crawl's.
    """

    def __init__(self, sources_toml: str, settings: Settings) -> None:
        from scrapy.crawler import Crawler
        from scrapy.statscollectors import MemoryStatsCollector
        from scrapy.utils.misc import build_from_crawler, load_object

        from newsbot.spiders.articles import ArticlesSpider

        with tempfile.TemporaryDirectory(prefix="newsbot-reextract-") as tmp:
            sources = Path(tmp) / "sources.toml"
            sources.write_text(sources_toml, encoding="utf-8")
            crawler = Crawler(ArticlesSpider, settings)
            crawler.stats = MemoryStatsCollector(crawler)  # pipelines count what they reject
            self.spider = ArticlesSpider.from_crawler(crawler, sources=str(sources))
        crawler.spider = self.spider
        skip = set(settings.getlist("REEXTRACT_SKIP_PIPELINES", list(DEFAULT_SKIP_PIPELINES)))
        order = settings.getwithbase("ITEM_PIPELINES")
        self.pipelines = [
            build_from_crawler(load_object(path), crawler)
            for path, _ in sorted(order.items(), key=lambda kv: kv[1])
            if path not in skip and order[path] is not None
        ]
        for pipeline in self.pipelines:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()

    def rebuild(self, page: CapturedPage) -> Article:
        """The item the current code makes of ``page``; raises ``DropItem`` like the crawl."""
        from newsbot.article import build_article

        item = build_article(
            page.html,
            page.url,
            source=page.source,
            downloaded=page.downloaded,
            spider=page.spider,
            discovery=page.discovery,
            same_site=self.spider._same_site(page.source),
            selectors=dict(self.spider.sources[page.source].fields),
            page_object=self.spider.sources[page.source].page,
        )
        for pipeline in self.pipelines:
            item = pipeline.process_item(item)
        for name, value in page.kept.items():
            setattr(item, name, value)
        if page.kept.get("contentHash"):
            from newsbot.dedupe import fingerprint

            # As newsbot.pipelines.dedupe.Deduplicate sets it.
            content_hash = fingerprint(item.articleBody or "", item.headline).content_hash
            item.contentHash = format(content_hash & 0xFFFFFFFFFFFFFFFF, "016x")
        return item
