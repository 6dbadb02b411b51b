"""Extraction: pure functions of (html, url). Nothing in this package knows about Scrapy."""

from newsbot.extract.article import extract_article

__all__ = ["extract_article"]
