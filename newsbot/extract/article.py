"""One article page in, the article's fields out."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from newsbot.extract.body import extract_body
from newsbot.extract.dates import find_dates
from newsbot.extract.html import meta_content, parse_html
from newsbot.extract.structured import as_list, as_text, jsonld_article


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
    title = headline(tree, meta, ld)
    description = (
        as_text(ld.get("description")) or meta.get("og:description") or meta.get("description")
    )
    body = extract_body(tree, url, title, description)
    return {
        "canonicalUrl": canonical_link(tree, meta, url),
        "headline": title,
        "description": description,
        "articleBody": body,
        "authors": [{"name": n} for n in authors(meta, ld)],
        **find_dates(tree, url, meta, ld),
        "inLanguage": language(tree, meta, ld),
        "articleSection": as_list(ld.get("articleSection")) or as_list(meta.get("article:section")),
        "keywords": as_list(ld.get("keywords")) or as_list(meta.get("keywords")),
        "mainImage": image(meta, ld, url),
        "wordCount": len(re.findall(r"\w+", body)) if body else None,
    }


def canonical_link(tree: Any, meta: dict[str, str], url: str) -> str | None:
    """The page's rel=canonical (or og:url) as an absolute URL, unvalidated."""
    for link in tree.iterfind(".//link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(url, link.get("href").strip())
    if meta.get("og:url"):
        return urljoin(url, meta["og:url"])
    return None


def headline(tree: Any, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    """The headline: JSON-LD, then og:title, then the first <h1>, then <title>."""
    for candidate in (as_text(ld.get("headline")), meta.get("og:title")):
        if candidate:
            return candidate
    h1 = tree.find(".//h1")
    if h1 is not None and h1.text_content().strip():
        return " ".join(h1.text_content().split())
    title = tree.findtext(".//title")
    return " ".join(title.split()) if title and title.strip() else None


def authors(meta: dict[str, str], ld: dict[str, Any]) -> list[str]:
    """Author names from JSON-LD, else from the author meta tag."""
    names: list[str] = []
    value = ld.get("author")
    for entry in value if isinstance(value, list) else [value]:
        name = as_text(entry)
        if name and name not in names:
            names.append(name)
    if not names and meta.get("author"):
        names = [meta["author"]]
    return names


def language(tree: Any, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    """ISO 639-1 code from JSON-LD, <html lang> or og:locale."""
    raw = as_text(ld.get("inLanguage")) or tree.get("lang") or meta.get("og:locale")
    if not raw:
        return None
    code = re.split(r"[-_]", raw.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def image(meta: dict[str, str], ld: dict[str, Any], url: str) -> dict[str, str] | None:
    """The lead image from JSON-LD or og:image."""
    src = as_text(ld.get("image")) or meta.get("og:image")
    return {"url": urljoin(url, src)} if src else None
