"""One article page in, the article's fields out."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsbot.extract.authors import find_authors
from newsbot.extract.body import extract_body
from newsbot.extract.dates import find_dates
from newsbot.extract.embedded import embedded_page
from newsbot.extract.headline import find_headline
from newsbot.extract.html import meta_content, parse_html
from newsbot.extract.language import find_language
from newsbot.extract.pagetype import LISTING, access, is_listing
from newsbot.extract.structured import article_body, as_list, as_text, jsonld_article


def extract_article(html: str | bytes, url: str) -> dict[str, Any]:
    """Extract the article fields of one page.

    Returns the item fields the page itself determines (headline, body, authors, raw
    dates, language, ...); crawl facts such as ``source`` are the caller's.
    """
    tree = parse_html(html)
    if tree is None:
        return {"headline": None, "articleBody": None}
    meta = meta_content(tree)
    ld = jsonld_article(tree)
    names = site_names(meta, ld, url)
    candidates = [as_text(ld.get("headline")), meta.get("og:title"), tree.findtext(".//title")]
    title = find_headline(tree, [*candidates, meta.get("twitter:title")], names)
    description = (
        as_text(ld.get("description")) or meta.get("og:description") or meta.get("description")
    )
    names_of_authors = find_authors(tree, meta, ld, names)
    body = extract_body(tree, url, title, description, names_of_authors)
    if body is None and (embedded := embedded_page(tree)) is not None:  # client-rendered
        body = extract_body(embedded, url, title, description, names_of_authors)
    if body is None:
        body = article_body(ld)
    dates = find_dates(tree, url, meta, ld)
    words = len(re.findall(r"\w+", body)) if body else None
    status = access(tree, ld, body)
    dated = dates.get("datePublishedSource") not in (None, "url")
    if status["accessStatus"] == "full" and is_listing(tree, url, meta, ld, words or 0, dated):
        status = {"isAccessibleForFree": None, "accessStatus": LISTING}
    return {
        "canonicalUrl": canonical_link(tree, meta, url),
        "headline": title,
        "description": description,
        "articleBody": body,
        "authors": [{"name": n} for n in names_of_authors],
        **dates,
        "inLanguage": find_language(
            [as_text(ld.get("inLanguage")), tree.get("lang"), meta.get("og:locale")], body
        ),
        "articleSection": as_list(ld.get("articleSection")) or as_list(meta.get("article:section")),
        "keywords": as_list(ld.get("keywords")) or as_list(meta.get("keywords")),
        "mainImage": image(meta, ld, url),
        "wordCount": words,
        **status,
    }


def canonical_link(tree: Any, meta: dict[str, str], url: str) -> str | None:
    """The page's rel=canonical (or og:url) as an absolute URL, unvalidated."""
    for link in tree.iterfind(".//link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(url, str(link.get("href")).strip())
    if meta.get("og:url"):
        return urljoin(url, meta["og:url"])
    return None


def site_names(meta: dict[str, str], ld: dict[str, Any], url: str) -> list[str]:
    """Names a title may carry besides the headline: the site's, its domain, the section."""
    names = [meta.get("og:site_name"), meta.get("application-name"), as_text(ld.get("publisher"))]
    names += as_list(ld.get("articleSection")) + as_list(meta.get("article:section"))
    host = urlsplit(url).hostname or ""
    labels = [p for p in host.split(".") if p not in {"www", "m", "amp"}]
    if len(labels) >= 2:
        names.append(labels[-2] if len(labels[-2]) > 3 or len(labels) < 3 else labels[-3])
        names.append(".".join(labels[-2:]))
    return [n for n in names if n]


def image(meta: dict[str, str], ld: dict[str, Any], url: str) -> dict[str, str] | None:
    """The lead image from JSON-LD or og:image."""
    src = as_text(ld.get("image")) or meta.get("og:image")
    return {"url": urljoin(url, src)} if src else None
