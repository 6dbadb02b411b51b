"""The crawl's item pipelines outside a crawl, for the tools that rebuild items from saved pages
(``newsbot extract``, ``newsbot reextract``) and for the tests: one item comes out as the crawl
would make it of the same page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.spider import DefaultSpider

from newsbot.pool import pool_pipelines
from newsbot.spiders.articles import ArticlesSpider

if TYPE_CHECKING:
    from collections.abc import Collection

    from newsbot.items import Article

DECISIONS = ("newsbot.pipelines.validate.RequireFields", "newsbot.pipelines.dedupe.Deduplicate")
"""The pipelines that drop items rather than transform them (``newsbot extract`` skips them)."""


class OfflinePipelines:
    """The pipelines of ``settings`` (by default the shipped ones), where the crawl runs them, in
    order: the extraction pool's (``NEWSBOT_POOL_PIPELINES``, built with no arguments as a
    worker builds them), then ``ITEM_PIPELINES`` (built from a crawler of ``settings`` as the
    crawl builds them), except those in ``skip``. ``DropItem`` propagates, as in the crawl.

    ``sources``: the path of the crawl's sources file, if there is one; the pipelines see its
    sources as the crawl's (time zones, languages), through :attr:`spider`.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        sources: str | None = None,
        skip: Collection[str] = (),
    ) -> None:
        if settings is None:
            settings = Settings()
            settings.setmodule("newsbot.settings", priority="project")
        crawler = Crawler(ArticlesSpider, settings)
        crawler.stats = MemoryStatsCollector(crawler)  # pipelines count what they reject
        self.spider: ArticlesSpider | None = None
        if sources is not None:
            self.spider = ArticlesSpider.from_crawler(crawler, sources=sources)
        # Without a sources file each site is a source of its own, with no time zone.
        crawler.spider = self.spider or DefaultSpider()
        in_pool = [p for p in settings.getlist("NEWSBOT_POOL_PIPELINES") if p not in skip]
        order = settings.getwithbase("ITEM_PIPELINES")
        self.pipelines: list[Any] = [
            *pool_pipelines(tuple(in_pool)),
            *(
                build_from_crawler(load_object(path), crawler)
                for path, _ in sorted(order.items(), key=lambda kv: kv[1])
                if path not in skip and order[path] is not None
            ),
        ]
        for pipeline in self.pipelines:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()

    def process(self, article: Article) -> Article:
        """``article`` through every pipeline, in order."""
        for pipeline in self.pipelines:
            article = pipeline.process_item(article)
        return article
