"""Validation: an item without a headline or a body, from a listing page, or from a page
standing in for an article (bot challenge, consent wall, soft 404), is not an article."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from newsbot.exceptions import (
    BotChallenge,
    ConsentWall,
    NoBody,
    NoHeadline,
    NotAnArticle,
    ShortBody,
    SoftNotFound,
)
from newsbot.items import Article

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


STAND_INS: dict[str, type[NotAnArticle]] = {
    "listing": NotAnArticle,
    "challenge": BotChallenge,
    "consent": ConsentWall,
    "not_found": SoftNotFound,
}


class RequireFields:
    """Drop stand-in pages and items that lack a headline or a body, with a named, counted
    reason.

    Setting: ``REQUIRE_FIELDS_MIN_WORDS`` (default 20), the shortest body kept.
    """

    def __init__(self, min_words: int = 20) -> None:
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getint("REQUIRE_FIELDS_MIN_WORDS", 20))

    def process_item(self, item: Article) -> Article:
        if stand_in := STAND_INS.get(item.accessStatus or ""):
            # A listing linked like an article is expected on news sites: not a warning.
            level = "INFO" if stand_in is NotAnArticle else None
            raise stand_in(f"{item.url} is a {item.accessStatus} page", log_level=level)
        if not item.headline:
            raise NoHeadline(f"{item.url} has no headline")
        if not item.articleBody:
            raise NoBody(f"{item.url} has no body text")
        if (item.wordCount or 0) < self.min_words:
            raise ShortBody(f"{item.url} has a body of {item.wordCount} words")
        return item
