"""The article item: one JSON object per line of the feed, every key always present."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

_TEXT: dict[str, Any] = {"type": ["null", "string"]}


def _schema(**extra: Any) -> dict[str, Any]:
    """Field metadata completing the field's JSON Schema (``newsbot.schema``) beyond what its
    type says: the keys of an object, the format of a date. The Parquet columns are derived
    from that schema (``newsbot.exporters``)."""
    return {"json_schema_extra": extra}


def _keys(**properties: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of an object with these keys."""
    return {"properties": properties}


@dataclass(kw_only=True)
class Article:
    """A news article. Field names follow schema.org / zyte-common-items ``Article``."""

    url: str
    """Final URL of the article page, after redirects."""

    canonicalUrl: str | None = None
    """The page's canonical URL (rel=canonical / og:url on the same site), normalised."""

    articleId: str | None = None
    """Stable id derived from ``canonicalUrl``."""

    source: str = ""
    """Name of the source in the sources file."""

    site: str | None = None
    """Registered domain of ``url`` (``example.co.uk``)."""

    headline: str | None = None
    """The article's title, without site-name tails."""

    description: str | None = None
    """The publisher's summary (meta description / JSON-LD description)."""

    articleBody: str | None = None
    """Body text: paragraphs in order, separated by a blank line; a data table is one
    paragraph, a row per line, its cells joined by " | "."""

    authors: list[dict[str, str]] = field(
        default_factory=list, metadata=_schema(items=_keys(name={"type": "string"}))
    )
    """Authors as ``{"name": ...}``, in page order."""

    datePublished: str | None = field(default=None, metadata=_schema(format="date-time"))
    """Publication time, ISO 8601 with seconds and the publisher's offset; set by a pipeline."""

    datePublishedRaw: str | None = None
    """Publication date exactly as the page (or the feed) states it."""

    datePublishedSource: str | None = None
    """Where ``datePublishedRaw`` was found: jsonld, meta, time, url, text, feed or sitemap;
    search: htmldate's day from the whole page, when nothing else named one; or override: the
    source's selector or page object in the sources file."""

    datePublishedTz: str | None = None
    """Where the offset of ``datePublished`` came from: page, source (the sources file) or none."""

    dateModified: str | None = field(default=None, metadata=_schema(format="date-time"))
    """Last modification time, ISO 8601 like ``datePublished``; set by a pipeline."""

    dateModifiedRaw: str | None = None
    """Modification date exactly as the page states it."""

    dateModifiedSource: str | None = None
    """Where ``dateModifiedRaw`` was found (as ``datePublishedSource``)."""

    inLanguage: str | None = None
    """ISO 639-1 language code."""

    articleSection: list[str] = field(default_factory=list)
    """Sections the publisher files the article under."""

    keywords: list[str] = field(default_factory=list)
    """The publisher's tags and keywords."""

    mainImage: dict[str, str] | None = field(
        default=None, metadata=_schema(**_keys(url={"type": "string"}))
    )
    """The lead image as ``{"url": ...}``."""

    wordCount: int | None = None
    """Number of words in ``articleBody``."""

    discovery: dict[str, Any] = field(
        default_factory=dict,
        metadata=_schema(**_keys(via=_TEXT, sourceUrl=_TEXT, sourceTitle=_TEXT, sourceDate=_TEXT)),
    )
    """How the article was found: ``via``, ``sourceUrl``, ``sourceTitle``, ``sourceDate``."""

    metadata: dict[str, Any] = field(
        default_factory=dict,
        metadata=_schema(
            **_keys(dateDownloaded={"type": "string", "format": "date-time"}, spider=_TEXT)
        ),
    )
    """Crawl facts: ``dateDownloaded`` (ISO 8601 UTC), ``spider``."""

    schemaVersion: int = SCHEMA_VERSION
    """Version of this item layout."""

    datePublishedPrecision: str | None = None
    """``day`` when the page named only a day (``datePublished`` is midnight), else ``time``."""

    dateModifiedTz: str | None = None
    """Where the offset of ``dateModified`` came from (as ``datePublishedTz``)."""

    dateModifiedPrecision: str | None = None
    """``day`` or ``time``, as ``datePublishedPrecision``."""

    contentHash: str | None = None
    """Hash (16 hex digits) of the normalised body: the same text has the same hash."""

    storyId: str | None = None
    """``articleId`` of the first article of this story; set by the dedupe pipeline."""

    duplicateOf: str | None = None
    """``articleId`` of the article this one copies (near-duplicate); ``None`` for the first."""

    version: int | None = None
    """1 on first capture; one more than the article it updates for a recheck whose body
    changed materially, or for another URL's update of the story (a figure changed, new text
    under a new lede)."""

    changeType: str | None = None
    """``new`` on first capture (and for a copy), ``updated`` for a new version of a story."""

    isAccessibleForFree: bool | None = None
    """As the page declares it in JSON-LD; False also when a paywall withheld part of the
    text; None when the page says nothing."""

    accessStatus: str | None = None
    """How much of the article the page gave: ``full``, or ``partial`` when a paywall withheld
    the rest (``articleBody`` is then the free part only)."""
