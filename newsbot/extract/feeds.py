"""RSS/Atom feeds and sitemaps (plain, index, Google News), parsed safely."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

# No entity expansion, no DTD, no network: feeds are untrusted input.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
)


@dataclass(frozen=True)
class Entry:
    """One article a feed or sitemap points to, with what the feed says about it."""

    url: str
    title: str | None = None
    date: str | None = None
    news: bool = True
    """Listed as news (a feed item, a Google News entry), not just as a page of the site."""


@dataclass(frozen=True)
class Parsed:
    """A parsed feed or sitemap: article entries and, for a sitemap index, child sitemaps."""

    kind: str  # "rss", "atom", "urlset", "sitemapindex" or "unknown"
    entries: list[Entry]
    sitemaps: list[str]


def parse_xml(body: bytes, base_url: str) -> Parsed:
    """Parse a feed or sitemap body; unknown or broken XML gives an empty result."""
    try:
        root = etree.fromstring(body.lstrip(), parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        return Parsed("unknown", [], [])
    kind = etree.QName(root).localname.lower()
    if kind == "rss" or kind == "rdf":
        return Parsed("rss", _rss(root, base_url), [])
    if kind == "feed":
        return Parsed("atom", _atom(root, base_url), [])
    if kind == "urlset":
        return Parsed("urlset", _urlset(root, base_url), [])
    if kind == "sitemapindex":
        locs = [_text(s, "loc") for s in _children(root, "sitemap")]
        return Parsed("sitemapindex", [], [urljoin(base_url, u) for u in locs if u])
    return Parsed("unknown", [], [])


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [
        c for c in element.iter() if isinstance(c.tag, str) and etree.QName(c).localname == name
    ]


def _text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            text = "".join(child.itertext()).strip()
            return text or None
    return None


def _rss(root: etree._Element, base_url: str) -> list[Entry]:
    entries = []
    for item in _children(root, "item"):
        link = _text(item, "link")
        if not link:
            guid = _text(item, "guid")
            link = guid if guid and guid.startswith("http") else None
        if link:
            date = _text(item, "pubDate") or _text(item, "date") or _text(item, "published")
            entries.append(Entry(urljoin(base_url, link), _text(item, "title"), date))
    return entries


def _atom(root: etree._Element, base_url: str) -> list[Entry]:
    entries = []
    for entry in _children(root, "entry"):
        href = None
        for link in entry:
            is_link = isinstance(link.tag, str) and etree.QName(link).localname == "link"
            if is_link and link.get("rel", "alternate") == "alternate" and link.get("href"):
                href = link.get("href")
                break
        if href:
            date = _text(entry, "published") or _text(entry, "updated")
            entries.append(Entry(urljoin(base_url, href), _text(entry, "title"), date))
    return entries


def _urlset(root: etree._Element, base_url: str) -> list[Entry]:
    entries = []
    for url in _children(root, "url"):
        loc = _text(url, "loc")
        if not loc:
            continue
        title = date = None
        news = _children(url, "news")  # Google News: <news:news>
        for element in news:
            title = _text(element, "title")
            date = _text(element, "publication_date")
        entries.append(
            Entry(urljoin(base_url, loc), title, date or _text(url, "lastmod"), bool(news))
        )
    return entries
