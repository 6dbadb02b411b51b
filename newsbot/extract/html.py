"""Parse a page once; every extractor shares the tree."""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
from lxml.html import HtmlElement

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)


def parse_html(html: str | bytes) -> HtmlElement | None:
    """Parse ``html`` into an lxml tree, or return None when there is nothing to parse."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    html = html.lstrip("\ufeff")
    if not html.strip():
        return None
    # lxml refuses str input that carries an XML encoding declaration.
    if html.startswith("<?xml"):
        html = html[html.find("?>") + 2 :]
    try:
        return lxml.html.document_fromstring(html, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None


def meta_pairs(tree: HtmlElement) -> Iterator[tuple[str, str]]:
    """The page's ``<meta>`` tags as (lower-cased name or property, content), in page order."""
    for meta in tree.iterfind(".//meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            yield key.strip().lower(), content.strip()


def meta_content(tree: HtmlElement) -> dict[str, str]:
    """The page's ``<meta>`` tags as {lower-cased name or property: content}; first one wins."""
    found: dict[str, str] = {}
    for key, content in meta_pairs(tree):
        found.setdefault(key, content)
    return found


def within(element: HtmlElement | None, tag: str, levels: int) -> bool:
    """Whether ``element`` or one of its ``levels - 1`` nearest ancestors is a ``tag``."""
    node = element
    for _ in range(levels):
        if node is None:
            return False
        if node.tag == tag:
            return True
        node = node.getparent()
    return False
