"""Stories once, across runs: drop (or tag) what the state says was already exported.

Runs last, so an item dropped for another reason never marks its story as seen.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured

from newsbot.exceptions import DuplicateContent, DuplicateUrl, NearDuplicate, UnchangedStory
from newsbot.pool import FINGERPRINTS
from newsbot.similarity import compare, find_copy
from newsbot.similarity.lookup import doc_text, text_of
from newsbot.similarity.match import is_update
from newsbot.sources import Sources
from newsbot.state import Doc, Entry, Status
from newsbot.state.extension import CrawlState
from newsbot.urls import article_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from newsbot.items import Article
    from newsbot.similarity import Copy, Fingerprint
    from newsbot.state import State, UrlRecord

MODES = ("drop", "tag")

UNCHANGED_JACCARD = 0.95
"""A rechecked body whose shingle sketch shares this much with the stored one has not
materially changed: a corrected typo or a new share button is not a new version."""


class Deduplicate:
    """Set ``contentHash``, ``storyId``, ``duplicateOf``, ``version``, ``changeType``; drop
    (``NEWSBOT_DUPLICATES = "drop"``, the default) or tag (``"tag"``) duplicates.

    What it learns is pending in the state until the feed file is published
    (:class:`newsbot.state.extension.CrawlState`, which must be enabled).
    """

    def __init__(
        self,
        state: State,
        mode: str = "drop",
        recheck_hours: dict[str, float] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"NEWSBOT_DUPLICATES={mode!r}; expected one of {MODES}")
        self.state = state
        self.mode = mode
        self.recheck_hours = recheck_hours or {}
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = crawler.get_extension(CrawlState)
        if ext is None:
            raise NotConfigured(
                "no state: NEWSBOT_STATE is empty, or the extension "
                "newsbot.state.extension.CrawlState is not in EXTENSIONS"
            )
        mode = crawler.settings.get("NEWSBOT_DUPLICATES", "drop")
        return cls(ext.state, mode, crawler=crawler)

    def open_spider(self) -> None:
        if self.crawler is not None:
            sources = Sources.of(self.crawler.spider)
            self.recheck_hours = {
                name: s.recheck_hours for name, s in sources.items() if s.recheck_hours
            }

    def process_item(self, item: Article) -> Article:
        now = int(time.time())
        keys = tuple(dict.fromkeys(article_id(u) for u in (item.canonicalUrl, item.url) if u))
        # Most often computed in an extraction worker already: off the crawling process.
        fp = FINGERPRINTS.take(item.articleBody or "", item.headline)
        item.contentHash = fp.content_hex
        published = _timestamp(item.datePublished)
        article = item.articleId or keys[0]
        records = self.state.records(keys)
        seen = [r for r in records.values() if r.status != Status.FAILED]
        if seen:
            return self._recheck(item, keys, seen[0], fp, published, now)
        copy = find_copy(self.state, fp, published)
        if copy is None:
            doc = _doc(article, article, 1, fp, published, now)
            if not self.state.add(Entry(keys, Status.EXPORTED, now, doc, fp.bands)):
                raise DuplicateUrl(f"Already exported: {item.url}", log_level="DEBUG")
            item.storyId, item.duplicateOf, item.version, item.changeType = article, None, 1, "new"
            return item
        item.storyId, item.duplicateOf = copy.doc.story, copy.doc.article
        if _updates(copy, published):
            # Another outlet's (or the wire's) new version of the story: exported in both
            # modes, one version more than the article it updates.
            doc = _doc(article, copy.doc.story, copy.doc.version + 1, fp, published, now)
            if not self.state.add(Entry(keys, Status.EXPORTED, now, doc, fp.bands)):
                raise DuplicateUrl(f"Already exported: {item.url}", log_level="DEBUG")
            item.version, item.changeType = doc.version, "updated"
            return item
        # Kept too, so that a later article is judged against every text of the story.
        doc = _doc(article, copy.doc.story, copy.doc.version, fp, published, now)
        self.state.add(Entry(keys, Status.DUPLICATE, now, doc, fp.bands))
        item.version, item.changeType = 1, "new"
        if self.mode == "drop":
            if copy.signals is None:
                raise DuplicateContent(
                    f"{item.url} has the text of {copy.doc.article}", log_level="DEBUG"
                )
            raise NearDuplicate(
                f"{item.url} copies {copy.doc.article} "
                f"(containment {copy.signals.containment:.2f})",
                log_level="DEBUG",
            )
        return item

    def _recheck(
        self,
        item: Article,
        keys: tuple[str, ...],
        record: UrlRecord,
        fp: Fingerprint,
        published: int | None,
        now: int,
    ) -> Article:
        """A URL the state has: a new version if due for a recheck and materially changed."""
        hours = self.recheck_hours.get(item.source)
        previous = self.state.doc(record.doc) if record.doc else None
        due = hours is not None and now - record.seen_at >= hours * 3600
        if not due or previous is None or record.status != Status.EXPORTED:
            raise DuplicateUrl(f"Already exported: {item.url}", log_level="DEBUG")
        if previous.content_hash == fp.content_hash or _unchanged(fp, published, previous):
            raise UnchangedStory(f"{item.url} has not changed", log_level="DEBUG")
        doc = _doc(previous.article, previous.story, previous.version + 1, fp, published, now)
        if not self.state.add(Entry(keys, Status.EXPORTED, now, doc, fp.bands), update=True):
            raise DuplicateUrl(f"Already exported: {item.url}", log_level="DEBUG")
        item.storyId, item.duplicateOf = previous.story, None
        item.version, item.changeType = doc.version, "updated"
        return item


def _updates(copy: Copy, published: int | None) -> bool:
    """``copy`` is a newer text of its story that brings news (:func:`is_update`)."""
    if copy.signals is None or not is_update(copy.signals):
        return False
    return published is None or copy.doc.published is None or published >= copy.doc.published


def _unchanged(fp: Fingerprint, published: int | None, previous: Doc) -> bool:
    signals = compare(text_of(fp, published), doc_text(previous))
    return signals.jaccard >= UNCHANGED_JACCARD


def _doc(
    article: str, story: str, version: int, fp: Fingerprint, published: int | None, now: int
) -> Doc:
    return Doc(
        article=article,
        story=story,
        version=version,
        content_hash=fp.content_hash,
        size=fp.size,
        numbers=fp.slots,
        published=published,
        seen_at=now,
        signature=fp.sketch,
        lede=fp.lede,
        headline=fp.headline,
    )


def _timestamp(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return int(moment.timestamp()) if moment.tzinfo else None
