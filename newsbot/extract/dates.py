"""Find the publication and modification dates a page states (raw strings, not parsed)."""

from __future__ import annotations

from typing import Any

from lxml.html import HtmlElement

from newsbot.extract.structured import as_text


def find_dates(
    tree: HtmlElement, url: str, meta: dict[str, str], ld: dict[str, Any]
) -> dict[str, str | None]:
    """Raw publication/modification dates and where each was found."""
    published, published_source = as_text(ld.get("datePublished")), "jsonld"
    if not published:
        published, published_source = meta.get("article:published_time"), "meta"
    modified, modified_source = as_text(ld.get("dateModified")), "jsonld"
    if not modified:
        modified, modified_source = meta.get("article:modified_time"), "meta"
    return {
        "datePublishedRaw": published,
        "datePublishedSource": published_source if published else None,
        "dateModifiedRaw": modified,
        "dateModifiedSource": modified_source if modified else None,
    }
