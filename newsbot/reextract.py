"""``newsbot reextract``: the items today's code makes of the pages a crawl captured
(:mod:`newsbot.capture`), offline."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from newsbot.build import build_article
from newsbot.pipelines.offline import OfflinePipelines
from newsbot.similarity import fingerprint
from newsbot.sources import Sources
from newsbot.urls import SameSite

if TYPE_CHECKING:
    from scrapy.settings import Settings

    from newsbot.capture import CapturedPage
    from newsbot.items import Article

DEFAULT_SKIP_PIPELINES = ("newsbot.pipelines.dedupe.Deduplicate",)


class Reextractor:
    """Rebuild items from captured pages with the current extractor, no network.

    Pages go through :func:`newsbot.build.build_article` and the project's pipelines where the
    crawl runs them (:class:`newsbot.pipelines.offline.OfflinePipelines`), except those that
    need the crawl's state (``REEXTRACT_SKIP_PIPELINES``, default the dedupe pipeline); the
    fields that pipeline set are kept from the crawl (:data:`newsbot.capture.KEPT_FIELDS`),
    ``contentHash`` is computed again. The pipelines see the capture's own sources file, so
    time zones and site checks are the crawl's.
    """

    def __init__(self, sources_toml: str | None, settings: Settings) -> None:
        skip = settings.getlist("REEXTRACT_SKIP_PIPELINES", list(DEFAULT_SKIP_PIPELINES))
        if sources_toml is None:
            # Another crawler's WARC has no sources file: each site is a source of its own.
            self.pipelines = OfflinePipelines(settings, skip=skip)
        else:
            with tempfile.TemporaryDirectory(prefix="newsbot-reextract-") as tmp:
                sources = Path(tmp) / "sources.toml"
                sources.write_text(sources_toml, encoding="utf-8")
                self.pipelines = OfflinePipelines(settings, sources=str(sources), skip=skip)
        self.spider = self.pipelines.spider

    def rebuild(self, page: CapturedPage) -> Article:
        """The item the current code makes of ``page``; raises ``DropItem`` like the crawl."""
        sources = Sources.of(self.spider)
        source = sources.get(page.source)
        item = build_article(
            page.html,
            page.url,
            source=page.source,
            downloaded=page.downloaded,
            spider=page.spider,
            discovery=page.discovery,
            same_site=SameSite(sources.sites(page.source)) if self.spider else None,
            selectors=dict(source.fields) if source else None,
            page_object=source.page if source else None,
        )
        item = self.pipelines.process(item)
        for name, value in page.kept.items():
            setattr(item, name, value)
        if page.kept.get("contentHash"):
            # As newsbot.pipelines.dedupe.Deduplicate sets it.
            item.contentHash = fingerprint(item.articleBody or "", item.headline).content_hex
        return item
