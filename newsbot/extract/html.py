"""Parse a page once; every extractor shares the tree."""

from __future__ import annotations

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


def meta_content(tree: HtmlElement) -> dict[str, str]:
    """The page's ``<meta>`` tags as {lower-cased name or property: content}; first one wins."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found
