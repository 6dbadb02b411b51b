"""Extraction: pure functions of (html, url). Nothing in this package knows about Scrapy.

``extract_article`` is imported on first use: the crawling process needs only the light
modules here (encoding, links, feeds); the extractors load in the pool's workers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsbot.extract.article import extract_article

__all__ = ["extract_article"]


def __getattr__(name: str) -> Any:
    if name == "extract_article":
        from newsbot.extract.article import extract_article  # on use: the crawl never loads it

        return extract_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
